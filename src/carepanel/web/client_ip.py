"""The address a request came from, for login throttling and the audit log.

Behind the council's reverse proxy or load balancer every request arrives from the proxy's
address, so throttling by address would lump everyone together. With
``CAREPANEL_PROXY_COUNT=N`` (the number of proxies in front of the app that append to
X-Forwarded-For) the client is the Nth address from the right of that header: entries
further left were written by the client and cannot be trusted.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = getattr(settings, "CAREPANEL_PROXY_COUNT", 0)
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
