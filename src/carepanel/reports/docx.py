"""A paper as a Word document (python-docx), for officers who edit papers before they go out.

Built for screen readers and for Word's navigation pane:

- the title uses Word's Title style and every section a real Heading 1/2/3 style, so the
  document has an outline and a table of contents can be inserted;
- every table's first row is marked as a header row that repeats on each page
  (``w:tblHeader``), with a caption paragraph before it;
- every chart is a picture with its text alternative in the drawing's ``descr`` (what Word
  shows as Alt Text) and is followed by the table of its numbers;
- a RAG rating is a word, on a tinted cell: colour never carries meaning alone;
- wide sections (the scorecard, the charts) are on landscape pages.

Text goes in through python-docx's run API, which writes it as XML text: nothing in a
commentary can become markup or a field code.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from carepanel.reports.model import Bullets, Chart, Group, Paragraph, Report, Section, Table

FONT = "Arial"  # on council desktops; LibreOffice substitutes Liberation Sans (same metrics)
RAG_FILL = {"green": "CCE2D8", "amber": "FFF7BF", "red": "F4CDC6", "no rating": "E5E6E7"}
HEADER_FILL = "F3F2F1"


def _set_cell_fill(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row, repeated at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _table_title(table: Any, caption: str) -> None:
    """The table's title for assistive technology (Word's Table Properties > Alt Text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    title = OxmlElement("w:tblCaption")
    title.set(qn("w:val"), caption[:255])
    tbl_pr.append(title)


def _no_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _styles(doc: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3",
                 "Caption", "List Bullet"):
        style = doc.styles[name]
        style.font.name = FONT
        r_pr = style.element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is not None:
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                fonts.attrib.pop(qn(attr), None)
    doc.styles["Normal"].font.size = Pt(10.5)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5),
                       ("Title", 26)):
        doc.styles[name].font.size = Pt(size)
        doc.styles[name].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    doc.styles["Caption"].font.size = Pt(9.5)
    doc.styles["Caption"].font.italic = False
    doc.styles["Caption"].font.bold = True
    doc.styles["Caption"].font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)


