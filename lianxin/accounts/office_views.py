from django.utils.translation import gettext_lazy as _

from lianxin.accounts.models import User
from lianxin.backoffice.lists import Column, ScopedListView


class UserListView(ScopedListView):
    model = User
    view_permission = "accounts.view_user"
    path_field = "memberships__region__path"
    title = _("账户与角色")
    columns = [Column(_("用户名"), "username"), Column(_("姓名"), "name")]
    search_fields = ["username", "name"]

    def get_queryset(self, search, filters):
        return super().get_queryset(search, filters).distinct()
