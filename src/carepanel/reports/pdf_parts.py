"""A long paper printed in two parts on two processors at once, then bound into one PDF.

Why: WeasyPrint lays out and draws a paper on one processor. A council's scorecard paper
(24 pages, six charts) takes two seconds of it while the machine's other processor waits,
and that was most of the time a council waited for its paper. Printed in two halves at
once, the same paper is ready in a little over half the time.

How, so that the bound paper is page for page the paper printed whole:

1. The body is cut before a level-1 section that starts a new page anyway (so no page
   breaks differently), where the two halves weigh about the same (``cut``).
2. The printer forks a twin (it has WeasyPrint and the fonts ready); the twin prints the
   second half, the printer the first, each with the paper's running heads
   (``running_heads``: the cover that sets them is in neither) but no page numbers.
3. The frame: the cover and contents, then one empty page (a "stub") per page of the
   halves, portrait or landscape as that page is, holding the ids of the sections that
   begin on it. WeasyPrint prints it with "Page n of N" and the contents' page numbers,
   right because each stub stands where its page will be. The twin sends its pages'
   sizes and ids as soon as its half is laid out, so the frame is printed while the
   twin is still drawing.
4. Binding (pikepdf, the binding of qpdf): the frame's cover pages, then the halves'
   pages, each with its stub's page number drawn over it, marked as an artifact for
   screen readers; the structure trees (PDF/UA tags), their parent tree, the named
   destinations and the bookmarks are joined as WeasyPrint would have written them, the
   halves' table header ids and font subset tags made unique.

A paper too short to be worth it is printed whole (``render`` returns None), and so is
one that cannot be printed this way (a stub that does not match its page, the twin
failing: ``NotInParts``); the result is the same paper either way.
"""

from __future__ import annotations

import io
import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from carepanel.reports import html, pdf
from carepanel.reports.model import Bullets, Chart, Group, Paragraph, Report, Section, Table

if TYPE_CHECKING:
    import pikepdf

# Below this weight (about a table cell per unit, see ``weight``) a paper is printed
# whole: forking, the frame and the binding cost about 0.2 s, which a short paper does
# not win back.
MIN_WEIGHT = 1200
TWIN_TIMEOUT_S = 300  # a twin that has not answered by then is stopped; printed whole


@dataclass(frozen=True)
class Stub:
    """One page of the frame standing for a page of a half."""

    landscape: bool
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """What the paper's template prints: the cover with stubs, or sections
    ``start:stop`` of ``Report.numbered()`` (with the closing footer when ``footer``)."""

    start: int = 0
    stop: int | None = None
    cover: bool = False
    footer: bool = False
    stubs: tuple[Stub, ...] | None = None


PageShape = tuple[float, float, tuple[str, ...]]  # width, height, the section ids on it


class NotInParts(Exception):
    """This paper is printed whole instead (the reason is the message)."""


# ---------------------------------------------------------------------------------------
# Where to cut


def weight(section: Section) -> float:
    """Roughly how long WeasyPrint takes over a section, in table cells (measured on the
    demo's paper: a cell about 1 ms, 50 characters of text about as much, a chart about
    100 cells: it is drawn letter by letter)."""
    return sum(_block_weight(b) for b in section.blocks)


def _block_weight(block: object) -> float:
    if isinstance(block, Table):
        return len(block.header) * (len(block.rows) + 1)
    if isinstance(block, Chart):
        return 100 + _block_weight(block.table)
    if isinstance(block, Group):
        return sum(_block_weight(t) for t in block.tables)
    if isinstance(block, Paragraph):
        return len(block.text) / 50
    if isinstance(block, Bullets):
        return sum(len(i) for i in block.items) / 50
    return 0


def cut(report: Report, min_weight: float = MIN_WEIGHT) -> int | None:
    """Where the second half starts (an index into ``report.numbered()``): before a
    level-1 section that begins a new page, the halves' weights as even as can be. None
    when the paper has no such section or is too light to be worth it."""
    items = report.numbered()
    weights = [weight(s) for _, s in items]
    total = sum(weights)
    cuts = [i for i, (_, s) in enumerate(items) if i > 0 and s.level == 1 and s.page_break]
    if not cuts or total < min_weight:
        return None
    return min(cuts, key=lambda i: abs(sum(weights[:i]) - total / 2))


