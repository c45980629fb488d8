from django.urls import path

from lianxin.accounts import office_views

app_name = "accounts_office"
urlpatterns = [
    path("", office_views.UserListView.as_view(), name="user_list"),
    path("new/", office_views.UserCreateView.as_view(), name="user_create"),
    path("<int:pk>/", office_views.UserDetailView.as_view(), name="user_detail"),
    path("<int:pk>/edit/", office_views.UserEditView.as_view(), name="user_edit"),
    path("<int:pk>/roles/new/", office_views.MembershipGrantView.as_view(), name="membership_grant"),
    path("roles/<int:pk>/revoke/", office_views.membership_revoke, name="membership_revoke"),
    path("<int:pk>/password/", office_views.password_reset, name="password_reset"),
    path("<int:pk>/totp/", office_views.totp_reset, name="totp_reset"),
    path("<int:pk>/unlock/", office_views.unlock, name="unlock"),
]
