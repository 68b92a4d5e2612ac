"""A paper printed in two halves at once and bound (reports/pdf_parts.py) is the paper.

Each test compares the bound paper with the same paper printed whole, as a reader and a
screen reader see them: poppler's text of every page (running heads, "Page n of N", the
contents' page numbers), its named destinations and structure tree, and the bookmarks.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from carepanel.reports import pdf, pdf_parts
from carepanel.reports.model import Paragraph, Report, Section

from report_fixtures import HOSTILE_COMMENTARY, scorecard_paper, small_history

pytestmark = pytest.mark.usefixtures("poppler")

# Quotes, braces, a backslash and a semicolon: the halves' running heads are CSS strings.
HOSTILE_COUNCIL = 'Council "883" {x} \\ ; @page { content: "no" }'


def poppler(tool: str, path: Path, *args: str) -> str:
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(whole, bound): the small history's scorecard paper, its council oddly named."""
    folder = tmp_path_factory.mktemp("parts")
    report = dataclasses.replace(
        scorecard_paper(small_history(folder), commentary=HOSTILE_COMMENTARY),
        council=HOSTILE_COUNCIL)
    whole, bound = folder / "whole.pdf", folder / "bound.pdf"
    whole.write_bytes(pdf.render(report))
    halves = pdf_parts.render(report, min_weight=0)
    assert halves is not None  # the paper has sections that start a page: it is cut
    bound.write_bytes(halves)
    return whole, bound


def _pages(path: Path) -> list[str]:
    return poppler("pdftotext", path, "-layout").split("\f")


def test_every_page_reads_as_the_whole_papers(printed: tuple[Path, Path]) -> None:
    whole, bound = printed
    pages = _pages(bound)
    assert pages == _pages(whole)
    assert len([p for p in pages if p.strip()]) > 5
    # The running heads of the second half name the council as the cover does.
    assert HOSTILE_COUNCIL in " ".join(pages[-2].split())
    assert f"Page {len(pages) - 1} of {len(pages) - 1}" in pages[-2]


def test_tagged_with_the_same_title_destinations_and_structure(
        printed: tuple[Path, Path]) -> None:
    whole, bound = printed
    info = poppler("pdfinfo", bound)
    assert "Tagged:          yes" in info
    assert [line for line in info.splitlines() if line.startswith(("Title", "Pages"))] == \
        [line for line in poppler("pdfinfo", whole).splitlines()
         if line.startswith(("Title", "Pages"))]
    assert poppler("pdfinfo", bound, "-dests") == poppler("pdfinfo", whole, "-dests")
    # Each half embeds its own subsets of the fonts, each subset with a tag of its own.
    fonts = [line.split()[0] for line in poppler("pdffonts", bound).splitlines()[2:]]
    assert len(fonts) > 3 and len(set(fonts)) == len(fonts)

    def structure(path: Path) -> str:
        # Object numbers and table header ids differ between files; nothing else may.
        text = poppler("pdfinfo", path, "-struct-text")
        text = re.sub(r"Object \d+ \d+", "Object", text)
        return re.sub(r"<[^<>]*-\d+-\d+>|\(([^()]*-)?\d+-\d+-\d+\)", "id", text)

    assert structure(bound) == structure(whole)


def _outline(path: Path) -> list[tuple[int, str, int]]:
    with pikepdf.open(path) as document:
        pages = {p.objgen: n for n, p in enumerate(document.pages, start=1)}
        out: list[tuple[int, str, int]] = []
        with document.open_outline() as outline:
            stack = [(0, item) for item in reversed(outline.root)]
            while stack:
                depth, item = stack.pop()
                out.append((depth, item.title, pages[item.destination[0].objgen]))
                stack += [(depth + 1, c) for c in reversed(item.children)]
        return out


