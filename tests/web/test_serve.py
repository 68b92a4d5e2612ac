"""`carepanel serve`: migrate, optionally make the demo, then start the server."""

from __future__ import annotations

from typing import Any

import pytest

from carepanel.web import serve as serve_module


@pytest.mark.django_db
def test_serve_migrates_makes_the_demo_and_starts_on_the_address(
        monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def fake_call_command(name: str, *args: Any, **kwargs: Any) -> None:
        calls.append((name, {"args": args, **kwargs}))

    monkeypatch.setattr("django.core.management.call_command", fake_call_command)
    serve_module.serve(host="127.0.0.1", port=8123, demo=True, password="serve demo passphrase")
    assert [name for name, _ in calls] == ["migrate", "runserver"]
    assert calls[1][1]["args"] == ("127.0.0.1:8123",)
    assert calls[1][1]["use_reloader"] is False
    out = capsys.readouterr().out
    assert "demo-admin" in out and "serve demo passphrase" in out
    assert "http://127.0.0.1:8123/" in out
