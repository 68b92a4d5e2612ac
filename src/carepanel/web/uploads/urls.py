from __future__ import annotations

from django.urls import path

from carepanel.web.uploads import views

app_name = "uploads"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("recompute/", views.recompute, name="recompute"),
    path("provider-lists/", views.provider_lists_upload, name="provider_lists"),
]
