from functools import cached_property

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.forms_views import RecordFormView
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.congresses import access, services
from lianxin.congresses.forms import CongressForm, SessionForm, TermForm, term_part_form
from lianxin.congresses.models import Congress, Constituency, Delegation, DeputyGroup, Session, Term
from lianxin.congresses.numerals import chinese_number


def _current_term(congress: Congress) -> str:
    # Terms are prefetched, newest first.
    terms = list(congress.terms.all())
    return terms[0].short_name if terms else ""


class CongressListView(ScopedListView):
    model = Congress
    view_permission = access.VIEW
    title = _("人大与届次")
    columns = [
        Column(_("名称"), "name"),
        Column(_("行政区划"), "region.name"),
        Column(_("层级"), "region.get_level_display"),
        Column(_("本届"), _current_term),
        Column(_("届数"), lambda congress: len(congress.terms.all())),
    ]
    search_fields = ["name", "region__name"]
    select_related = ("region",)
    prefetch_related = (Prefetch("terms", queryset=Term.objects.order_by("-number")),)
    ordering = ("region__path",)
    detail_url_name = "congresses:detail"
    create_url_name = "congresses:create"
    create_permission = "congresses.add_congress"


# The parts of a term, in the order the page shows them: (model, URL segment, heading).
TERM_PARTS = (
    (Delegation, "delegations", _("代表团")),
    (DeputyGroup, "groups", _("代表小组")),
    (Constituency, "constituencies", _("选区")),
)


class CongressDetailView(RecordDetailView):
    view_permission = access.VIEW
    change_permission = access.CHANGE
    template_name = "congresses/detail.html"
    list_url_name = "congresses:list"
    list_title = _("人大与届次")
    edit_url_name = "congresses:edit"

    def get_object(self, pk):
        return access.congress_for(self.request.user, pk)

    def facts(self, congress):
        return [
            (_("行政区划"), congress.region.full_name()),
            (_("层级"), congress.region.get_level_display()),
        ]

    def extra_context(self, congress):
        parts = [
            Prefetch(f"{model._meta.model_name}_set", queryset=model.objects.select_related("region"))
            for model, _segment, _heading in TERM_PARTS
        ]
        terms = congress.terms.order_by("-number").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("number")),
            *parts,
        )
        can_change = self.request.user.has_perm(access.CHANGE, congress)
        return {
            "can_change": can_change,
            "add_term_url": reverse("congresses:term_create", args=[congress.pk]) if can_change else "",
            "terms": [
                {
                    "term": term,
                    "sessions": [
                        (session, _("第%(n)s次会议") % {"n": chinese_number(session.number)})
                        for session in term.sessions.all()
                    ],
                    "add_session_url": reverse("congresses:sessions_create", args=[term.pk]),
                    "parts": [
                        {
                            "heading": heading,
                            "segment": segment,
                            "items": getattr(term, f"{model._meta.model_name}_set").all(),
                            "add_url": reverse(f"congresses:{segment}_create", args=[term.pk]),
                            "edit_name": f"congresses:{segment}_edit",
                        }
                        for model, segment, heading in TERM_PARTS
                    ],
                }
                for term in terms
            ],
        }


class CongressCreateView(RecordFormView):
    permission_name = "congresses.add_congress"
    form_class = CongressForm
    title = _("新增人民代表大会")

    def save(self, form, actor, obj):
        return services.congress_create(actor=actor, values=form.values())


class CongressEditView(RecordFormView):
    permission_name = access.CHANGE
    form_class = CongressForm

    def get_object(self):
        return access.congress_for(self.request.user, self.kwargs["pk"], action=access.CHANGE)

    def get_title(self, obj):
        return _("编辑人民代表大会：%(name)s") % {"name": obj.region.name}

    def save(self, form, actor, obj):
        return services.congress_update(actor=actor, congress=obj, values=form.values())


class TermCreateView(RecordFormView):
    permission_name = access.CHANGE
    form_class = TermForm

    @cached_property
    def congress(self):
        return access.congress_for(self.request.user, self.kwargs["pk"], action=access.CHANGE)

    def get_form(self, obj):
        return TermForm(self.request.POST or None, user=self.request.user, congress=self.congress)

    def get_title(self, obj):
        return _("新增届次：%(congress)s") % {"congress": self.congress.name}

    def save(self, form, actor, obj):
        return services.term_create(actor=actor, congress=self.congress, values=form.values())


class TermEditView(RecordFormView):
    permission_name = access.CHANGE
    form_class = TermForm

    def get_object(self):
        return access.term_for(self.request.user, self.kwargs["pk"], action=access.CHANGE)

    def get_title(self, obj):
        return _("编辑届次：%(term)s") % {"term": obj.congress.name}

    def save(self, form, actor, obj):
        return services.term_update(actor=actor, term=obj, values=form.values())


class _InTermView(RecordFormView):
    """Creates something inside the term given in the URL."""

    permission_name = access.CHANGE

    @cached_property
    def term(self):
        return access.term_for(self.request.user, self.kwargs["pk"], action=access.CHANGE)


class SessionCreateView(_InTermView):
    form_class = SessionForm

    def get_form(self, obj):
        return SessionForm(self.request.POST or None, user=self.request.user, term=self.term)

    def get_title(self, obj):
        return _("新增会议：%(term)s") % {"term": self.term}

    def save(self, form, actor, obj):
        return services.session_create(actor=actor, term=self.term, values=form.values())


class SessionEditView(RecordFormView):
    permission_name = access.CHANGE
    form_class = SessionForm

    def get_object(self):
        return access.session_for(self.request.user, self.kwargs["pk"], action=access.CHANGE)

    def get_title(self, obj):
        return _("编辑会议：%(term)s") % {"term": obj.term}

    def save(self, form, actor, obj):
        return services.session_update(actor=actor, session=obj, values=form.values())


class TermPartCreateView(_InTermView):
    """Create a delegation, deputies' group or constituency; ``model`` is set in urls.py."""

    model = None

    def get_form(self, obj):
        return term_part_form(self.model)(self.request.POST or None, user=self.request.user, term=self.term)

    def get_title(self, obj):
        return _("新增%(kind)s：%(term)s") % {"kind": self.model._meta.verbose_name, "term": self.term}

    def save(self, form, actor, obj):
        return services.term_part_create(actor=actor, model=self.model, term=self.term, values=form.values())


class TermPartEditView(RecordFormView):
    permission_name = access.CHANGE
    model = None

    def get_object(self):
        return access.term_part_for(self.model, self.request.user, self.kwargs["pk"], action=access.CHANGE)

    def get_form(self, obj):
        return term_part_form(self.model)(self.request.POST or None, instance=obj, user=self.request.user)

    def get_title(self, obj):
        return _("编辑%(kind)s：%(term)s") % {"kind": self.model._meta.verbose_name, "term": obj.term}

    def save(self, form, actor, obj):
        return services.term_part_update(actor=actor, part=obj, values=form.values())
