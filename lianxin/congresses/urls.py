from django.urls import path

from lianxin.congresses import views

app_name = "congresses"
urlpatterns = [
    path("", views.CongressListView.as_view(), name="list"),
    path("new/", views.CongressCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CongressDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CongressEditView.as_view(), name="edit"),
    path("<int:pk>/terms/new/", views.TermCreateView.as_view(), name="term_create"),
    path("terms/<int:pk>/edit/", views.TermEditView.as_view(), name="term_edit"),
    path("terms/<int:pk>/sessions/new/", views.SessionCreateView.as_view(), name="sessions_create"),
    path("sessions/<int:pk>/edit/", views.SessionEditView.as_view(), name="sessions_edit"),
]
for model, segment, _heading in views.TERM_PARTS:
    urlpatterns += [
        path(
            f"terms/<int:pk>/{segment}/new/",
            views.TermPartCreateView.as_view(model=model),
            name=f"{segment}_create",
        ),
        path(
            f"{segment}/<int:pk>/edit/", views.TermPartEditView.as_view(model=model), name=f"{segment}_edit"
        ),
    ]
