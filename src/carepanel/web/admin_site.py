"""The technical administration pages (Django admin), for administrators only.

People sign in on the service's own login page (which throttles guessing); the admin's login
page sends them there. A signed-in person who is not an administrator gets 403 Forbidden.

These are Django's own pages, not the GOV.UK-styled service: a technical fallback for
administrators. Axe reports a few findings in Django's templates here (small click targets
in lists, unlabelled selects in inline forms), so everything people do day to day has its
own accessible page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from carepanel.web.roles import can


class CarepanelAdminSite(AdminSite):
    site_header = "Corporate parenting: administration"
    site_title = "Corporate parenting administration"
    index_title = "Administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return can(request.user, "use_admin")

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next") or "/admin/")

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("administrators only")
            return inner(request, *args, **kwargs)

        # Django's admin scripts set a few inline styles (collapsible fieldsets, inline
        # forms); allow inline *styles* on these administrator-only pages. Scripts stay
        # restricted to the site's own files, as everywhere else.
        return update_wrapper(csp_update({"style-src": [UNSAFE_INLINE]})(guarded), view)
