"""Collocations: quanteda's lambda and z, checked against hand computations."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.collocations import (
    collocation_stats,
    collocations,
    ngram_counts,
    prepare_sentences,
)
from cityreports.errors import ParameterError
from tests.factories import make_corpus, make_doc

#: quanteda's documentation example: tokens("a b c a b d e b d a b"), one sentence.
EXAMPLE = [list("abcabdebdab")]


def test_bigram_a_b_by_hand():
    """Bigrams: ab x3, bc, ca, bd x2, de, eb, da (N = 10). For "a b": both match 3, only
    the first 0 (every a is followed by b), only the second 1 (eb), neither 10-3-0-1 = 6."""
    stats = collocation_stats(ngram_counts(EXAMPLE, 2), min_count=2, smoothing=0.5)
    row = stats.set_index("collocation").loc["a b"]
    n11, n10, n01, n00 = 3.5, 0.5, 1.5, 6.5
    lam = math.log(n11) - math.log(n10) - math.log(n01) + math.log(n00)
    assert row["count"] == 3
    assert row["lambda"] == pytest.approx(lam)
    assert row["z"] == pytest.approx(lam / math.sqrt(1 / n11 + 1 / n10 + 1 / n01 + 1 / n00))
    assert row["lambda"] == pytest.approx(3.412247, abs=1e-6)  # log(3.5 * 6.5 / 0.75)


def test_trigram_by_hand():
    """Trigrams of "a b c a b c a b d": abc x2, bca x2, cab x2, abd (N = 7). For "a b c":
    the 8 cells by which positions match (first, second, third)."""
    sentences = [list("abcabcabd")]
    stats = collocation_stats(ngram_counts(sentences, 3), min_count=2, smoothing=0.5)
    row = stats.set_index("collocation").loc["a b c"]
    cells = {  # positions matching -> count of trigrams; all 7 trigrams listed:
        (1, 1, 1): 2,  # abc abc
        (1, 1, 0): 1,  # abd
        (0, 0, 0): 4,  # bca bca cab cab
    }
    lam = inv = 0.0
    for bits in itertools.product((0, 1), repeat=3):
        n = cells.get(bits, 0) + 0.5
        lam += (-1) ** (3 - sum(bits)) * math.log(n)
        inv += 1 / n
    assert row["count"] == 2
    assert row["lambda"] == pytest.approx(lam)
    assert row["z"] == pytest.approx(lam / math.sqrt(inv))


def brute_force(counts: Counter, gram: tuple, smoothing: float) -> tuple[float, float]:
    """The definition: compare the candidate with every K-gram."""
    k = len(gram)
    table = Counter()
    for other, n in counts.items():
        table[tuple(int(a == b) for a, b in zip(gram, other, strict=True))] += n
    lam = inv = 0.0
    for bits in itertools.product((0, 1), repeat=k):
        cell = table[bits] + smoothing
        lam += (-1) ** (k - sum(bits)) * math.log(cell)
        inv += 1 / cell
    return lam, lam / math.sqrt(inv)


@settings(max_examples=60, deadline=None)
@given(
    sentences=st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "", None]), max_size=12),
                       min_size=1, max_size=6),
    size=st.sampled_from([2, 3]),
    smoothing=st.sampled_from([0.5, 1.0]),
)
def test_marginal_computation_equals_the_definition(sentences, size, smoothing):
    counts = ngram_counts(sentences, size)
    stats = collocation_stats(counts, min_count=1, smoothing=smoothing)
    for row in stats.itertuples():
        lam, z = brute_force(counts, tuple(row.collocation.split(" ")), smoothing)
        assert row[5] == pytest.approx(lam) and row.z == pytest.approx(z)
    assert all("" not in c.split(" ") for c in stats.collocation)  # padded: never scored


def test_punctuation_breaks_and_stopwords_pad():
    prepared = prepare_sentences([["智慧", "的", "城市", "，", "AI", "Data"]],
                                 stopwords=frozenset({"的"}))
    assert prepared == [["智慧", "", "城市", None, "AI", "data"]]
    counts = ngram_counts(prepared, 2)
    assert ("城市", None) not in counts and counts[("智慧", "")] == 1


def test_collocations_of_a_corpus_by_period():
    corpus = make_corpus([
        make_doc("数字 政府 建设。数字 政府 服务。", doc_id="a", year=2018),
        make_doc("数字 孪生 城市。数字 孪生 平台。数字 政府。", doc_id="b", year=2023),
    ])
    table = collocations(corpus, size=2, periods={"early": (None, 2020), "late": (2021, None)})
    early = table[table.period == "early"]
    late = table[table.period == "late"]
    assert "数字 政府" in set(early.collocation) and "数字 孪生" not in set(early.collocation)
    assert late.set_index("collocation").loc["数字 孪生", "count"] == 2
    assert late.set_index("collocation").loc["数字 孪生", "phrase"] == "数字孪生"
    assert list(table.columns) == ["period", "collocation", "phrase", "count", "length",
                                   "lambda", "z"]
    assert (early.z.diff().dropna() <= 0).all()


def test_bundled_corpus_collocations_are_deterministic(bundled_corpus):
    a = collocations(bundled_corpus, min_count=3)
    b = collocations(bundled_corpus, min_count=3)
    assert len(a) > 0 and a.equals(b)
    assert set(a.length) == {2, 3}


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"size": 1}, "size"), ({"size": (2, 9)}, "size"), ({"min_count": 0}, "min_count"),
     ({"smoothing": -1}, "smoothing"), ({"periods": {"x": (2020, 2010)}}, "periods"),
     ({"periods": {"x": 2020}}, "periods")],
)
def test_bad_options(kwargs, name):
    with pytest.raises(ParameterError, match=name):
        collocations(make_corpus([make_doc("数字 政府。")]), **kwargs)
