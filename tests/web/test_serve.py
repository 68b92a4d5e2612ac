"""`carepanel serve`: migrate, optionally make the demo, then start the worker and the server."""

from __future__ import annotations

from typing import Any

import pytest

from carepanel.web import serve as serve_module
from carepanel.web import worker


@pytest.fixture
def runserver_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Django's commands as serve calls them; runserver returns at once (as after Ctrl+C),
    noting whether the background worker thread was running while it served."""
    calls: list[tuple[str, dict[str, Any]]] = []

    def fake_call_command(name: str, *args: Any, **kwargs: Any) -> None:
        calls.append((name, {"args": args, "worker_thread": worker.thread_running(),
                             **kwargs}))

    monkeypatch.setattr("django.core.management.call_command", fake_call_command)
    return calls


@pytest.mark.django_db(transaction=True)
def test_serve_migrates_makes_the_demo_and_starts_on_the_address(
        runserver_calls: list[tuple[str, dict[str, Any]]], settings: Any, capsys: Any) -> None:
    settings.CAREPANEL_WORKER_SYNC = False
    settings.CAREPANEL_WORKER = "thread"
    serve_module.serve(host="127.0.0.1", port=8123, demo=True, password="serve demo passphrase")
    assert [name for name, _ in runserver_calls] == ["migrate", "runserver"]
    runserver = runserver_calls[1][1]
    assert runserver["args"] == ("127.0.0.1:8123",)
    assert runserver["use_reloader"] is False
    # One command runs everything: the worker thread served uploads alongside the pages,
    # and stopped with the server.
    assert runserver["worker_thread"] is True
    assert not worker.thread_running()
    out = capsys.readouterr().out
    assert "demo-admin" in out and "serve demo passphrase" in out
    assert "http://127.0.0.1:8123/" in out


@pytest.mark.django_db
def test_serve_with_an_external_worker_starts_no_thread(
        runserver_calls: list[tuple[str, dict[str, Any]]], settings: Any, capsys: Any) -> None:
    settings.CAREPANEL_WORKER_SYNC = False
    settings.CAREPANEL_WORKER = "external"
    serve_module.serve(host="127.0.0.1", port=8124)
    assert runserver_calls[1][1]["worker_thread"] is False
    assert "wait for `carepanel worker`" in capsys.readouterr().out
