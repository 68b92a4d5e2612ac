"""Processes that write the papers, started before the figures are read.

Writing one council's scorecard as PDF is mostly WeasyPrint: importing it (about 0.4 s:
it parses its C declarations), setting up its fonts, then two seconds of laying out and
drawing the pages. The figures take under a second. So a printer process is started
first and imports WeasyPrint on another processor while the main process reads the
figures; the paper is handed over the moment it is built.

``carepanel.launch`` starts one printer before the command line itself is imported (that
import takes a third of a second) when the command will write a PDF; the command then
adopts it (``adopt``) and adds more printers when there are more files than one.

This module is imported by the printer processes: it imports nothing heavy itself.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

LIBRARIES = {"pdf": ("weasyprint", "carepanel.reports.pdf"),
             "docx": ("docx", "carepanel.reports.docx", "PIL.Image"),
             "xlsx": ("xlsxwriter", "carepanel.reports.xlsx", "PIL.Image"),
             "html": ("jinja2", "carepanel.reports.html")}
WEIGHT = {"pdf": 4, "docx": 2, "xlsx": 1, "html": 1}  # how long each format takes to write
# Papers handed to a printer ahead of the one it is writing, so that it never waits for
# the main process between two papers (a national run writes one per council).
AHEAD = 2

_early: Printers | None = None


def _import_printers(formats: Sequence[str]) -> None:
    """A printer's set-up: the libraries of its formats, the paper's model (papers arrive
    pickled) and, for PDF, one throw-away page that sets up the fonts."""
    importlib.import_module("carepanel.reports.render")
    for f in formats:
        for name in LIBRARIES.get(f, ()):
            importlib.import_module(name)
    if "pdf" in formats:
        from carepanel.reports import pdf

        pdf.warm_up()


def render_one(job: tuple[Any, ...]) -> Path:
    """Write one paper (run in a printer): ``(report, format, path)``, and optionally
    ``in_parts`` (a PDF printed in two halves at once: ``pdf_parts``)."""
    from carepanel.reports.render import write

    report, fmt, target, *rest = job
    target.parent.mkdir(parents=True, exist_ok=True)
    return write(report, fmt, target, in_parts=bool(rest and rest[0]))


class Printers:
    """Printer processes, forked at once (fork: before the warehouse is opened, as a
    DuckDB connection must not cross a fork)."""

    def __init__(self, formats: Sequence[str], workers: int) -> None:
        self.formats = list(formats)
        self.pools: list[tuple[ProcessPoolExecutor, int]] = []
        self.grow(workers)

    @property
    def workers(self) -> int:
        return sum(n for _, n in self.pools)

    def grow(self, workers: int) -> None:
        """Start printers until there are ``workers`` of them."""
        more = workers - self.workers
        if more <= 0:
            return
        pool = ProcessPoolExecutor(
            max_workers=more, mp_context=multiprocessing.get_context("fork"),
            initializer=_import_printers, initargs=(self.formats,))
        for _ in range(more):  # start them now, not when the first paper is ready
            pool.submit(int)
        self.pools.append((pool, more))

    def map(self, fn: Callable[[Any], Any], jobs: Sequence[Any]) -> list[Any]:
        """``fn`` of each job, in the jobs' order; each printer is handed the next job
        as it finishes one, so jobs should come heaviest first."""
        results: list[Any] = [None] * len(jobs)
        pending: dict[Future[Any], tuple[int, ProcessPoolExecutor]] = {}
        queue = iter(enumerate(jobs))

        def feed(pool: ProcessPoolExecutor) -> None:
            for k, job in queue:
                pending[pool.submit(fn, job)] = (k, pool)
                return

        # Dealt round the pools like cards: the heaviest papers come first, and each pool
        # (the early printer, the ones added) gets one of them before any gets a second.
        for _ in range(AHEAD):
            for pool, n in self.pools:
                for _ in range(n):
                    feed(pool)
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                k, pool = pending.pop(future)
                results[k] = future.result()
                feed(pool)
        return results

    def close(self) -> None:
        """Stop the printers once they have finished what they were given; papers not yet
        started are dropped (after an error, nothing more is written)."""
        for pool, _ in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self.pools = []

    def __enter__(self) -> Printers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def processors(jobs: int | None = None) -> int:
    return jobs or os.cpu_count() or 1


def start_early(formats: Sequence[str]) -> None:
    """One printer, started before the command line is read (``carepanel.launch``)."""
    global _early
    if _early is None and processors() >= 2:
        _early = Printers(formats, 1)


def adopt(formats: Sequence[str]) -> Printers | None:
    """The printer ``start_early`` started, for a command that writes ``formats`` (None
    when none was started). The caller closes it."""
    global _early
    printers, _early = _early, None
    if printers is not None:
        printers.formats = list(dict.fromkeys([*printers.formats, *formats]))
    return printers


def discard_early() -> None:
    """Stop an early printer no command adopted (the command failed before printing)."""
    global _early
    if _early is not None:
        for pool, _ in _early.pools:
            pool.shutdown(wait=False, cancel_futures=True)
        _early = None
