from django.urls import path

from lianxin.suggestions import deputy_views as views

# The deputy's own pages share the app's namespace with the staff screens (`suggestions:mine…`).
urlpatterns = [
    path("", views.workbench, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.mine_detail, name="mine_detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/cosign/", views.cosign, name="cosign"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/promises/<int:promise_pk>/", views.check_promise, name="check_promise"),
    path("motions/new/", views.motion_new, name="motion_new"),
    path("motions/<int:pk>/", views.mine_motion, name="mine_motion"),
    path("motions/<int:pk>/edit/", views.motion_edit, name="motion_edit"),
    path("motions/<int:pk>/submit/", views.motion_submit, name="motion_submit"),
    path("motions/<int:pk>/cosign/", views.motion_cosign, name="motion_cosign"),
    path("motions/<int:pk>/withdraw/", views.motion_withdraw, name="motion_withdraw"),
    path("motions/<int:pk>/unsign/", views.motion_unsign, name="motion_unsign"),
    path("motions/<int:pk>/reconsider/", views.motion_reconsider, name="motion_reconsider"),
]