def test_the_bookmarks_are_the_whole_papers(printed: tuple[Path, Path]) -> None:
    whole, bound = printed
    assert _outline(bound) == _outline(whole)
    assert any(title.startswith("12 About this paper") for _, title, _ in _outline(bound))


def test_each_marked_text_belongs_to_an_element_of_its_own_page(
        printed: tuple[Path, Path]) -> None:
    """The parent tree (how a screen reader finds the element of a piece of text) points
    every page's marked content at an element of that page, and every link at its element;
    table header ids are unique across the halves."""
    _, bound = printed
    with pikepdf.open(bound) as document:
        root = document.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in document.pages:
            for mcid, element in enumerate(tree[int(page.StructParents)]):
                assert element.Pg.objgen == page.objgen
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                assert mcid in [int(k) for k in kids if isinstance(k, int)]
            for link in page.get("/Annots", []):
                kids = tree[int(link.StructParent)].K
                assert any(k.get("/Obj") is not None and k.Obj.objgen == link.objgen
                           for k in kids if isinstance(k, pikepdf.Dictionary))
        assert int(root.ParentTreeNextKey) == len(tree)
        ids: list[str] = []
        stack = [root.K[0]]
        while stack:
            element = stack.pop()
            if "/ID" in element:
                ids.append(str(element.ID))
            kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
            stack += [k for k in kids if isinstance(k, pikepdf.Dictionary)
                      and k.get("/Type") == "/StructElem"]
        assert ids and len(ids) == len(set(ids))


def _paper(*sections: Section) -> Report:
    return Report(kind="scorecard", title="T", subtitle="S", council="C", panel="P",
                  public=False, cover=[], sections=list(sections), file_stem="t")


def _section(name: str, characters: int, *, level: int = 1, page_break: bool = True
             ) -> Section:
    # A paragraph weighs a unit per 50 characters.
    return Section(name, [Paragraph("x" * characters)], level=level, page_break=page_break)


def test_a_paper_is_cut_where_its_halves_weigh_the_same() -> None:
    """Sections weigh A 100, B 100, C 300, D 100 (600 in all). A half may start at B, C or
    D (each starts a page): before them 100, 200 and 500; C is nearest 300."""
    paper = _paper(_section("A", 5000, page_break=False), _section("B", 5000),
                   _section("C", 15000), _section("D", 5000))
    assert pdf_parts.cut(paper, min_weight=0) == 2
    # 600 is under the weight worth cutting: such a paper is printed whole.
    assert pdf_parts.cut(paper) is None


def test_a_paper_is_cut_only_before_a_chapter_that_starts_a_page() -> None:
    paper = _paper(_section("A", 5000, page_break=False),
                   _section("A.1", 50000, level=2),  # a level-2 section: never a cut
                   _section("B", 5000, page_break=False))
    assert pdf_parts.cut(paper, min_weight=0) is None


def test_a_twin_sends_what_it_prints_in_order() -> None:
    big = b"x" * 300_000  # more than a pipe holds at once

    def job(send: object) -> None:
        send({"pages": 3})  # type: ignore[operator]
        send(big)  # type: ignore[operator]

    twin = pdf_parts.Twin(job)  # type: ignore[arg-type]
    assert twin.receive() == {"pages": 3}
    assert twin.receive() == big
    twin.close(finished=True)


def test_a_twin_that_fails_is_reported_not_waited_for() -> None:
    def job(send: object) -> None:
        raise RuntimeError("the half could not be printed")

    twin = pdf_parts.Twin(job)  # type: ignore[arg-type]
    with pytest.raises(pdf_parts.NotInParts, match="stopped without its half"):
        twin.receive()
    twin.close()


def test_the_running_heads_escape_every_character_of_the_councils_name() -> None:
    css = pdf_parts.running_heads(dataclasses.replace(_paper(), council=HOSTILE_COUNCIL))
    # Two @page rules of four margin boxes each: the name's own braces are escaped.
    assert css.count("@page") == 2
    assert css.count("{") == css.count("}") == 10
