"""Bigram and trigram collocations with quanteda's lambda and z (``textstat_collocations``).

For a ``K``-word candidate ``x`` and every ``K``-gram ``z`` of the texts, the comparison
``c(x, z)`` records which positions hold the same word. Counting the ``K``-grams by
comparison gives a ``2^K`` table ``n_c`` (plus ``smoothing`` in every cell); then

* ``lambda = sum_c (-1)^(K - b_c) log n_c`` (``b_c`` = positions that match), the ``K``-way
  interaction of the saturated log-linear model (Blaheta and Johnson 2001), and
* ``z = lambda / sqrt(sum_c 1 / n_c)``, its Wald statistic.

As in quanteda.textstats: ``K``-grams never span sentences; a ``K``-gram holding a punctuation
token is not formed at all; with ``drop_stopwords`` stop-words are removed *with padding*, so
``K``-grams holding a pad are counted in the tables but not scored (quanteda's
``tokens_remove(..., padding = TRUE)``); ASCII words are lower-cased except all-capital ones
(``tolower = TRUE`` with ``keep_acronyms``); candidates occur at least ``min_count`` times.
Sorted by ``z`` (descending), then collocation. quanteda's ``count_nested`` is not computed.

The table is computed from marginal counts (inclusion-exclusion over the ``2^K`` position
sets), which gives the same numbers as comparing every candidate with every ``K``-gram.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from cityreports.errors import ParameterError
from cityreports.records import check_roles, select_documents
from cityreports.text.tokens import Segmenter, default_segmenter, sentence_tokens

COLUMNS = ["period", "collocation", "phrase", "count", "length", "lambda", "z"]
_PAD = ""  # a removed stop-word (never a real token: tokens are non-empty)


def _is_punctuation(token: str) -> bool:
    """quanteda's ``^\\p{P}+$``: every character is punctuation (Unicode category P)."""
    return all(unicodedata.category(ch).startswith("P") for ch in token)


def _lower(token: str) -> str:
    return token if token.isupper() else token.lower()


def prepare_sentences(
    sentences: Iterable[Sequence[str]], *, stopwords: frozenset[str] = frozenset(),
    tolower: bool = True,
) -> list[list[str | None]]:
    """Tokens ready for counting: punctuation -> ``None`` (breaks), stop-words -> pad."""
    out = []
    for sentence in sentences:
        row: list[str | None] = []
        for token in sentence:
            if _is_punctuation(token):
                row.append(None)
            elif token in stopwords:
                row.append(_PAD)
            else:
                row.append(_lower(token) if tolower else token)
        out.append(row)
    return out


def ngram_counts(sentences: Iterable[Sequence[str | None]], size: int) -> Counter:
    """Counts of the ``size``-grams inside each sentence that hold no ``None``."""
    counts: Counter = Counter()
    for sentence in sentences:
        for i in range(len(sentence) - size + 1):
            gram = tuple(sentence[i:i + size])
            if None not in gram:
                counts[gram] += 1
    return counts


def collocation_stats(
    counts: Mapping[tuple[str, ...], int], *, min_count: int = 2, smoothing: float = 0.5
) -> pd.DataFrame:
    """``collocation, phrase, count, length, lambda, z`` of the candidates among ``counts``
    (one size of ``K``-gram; padded ``K``-grams count in the tables, are never candidates)."""
    if not counts:
        return _empty().drop(columns="period")
    size = len(next(iter(counts)))
    subsets = [s for r in range(size + 1) for s in itertools.combinations(range(size), r)]
    margins = {s: Counter() for s in subsets}
    for gram, n in counts.items():
        for s in subsets:
            margins[s][tuple(gram[i] for i in s)] += n
    candidates = sorted(g for g, n in counts.items() if n >= min_count and _PAD not in g)
    rows = []
    for gram in candidates:
        at_least = {s: margins[s][tuple(gram[i] for i in s)] for s in subsets}
        lam, inv = 0.0, 0.0
        for s in subsets:
            exact = sum((-1) ** (len(t) - len(s)) * at_least[t] for t in subsets
                        if set(s) <= set(t))
            cell = exact + smoothing
            lam += (-1) ** (size - len(s)) * np.log(cell)
            inv += 1.0 / cell
        rows.append((" ".join(gram), "".join(gram), counts[gram], size, lam, lam / np.sqrt(inv)))
    frame = pd.DataFrame(rows, columns=COLUMNS[1:])
    return frame.astype({"count": "int64", "length": "int64"})


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float) for c in COLUMNS}).astype(
        {"period": object, "collocation": object, "phrase": object, "count": "int64",
         "length": "int64"})


