from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lianxin.backoffice.details import RecordDetailView
from lianxin.backoffice.lists import Column, ScopedListView
from lianxin.suggestions import access
from lianxin.suggestions.models import Suggestion


class SuggestionListView(ScopedListView):
    """A deputy's drafts (their own only); staff and leaders see those in their scope."""

    model = Suggestion
    view_permission = access.VIEW
    title = _("代表建议")
    columns = [
        Column(_("标题"), "title"),
        Column(_("代表"), "deputy.name"),
        Column(_("人民代表大会"), "congress.name"),
        Column(_("所涉区域"), "region.name"),
        Column(_("状态"), "get_status_display"),
        Column(_("创建时间"), "created_at"),
    ]
    search_fields = ["title", "deputy__name"]
    select_related = ("deputy", "congress", "region")
    detail_url_name = "suggestions:detail"

    def base_queryset(self):
        return access.suggestions_for(self.request.user)


class SuggestionDetailView(RecordDetailView):
    view_permission = access.VIEW
    template_name = "suggestions/detail.html"
    list_url_name = "suggestions:list"
    list_title = _("代表建议")

    def get_object(self, pk):
        return access.suggestion_for(self.request.user, pk)

    def facts(self, suggestion):
        return [
            (_("代表"), suggestion.deputy.name),
            (_("人民代表大会"), suggestion.congress.name),
            (_("所涉区域"), suggestion.region.full_name()),
            (_("状态"), suggestion.get_status_display()),
            (_("创建时间"), suggestion.created_at),
        ]

    def extra_context(self, suggestion):
        opinion = suggestion.source_opinion
        # The way back to the opinion, for those who may open it (staff, its deputy, its station).
        opinion_url = ""
        if opinion is not None and self.request.user.has_perm("opinions.view_opinion", opinion):
            opinion_url = reverse("opinions:office_detail", args=[opinion.pk])
        return {"opinion": opinion, "opinion_url": opinion_url}
