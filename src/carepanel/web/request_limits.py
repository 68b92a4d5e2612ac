"""Requests refused before their body is read, and a page that says why for every refusal.

Django writes an uploaded file to a temporary file as it parses the body, and it parses the
body for the CSRF check, before any view asks who is signed in. So a body is judged on its
headers alone, before anything reads it:

* ``RequestSizeMiddleware`` (first of all): a body larger than the most its address can
  take (``body_limit``) is refused with 413 from its Content-Length; a multipart body with
  no Content-Length gets 411. No session, user or CSRF token is looked at first.
* ``SignedInUploadsMiddleware`` (after authentication, before the CSRF check): a file
  upload from someone who is not signed in is refused before its body is parsed.
* ``MethodRefusedMiddleware``: a page opened the wrong way (a form's address typed into the
  address bar, a link to a page that only takes a form) gets a page saying so, instead of
  Django's empty 405.

Behind a proxy, the proxy's own body limit should be the largest of these (see README).
Every refusal (these, Django's own 400s such as too many files, a failed CSRF check) is a
page in the service's layout that says what happened and what to do, never a bare
"Bad Request (400)".
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

# Room for the form's other fields and the multipart boundaries around the files.
FORM_OVERHEAD = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def file_limit(path: str) -> int | None:
    """The most the files sent to ``path`` may be, for the pages that take files (the
    upload page a return, the strategy import a small spreadsheet); None for the rest."""
    if path == reverse("uploads:index"):
        return settings.CAREPANEL_MAX_UPLOAD_BYTES
    if path == reverse("strategy:import"):
        return settings.CAREPANEL_MAX_IMPORT_BYTES
    return None


def body_limit(path: str) -> int:
    """The largest body a request to ``path`` may send: its files, else a form of text."""
    files = file_limit(path)
    return (settings.DATA_UPLOAD_MAX_MEMORY_SIZE if files is None else files) + FORM_OVERHEAD


def refused(request: HttpRequest, status: int, title: str, reason: str,
            advice: str = "") -> HttpResponse:
    """The page for a refused request: what happened, and what to do about it."""
    return render(request, "refused.html",
                  {"title": title, "reason": reason, "advice": advice}, status=status)


class RequestSizeMiddleware:
    """Refuse a body too large for its address from its Content-Length, unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH"):
            text = request.META.get("CONTENT_LENGTH") or ""
            multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
            if not text.strip():
                if multipart and request.META.get("HTTP_TRANSFER_ENCODING"):
                    return refused(request, 411, "The upload did not say its size",
                                   "Files must be sent with their size (a Content-Length "
                                   "header), so that one too large can be refused at once.",
                                   "Upload the files again from the service's own page.")
            else:
                try:
                    length = int(text)
                except ValueError:
                    length = -1
                limit = body_limit(request.path)
                if length < 0 or length > limit:
                    return refused(
                        request, 413, "The upload is too large",
                        f"It is {_mb(max(length, 0))}; the most this page takes is "
                        f"{_mb(limit)}.",
                        f"A return is a few megabytes: upload at most "
                        f"{settings.CAREPANEL_MAX_UPLOAD_FILES} files, "
                        f"{_mb(settings.CAREPANEL_MAX_UPLOAD_BYTES)} in all.")
        return self.get_response(request)


class SignedInUploadsMiddleware:
    """Only signed-in people send files: a file upload to a page that takes files from
    anyone else is refused before it is parsed. (Other pages take a small body only, and
    a form sent as multipart, the sign-in form by a script, is not refused for that.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (request.method == "POST"
                and request.META.get("CONTENT_TYPE", "").startswith("multipart/")
                and file_limit(request.path) is not None
                and not request.user.is_authenticated):
            return refused(request, 403, "Sign in to upload files",
                           "You are not signed in (or your session ended), so the files "
                           "were not accepted.", "Sign in, then upload them again.")
        return self.get_response(request)


class MethodRefusedMiddleware:
    """Say in words why a page opened the wrong way refuses (Django's 405 has no body)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        allowed = {m.strip() for m in response.get("Allow", "").split(",")}
        page = refused(request, 405, "This page cannot be opened that way",
                       "It only takes a form sent from the service's own pages, not a "
                       "link or an address typed in." if "GET" not in allowed else
                       "It can only be read, not sent a form.",
                       "Go back to the page you came from and use its button.")
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400s (handler400), each said in words."""
    files = settings.CAREPANEL_MAX_UPLOAD_FILES
    if isinstance(exception, TooManyFilesSent):
        return refused(request, 400, "Too many files",
                       f"The upload had more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} "
                       f"files. A return is at most {files} files.",
                       f"Select at most {files} files, or upload the return as one Excel "
                       "workbook.")
    if isinstance(exception, TooManyFieldsSent | RequestDataTooBig):
        return refused(request, 400, "The form sent too much",
                       "The form had more fields or text than any page of this service "
                       "sends.", "Go back and try again with shorter text.")
    if isinstance(exception, DisallowedHost):
        return refused(request, 400, "Wrong address",
                       "The web address is not one this service answers to.",
                       "Use the address your council gave you.")
    return refused(request, 400, "The request could not be understood",
                   "What your browser sent was incomplete or damaged.",
                   "Go back and try again. If it happens again, tell the council's carepanel "
                   "administrator.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (an old page, cookies off): say so."""
    return refused(request, 403, "The form had expired",
                   "The form was sent without the security check that proves it came from "
                   "this service: the page may have been open since before you last signed "
                   "in, or your browser may be blocking cookies.",
                   "Go back, reload the page, and send the form again.")