def _orientation(doc: Any, landscape: bool, first: bool) -> None:
    """Start a new section (page) in the orientation wanted, unless it is already so."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    current = doc.sections[-1]
    want = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if current.orientation == want and not first:
        return
    section = current if first else doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = want
    short, long_ = Mm(210), Mm(297)
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin, section.bottom_margin = Mm(16), Mm(16)


def _usable_width(doc: Any) -> int:
    s = doc.sections[-1]
    return s.page_width - s.left_margin - s.right_margin


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph: Word and LibreOffice fill it in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    char("begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._r.append(code)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _footer(doc: Any, report: Report) -> None:
    """Every page: the council, the paper and its marking, and "Page n of N" (a field);
    above them, on a paper made from synthetic data, that it is."""
    section = doc.sections[0]
    p = section.footer.paragraphs[0]
    p.text = f"{report.council}: {report.title}. {report.marking}. Page "
    _field(p, "PAGE", "1")
    p.add_run(" of ")
    _field(p, "NUMPAGES", "1")
    for run in p.runs:
        run.font.size = _pt(8)
    if report.notice:
        head = section.header.paragraphs[0]
        run = head.add_run(report.notice)
        run.bold = True
        run.font.size = _pt(9)


def _pt(n: float) -> Any:
    from docx.shared import Pt

    return Pt(n)


def _paragraph(doc: Any, p: Paragraph) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    para = doc.add_paragraph()
    run = para.add_run(p.text)
    if p.kind == "placeholder":
        run.italic = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    elif p.kind == "warning":
        run.bold = True
        run.font.color.rgb = RGBColor(0x94, 0x25, 0x14)
    elif p.kind == "note":
        run.font.size = _pt(9)
        run.font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
    elif p.kind == "lead":
        run.font.size = _pt(12)
    elif p.kind == "strong":
        run.bold = True
        para.paragraph_format.keep_with_next = True


def _table(doc: Any, t: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if t.show_caption:
        doc.add_paragraph(t.caption, style="Caption").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.header))
    table.style = doc.styles["Table Grid"]
    _table_title(table, t.caption)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    size = 8 if t.small else 9
    numeric = [bool([r[j] for r in t.rows if r[j].text])
               and all(r[j].numeric for r in t.rows if r[j].text) for j in range(len(t.header))]
    # Each row's cells, once: python-docx finds a row's cells (and a column's: every cell
    # of the table) again at each call, which made a long table's cost grow as its square.
    rows = list(table.rows)
    cells = [row.cells for row in rows]
    if t.widths:
        total, usable = sum(t.widths), _usable_width(doc)
        table.autofit = False
        for j, w in enumerate(t.widths):
            width = int(usable * w / total)
            table.columns[j].width = width  # the grid, which Word lays out by
            for row_cells in cells:
                row_cells[j].width = width  # and each cell, which LibreOffice lays out by
    header = rows[0]
    _repeat_header(header)
    for j, h in enumerate(t.header):
        cell = cells[0][j]
        _set_cell_fill(cell, HEADER_FILL)
        para = cell.paragraphs[0]
        run = para.add_run(h)
        run.bold = True
        run.font.size = _pt(size)
        if numeric[j]:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, row in enumerate(t.rows, start=1):
        _no_split(rows[i])
        last = t.total_row and i == len(t.rows)
        for j, value in enumerate(row):
            cell = cells[i][j]
            para = cell.paragraphs[0]
            run = para.add_run(value.text)
            run.font.size = _pt(size)
            run.bold = value.strong or last or (value.rag not in (None, "no rating"))
            if value.rag:
                _set_cell_fill(cell, RAG_FILL.get(value.rag, RAG_FILL["no rating"]))
            if value.numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _chart(doc: Any, c: Chart) -> None:
    from docx.shared import Emu

    width_px, height_px = c.png_size or (1600, 900)
    usable = _usable_width(doc)
    section = doc.sections[-1]
    usable_height = section.page_height - section.top_margin - section.bottom_margin
    width = usable
    if height_px and width_px:
        # Leave room for the heading: at most 80% of the page height.
        width = min(usable, int(0.8 * usable_height * width_px / height_px))
    doc.add_picture(io.BytesIO(c.png), width=Emu(width))
    picture = doc.inline_shapes[-1]
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", c.alt)
    doc_pr.set("title", f"Chart: {c.title}")
    doc.add_paragraph(f"Chart: {c.title}", style="Caption")
    _table(doc, c.table)


def _section(doc: Any, number: str, s: Section) -> None:
    heading = doc.add_heading(f"{number} {s.heading}", level=s.level)
    heading.paragraph_format.keep_with_next = True
    for b in s.blocks:
        if isinstance(b, Paragraph):
            _paragraph(doc, b)
        elif isinstance(b, Bullets):
            for item in b.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Chart):
            _chart(doc, b)
        elif isinstance(b, Group):
            for t in b.tables:
                _table(doc, t)


def render(report: Report) -> bytes:
    import docx
    from docx.enum.text import WD_COLOR_INDEX

    doc = docx.Document()
    _styles(doc)
    _orientation(doc, False, first=True)
    props = doc.core_properties
    props.title = f"{report.title}: {report.council}"
    props.subject = report.subtitle
    props.author = report.council
    props.comments = report.marking
    props.language = report.language
    props.keywords = "corporate parenting"
    # The template's own dates (2013) would say the paper is years old.
    made = dt.datetime.combine(report.generated, dt.time(12, 0))
    props.created = props.modified = made
    props.last_modified_by = "carepanel"
    props.revision = 1
    _footer(doc, report)

    if report.notice:
        notice = doc.add_paragraph()
        run = notice.add_run(report.notice)
        run.bold = True
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    marking = doc.add_paragraph()
    run = marking.add_run(report.marking)
    run.bold = True
    run.font.size = _pt(9)
    doc.add_paragraph(report.council, style="Subtitle")
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle, style="Subtitle")
    cover = doc.add_table(rows=len(report.cover), cols=2)
    cover.style = doc.styles["Table Grid"]
    for i, (label, value) in enumerate(report.cover):
        cover.rows[i].cells[0].paragraphs[0].add_run(label).bold = True
        cover.rows[i].cells[1].paragraphs[0].add_run(value)
    doc.add_paragraph()

    landscape = False
    for number, s in report.numbered():
        if s.level == 1 or s.landscape != landscape:
            if s.landscape != landscape:
                _orientation(doc, s.landscape, first=False)
                landscape = s.landscape
            elif s.page_break:
                doc.add_page_break()
        _section(doc, number, s)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
