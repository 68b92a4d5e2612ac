from __future__ import annotations

from django.urls import path

from carepanel.web.privacy import views

app_name = "privacy"
urlpatterns = [
    path("<str:kind>/<int:pk>/", views.redact_version, name="redact"),
]
