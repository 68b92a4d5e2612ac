"""``make loadtest``: the web app under gunicorn with production settings, 20 people for 60 s.

Sets up a throwaway service on loopback (a data folder of its own, SQLite, the demo people,
a synthetic council of 400 children over three years loaded and published by the worker's
own code), starts gunicorn with three workers as the README's service file does, and runs
20 simulated people for 60 seconds: members reading the scorecard, measures, the strategy,
"You said, we did" and downloading the public paper; officers and an analyst doing the
same with the staff pages. The quarter's paper is marked ready and rendered ahead, as on
Panel day. Each person waits 0.5 to 1.5 s between pages (a person reads; ``--think 0``
asks again at once, a stress test).

The only address used is 127.0.0.1 on a free port; every loop is bounded by the duration
and a request cap, and the server is stopped at the end. The client is the standard
library's http.client in threads (one connection per person), so nothing is added to
carepanel's dependencies. It speaks plain HTTP with ``X-Forwarded-Proto: https``, as the
council's TLS proxy would (``CAREPANEL_BEHIND_PROXY=1``).

Prints requests per second, the 50th and 95th percentile of response times, and the errors
(any status of 400 or more, or a failed connection), overall and by page; writes them to
bench/results/loadtest_latest.json.

    python bench/loadtest.py [--users 20] [--seconds 60] [--workers 3] [--think 1.0]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PASSWORD = "load test demo passphrase 2026"
MAX_REQUESTS = 200_000  # a bound on the whole run, whatever the duration
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def service_env(data: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPANEL_")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "carepanel.web.settings_production",
        "CAREPANEL_SECRET_KEY": secrets.token_urlsafe(50),
        "CAREPANEL_ALLOWED_HOSTS": f"{HOST},localhost",
        "CAREPANEL_CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{port}",
        "CAREPANEL_BEHIND_PROXY": "1",
        "CAREPANEL_DATA_DIR": str(data),
        "CAREPANEL_STATIC_ROOT": str(data / "static"),
        "CAREPANEL_WAREHOUSE": str(data / "warehouse.duckdb"),
        "CAREPANEL_WORKER": "external",
    })
    return env


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, timeout=900)


def prepare(data: Path, env: dict[str, str]) -> None:
    """The database, static files, demo people and strategy, and a council's figures."""
    manage = [str(BIN / "python"), "-m", "carepanel.web"]
    run([*manage, "migrate", "--noinput"], env)
    run([*manage, "collectstatic", "--noinput"], env)
    run([*manage, "carepanel_demo", "--password", PASSWORD], env)
    cli = str(BIN / "carepanel")
    run([cli, "synth", str(data / "returns"), "--children", "400", "--years", "3",
         "--seed", "7", "--la-code", "883"], env)
    run([cli, "load", str(data / "returns"), "--warehouse", str(data / "warehouse.duckdb")],
        env)
    run([*manage, "carepanel_publish", "--warehouse", str(data / "warehouse.duckdb")], env)
    # Panel day: the quarter's paper is marked ready, and so rendered ahead in every
    # version (as the worker does after an analyst marks it ready).
    run([*manage, "shell", "-c", PANEL_DAY], env)


PANEL_DAY = """
import datetime as dt
from carepanel.web.scorecard_pages.models import PanelPaper
from carepanel.web.scorecard_pages.papers import render_ahead
end = dt.date(2025, 3, 31)
PanelPaper.objects.update_or_create(la_code="883", period_end=end, defaults={"ready": True})
render_ahead("883", end)
"""


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    count: int = 0

    def add(self, page: str, seconds: float, ok: bool) -> bool:
        with self.lock:
            self.times.setdefault(page, []).append(seconds)
            if not ok:
                self.errors[page] = self.errors.get(page, 0) + 1
            self.count += 1
            return self.count < MAX_REQUESTS


class Person:
    """One simulated person: a connection, a session cookie, pages to read."""

    def __init__(self, port: int, username: str, tally: Tally, seed: int) -> None:
        self.port, self.username, self.tally = port, username, tally
        self.cookies: dict[str, str] = {}
        self.random = random.Random(seed)
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None,
                page: str | None = None) -> tuple[int, bytes]:
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
            status = response.status
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            status, data = 0, b""
        self.tally.add(page or path, time.perf_counter() - began, 0 < status < 400)
        return status, data

    def sign_in(self) -> None:
        _, page = self.request("GET", "/accounts/login/", page="sign in")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("the sign-in page has no CSRF token: is the server up?")
        from urllib.parse import urlencode

        form = urlencode({"csrfmiddlewaretoken": token.group(1).decode(),
                          "username": self.username, "password": PASSWORD})
        status, _ = self.request("POST", "/accounts/login/", form, page="sign in")
        if status != 302:
            raise SystemExit(f"{self.username} could not sign in (HTTP {status})")

    def browse(self, until: float, pages: list[tuple[str, str]], think: float) -> None:
        while time.monotonic() < until:
            label, path = self.random.choice(pages)
            _, _ = self.request("GET", path, page=label)
            if self.tally.count >= MAX_REQUESTS:
                return
            if think:
                time.sleep(self.random.uniform(0.5 * think, 1.5 * think))


