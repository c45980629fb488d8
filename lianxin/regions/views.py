from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.accounts.permissions import scope_paths
from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.regions import access, services
from lianxin.regions.forms import RegionFilterForm, RegionForm
from lianxin.regions.models import Region

_INDENT = "\u3000"


def _scope_top_level(user) -> int:
    """The level of the highest region the user sees, so the tree starts flush left."""
    paths = set(scope_paths(user, access.VIEW))
    return min((m.region.level for m in user.active_memberships() if m.region.path in paths), default=1)


class RegionListView(ScopedListView):
    model = Region
    view_permission = access.VIEW
    path_field = "path"
    title = _("行政区划")
    search_fields = ["name", "code"]
    filter_form_class = RegionFilterForm
    filters = {"level": "level"}
    select_related = ("parent",)
    ordering = ("path",)
    detail_url_name = "regions:detail"
    create_url_name = "regions:create"
    create_permission = "regions.add_region"

    @property
    def columns(self):
        top = _scope_top_level(self.request.user)
        return [
            Column(_("名称"), lambda region: _INDENT * max(region.level - top, 0) + region.name),
            Column(_("区划代码"), "code"),
            Column(_("层级"), "get_level_display"),
            Column(_("上级"), "parent.name"),
            Column(_("下级数量"), "child_count"),
        ]

    def base_queryset(self):
        return Region.objects.annotate(child_count=Count("children"))


class RegionDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = "regions.change_region"
    template_name = "regions/detail.html"
    list_url_name = "regions:list"
    list_title = _("行政区划")
    edit_url_name = "regions:edit"

    def get_object(self, pk):
        return access.region_for(self.request.user, pk)

    def facts(self, region):
        return [
            (_("区划代码"), region.code),
            (_("层级"), region.get_level_display()),
            (_("上级"), region.parent.name if region.parent else ""),
            (_("全称"), region.full_name()),
        ]

    def extra_context(self, region):
        user = self.request.user
        can_add_child = region.level < Region.Level.GRID and user.has_perm("regions.add_region", region)
        return {
            "children": region.children.annotate(child_count=Count("children")).order_by("path"),
            "parent_url": (
                reverse("regions:detail", args=[region.parent_id])
                if region.parent_id and user.has_perm(access.VIEW, region.parent)
                else ""
            ),
            "add_child_url": f"{reverse('regions:create')}?parent={region.pk}" if can_add_child else "",
        }


class RegionCreateView(RecordFormView):
    permission_name = "regions.add_region"
    form_class = RegionForm
    title = _("新增行政区划")

    def get_form(self, obj):
        form = super().get_form(obj)
        if not form.is_bound:
            wanted = self.request.GET.get("parent", "")
            parents = form.fields["parent"].queryset
            parent = parents.filter(pk=wanted).first() if wanted.isdigit() else None
            if parent is not None:
                form.initial.update(parent=parent.pk, level=parent.level + 1)
        return form

    def save(self, form, actor, obj):
        return services.region_create(actor=actor, values=form.values())


class RegionEditView(RecordFormView):
    permission_name = "regions.change_region"
    form_class = RegionForm

    def get_object(self):
        return access.region_for(self.request.user, self.kwargs["pk"], action="regions.change_region")

    def get_title(self, obj):
        return _("编辑行政区划：%(name)s") % {"name": obj.name}

    def save(self, form, actor, obj):
        return services.region_update(actor=actor, region=obj, values=form.values())
