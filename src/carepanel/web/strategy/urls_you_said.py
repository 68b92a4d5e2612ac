from __future__ import annotations

from django.urls import path

from carepanel.web.strategy import views

app_name = "yousaid"
urlpatterns = [
    path("", views.you_said_list, name="list"),
    path("new/", views.you_said_add, name="add"),
    path("<int:pk>/edit/", views.you_said_edit, name="edit"),
]