# ---------------------------------------------------------------------------------------
# Printing


def running_heads(report: Report) -> str:
    """The halves' running heads, as the whole paper's (its cover sets them with
    ``string-set``; a half has no cover), and no page number: the frame's stubs carry it.
    Every character but letters and digits is escaped (six hex digits: a space after
    an escape would be taken as its end): the texts come from files and the warehouse."""
    def text(value: str | None) -> str:
        return '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}"
                             for c in " ".join((value or "").split())) + '"'

    heads = (f"@top-left {{ content: {text(report.council)} \" \\2022  \" "
             f"{text(report.title)}; }} @top-right {{ content: {text(report.notice)}; }} "
             f"@bottom-left {{ content: {text(report.marking)}; }} "
             "@bottom-right { content: none; }")
    return f"@page {{ {heads} }} @page :first {{ {heads} }}"


def lay_out_half(report: Report, part: Part, wanted: frozenset[str]
                 ) -> tuple[Any, tuple[PageShape, ...]]:
    """One half laid out, with each page's size and which of the ``wanted`` ids it
    holds (all the frame needs: it is sent before the half is drawn)."""
    document = pdf.lay_out(html.render(report, "pdf", inline_css=False, part=part),
                           running_heads(report))
    return document, tuple((p.width, p.height, tuple(a for a in p.anchors if a in wanted))
                           for p in document.pages)


def _contents_ids(report: Report) -> frozenset[str]:
    """The ids the contents list links to (its page numbers are the frame's)."""
    return frozenset(html.anchor(n, s) for n, s in report.numbered() if s.level == 1)


class Twin:
    """A fork of the printer (WeasyPrint and its fonts ready) running ``job(send)``;
    what it sends arrives, in order, through ``receive``."""

    def __init__(self, job: Callable[[Callable[[object], None]], None]) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the twin: never returns
            code = 1
            try:
                os.close(read)
                with os.fdopen(write, "wb") as out:
                    def send(message: object) -> None:
                        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                        out.write(len(data).to_bytes(8, "big") + data)
                        out.flush()

                    job(send)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pipe = read
        self.deadline = time.monotonic() + TWIN_TIMEOUT_S

    def _read(self, n: int) -> bytes:
        chunks: list[bytes] = []
        while n:
            ready, _, _ = select.select([self.pipe], [], [],
                                        max(0.0, self.deadline - time.monotonic()))
            chunk = os.read(self.pipe, min(n, 1 << 20)) if ready else b""
            if not chunk:
                raise NotInParts("the second half's printer stopped without its half")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def receive(self) -> Any:
        # A private pipe from this process's own fork: nothing else can write to it.
        return pickle.loads(self._read(int.from_bytes(self._read(8), "big")))  # noqa: S301

    def close(self, finished: bool = False) -> None:
        """Wait for the twin (it has sent everything: ``finished``) or stop it."""
        os.close(self.pipe)
        if not finished:
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _second_half(report: Report, part: Part, wanted: frozenset[str],
                 send: Callable[[object], None]) -> None:
    document, pages = lay_out_half(report, part, wanted)
    send(pages)
    send(pdf.write(document))


def render(report: Report, min_weight: float = MIN_WEIGHT) -> bytes | None:
    """The paper as PDF bytes, printed in two halves at once; None when it is better
    printed whole (see the module's docstring). Runs in a printer process (a fork)."""
    at = cut(report, min_weight)
    if at is None:
        return None
    wanted = _contents_ids(report)
    twin = Twin(partial(_second_half, report, Part(start=at, footer=True), wanted))
    finished = False
    try:
        document, first_pages = lay_out_half(report, Part(stop=at), wanted)
        first = pdf.write(document)
        pages = first_pages + twin.receive()
        stubs = tuple(Stub(w > h, anchors) for w, h, anchors in pages)
        frame = pdf.lay_out(html.render(report, "pdf", inline_css=False,
                                        part=Part(cover=True, stubs=stubs)))
        cover = len(frame.pages) - len(stubs)
        if cover < 1 or any(abs(f.width - w) > 0.01 or abs(f.height - h) > 0.01
                            for f, (w, h, _) in zip(frame.pages[cover:], pages, strict=True)):
            raise NotInParts("the frame's pages do not match the halves'")
        framed = pdf.write(frame)
        import pikepdf  # noqa: F401  (for ``bind``: imported while the twin still draws)

        second = twin.receive()
        finished = True
    finally:
        twin.close(finished)
    return bind(framed, cover, [first, second])


