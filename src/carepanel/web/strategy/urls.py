from __future__ import annotations

from django.urls import path

from carepanel.web.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("actions/new/", views.action_add, name="action_add"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("priorities/new/", views.priority_add, name="priority_add"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("import/", views.import_tracker, name="import"),
]
