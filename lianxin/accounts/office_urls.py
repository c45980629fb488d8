from django.urls import path

from lianxin.accounts import office_views

app_name = "accounts_office"
urlpatterns = [path("", office_views.UserListView.as_view(), name="user_list")]