# ---------------------------------------------------------------------------------------
# Binding


def bind(frame: bytes, cover: int, halves: Sequence[bytes]) -> bytes:
    """The frame's first ``cover`` pages, then the halves' pages under the frame's page
    numbers, with one structure tree, parent tree, set of named destinations and
    bookmark tree, as one document."""
    import pikepdf

    out = pikepdf.open(io.BytesIO(frame))
    margins = [_artifact(out, page) for page in out.pages[cover:]]
    root = out.Root.StructTreeRoot
    document = root.K[0]
    frame_nums = _numbers(root.ParentTree)
    cover_pages = {p.obj.objgen for p in out.pages[:cover]}
    document.K = pikepdf.Array([k for k in document.K if _on(k, cover_pages)])
    dests = {name: dest for name, dest in _names(out) if _on_page(dest, cover_pages)}
    del out.pages[cover:]
    nums: list[Any] = []
    annotations: list[tuple[pikepdf.Object, Any]] = []
    for g in range(cover):
        nums += [g, frame_nums[g]]
        annotations += _linked(out.pages[g].obj, frame_nums)
    bookmarks: list[pikepdf.OutlineItem] = []
    for k, blob in enumerate(halves):
        half = pikepdf.open(io.BytesIO(blob))
        if k:
            _prefix_header_ids(half.Root.StructTreeRoot.K[0], f"h{k}-")
        _retag_fonts(half, k)
        half_nums = _numbers(half.Root.StructTreeRoot.ParentTree)
        moved: dict[tuple[int, int], pikepdf.Object] = {}
        for i, page in enumerate(half.pages):
            g = len(out.pages)
            out.pages.append(page)
            new = out.pages[g]
            moved[page.obj.objgen] = new.obj
            new.obj.StructParents = g
            nums += [g, _copy(out, half_nums[i])]
            new.add_overlay(margins[g - cover], pikepdf.Rectangle(new.mediabox))
            annotations += [(a, _copy(out, v)) for a, v in _linked(new.obj, half_nums)]
        for kid in half.Root.StructTreeRoot.K[0].K:
            copied = out.copy_foreign(kid)
            copied.P = document
            document.K.append(copied)
        for name, dest in _names(half):
            dests[name] = _moved_dest(dest, moved)
        bookmarks += _bookmarks(half, moved)
    first_annotation = len(out.pages)
    for key, (annotation, value) in enumerate(annotations, start=first_annotation):
        annotation.StructParent = key
        nums += [key, value]
    root.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    root.ParentTreeNextKey = first_annotation + len(annotations)
    _set_names(out, dests)
    with out.open_outline() as outline:
        (outline.root[-1].children if outline.root else outline.root).extend(bookmarks)
    buffer = io.BytesIO()
    # Object streams, as WeasyPrint writes: the structure tree's many small objects
    # would otherwise double the file's size.
    out.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _artifact(pdf: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """A stub page's drawing (its page number) as a form, marked as
    an artifact: it is page furniture, not read out (WeasyPrint tags it as text in a
    structure element left out of the tree)."""
    import pikepdf

    form = pdf.make_indirect(page.as_form_xobject())
    kept = [op for op in pikepdf.parse_content_stream(form)
            if str(getattr(op, "operator", "")) not in ("BDC", "BMC", "EMC")]
    form.write(b"/Artifact BMC\n" + pikepdf.unparse_content_stream(kept) + b"\nEMC\n")
    return form


def _on(element: pikepdf.Object, pages: set[tuple[int, int]]) -> bool:
    return "/Pg" not in element or element.Pg.objgen in pages


def _on_page(dest: pikepdf.Object, pages: set[tuple[int, int]]) -> bool:
    import pikepdf

    return isinstance(dest, pikepdf.Array) and len(dest) > 0 and dest[0].objgen in pages


def _numbers(tree: pikepdf.Object) -> dict[int, Any]:
    """A number tree (WeasyPrint writes a flat one) as a dict."""
    nums = tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _copy(pdf: pikepdf.Pdf, value: Any) -> Any:
    """``value`` from another PDF into ``pdf``: an array of references is copied item by
    item (qpdf copies only indirect objects)."""
    import pikepdf

    if isinstance(value, pikepdf.Array) and not value.is_indirect:
        return pikepdf.Array([_copy(pdf, v) for v in value])
    if isinstance(value, pikepdf.Object) and value.is_indirect \
            and not value.is_owned_by(pdf):
        return pdf.copy_foreign(value)
    return value


def _linked(page: pikepdf.Object, nums: dict[int, Any]
            ) -> Iterator[tuple[pikepdf.Object, Any]]:
    """The page's annotations that are tagged (links), with their structure elements."""
    for annotation in page.get("/Annots", []):
        if "/StructParent" in annotation:
            yield annotation, nums[int(annotation.StructParent)]


def _prefix_header_ids(element: pikepdf.Object, prefix: str) -> None:
    """Make the table header ids of a half unique in the bound paper (WeasyPrint names
    them after object numbers, which each half counts from 1)."""
    import pikepdf

    stack = [element]
    while stack:
        e = stack.pop()
        if "/ID" in e:
            e.ID = pikepdf.String(prefix + str(e.ID))
        attributes = e.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
            attributes.Headers = pikepdf.Array(
                [pikepdf.String(prefix + str(h)) for h in attributes.Headers])
        kids = e.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(k for k in kids
                         if isinstance(k, pikepdf.Dictionary) and k.get("/Type") ==
                         pikepdf.Name.StructElem)


def _retag_fonts(half: pikepdf.Pdf, k: int) -> None:
    """Give a half's font subsets tags of their own: each document subsets the fonts it
    uses and WeasyPrint tags a subset after the font, not the letters in it, but the PDF
    standard asks different subsets in one file to have different tags (a reader may
    otherwise take one subset for another and lose letters)."""
    import hashlib

    import pikepdf

    for obj in half.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        kind = obj.get("/Type")
        key = "/BaseFont" if kind == "/Font" else "/FontName"
        if kind not in ("/Font", "/FontDescriptor"):
            continue
        name = str(obj.get(key, ""))
        if len(name) > 8 and name[7] == "+" and name[1:7].isupper():
            digest = hashlib.sha256(f"{name[1:7]}{k}".encode()).digest()
            tag = "".join(chr(65 + b % 26) for b in digest[:6])
            obj[key] = pikepdf.Name("/" + tag + name[7:])


def _names(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    flat: Any = names.Dests.get("/Names", [])
    return [(str(flat[i]), flat[i + 1]) for i in range(0, len(flat), 2)]


def _moved_dest(dest: pikepdf.Object, moved: dict[tuple[int, int], pikepdf.Object]
                ) -> pikepdf.Object:
    import pikepdf

    return pikepdf.Array([moved[dest[0].objgen], *list(dest)[1:]])


def _set_names(pdf: pikepdf.Pdf, dests: dict[str, pikepdf.Object]) -> None:
    """The named destinations, sorted as a name tree must be."""
    import pikepdf

    if not dests:
        return
    flat: list[Any] = []
    for name in sorted(dests, key=lambda n: n.encode("utf-8")):
        flat += [pikepdf.String(name), dests[name]]
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=pikepdf.Array(flat)))


def _bookmarks(half: pikepdf.Pdf, moved: dict[tuple[int, int], pikepdf.Object]
               ) -> list[pikepdf.OutlineItem]:
    """A half's bookmarks, pointing at its pages in the bound paper."""
    import pikepdf

    def copy(item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
        dest: Any = item.destination
        if isinstance(dest, pikepdf.Array):
            dest = _moved_dest(dest, moved)
        new = pikepdf.OutlineItem(item.title, dest)
        new.is_closed = item.is_closed
        new.children.extend(copy(c) for c in item.children)
        return new

    with half.open_outline() as outline:
        return [copy(item) for item in outline.root]