def _check_periods(periods) -> dict[str, tuple[int | None, int | None]]:
    if periods is None:
        return {"all": (None, None)}
    if not isinstance(periods, Mapping) or not periods:
        raise ParameterError("periods", "give a mapping of label -> (first year, last year)")
    out = {}
    for label, span in periods.items():
        if not isinstance(span, Sequence) or len(span) != 2:
            raise ParameterError("periods", f"{label!r}: expected (first year, last year)")
        first, last = span
        if first is not None and last is not None and first > last:
            raise ParameterError("periods", f"{label!r}: year range {first}..{last} is empty")
        out[str(label)] = (first, last)
    return out


def collocations(
    corpus,
    *,
    size: int | Sequence[int] = (2, 3),
    min_count: int = 2,
    smoothing: float = 0.5,
    periods: Mapping[str, tuple[int | None, int | None]] | None = None,
    drop_stopwords: bool = True,
    tolower: bool = True,
    segmenter: Segmenter | None = None,
    roles: Sequence[str] = ("body",),
    collapse_duplicates: bool = True,
) -> pd.DataFrame:
    """Collocations of the corpus, or of each period: ``period`` label -> ``(first, last)``
    year (inclusive, ``None`` for an open end; undated documents are in no period).

    Columns: period, collocation (tokens joined by spaces, as quanteda), phrase (joined as
    written), count, length, lambda, z. Tokens are the sentences' (see
    :func:`~cityreports.text.tokens.sentence_tokens`).
    """
    sizes = (size,) if isinstance(size, int) else tuple(size)
    if not sizes or any(not isinstance(k, int) or k < 2 or k > 5 for k in sizes):
        raise ParameterError("size", f"sizes must be integers from 2 to 5, got {size!r}")
    if not isinstance(min_count, int) or min_count < 1:
        raise ParameterError("min_count", f"must be an integer >= 1, got {min_count!r}")
    if not smoothing >= 0:
        raise ParameterError("smoothing", f"must be >= 0, got {smoothing!r}")
    spans = _check_periods(periods)
    roles = check_roles(roles)
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    seg = segmenter if segmenter is not None else default_segmenter()
    stop = seg.stopwords if drop_stopwords else frozenset()
    prepared = {d.doc_id: prepare_sentences(sentence_tokens(d, roles=roles, segmenter=segmenter),
                                            stopwords=stop, tolower=tolower) for d in docs}
    frames = []
    for label, (first, last) in spans.items():
        chosen = [d for d in docs if periods is None or (
            d.meta.year is not None and (first is None or d.meta.year >= first)
            and (last is None or d.meta.year <= last))]
        sentences = [s for d in chosen for s in prepared[d.doc_id]]
        for k in sorted(sizes):
            stats = collocation_stats(ngram_counts(sentences, k), min_count=min_count,
                                      smoothing=smoothing)
            frames.append(stats.assign(period=label))
    frames = [f for f in frames if len(f)]
    if not frames:
        return _empty()
    frame = pd.concat(frames, ignore_index=True)[COLUMNS]
    order = {label: i for i, label in enumerate(spans)}
    frame["_p"] = frame["period"].map(order)
    frame["_z"] = -frame["z"]
    frame = frame.sort_values(["_p", "_z", "collocation"], kind="mergesort", ignore_index=True)
    return frame.drop(columns=["_p", "_z"])
