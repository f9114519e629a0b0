"""Theme hits, per-document theme profiles and per-year theme rates with bootstrap intervals.

Themes come from a :class:`~cityreports.codebooks.Codebook`; terms are matched on the
normalised text of the blocks with the chosen roles (body only by default), leftmost-longest
and non-overlapping (see :mod:`cityreports.codebooks`). Raw offsets of each hit come from the
document's offset map.

Duplicate groups (the same report published twice) are counted once in yearly tables by
default: the group's *representative* is the member with a known year, then the longest text
in the chosen roles, then the smallest ``doc_id`` (see :func:`representative_docs`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cityreports.codebooks import Codebook, FormulationBook, load_codebook
from cityreports.errors import ParameterError
from cityreports.records import (
    check_roles,
    corpus_documents,
    duplicate_group_of,
    select_documents,
)
from cityreports.text.terms import document_hits, document_profiles

HIT_COLUMNS = [
    "doc_id", "theme", "term", "start", "end", "norm_start", "norm_end", "block_id", "sentence_id",
]
DOC_COLUMNS = [
    "doc_id", "year", "group", "theme", "hits", "n_chars", "per_10k_chars",
    "sentences_with_theme", "n_sentences", "share_sentences",
]
YEAR_COLUMNS = [
    "year", "theme", "n_docs", "hits", "n_chars", "per_10k_chars", "per_10k_low",
    "per_10k_high", "sentences_with_theme", "n_sentences", "share_sentences", "share_low",
    "share_high",
]
YEAR_INT_COLUMNS = {c: "int64" for c in ("year", "n_docs", "hits", "n_chars",
                                         "sentences_with_theme", "n_sentences")}


# --------------------------------------------------------------------------- matching


def resolve_codebook(codebook: Codebook | FormulationBook | None) -> Codebook | FormulationBook:
    """The given codebook, or the default themes codebook."""
    if codebook is None:
        return load_codebook()
    if not isinstance(codebook, Codebook | FormulationBook):
        raise ParameterError("codebook", f"expected a Codebook, got {type(codebook).__name__}")
    return codebook


def theme_hits(corpus, codebook: Codebook | None = None, *, roles=("body",)) -> pd.DataFrame:
    """Every theme hit: doc_id, theme, term, raw start/end, norm_start/norm_end, block, sentence.

    ``sentence_id`` is the id of the sentence holding the hit's first character (``<NA>`` when
    the block has no sentence there). Sorted by doc_id, norm_start, theme.
    """
    book = resolve_codebook(codebook)
    roles = check_roles(roles)
    matcher = book.matcher()
    rows = []
    for doc in corpus_documents(corpus):
        hits, sents = document_hits(doc, matcher, roles=roles)
        for h in hits:
            start, end = doc.norm.raw_span(h.norm_start, h.norm_end)
            sid = sents[h.sentence_index].sentence_id if h.sentence_index >= 0 else pd.NA
            rows.append(
                (doc.doc_id, h.entry, h.term, start, end, h.norm_start, h.norm_end,
                 h.block_id, sid)
            )
    frame = pd.DataFrame(rows, columns=HIT_COLUMNS)
    frame = frame.astype(
        {"start": "int64", "end": "int64", "norm_start": "int64", "norm_end": "int64",
         "block_id": "int64", "sentence_id": "Int64"}
    )
    return frame.sort_values(["doc_id", "norm_start", "theme"], ignore_index=True)


def _rate(num, den, scale: float = 1.0):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1) * scale, np.nan)


def themes_by_doc(corpus, codebook: Codebook | None = None, *, roles=("body",)) -> pd.DataFrame:
    """Theme profile of every document: one row per (doc_id, theme), zeros included.

    ``n_chars`` counts normalised characters in the blocks with ``roles``; ``per_10k_chars`` is
    hits per 10,000 of them; ``share_sentences`` is the share of those blocks' sentences that
    hold at least one hit of the theme.
    """
    book = resolve_codebook(codebook)
    roles = check_roles(roles)
    ids = book.ids
    profiles = document_profiles(
        corpus_documents(corpus), book.matcher(), ids, roles=roles,
        groups=duplicate_group_of(corpus),
    )
    rows = []
    for p in profiles:
        with_theme = p.sentences_with
        for j, ident in enumerate(ids):
            rows.append(
                (p.doc_id, p.year, p.group, ident, int(p.hits[j]), p.n_chars,
                 int(with_theme[j]), p.n_sentences)
            )
    cols = ["doc_id", "year", "group", "theme", "hits", "n_chars", "sentences_with_theme",
            "n_sentences"]
    frame = pd.DataFrame(rows, columns=cols).astype(
        {"year": "Int64", "hits": "int64", "n_chars": "int64", "sentences_with_theme": "int64",
         "n_sentences": "int64"}
    )
    frame["per_10k_chars"] = _rate(frame["hits"], frame["n_chars"], 1e4)
    frame["share_sentences"] = _rate(frame["sentences_with_theme"], frame["n_sentences"])
    return frame[DOC_COLUMNS]


def bootstrap_rates(
    sentence_chars: np.ndarray,
    sentence_hits: np.ndarray,
    *,
    n_boot: int,
    rng: np.random.Generator,
    ci: float,
    max_cells: int = 4_000_000,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Percentile intervals of hits per 10k chars and share of sentences, resampling sentences.

    Returns ``(rate_low, rate_high, share_low, share_high)``, each of shape ``(n_entries,)``;
    NaN when there are no sentences or ``n_boot`` is 0. Resamples are drawn in batches of at
    most ``max_cells`` sentence draws (memory only; results do not depend on it).
    """
    n_sent, n_ent = sentence_hits.shape
    nan = np.full(n_ent, np.nan)
    if n_sent == 0 or n_boot == 0:
        return nan, nan.copy(), nan.copy(), nan.copy()
    present = (sentence_hits > 0).astype(float)
    hits = sentence_hits.astype(float)
    chars = sentence_chars.astype(float)
    rates = np.empty((n_boot, n_ent))
    shares = np.empty((n_boot, n_ent))
    batch = max(1, min(n_boot, max_cells // n_sent))
    for lo in range(0, n_boot, batch):
        b = min(batch, n_boot - lo)
        draws = rng.integers(0, n_sent, size=(b, n_sent))
        offsets = (np.arange(b) * n_sent)[:, None]
        weights = np.bincount((draws + offsets).ravel(), minlength=b * n_sent)
        weights = weights.reshape(b, n_sent).astype(float)
        rates[lo:lo + b] = _rate(weights @ hits, (weights @ chars)[:, None], 1e4)
        shares[lo:lo + b] = weights @ present / n_sent
    alpha = (1.0 - ci) / 2.0
    qs = [alpha, 1.0 - alpha]
    with np.errstate(all="ignore"):
        r_low, r_high = np.nanquantile(rates, qs, axis=0)
        s_low, s_high = np.quantile(shares, qs, axis=0)
    return r_low, r_high, s_low, s_high


def check_bootstrap(n_boot: int, ci: float) -> None:
    """Validate bootstrap options."""
    if not isinstance(n_boot, int | np.integer) or n_boot < 0:
        raise ParameterError("n_boot", f"must be an integer >= 0, got {n_boot!r}")
    if not 0.0 < ci < 1.0:
        raise ParameterError("ci", f"must be between 0 and 1, got {ci!r}")


def themes_by_year(
    corpus,
    codebook: Codebook | None = None,
    *,
    roles=("body",),
    collapse_duplicates: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Theme rates per year with bootstrap percentile intervals; one row per (year, theme).

    Documents without a year are left out; with none dated the table has its columns and no
    rows. With ``collapse_duplicates`` each duplicate group
    counts once (its representative, see :func:`representative_docs`). Intervals resample the
    year's sentences with replacement ``n_boot`` times; each year draws from its own
    ``numpy`` Generator seeded with ``(seed, year)``, so a year's interval does not depend on
    which other years are in the corpus.
    """
    check_bootstrap(n_boot, ci)
    book = resolve_codebook(codebook)
    roles = check_roles(roles)
    ids = book.ids
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    profiles = document_profiles(
        (d for d in docs if d.meta.year is not None), book.matcher(), ids,
        roles=roles, groups=duplicate_group_of(corpus),
    )
    frames = []
    for year in sorted({p.year for p in profiles}):
        ps = [p for p in profiles if p.year == year]
        hits = np.sum([p.hits for p in ps], axis=0)
        n_chars = sum(p.n_chars for p in ps)
        with_theme = np.sum([p.sentences_with for p in ps], axis=0)
        n_sent = sum(p.n_sentences for p in ps)
        s_chars = np.concatenate([p.sentence_chars for p in ps])
        s_hits = np.concatenate([p.sentence_hits for p in ps], axis=0)
        rng = np.random.default_rng([seed, year])
        r_low, r_high, s_low, s_high = bootstrap_rates(
            s_chars, s_hits, n_boot=n_boot, rng=rng, ci=ci
        )
        frames.append(
            pd.DataFrame(
                {
                    "year": year, "theme": list(ids), "n_docs": len(ps), "hits": hits,
                    "n_chars": n_chars, "per_10k_chars": _rate(hits, n_chars, 1e4),
                    "per_10k_low": r_low, "per_10k_high": r_high,
                    "sentences_with_theme": with_theme, "n_sentences": n_sent,
                    "share_sentences": _rate(with_theme, n_sent), "share_low": s_low,
                    "share_high": s_high,
                }
            )
        )
    if not frames:  # no dated document: the columns, no rows
        return pd.DataFrame({c: pd.Series(dtype=float) for c in YEAR_COLUMNS}).astype(
            {**YEAR_INT_COLUMNS, "theme": object})
    frame = pd.concat(frames, ignore_index=True)
    return frame.astype(YEAR_INT_COLUMNS)[YEAR_COLUMNS]
