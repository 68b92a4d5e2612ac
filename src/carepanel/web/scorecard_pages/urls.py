from __future__ import annotations

from django.urls import path

from carepanel.web.scorecard_pages import papers, views

app_name = "scorecard"
urlpatterns = [
    path("", views.scorecard, name="index"),
    path("measures/<str:number>/", views.measure, name="measure"),
    path("measures/<str:number>/commentary/", views.commentary_add, name="commentary_add"),
    path("measures/<str:number>/value/", views.manual_value, name="manual_value"),
    path("ready/", views.mark_ready, name="mark_ready"),
    path("owners/", views.owners, name="owners"),
    path("papers/", papers.papers, name="papers"),
    path("papers/<str:kind>.<str:fmt>", papers.download, name="download"),
]
