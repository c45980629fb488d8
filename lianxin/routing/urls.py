from django.urls import path

from lianxin.routing import views

app_name = "routing"
urlpatterns = [
    path("", views.model_list, name="models"),
    path("opinions/<int:pk>/", views.opinion_panel, name="opinion_panel"),
    path("suggestions/<int:pk>/", views.suggestion_panel, name="suggestion_panel"),
    path("cases/<int:pk>/units/", views.case_units, name="case_units"),
]
