"""Tests for codebook loading, validation and the leftmost-longest term matcher."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.codebooks import load_codebook, load_formulations
from cityreports.errors import InputError, ParameterError
from cityreports.text.terms import build_matcher, term_key

GOOD_THEMES = """\
version: "1"
date: "2025-01-01"
description: test book
themes:
  - id: data
    label_en: Data
    label_zh: 数据
    definition: Data things.
    terms: [大数据, 数据共享]
  - id: green
    label_en: Green
    label_zh: 绿色
    definition: Green things.
    terms: [绿色]
    exclude: [绿色通道]
"""


def write(tmp_path: Path, text: str, name: str = "book.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_codebooks_load_and_are_versioned():
    themes = load_codebook()
    forms = load_formulations()
    assert themes.path == "cityreports:codebooks/themes.yml"
    assert themes.version and themes.date and themes.description
    assert len(themes.themes) >= 14
    assert all(t.terms and t.definition for t in themes.themes)
    assert "people_first" in forms.ids
    assert forms.get("people_first").superseded_by == "people_centred"
    assert forms.get("smart_city").superseded_by == "new_smart_city"


def test_an_edited_codebook_is_read_again(tmp_path):
    """The cache is keyed on content: an edit made while a kernel runs is not ignored."""
    path = write(tmp_path, GOOD_THEMES)
    assert load_codebook(path).get("green").terms == ("绿色",)
    path.write_text(GOOD_THEMES.replace("terms: [绿色]", "terms: [绿色, 低碳]"), encoding="utf-8")
    assert load_codebook(path).get("green").terms == ("绿色", "低碳")


def test_load_good_codebook(tmp_path):
    book = load_codebook(write(tmp_path, GOOD_THEMES))
    assert book.ids == ("data", "green")
    assert book.get("green").exclude == ("绿色通道",)
    with pytest.raises(KeyError):
        book.get("nope")


BAD = [
    ("duplicate id", GOOD_THEMES.replace("id: green", "id: data"), "duplicate id 'data'"),
    ("empty terms", GOOD_THEMES.replace("[大数据, 数据共享]", "[]"), "'data'.*'terms' is empty"),
    ("missing field", GOOD_THEMES.replace("    label_zh: 绿色\n", ""), "'green'.*'label_zh'"),
    ("missing version", GOOD_THEMES.replace('version: "1"\n', ""), "'version'"),
    ("no themes", GOOD_THEMES.split("themes:")[0] + "themes: []\n", "non-empty list"),
    ("duplicate term", GOOD_THEMES.replace("数据共享]", "大数据]"), "duplicate term '大数据'"),
    ("exclude is term", GOOD_THEMES.replace("[绿色通道]", "[绿色]"), "both a term"),
    ("exclude unrelated", GOOD_THEMES.replace("[绿色通道]", "[蓝天]"), "none of the terms"),
    ("bad id", GOOD_THEMES.replace("id: green", "id: Green Theme"), "snake_case"),
    ("not a mapping", "- a\n- b\n", "top level"),
    ("bad yaml", "themes: [\n", "YAML"),
]


@pytest.mark.parametrize(("case", "text", "message"), BAD, ids=[b[0] for b in BAD])
def test_invalid_codebooks_name_file_and_entry(tmp_path, case, text, message):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_codebook(path)
    assert str(path) in str(info.value)
    assert re.search(message, str(info.value)), str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_codebook(tmp_path / "absent.yml")


FORMS = """\
version: "1"
date: "2025-01-01"
description: forms
formulations:
  - id: old
    label: 以人为本
    label_en: People first
    terms: [以人为本]
    superseded_by: {target}
  - id: new
    label: 以人民为中心
    label_en: People-centred
    terms: [以人民为中心]
