"""Decoding report bytes: encodings, BOMs, GB18030 vs Big5, errors (ingest.decode)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.errors import InputError
from cityreports.ingest import decode as cio
from cityreports.ingest.decode import decode_bytes

from ..conftest import DATA

RAW_FILES = sorted((DATA / "raw").glob("*.txt"))
TRADITIONAL = [p for p in RAW_FILES if p.name.startswith("003_")]
SIMPLIFIED_CHARS = sorted(
    {
        c
        for p in RAW_FILES
        if p not in TRADITIONAL
        for c in p.read_text("utf-8")
        if "\u4e00" <= c <= "\u9fff"
    }
)


def _text(path: Path) -> str:
    return path.read_text("utf-8")


# --------------------------------------------------------------------------- decode_bytes

ENCODINGS = [
    # (how to encode the decoded text, expected encoding name)
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    (lambda t: t.encode("utf-16"), "utf-16-le"),  # CPython writes a little-endian BOM
    (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # BOM-less: recognised by its NULs
    (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: t.encode("gb18030"), "gb18030"),
]


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize(("encode", "expected"), ENCODINGS)
def test_round_trip_of_bundled_files(path, encode, expected):
    text = _text(path)
    assert decode_bytes(encode(text), path=str(path)) == (text, expected)


@pytest.mark.parametrize("path", TRADITIONAL, ids=lambda p: p.name[:3])
def test_traditional_file_round_trips_as_big5(path):
    text = _text(path)
    decoded, encoding = decode_bytes(text.encode("big5"), path=str(path))
    assert (decoded, encoding) == (text, "big5")


@pytest.mark.parametrize("path", RAW_FILES, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_crlf_copy_differs_only_by_cr(path, codec):
    text = _text(path)
    data = text.replace("\n", "\r\n").encode(codec)
    decoded, _ = decode_bytes(data, path=str(path))
    assert "\r\n" in decoded or "\n" not in text  # line endings are left untouched
    assert decoded.replace("\r", "") == text


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("智慧城市建设要以人民为中心", "gb18030", "gb18030"),
        ("数字孪生城市", "gb18030", "gb18030"),
        ("數位政府與智慧城市的發展", "big5", "big5"),
        ("智慧城市藍圖", "big5", "big5"),
        ("香港智慧城市藍圖：屋內設施", "big5hkscs", "big5"),  # no HKSCS-only characters
        ("香港公共屋邨的智慧設施", "big5hkscs", "big5hkscs"),  # 邨 is HKSCS-only
        ("恒生指數上升，港深兩地：𥚃", "big5hkscs", "big5hkscs"),
    ],
)
def test_short_chinese_strings_are_told_apart(text, codec, expected):
    assert decode_bytes(text.encode(codec), path="short.txt") == (text, expected)


@pytest.mark.parametrize("text", ["Café au lait", "naïve résumé", "Привет мир", "東京タワー"])
def test_valid_non_chinese_utf8_stays_utf8(text):
    assert decode_bytes(text.encode("utf-8"), path="x.txt") == (text, "utf-8")


def test_file_cut_mid_character_decodes_with_replacement():
    text = _text(RAW_FILES[0])
    data = text.encode("utf-8")[:-1]  # the last character loses a byte
    decoded, encoding = decode_bytes(data, path="cut.txt")
    assert encoding == "utf-8+replace"
    assert decoded[:-1] == text[:-1]
    assert decoded.endswith("\ufffd")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file, not text"),
        (bytes(range(1, 9)) * 20 + "智慧城市".encode(), "binary file, not text"),
        # a few bytes with a NUL: not BOM-less UTF-16 just because it decodes as such
        (b"\x00\x01binary", "binary file, not text"),
        (b"\xff\xfeA\x00B", "invalid utf-16-le after its byte-order mark"),
        (b"\xff" * 200, "cannot decode as UTF-8, UTF-16, GB18030 or Big5"),
    ],
    ids=["empty", "nul", "controls", "short-nul", "invalid-utf16", "ff"],
)
def test_decode_errors_name_file_and_problem(data, problem):
    with pytest.raises(InputError) as info:
        decode_bytes(data, path="corpus/bad.txt")
    assert info.value.path == "corpus/bad.txt"
    message = str(info.value)
    assert message.startswith("corpus/bad.txt: ")
    assert "\n" not in message
    assert message.endswith(problem)


SIMPLIFIED_TEXT = "\n".join(_text(p) for p in RAW_FILES if p not in TRADITIONAL)
TRADITIONAL_TEXT = "\n".join(_text(p) for p in TRADITIONAL)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(min_value=12, max_value=80))
def test_passages_of_real_text_round_trip_through_gb18030_and_big5(data, length):
    """Any passage of 12 or more characters of real Chinese text is decoded right.

    (Random strings of rare characters are not: a run of uncommon simplified characters
    read as Big5 gives an equally plausible run of traditional ones.)
    """
    for text, codec in ((SIMPLIFIED_TEXT, "gb18030"), (TRADITIONAL_TEXT, "big5")):
        start = data.draw(st.integers(min_value=0, max_value=len(text) - length))
        passage = text[start : start + length]
        try:
            data_bytes = passage.encode(codec)
        except UnicodeEncodeError:  # a character the legacy codec lacks
            continue
        if len(data_bytes) == len(passage):  # pure ASCII: nothing to detect
            continue
        decoded, encoding = decode_bytes(data_bytes, path="passage.txt")
        assert decoded == passage
        assert encoding == codec


MIXED_ALPHABET = (
    st.sampled_from(SIMPLIFIED_CHARS)
    | st.characters(min_codepoint=0x20, max_codepoint=0x7E)
    | st.sampled_from(["\n", "\r\n", "\u3000", "，", "。", "“", "”", "％"])
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MIXED_ALPHABET, min_size=1, max_size=120).filter(lambda cs: "".join(cs).strip()))
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_round_trip(codec, chars):
    text = "".join(chars)
    decoded, _ = decode_bytes(text.encode(codec), path="any.txt")
    assert decoded == text


def test_regex_whitespace_is_str_isspace():
    """The counting regexes rely on ``\\s`` meaning exactly ``str.isspace``."""
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    found = re.findall(
        r"\s",
        "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, sys.maxunicode + 1))),
    )
    assert "".join(found) == spaces


SCORE_ALPHABET = (
    MIXED_ALPHABET
    | st.characters()
    | st.sampled_from(["\x85", "\xa0", "\u2028", "\u3000", "·", "—", "\u9fff", "\ua000", "國"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SCORE_ALPHABET, max_size=80))
def test_vectorised_scores_match_character_loops(pieces):
    text = "".join(pieces)

    chars = [c for c in text if ord(c) > 0x7F and not c.isspace()]
    frequent = sum(1 for c in chars if c in cio._FREQUENT_HANZI or c in cio._CJK_PUNCTUATION)
    plausible = sum(1 for c in chars if "\u4e00" <= c <= "\u9fff" or c in cio._CJK_PUNCTUATION)
    assert cio._non_ascii_count(text) == len(chars)
    assert cio._visible_count(text) == sum(1 for c in text if not c.isspace())
    assert cio.cjk_score(text) == (frequent / len(chars) if chars else 0.0)
    assert cio._plausible_share(text) == (plausible / len(chars) if chars else 1.0)

