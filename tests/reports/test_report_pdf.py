"""The PDF paper: tagged for screen readers, set in Liberation Sans, saying what the HTML says.

Read back with poppler's ``pdfinfo``, ``pdftotext`` and ``pdffonts`` (Debian package
poppler-utils), as a council officer's PDF reader would see it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from carepanel.reports import pdf

from report_fixtures import HOSTILE_COMMENTARY, scorecard_paper, small_history

pytestmark = pytest.mark.usefixtures("poppler")


def poppler(tool: str, path: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(path), "-"] if tool == "pdftotext"
                          else [tool, *args, str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    warehouse = small_history(folder)
    path = folder / "scorecard.pdf"
    path.write_bytes(pdf.render(scorecard_paper(warehouse, commentary=HOSTILE_COMMENTARY)))
    return path


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf_public")
    warehouse = small_history(folder)
    path = folder / "public.pdf"
    path.write_bytes(pdf.render(scorecard_paper(warehouse, public=True)))
    return path


def test_pdf_is_tagged_with_title_and_a4_pages(written: Path) -> None:
    info = poppler("pdfinfo", written)
    assert "Tagged:          yes" in info
    assert "Title:           Test Scorecard: Quarter 4 2024/25: Council 883" in info
    assert "(A4)" in info


def test_text_is_set_in_liberation_sans_embedded(written: Path) -> None:
    fonts = poppler("pdffonts", written)
    families = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
    assert families and all(f.startswith("Liberation-Sans") for f in families), fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # embedded


def test_pdf_holds_every_section_and_the_commentary_as_text(written: Path) -> None:
    text = " ".join(poppler("pdftotext", written).split())
    for heading in ("1 Purpose of the report", "4 Key messages", "5 Children in our care",
                    "6 The scorecard", "7 Trends", "8 Measures rated Red", "9 Data quality",
                    "10 Implications", "11 Contact", "12 About this paper"):
        assert heading in text
    assert "Pledge 3: Permanence, stability and safety" in text
    assert "Red: 50.0% (2 of 4) against a target of 75.0%" in text
    # The commentary is printed as text, markup and all: nothing was interpreted.
    assert "<script>alert('x')</script> <b>bold</b>" in text
    assert "Page 1 of" in text


def test_public_pdf_shows_c_and_no_red(public: Path) -> None:
    text = " ".join(poppler("pdftotext", public).split())
    assert "Public version: small numbers suppressed" in text
    # 3.1 is Red with a hidden figure: listed as such, its figure nowhere.
    assert "Red: the figure is suppressed in this public version" in text
    assert "50.0%" not in text  # 2 of 4 children
    assert "Commentary missing" not in text


def test_pdf_refuses_to_fetch_anything_from_outside_the_paper() -> None:
    """The paper's HTML only embeds data: URLs; anything else is refused by the fetcher."""
    fetcher = pdf.fetcher()
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher("file:///etc/passwd")
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher("http://example.org/logo.png")


def test_a_paper_from_synthetic_data_says_so_on_every_page(tmp_path: Path) -> None:
    from carepanel.reports import scorecard as paper
    from carepanel.reports.front_sheet import FrontSheet
    from carepanel.warehouse import Warehouse

    from report_fixtures import PERIOD_END, config, manual

    warehouse = small_history(tmp_path / "history")
    options = paper.PaperOptions(front_sheet=FrontSheet(synthetic=True))
    with Warehouse.open(warehouse, read_only=True) as wh:
        report = paper.build_papers(wh.con, config(), PERIOD_END, options,
                                    manual=manual())[0]
    path = tmp_path / "synthetic.pdf"
    path.write_bytes(pdf.render(report))
    pages = poppler("pdftotext", path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 5
    assert all("SYNTHETIC DATA" in p for p in pages)


def test_a_printer_can_warm_up_before_the_paper_is_ready() -> None:
    """The printing process prints a throw-away page while the figures are computed; it
    must never fail (or the real paper would not be printed)."""
    pdf.warm_up()
    pdf.warm_up()  # and again: the fonts and stylesheet are made once
    assert pdf.printing() is pdf.printing()