def pages_for(role: str) -> list[tuple[str, str]]:
    q = "?la=883&period=2025-03-31"
    common = [("home", "/"), ("scorecard", f"/scorecard/{q}"),
              ("scorecard, Red only", f"/scorecard/{q}&rag=red"),
              ("measure 2.5", f"/scorecard/measures/2.5/{q}"),
              ("measure 3.6", f"/scorecard/measures/3.6/{q}"),
              ("strategy", "/strategy/"), ("you said, we did", "/you-said-we-did/"),
              ("papers", f"/scorecard/papers/{q}"),
              ("paper PDF", f"/scorecard/papers/scorecard.pdf{q}"),
              ("paper Excel", f"/scorecard/papers/scorecard.xlsx{q}"),
              ("strategy CSV", "/strategy/export.csv")]
    if role == "analyst":
        common += [("uploads", "/uploads/")]
    return common


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person reads a page (0: ask at once, a stress "
                             "test rather than people)")
    args = parser.parse_args()
    users = max(1, min(args.users, 200))
    seconds = max(1.0, min(args.seconds, 600.0))
    gunicorn = BIN / "gunicorn"
    if not gunicorn.exists():
        print("make loadtest needs gunicorn in the virtual environment: "
              f"{BIN / 'pip'} install gunicorn", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="carepanel-loadtest-") as tmp:
        data = Path(tmp)
        port = free_port()
        env = service_env(data, port)
        print(f"Setting up a throwaway service in {data} ...", flush=True)
        prepare(data, env)
        log = open(data / "gunicorn.log", "ab")  # noqa: SIM115 (closed with the server)
        server = subprocess.Popen(
            [str(gunicorn), "--workers", str(args.workers), "--bind", f"{HOST}:{port}",
             "--access-logfile", "/dev/null", "carepanel.web.wsgi:application"],
            env=env, start_new_session=True, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection((HOST, port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("gunicorn did not start (see gunicorn.log)") from None
                    time.sleep(0.2)
            tally = Tally()
            roles = ["member"] * 14 + ["officer"] * 4 + ["analyst"] * 2
            names = {"member": "demo-councillor", "officer": "demo-officer",
                     "analyst": "demo-analyst"}
            people = [(Person(port, names[roles[i % 20]], tally, seed=i), roles[i % 20])
                      for i in range(users)]
            for person, _ in people:
                person.sign_in()
            print(f"{users} people signed in; browsing for {seconds:.0f} s on "
                  f"{HOST}:{port} with {args.workers} gunicorn workers ...", flush=True)
            tally.times.clear()
            tally.errors.clear()
            tally.count = 0
            began = time.monotonic()
            until = began + seconds
            think = max(0.0, min(args.think, 30.0))
            threads = [threading.Thread(target=p.browse, args=(until, pages_for(role), think))
                       for p, role in people]
            for t in threads:
                t.start()
            for t in threads:
                t.join(seconds + 120)
            elapsed = time.monotonic() - began
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
            log.close()
    every = [t for times in tally.times.values() for t in times]
    result = {
        "users": users, "seconds": round(elapsed, 1), "workers": args.workers,
        "think_seconds": think,
        "requests": len(every), "requests_per_second": round(len(every) / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000), "p95_ms": round(
            percentile(every, 95) * 1000), "errors": sum(tally.errors.values()),
        "pages": {page: {"requests": len(times),
                         "p50_ms": round(statistics.median(times) * 1000),
                         "p95_ms": round(percentile(times, 95) * 1000),
                         "errors": tally.errors.get(page, 0)}
                  for page, times in sorted(tally.times.items())},
    }
    print(f"\n{result['requests']} requests in {result['seconds']} s: "
          f"{result['requests_per_second']} requests/s, p50 {result['p50_ms']} ms, "
          f"p95 {result['p95_ms']} ms, {result['errors']} errors")
    width = max(len(p) for p in result["pages"])
    for page, row in result["pages"].items():
        print(f"  {page:<{width}}  {row['requests']:>5}  p50 {row['p50_ms']:>5} ms  "
              f"p95 {row['p95_ms']:>5} ms  errors {row['errors']}")
    out = HERE / "results" / "loadtest_latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Written to {out}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
