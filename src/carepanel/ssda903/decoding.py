"""The one way a text file of a return becomes text: UTF-8, or Windows-1252 when it must be.

The DfE asks for UTF-8, and most case-management systems write it, with or without a byte
order mark (BOM). Older Excel saves "CSV" as Windows-1252, where a name like "Zoë" is one
byte that is not UTF-8. A file is read as Windows-1252 only when nothing else in it is
UTF-8: a file that mixes the two is damaged (a stray 0xFF once made a new child
``10793464ÿ``), and is refused rather than guessed at. No byte is ever replaced.

The file is decoded in chunks, so memory does not grow with its size. A problem is raised
as ``BadText`` only after every piece of text before it has been handed out: the reader
that consumes the pieces knows which row and column it had reached, and names them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

CHUNK = 1 << 16
# Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252 text.
_UNDEFINED_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# A well-formed UTF-8 sequence of two to four bytes (RFC 3629).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_SAVE_AS = "save it as CSV UTF-8"


class BadText(Exception):
    """Bytes that are not text; the text before them has already been handed out."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def wide_encoding(head: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the file's first bytes are in one, with or without a BOM.

    Such a file is full of NUL bytes as far as a UTF-8 reader can see; naming its
    encoding tells the user what to do ("save it as CSV UTF-8") where "NUL bytes" would not.
    """
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = head[: len(head[:4096]) // 4 * 4]
    if not sample or b"\x00" not in sample:
        return None
    quarter = len(sample) // 4
    zeros = [sample[k::4].count(0) / quarter for k in range(4)]
    few, most = 0.3, 0.7  # a header row is ASCII, so its wide form is mostly zeros
    if all(zeros[k] > most for k in (1, 2, 3)) and zeros[0] < few:
        return "UTF-32"  # little-endian
    if all(zeros[k] > most for k in (0, 1, 2)) and zeros[3] < few:
        return "UTF-32"  # big-endian
    if (zeros[1] > most and zeros[3] > most and zeros[0] < few and zeros[2] < few) or (
            zeros[0] > most and zeros[2] > most and zeros[1] < few and zeros[3] < few):
        return "UTF-16"
    return None


def wide_encoding_message(encoding: str) -> str:
    return f"the file is {encoding}: {_SAVE_AS}"


class Decoder:
    """The text of a binary file, in pieces: UTF-8, or Windows-1252 as a last resort.

    ``on_fallback(message)`` is called once if the file turns out to be Windows-1252, so
    the user is told; ``encoding`` says which was used.
    """

    def __init__(self, fh: BinaryIO, on_fallback: Callable[[str], None]):
        self._fh = fh
        self._on_fallback = on_fallback
        self.encoding = "UTF-8"
        self._seen_utf8 = False  # a multi-byte UTF-8 character (or a BOM) so far
        self._foreign = 0  # the first byte that made the file Windows-1252
        self._at_start = True

    def __iter__(self) -> Iterator[str]:
        pending = b""
        while True:
            chunk = self._fh.read(CHUNK)
            final = not chunk
            text, pending, problem = self._decode(pending + chunk, final)
            yield from self._checked(text)
            if problem is not None:
                raise BadText(problem)
            if final:
                return

    def _decode(self, data: bytes, final: bool) -> tuple[str, bytes, str | None]:
        """The text of ``data``, the bytes held back for the next chunk, and a problem."""
        text = ""
        if self.encoding == "UTF-8":
            try:
                decoded, used = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError as e:
                text = data[: e.start].decode("utf-8")
                if self._seen_utf8 or not text.isascii():
                    return text, b"", (
                        f"byte {_hex(data[e.start:e.end])} is not valid UTF-8, though the "
                        f"rest of the file is: the file is damaged or joined from files "
                        f"saved differently; {_SAVE_AS}")
                self._fall_back(data[e.start])
                data = data[e.start:]
            else:
                if not decoded.isascii():
                    self._seen_utf8 = True  # a BOM counts: it says the file is UTF-8
                return decoded, data[used:], None
        more, pending, problem = self._cp1252(data, final)
        return text + more, pending, problem

    def _fall_back(self, byte: int) -> None:
        self.encoding = "Windows-1252"
        self._foreign = byte
        letter = bytes([byte]).decode("cp1252", errors="replace")
        self._on_fallback(
            f"the file is not UTF-8 (byte 0x{byte:02X}, {letter!r} in Windows-1252): read as "
            f"Windows-1252, as older Excel saves CSV; {_SAVE_AS} to be sure of every character")

    def _cp1252(self, data: bytes, final: bool) -> tuple[str, bytes, str | None]:
        keep = 0  # a UTF-8 sequence split between two chunks must still be seen whole
        if not final:
            while keep < 3 and keep < len(data) and data[-1 - keep] >= 0x80:
                keep += 1
        part, pending = data[: len(data) - keep], data[len(data) - keep:]
        problems = []
        if (m := _UTF8_SEQUENCE.search(part)) is not None:
            problems.append((m.start(), (
                f"bytes {_hex(m.group())} are UTF-8, but byte 0x{self._foreign:02X} earlier "
                f"in the file is not: the file mixes two encodings; {_SAVE_AS}")))
        if (m := _UNDEFINED_CP1252.search(part)) is not None:
            problems.append((m.start(), (
                f"byte {_hex(m.group())} is neither UTF-8 nor Windows-1252 text; {_SAVE_AS}")))
        if problems:
            at, problem = min(problems)
            return part[:at].decode("cp1252"), b"", problem
        return part.decode("cp1252"), pending, None

    def _checked(self, text: str) -> Iterator[str]:
        """``text``, cut short before a NUL or a BOM in the middle of the file."""
        if self._at_start and text:
            self._at_start = False
            if text[0] == "\ufeff":  # the BOM that marks a UTF-8 file: not part of the text
                text = text[1:]
        nul, bom = text.find("\x00"), text.find("\ufeff")
        if nul >= 0 or bom >= 0:
            at = min(i for i in (nul, bom) if i >= 0)
            if at:
                yield text[:at]
            raise BadText(
                "a NUL byte (0x00): the file is not a text CSV file" if at == nul else
                "a byte order mark (BOM, bytes 0xEF 0xBB 0xBF) in the middle of the file: "
                "were two files joined into one? Remove it and save the file again")
        if text:
            yield text


def _hex(data: bytes) -> str:
    return " ".join(f"0x{b:02X}" for b in data)
