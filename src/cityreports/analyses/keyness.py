"""Keyness (target vs reference term frequencies), token counts and TF-IDF top terms.

:func:`keyness` follows quanteda's ``textstat_keyness`` for a 2x2 table per term::

                   target      reference
    term              a            b
    other tokens      c            d          N = a + b + c + d

* expected counts ``E_a = (a+b)(a+c)/N`` and ``E_b = (a+b)(b+d)/N``;
* ``g2 = 2 * sum(O * ln(O / E))`` over the four cells (``0 * ln 0 = 0``);
* ``chi2 = sum((O - E)**2 / E) = N (ad - bc)**2 / ((a+b)(c+d)(a+c)(b+d))``;
* ``correction="yates"`` moves every observed cell towards its expected value by
  ``min(0.5, |O - E|)`` before computing both statistics (as ``scipy.stats.chi2_contingency``
  and R's ``chisq.test`` do; quanteda applies it only when an expected count is below 5);
* ``correction="williams"`` divides both statistics by
  ``q = 1 + (N/(a+b) + N/(c+d) - 1)(N/(a+c) + N/(b+d) - 1) / (6N)``, with ``q = 1`` when a
  cell is zero, as quanteda does for G2 (quanteda multiplies chi2 by q; we divide, which is
  Williams' correction);
* ``"default"`` is Williams for ``measure="lr"`` and Yates for ``measure="chi2"`` (quanteda);
* ``signed`` is the chosen statistic, positive when ``a > E_a`` (over-used in the target);
  ``p`` is its chi-squared (1 df) upper tail; ``effect`` is Hardie's Log Ratio
  ``log2((a/T) / (b/R))`` with ``T = a+c`` and ``R = b+d`` and a zero count replaced by 0.5.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_dist

from cityreports.errors import ParameterError
from cityreports.records import (
    ParsedDocument,
    check_roles,
    duplicate_group_of,
    select_documents,
)
from cityreports.text.tokens import Segmenter, is_content_token

KEYNESS_COLUMNS = [
    "term", "target", "reference", "expected_target", "expected_reference", "g2", "chi2", "p",
    "signed", "effect",
]
MEASURES = ("lr", "chi2")
CORRECTIONS = ("default", "williams", "yates", None)


def _xlogy_ratio(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / np.where(e > 0, e, 1)), 0.0)


def keyness_stats(
    a: np.ndarray, b: np.ndarray, *, target_total: float, reference_total: float,
    correction: str | None,
) -> dict[str, np.ndarray]:
    """G2, chi2 and expected counts for arrays of target (``a``) and reference (``b``) counts."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    c = target_total - a
    d = reference_total - b
    n = target_total + reference_total
    obs = np.stack([a, b, c, d])
    row = np.stack([a + b, a + b, c + d, c + d])
    col = np.stack([a + c, b + d, a + c, b + d])
    exp = row * col / n
    if correction == "yates":
        diff = exp - obs
        obs = obs + np.sign(diff) * np.minimum(0.5, np.abs(diff))
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.where(exp > 0, (obs - exp) ** 2 / np.where(exp > 0, exp, 1), 0.0).sum(axis=0)
    g2 = 2.0 * _xlogy_ratio(obs, exp).sum(axis=0)
    g2 = np.maximum(g2, 0.0)  # rounding can give -1e-16
    if correction == "williams":
        cells_nonzero = (a > 0) & (b > 0) & (c > 0) & (d > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (
                6.0 * n
            )
        q = np.where(cells_nonzero, q, 1.0)
        g2 = g2 / q
        chi2 = chi2 / q
    return {"expected_target": exp[0], "expected_reference": exp[1], "g2": g2, "chi2": chi2}


def _as_counter(counts, name: str) -> dict[str, float]:
    if isinstance(counts, pd.Series):
        counts = counts.to_dict()
    if not isinstance(counts, Mapping):
        raise ParameterError(name, "must be a mapping or Series of term -> count")
    out = {}
    for term, value in counts.items():
        if value < 0:
            raise ParameterError(name, f"negative count for {term!r}")
        out[str(term)] = float(value)
    return out


def keyness(
    target_counts: Mapping[str, int] | pd.Series,
    reference_counts: Mapping[str, int] | pd.Series,
    *,
    measure: str = "lr",
    correction: str | None = "default",
    target_total: float | None = None,
    reference_total: float | None = None,
) -> pd.DataFrame:
    """Keyness of every term of the target against the reference (see module docstring).

    Totals default to the sums of the counts; pass them when the counts were filtered. Sorted
    by ``signed`` (descending), then term.
    """
    if measure not in MEASURES:
        raise ParameterError("measure", f"must be one of {MEASURES}, got {measure!r}")
    if correction not in CORRECTIONS:
        raise ParameterError("correction", f"must be one of {CORRECTIONS}, got {correction!r}")
    if correction == "default":
        correction = "williams" if measure == "lr" else "yates"
    tgt = _as_counter(target_counts, "target_counts")
    ref = _as_counter(reference_counts, "reference_counts")
    t_total = float(sum(tgt.values()) if target_total is None else target_total)
    r_total = float(sum(ref.values()) if reference_total is None else reference_total)
    if t_total <= 0 or r_total <= 0:
        raise ParameterError("target_counts", "target and reference must both have tokens")
    terms = sorted(t for t in set(tgt) | set(ref) if tgt.get(t, 0) + ref.get(t, 0) > 0)
    a = np.array([tgt.get(t, 0.0) for t in terms])
    b = np.array([ref.get(t, 0.0) for t in terms])
    if (a > t_total).any() or (b > r_total).any():
        raise ParameterError("target_total", "a term count exceeds its total")
    stats = keyness_stats(a, b, target_total=t_total, reference_total=r_total,
                          correction=correction)
    stat = stats["g2"] if measure == "lr" else stats["chi2"]
    sign = np.where(a > stats["expected_target"], 1.0, -1.0)
    effect = np.log2((np.where(a > 0, a, 0.5) / t_total) / (np.where(b > 0, b, 0.5) / r_total))
    frame = pd.DataFrame(
        {"term": terms, "target": a.astype(np.int64), "reference": b.astype(np.int64), **stats,
         "p": chi2_dist.sf(stat, 1), "signed": sign * stat + 0.0, "effect": effect},
        columns=KEYNESS_COLUMNS,
    )
    frame = frame.sort_values(["signed", "term"], ascending=[False, True], kind="mergesort")
    return frame.reset_index(drop=True)


def empty_keyness() -> pd.DataFrame:
    """A keyness table with its columns and dtypes and no rows."""
    frame = pd.DataFrame({c: pd.Series(dtype="float64") for c in KEYNESS_COLUMNS})
    return frame.astype({"term": object, "target": "int64", "reference": "int64"})


# --------------------------------------------------------------------------- token counts


def document_tokens(
    docs: Sequence[ParsedDocument], *, segmenter: Segmenter, roles: Sequence[str] = ("body",)
) -> dict[str, list[str]]:
    """Content tokens (see :func:`analyses.formulations.is_content_token`) per document."""
    roles = check_roles(roles)
    out = {}
    for doc in docs:
        toks: list[str] = []
        for block in doc.blocks:
            if block.role in roles:
                text = doc.norm.text[block.norm_start:block.norm_end]
                toks.extend(
                    t for t in segmenter.tokens(text, drop_stopwords=True) if is_content_token(t)
                )
        out[doc.doc_id] = toks
    return out


def _grouper(by, corpus) -> tuple[str, Callable[[ParsedDocument], Hashable]]:
    if callable(by):
        return "group", by
    groups = duplicate_group_of(corpus)
    table = {
        "doc": ("doc_id", lambda d: d.doc_id),
        "year": ("year", lambda d: d.meta.year),
        "group": ("group", lambda d: groups.get(d.doc_id, d.doc_id)),
    }
    if by not in table:
        raise ParameterError("by", f"must be 'doc', 'year', 'group' or a callable, got {by!r}")
    return table[by]


def term_counts(
    corpus,
    *,
    segmenter: Segmenter,
    by: str | Callable[[ParsedDocument], Hashable] = "year",
    roles: Sequence[str] = ("body",),
    collapse_duplicates: bool = False,
) -> pd.DataFrame:
    """Long table of content-token counts per unit: ``<unit>, term, count``.

    ``by`` is ``"doc"`` (column ``doc_id``), ``"year"``, ``"group"`` (duplicate group) or a
    callable ``doc -> key`` (column ``group``); documents whose key is ``None`` are left out.
    Sorted by unit, then count (descending), then term.
    """
    column, key = _grouper(by, corpus)
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    tokens = document_tokens(docs, segmenter=segmenter, roles=roles)
    counts: dict[Hashable, Counter[str]] = {}
    for doc in docs:
        unit = key(doc)
        if unit is None:
            continue
        counts.setdefault(unit, Counter()).update(tokens[doc.doc_id])
    rows = [(u, t, c) for u, cnt in counts.items() for t, c in cnt.items()]
    frame = pd.DataFrame(rows, columns=[column, "term", "count"]).astype({"count": "int64"})
    frame["_neg"] = -frame["count"]
    frame = frame.sort_values([column, "_neg", "term"], ignore_index=True, kind="mergesort")
    return frame.drop(columns="_neg")


def since_year(year: int | None) -> Callable[[ParsedDocument], bool | None]:
    """Target selector: True from ``year`` on, False before, None (left out) when unknown.

    ``year=None`` (no split, see :func:`median_split_year`) leaves every document out.
    """

    def select(doc: ParsedDocument) -> bool | None:
        if year is None or doc.meta.year is None:
            return None
        return doc.meta.year >= year

    select.__name__ = f"since_{year}"
    return select


def median_split_year(corpus) -> int | None:
    """First year of the later period: the (upper) median year of the dated documents.

    When that is the earliest year (most documents from it), the next later year is used, so
    both periods hold documents. ``None`` when fewer than two distinct years are dated.
    """
    docs = getattr(corpus, "documents", corpus)
    years = sorted(d.meta.year for d in docs if d.meta.year is not None)
    if len(set(years)) < 2:
        return None
    split = years[len(years) // 2]
    return int(split if split > years[0] else min(y for y in years if y > years[0]))


def keyness_between(
    corpus,
    *,
    segmenter: Segmenter,
    target: Callable[[ParsedDocument], bool | None] | None = None,
    min_count: int = 2,
    measure: str = "lr",
    correction: str | None = "default",
    roles: Sequence[str] = ("body",),
    collapse_duplicates: bool = True,
) -> pd.DataFrame:
    """Keyness of the documents selected by ``target`` against all other documents.

    ``target(doc)`` returns True (target), False (reference) or None (left out); the default is
    :func:`since_year` (2020). Terms used fewer than ``min_count`` times in both parts together
    are dropped after the statistics are computed against the full token totals. When
    either side has no tokens (one period only, no dated or no body text) the table has its
    columns (:data:`KEYNESS_COLUMNS`) and no rows.
    """
    if min_count < 1:
        raise ParameterError("min_count", f"must be >= 1, got {min_count}")
    select = since_year(2020) if target is None else target
    counts = term_counts(
        corpus, segmenter=segmenter, by=select, roles=roles,
        collapse_duplicates=collapse_duplicates,
    )
    parts = {k: dict(zip(g.term, g["count"], strict=True)) for k, g in counts.groupby("group")}
    tgt, ref = parts.get(True, {}), parts.get(False, {})
    if not tgt or not ref:
        return empty_keyness()
    frame = keyness(tgt, ref, measure=measure, correction=correction)
    keep = frame.target + frame.reference >= min_count
    return frame[keep].reset_index(drop=True)


# --------------------------------------------------------------------------- top terms


def top_terms(
    corpus,
    *,
    segmenter: Segmenter,
    by: str = "doc",
    n: int = 20,
    roles: Sequence[str] = ("body",),
    collapse_duplicates: bool = False,
) -> pd.DataFrame:
    """The ``n`` highest TF-IDF content tokens of every document (``by="doc"``) or year.

    ``tfidf = count * (ln((1 + N) / (1 + df)) + 1)``, L2-normalised within the unit, where
    ``N`` is the number of units and ``df`` the units using the term (scikit-learn's smooth
    idf). Ties are broken by term. Columns: unit, rank, term, count, df, tfidf.
    """
    if by not in ("doc", "year"):
        raise ParameterError("by", f"must be 'doc' or 'year', got {by!r}")
    if not isinstance(n, int) or n < 1:
        raise ParameterError("n", f"must be an integer >= 1, got {n!r}")
    counts = term_counts(
        corpus, segmenter=segmenter, by=by, roles=roles, collapse_duplicates=collapse_duplicates
    )
    column = counts.columns[0]
    n_units = counts[column].nunique()
    df = counts.groupby("term")[column].nunique()
    counts["df"] = counts.term.map(df).astype("int64")
    weight = counts["count"] * (np.log((1 + n_units) / (1 + counts["df"])) + 1.0)
    norm = np.sqrt((weight**2).groupby(counts[column]).transform("sum"))
    counts["tfidf"] = weight / norm
    counts = counts.sort_values(
        [column, "tfidf", "term"], ascending=[True, False, True], ignore_index=True,
        kind="mergesort",
    )
    counts["rank"] = counts.groupby(column).cumcount() + 1
    top = counts[counts["rank"] <= n]
    return top[[column, "rank", "term", "count", "df", "tfidf"]].reset_index(drop=True)
