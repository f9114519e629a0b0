"""Taiwan and Hong Kong forms of codebook terms: generation, the codebook files, matching."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest
import yaml

from cityreports.analyses.themes import theme_hits
from cityreports.codebooks import load_codebook, load_formulations
from cityreports.errors import InputError
from cityreports.pipeline import parse_corpus
from cityreports.pipeline.parse import parse_document
from cityreports.records import RawDocument
from cityreports.resources import resource_path
from cityreports.text.variants import (
    book_entries,
    load_regional_usage,
    regional_variants,
    term_variants,
    write_variants,
)
from tests.conftest import DEVCORPUS


def parse_text(text: str):
    """One document through the real normaliser (traditional paragraphs -> simplified)."""
    return parse_document(RawDocument("t", "t.txt", "txt", "utf-8", "0" * 64, text))


@pytest.mark.parametrize(
    ("term", "variant"),
    [
        ("人工智能", "人工智慧"),  # OpenCC s2twp phrase
        ("信息安全", "资讯安全"),  # 資訊安全, read as the normaliser converts it
        ("网络安全", "网路安全"),
        ("数字化转型", "数位转型"),  # regional_usage.tsv: OpenCC gives 數字化轉型
        ("数字政府", "数码政府"),  # Hong Kong usage
        ("算法", "演算法"),
    ],
)
def test_term_variants_include_the_regional_form(term, variant):
    assert variant in term_variants(term)


@pytest.mark.parametrize(
    ("term", "rejected"),
    [("社区", "社群"), ("城市运行", "城市执行"), ("数据市场", "资料市场")],
)
def test_rejected_conversions_are_not_variants(term, rejected):
    assert rejected not in term_variants(term)


def test_a_form_that_is_already_a_term_or_shared_by_two_terms_is_left_out():
    out = regional_variants({"a": ["人工智能", "人工智慧"], "b": ["数据中心"]})
    assert "人工智慧" not in out["a"]
    assert out["b"] == {"资料中心": "数据中心"}


@pytest.mark.parametrize("name", ["codebooks/themes.yml", "codebooks/formulations.yml"])
def test_packaged_codebooks_hold_the_generated_variants(name):
    """Edit a term and forget `python -m cityreports.text.variants FILE`: this fails."""
    text = resource_path(name).read_text(encoding="utf-8")
    expected = write_variants(text, regional_variants(book_entries(yaml.safe_load(text))))
    assert text == expected


def test_write_variants_replaces_old_lines_and_keeps_comments():
    text = ("themes:\n  - id: a\n    terms: [人工智能]\n    variants: {旧: 人工智能,\n"
            "               更旧: 人工智能}\n  # a comment\n  - id: b\n    terms: [算法]\n")
    out = write_variants(text, {"a": {"人工智慧": "人工智能"}, "b": {}})
    assert out == ("themes:\n  - id: a\n    terms: [人工智能]\n    variants: {人工智慧: 人工智能}\n"
                   "  # a comment\n  - id: b\n    terms: [算法]\n")


def test_bad_usage_file_is_one_line_error(tmp_path):
    path = tmp_path / "usage.tsv"
    path.write_text("xx\t数字\t数位\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: unknown region 'xx'"):
        load_regional_usage(path)


@pytest.mark.parametrize(
    ("text", "surface", "theme", "term"),
    [
        ("臺南市推動數位轉型，發展人工智慧產業。", "數位轉型", "economy_industry", "数字化转型"),
        ("臺南市推動數位轉型，發展人工智慧產業。", "人工智慧", "ai_models", "人工智能"),
        ("香港特區政府推動數碼政府及網絡安全。", "數碼政府", "government_services", "数字政府"),
        ("強化資訊安全與個人資料保護。", "資訊安全", "security_privacy", "信息安全"),
    ],
)
def test_variants_are_counted_as_their_term_with_raw_offsets(text, surface, theme, term):
    doc = parse_text(text)
    hits = theme_hits([doc])
    row = hits[(hits.theme == theme) & (hits.term == term)]
    assert len(row) == 1
    start, end = int(row.start.iloc[0]), int(row.end.iloc[0])
    assert doc.raw.raw_text[start:end] == surface


def test_formulation_variants_are_loaded():
    book = load_formulations()
    assert any(("人工智慧", "人工智能") in f.variants for f in book.formulations)


# --------------------------------------------------------------------------- Tainan releases
#: Taiwan surfaces of codebook terms in the Tainan press releases: (raw surface, theme, term).
TAINAN = [
    ("人工智慧", "ai_models", "人工智能"),
    ("數位轉型", "economy_industry", "数字化转型"),
    ("資訊安全", "security_privacy", "信息安全"),
    ("資訊化", "digital_infrastructure", "信息化"),
    ("資訊基礎建設", "digital_infrastructure", "信息基础设施"),
    ("資訊科技", "digital_infrastructure", "信息技术"),
    ("資訊系統", "digital_infrastructure", "信息系统"),
    ("資訊產業", "economy_industry", "信息产业"),
    ("資訊資源", "data", "信息资源"),
    ("數位治理", "governance", "数字治理"),
    ("數位經濟", "economy_industry", "数字经济"),
]


@pytest.fixture(scope="module")
def tainan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tainan")
    for path in sorted((DEVCORPUS / "docs").glob("press_tw_tainan_*.json")):
        shutil.copy(path, folder / path.name)
    corpus = parse_corpus(folder)
    assert len(corpus) == 46
    return corpus


@pytest.mark.parametrize(("surface", "theme", "term"), TAINAN)
def test_tainan_usage_is_counted_by_the_matching_theme(tainan, surface, theme, term):
    """Expected counts by plain search of the raw body text; every one is a hit of the theme."""
    expected = sum(
        doc.raw.raw_text[b.start:b.end].count(surface)
        for doc in tainan for b in doc.blocks if b.role == "body"
    )
    hits = theme_hits(tainan)
    raw = {doc.doc_id: doc.raw.raw_text for doc in tainan}
    surfaces = [raw[d][a:b] for d, a, b in zip(hits.doc_id, hits.start, hits.end, strict=True)]
    counted = sum(
        s == surface and h == theme and t == term
        for s, h, t in zip(surfaces, hits.theme, hits.term, strict=True)
    )
    assert expected > 0
    assert counted == expected


def test_tainan_counts_rise_with_the_variants(tainan):
    """Without the variants the releases' AI theme is nearly empty."""
    book = load_codebook()
    plain = type(book)(**{**book.__dict__, "themes": tuple(
        type(t)(**{**t.__dict__, "variants": ()}) for t in book.themes)})
    with_variants = (theme_hits(tainan, book).theme == "ai_models").sum()
    without = (theme_hits(tainan, plain).theme == "ai_models").sum()
    assert with_variants >= without + 51