"""


@pytest.mark.parametrize(
    ("target", "message"), [("missing", "unknown"), ("old", "superseded by itself")]
)
def test_formulation_superseded_by_must_exist(tmp_path, target, message):
    with pytest.raises(InputError, match=message):
        load_formulations(write(tmp_path, FORMS.format(target=target)))


def test_formulations_load(tmp_path):
    book = load_formulations(write(tmp_path, FORMS.format(target="new")))
    assert book.ids == ("old", "new")
    assert book.get("old").superseded_by == "new"


MATCH_CASES = [
    # (text, expected [(surface, term, owners)])
    (
        "新型智慧城市和智慧城市",
        [("新型智慧城市", "新型智慧城市", ("n",)), ("智慧城市", "智慧城市", ("s",))],
    ),
    ("CAICT 谈云说AI", [("AI", "AI", ("a",))]),
    ("ai与AIGC", [("ai", "AI", ("a",))]),
    ("5GHz与5G网络", [("5G", "5G", ("a",))]),
    ("绿色通道很绿色", [("绿色通道", "绿色通道", ()), ("绿色", "绿色", ("g",))]),
    ("大数据安全", [("大数据", "大数据", ("d",))]),
    ("数据安全", [("数据安全", "数据安全", ("d", "x"))]),
    ("没有任何术语", []),
]


@pytest.mark.parametrize(("text", "expected"), MATCH_CASES)
def test_matcher_leftmost_longest(text, expected):
    matcher = build_matcher(
        {
            "s": (["智慧城市"], []),
            "n": (["新型智慧城市"], []),
            "a": (["AI", "5G"], []),
            "g": (["绿色"], ["绿色通道"]),
            "d": (["大数据", "数据安全"], []),
            "x": (["数据安全"], []),
        }
    )
    got = [(text[m.norm_start:m.norm_end], m.term, m.owners) for m in matcher.finditer(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "counted"),
    [("国土空间规划局局长", []), ("国土空间规划体系", ["国土空间规划"]), ("数字经济司", []),
     ("数字经济", ["数字经济"]), ("数字经济新格局", ["数字经济"])],
)
def test_organisation_suffix_blocks_agency_names(text, counted):
    matcher = build_matcher(
        {"p": (["国土空间规划", "数字经济"], [])}, organisation_suffixes=["局", "司"]
    )
    assert [m.term for m in matcher.finditer(text) if m.owners] == counted


def test_bundled_codebooks_declare_organisation_suffixes():
    assert "局" in load_codebook().organisation_suffixes
    assert "局" in load_formulations().organisation_suffixes


@pytest.mark.parametrize(
    ("setting", "suffixes"),
    [("", ("局", "厅", "署", "司")), ("organisation_suffixes: []\n", ()),
     ("organisation_suffixes: [局]\n", ("局",))],
)  # fmt: skip
def test_a_codebook_without_suffixes_uses_the_shared_term_endings(tmp_path, setting, suffixes):
    book = load_codebook(write(tmp_path, GOOD_THEMES.replace("themes:", setting + "themes:")))
    assert book.organisation_suffixes == tuple(sorted(suffixes))


def test_bad_organisation_suffixes(tmp_path):
    text = GOOD_THEMES.replace("themes:", "organisation_suffixes: [管理局]\nthemes:")
    with pytest.raises(InputError, match="organisation_suffixes"):
        load_codebook(write(tmp_path, text))


def test_matcher_needs_terms():
    with pytest.raises(ParameterError):
        build_matcher({})


TERMS = st.lists(st.text(alphabet="智慧城市新型数据AI", min_size=1, max_size=5), min_size=1,
                 max_size=8, unique_by=term_key)


@settings(max_examples=200, deadline=None)
@given(terms=TERMS, text=st.text(alphabet="智慧城市新型数据AIai的", max_size=40))
def test_matcher_agrees_with_greedy_scan(terms, text):
    """Matches are non-overlapping, increasing and equal to a naive leftmost-longest scan."""
    matcher = build_matcher({"t": (terms, [])})
    got = [(m.norm_start, m.norm_end) for m in matcher.finditer(text)]
    keys = {term_key(t) for t in terms}

    def ascii_edge(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    expected, i = [], 0
    while i < len(text):
        best = 0
        for j in range(len(text), i, -1):
            surface = text[i:j]
            if term_key(surface) not in keys:
                continue
            if surface[0].isascii() and ascii_edge(i - 1):
                continue
            if surface[-1].isascii() and ascii_edge(j):
                continue
            best = j - i
            break
        if best:
            expected.append((i, i + best))
            i += best
        else:
            i += 1
    assert got == expected
