"""Requests refused from their headers before their body is read, and every refusal said in
words: too large, files from someone not signed in, too many files, an expired form."""

from __future__ import annotations

import http.client
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from carepanel.web.uploads.forms import MAX_NAME, safe_name
from carepanel.web.uploads.models import Job

from .support import client_for

pytestmark = pytest.mark.django_db
BOUNDARY = "carepanel-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def _body(name: str = "header.csv", content: bytes = b"CHILD,SEX,DOB\n") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").encode() + content + (
        f"\r\n--{BOUNDARY}--\r\n").encode()


def _text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_a_body_too_large_is_refused_unread_before_anyone_signs_in() -> None:
    """200 MB declared, 100 bytes sent: the test payload raises if anything reads past what
    was sent, so a page saying why proves the body was never read (nor written to disk)."""
    client = Client()
    client.get("/accounts/login/")  # a csrftoken cookie, and nothing else
    response = client.generic("POST", "/uploads/", _body(), content_type=MULTIPART,
                              CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    page = _text(response)
    assert "The upload is too large" in page and "It is 200 MB" in page
    assert "the most this page takes is 101 MB" in page
    assert response["Permissions-Policy"].startswith("accelerometer=()")


def test_other_pages_take_only_a_form_of_text(people: dict[str, Any]) -> None:
    client = client_for(people["officer"])
    response = client.generic("POST", "/you-said-we-did/new/", b"you_said=x",
                              content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(20 * 1024 * 1024))
    assert response.status_code == 413
    assert "the most this page takes is 4 MB" in _text(response)


def test_the_server_answers_before_the_body_is_sent(live_server: Any) -> None:
    """Over a real socket: only the headers go, and the refusal comes back at once."""
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.putrequest("POST", "/uploads/")
    connection.putheader("Content-Type", MULTIPART)
    connection.putheader("Content-Length", str(194 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    # The status and headers come back while not one byte of the body has been sent (the
    # development server then waits to drain the body it never read, so stop here).
    assert response.status == 413
    assert response.getheader("Content-Type").startswith("text/html")
    connection.close()


def test_files_from_someone_not_signed_in_are_refused_unparsed() -> None:
    """Within the size limit, but signed out: refused before the CSRF check parses the
    body (the declared length is more than was sent, so parsing would fail loudly)."""
    response = Client().generic("POST", "/uploads/", _body(), content_type=MULTIPART,
                                CONTENT_LENGTH=str(5 * 1024 * 1024))
    assert response.status_code == 403
    assert "Sign in to upload files" in _text(response)
    assert not Job.objects.exists()


@pytest.fixture
def uploads_to(settings: Any, tmp_path: Path) -> Path:
    settings.CAREPANEL_WORKER_SYNC = False
    settings.CAREPANEL_WORKER = "external"  # queued only: nothing reads the files here
    settings.CAREPANEL_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _files(n: int) -> list[io.BytesIO]:
    out = []
    for i in range(n):
        f = io.BytesIO(b"CHILD,SEX,DOB\n")
        f.name = f"table{i}.csv"
        out.append(f)
    return out


def test_more_files_than_a_return_has_are_refused_in_words(people: dict[str, Any],
                                                           uploads_to: Path) -> None:
    analyst = client_for(people["analyst"])
    page = _text(analyst.post("/uploads/", {"files": _files(31), "la_code": "883"}))
    assert "Select at most 30 files" in page
    response = analyst.post("/uploads/", {"files": _files(60), "la_code": "883"})
    assert response.status_code == 400
    assert "Too many files" in _text(response)
    assert "Select at most 30 files" in _text(response)
    assert "Bad Request (400)" not in _text(response)
    assert not Job.objects.exists()


def test_an_expired_form_says_so(people: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["officer"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/you-said-we-did/new/", {"you_said": "More trips"})
    assert response.status_code == 403
    assert "The form had expired" in _text(response)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_long_file_name_keeps_its_suffix(suffix: str) -> None:
    name = "episodes_" + "x" * 200 + suffix
    kept = safe_name(name)
    assert len(kept) == MAX_NAME and kept.endswith(suffix) and kept.startswith("episodes_x")


def test_an_upload_with_a_long_file_name_keeps_its_suffix(people: dict[str, Any],
                                                          uploads_to: Path) -> None:
    f = io.BytesIO(b"CHILD,SEX,DOB\n")
    f.name = "header_" + "y" * 150 + ".csv"
    response = client_for(people["analyst"]).post("/uploads/", {"files": [f],
                                                                "la_code": "883"})
    assert response.status_code == 302
    (name,) = Job.objects.get().file_names
    assert name.endswith(".csv") and len(name) == MAX_NAME
    assert [p.name for p in uploads_to.rglob("*.csv")] == [name]


def test_every_response_switches_off_unused_browser_features(people: dict[str, Any]) -> None:
    for client in (Client(), client_for(people["member"])):
        policy = client.get("/accessibility/")["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
        assert "microphone=()" in policy


def test_a_page_opened_the_wrong_way_says_so(people: dict[str, Any]) -> None:
    """Django's 405 is an empty page: each says why, and keeps its Allow header."""
    analyst = client_for(people["analyst"])
    response = analyst.get("/uploads/recompute/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = _text(response)
    assert "This page cannot be opened that way" in page
    assert "not a link or an address typed in" in page
    response = client_for(people["administrator"]).post("/audit/")
    assert response.status_code == 405 and "It can only be read" in _text(response)


def test_a_damaged_or_overfull_form_and_a_wrong_host_are_said_in_words(
        people: dict[str, Any]) -> None:
    analyst = client_for(people["analyst"])
    damaged = analyst.generic("POST", "/uploads/", b"--", content_type="multipart/form-data")
    fields = "&".join(f"f{i}=1" for i in range(1200)).encode()
    overfull = analyst.generic("POST", "/you-said-we-did/new/", fields,
                               content_type="application/x-www-form-urlencoded")
    host = Client().get("/accessibility/", HTTP_HOST="carepanel.example.org")
    for response, title in ((damaged, "The request could not be understood"),
                            (overfull, "The form sent too much"), (host, "Wrong address")):
        assert response.status_code == 400
        assert title in _text(response) and "Bad Request (400)" not in _text(response)
