from django.shortcuts import render
from django.urls import reverse
from django.views import View

from lianxin.accounts.decorators import permission
from lianxin.audit.presentation import timeline_entries


class RecordDetailView(View):
    """One object's facts and its audit timeline; subclasses fetch it through their access helper."""

    view_permission = ""
    change_permission = ""
    template_name = "backoffice/detail.html"
    list_url_name = ""
    list_title = ""
    edit_url_name = ""

    @classmethod
    def as_view(cls, **initkwargs):
        return permission(cls.view_permission)(super().as_view(**initkwargs))

    def get_object(self, pk):
        raise NotImplementedError

    def facts(self, obj) -> list[tuple[str, object]]:
        raise NotImplementedError

    def extra_context(self, obj) -> dict:
        return {}

    def get(self, request, pk):
        obj = self.get_object(pk)
        can_edit = bool(self.edit_url_name) and request.user.has_perm(self.change_permission, obj)
        context = {
            "object": obj,
            "title": str(obj),
            "facts": self.facts(obj),
            "timeline": timeline_entries(obj),
            "list_url": reverse(self.list_url_name) if self.list_url_name else "",
            "list_title": self.list_title,
            "edit_url": reverse(self.edit_url_name, args=[obj.pk]) if can_edit else "",
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)
