"""Text no report would hold: long runs of letters, digits and Chinese numerals never make the
number grammar raise, and every span it gives is a slice of the text (timings are in
benchmarks/bench_adversarial_numbers.py, not here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.quant.claims import claim_diagnostics, extract_claims
from cityreports.quant.enumerations import find_enumerations
from cityreports.quant.number_diagnostics import scan_diagnostics
from cityreports.quant.numbers import scan_quantities
from cityreports.text.numerals import parse_chinese_integer, parse_number

from .. import factories

ADVERSARIAL = [
    "九" * 5000 + "元",
    "九十" * 3000 + "万元",
    "a" * 20000,
    "a" * 20000 + "5G",
    "1" * 20000 + "元",
    "1,000" * 4000 + "万元",
    "1，000" * 4000 + "亿元",
    "1." * 10000 + "5%",
    "１２" * 5000,
    "1九a" * 5000,
    "第" * 5000 + "一",
    "不低于" * 3000 + "5%",
    "“" * 3000 + "三个" + "”" * 3000,
    "由" * 3000 + "30万元提高到50万元",
    "增长" * 3000 + "6.7%",
    "约" * 5000 + "1" * 5000 + "人",
    "http://" + "a" * 10000,
    "@" * 5000 + "a@b.c" * 2000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: f"{t[:6]}…{len(t)}")
def test_adversarial_text_never_raises_and_spans_are_slices(text):
    for q in scan_quantities(text):
        assert text[q.start : q.end] == q.surface
    for d in scan_diagnostics(text):
        assert text[d.start : d.end] == d.surface
    doc = factories.make_doc(text, year=2024)
    for c in extract_claims(doc):
        assert doc.raw.raw_text[c.start : c.end] == c.surface
    claim_diagnostics(doc)
    find_enumerations(doc)


@pytest.mark.parametrize(
    "text", ["九" * 5000, "一" * 100, "二〇" * 3000, "九十" * 3000, "1" * 5000, "1" * 100 + "万亿"]
)
def test_numeral_parsers_refuse_what_is_no_number(text):
    assert parse_chinese_integer(text) is None or len(text) <= 40
    assert parse_number(text) is None or len(text) <= 64


_RUN = st.one_of(
    st.text(alphabet="abcXYZ", min_size=50, max_size=600),
    st.text(alphabet="0123456789", min_size=20, max_size=600),
    st.text(alphabet="零〇一二两三四五六七八九十百千万亿", min_size=20, max_size=600),
    st.text(alphabet="1,.，·%万亿元个 ", min_size=20, max_size=300),
)
_PIECE = st.one_of(
    _RUN,
    st.sampled_from(
        ["不低于", "增长", "由", "提高到", "至", "以上", "以下", "左右", "万元", "%", "，", "。",
         "；", "“", "”", "「", "」", "各位代表：", "今年", "去年", "预计", "力争", "分别",
         "、", "其中", "表示，", "局长", "[", "]"]
    ),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=20),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=12))
def test_random_runs_never_raise_and_spans_are_slices(pieces):
    text = "".join(pieces)
    for q in scan_quantities(text):
        assert text[q.start : q.end] == q.surface
        assert q.inclusive in (None, True, False)
    doc = factories.make_doc(text, year=2024)
    for c in extract_claims(doc):
        assert doc.raw.raw_text[c.start : c.end] == c.surface
        assert c.relation in ("level", "change", "from", "to")
        assert c.modality in ("achieved", "target", "forecast", "unknown")
