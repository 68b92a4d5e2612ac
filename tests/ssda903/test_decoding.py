"""The decoder reads a file a chunk at a time: a character or a problem split between two
chunks must come out exactly as from a file read whole."""

from __future__ import annotations

import io

import pytest

from carepanel.ssda903.decoding import CHUNK, BadText, Decoder, wide_encoding


def decode(data: bytes) -> tuple[str, list[str], str | None]:
    """The text, the fallback warnings, and the problem that stopped the decoding."""
    warnings: list[str] = []
    pieces: list[str] = []
    try:
        for piece in Decoder(io.BytesIO(data), warnings.append):
            pieces.append(piece)
    except BadText as e:
        return "".join(pieces), warnings, e.message
    return "".join(pieces), warnings, None


@pytest.mark.parametrize("split", range(1, 4))
def test_a_utf8_character_split_between_chunks_is_whole(split: int) -> None:
    text = "a" * (CHUNK - split) + "\u20ac\u00e9" + "b" * 10
    assert decode(text.encode()) == (text, [], None)


def test_a_bom_is_dropped_only_at_the_start() -> None:
    assert decode(b"\xef\xbb\xbfA,B\n") == ("A,B\n", [], None)
    text, _, problem = decode(b"A,B\n" + b"x" * CHUNK + b"\xef\xbb\xbfC\n")
    assert text == "A,B\n" + "x" * CHUNK
    assert problem is not None and problem.startswith("a byte order mark")


def test_windows_1252_is_used_only_when_nothing_before_was_utf8() -> None:
    text, warnings, problem = decode(b"x" * (CHUNK + 5) + b"Zo\xeb")
    assert (text, problem) == ("x" * (CHUNK + 5) + "Zo\u00eb", None)
    assert len(warnings) == 1
    assert decode(b"\xc3\xa9" + b"x" * CHUNK + b"\xeb")[2] == (
        "byte 0xEB is not valid UTF-8, though the rest of the file is: the file is damaged or "
        "joined from files saved differently; save it as CSV UTF-8")


@pytest.mark.parametrize("split", range(1, 3))
def test_a_utf8_sequence_split_between_chunks_after_the_fallback_is_seen(split: int) -> None:
    # Windows-1252 from byte 0xEB on; the UTF-8 "é" that later straddles two chunks still
    # shows the file mixes two encodings.
    data = b"\xeb" + b"x" * (CHUNK - 1 - split) + b"\xc3\xa9" + b"y"
    text, _, problem = decode(data)
    assert text == "\u00eb" + "x" * (CHUNK - 1 - split)
    assert problem is not None and problem.startswith("bytes 0xC3 0xA9 are UTF-8, but byte 0xEB")


def test_text_stops_exactly_before_the_problem() -> None:
    assert decode(b"abc\x00def") == ("abc", [], "a NUL byte (0x00): the file is not a text "
                                     "CSV file")
    assert decode(b"\xc3\xa9abc\xffdef")[0] == "\u00e9abc"


@pytest.mark.parametrize("data, expected", [
    ("A,B\n".encode("utf-16"), "UTF-16"), ("A,B\n".encode("utf-16-be"), "UTF-16"),
    ("CHILD,DOB\n".encode("utf-16-le"), "UTF-16"), ("A,B\n".encode("utf-32"), "UTF-32"),
    ("CHILD,DOB\n".encode("utf-32-be"), "UTF-32"), (b"CHILD,DOB\n", None),
    (b"CHILD\x00,DOB\n", None), (b"", None)])
def test_wide_encodings_are_recognised_with_or_without_a_bom(data: bytes,
                                                             expected: str | None) -> None:
    assert wide_encoding(data) == expected
