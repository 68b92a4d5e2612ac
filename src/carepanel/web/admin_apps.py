"""Django's admin app, using carepanel's admin site (see admin_site.py).

Kept apart from admin_site.py because an app config module must not import models.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class CarepanelAdminConfig(AdminConfig):
    default_site = "carepanel.web.admin_site.CarepanelAdminSite"