def test_tainan_zixun_is_counted_inside_the_compounds_the_codebook_names(tainan):
    """資訊 is Taiwan's 信息 (information). Alone it is mostly "information for the public"
    (提供民眾資訊) or part of a name (資訊月, the IT fair; 資訊處; 資訊工業策進會), which no
    theme means; inside a compound whose mainland form is a codebook term (資訊科技 = 信息技术,
    資訊安全 = 信息安全, 資訊系統 = 信息系统, 資訊化 = 信息化, ...) it counts for that term.

    The rule, exactly: the expected count is the number of non-overlapping, leftmost-longest
    matches, in each body block's normalised text, of the codebook surfaces (terms and
    variants) holding 资讯 -- found by plain search; the themes must count each of them once,
    and every theme hit with 資訊 in its raw surface must be one of them.
    """
    book = load_codebook()
    surfaces = sorted({form for t in book.themes for form, _ in t.variants if "资讯" in form}
                      | {term for t in book.themes for term in t.terms if "资讯" in term},
                      key=lambda s: (-len(s), s))
    assert {"资讯科技", "资讯安全", "资讯系统", "资讯化"} <= set(surfaces)
    pattern = re.compile("|".join(map(re.escape, surfaces)))
    expected = Counter()
    for doc in tainan:
        for block in doc.blocks:
            if block.role == "body":
                for m in pattern.finditer(block.text):
                    start, end = doc.norm.raw_span(block.norm_start + m.start(),
                                                   block.norm_start + m.end())
                    expected[(doc.doc_id, start, end)] += 1
    hits = theme_hits(tainan)
    raw = {doc.doc_id: doc.raw.raw_text for doc in tainan}
    counted = Counter((d, int(a), int(b)) for d, a, b in zip(hits.doc_id, hits.start, hits.end,
                                                            strict=True)
                      if "資訊" in raw[d][a:b])
    plain = sum(doc.raw.raw_text[b.start:b.end].count("資訊")
                for doc in tainan for b in doc.blocks if b.role == "body")
    assert 0 < sum(expected.values()) < plain  # most 資訊 are not in a named compound
    assert counted == expected
