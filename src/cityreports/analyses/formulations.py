"""Formulations (提法) over time, and discovery of terms new to a later period.

Formulations come from ``formulations.yml`` (:func:`~cityreports.codebooks.load_formulations`)
and are matched like themes: normalised text, leftmost-longest, non-overlapping, so 智慧城市
inside 新型智慧城市 counts only for 新型智慧城市. Yearly tables leave out documents without a
year and, by default, count each duplicate group once (see
:func:`cityreports.analyses.themes.representative_docs`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from cityreports.codebooks import FormulationBook, load_formulations
from cityreports.errors import ParameterError
from cityreports.records import (
    ParsedDocument,
    check_roles,
    duplicate_group_of,
    select_documents,
)
from cityreports.text.lexicon import HAN_BMP
from cityreports.text.terms import DocProfile, document_profiles
from cityreports.text.tokens import Segmenter, is_content_token

TIMELINE_COLUMNS = [
    "formulation", "year", "hits", "n_docs_with", "n_docs", "n_chars", "rate_per_10k",
]
NEW_TERM_COLUMNS = ["term", "count", "n_docs", "first_year", "first_doc", "source"]

#: Characters that cannot start or end a discovered term (particles, conjunctions, measure
#: words, pronouns): n-grams with them at an edge are fragments of a phrase, not terms.
EDGE_STOP_CHARS = frozenset(
    "的了和与及或是在对将等也都而并从把被让向于之其这那个地得着过就又已吗呢啊吧"
)

_CJK_RUN = re.compile(f"[{HAN_BMP}]+")


def resolve_formulations(formulations: FormulationBook | None) -> FormulationBook:
    """The given formulations book, or the default one."""
    if formulations is None:
        return load_formulations()
    if not isinstance(formulations, FormulationBook):
        raise ParameterError(
            "formulations", f"expected a FormulationBook, got {type(formulations).__name__}"
        )
    return formulations


def _dated_profiles(corpus, book, *, collapse_duplicates, roles) -> list[DocProfile]:
    roles = check_roles(roles)
    docs = select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
    return document_profiles(
        (d for d in docs if d.meta.year is not None), book.matcher(), book.ids,
        roles=roles, groups=duplicate_group_of(corpus),
    )


def _timeline(profiles: list[DocProfile], ids: Sequence[str]) -> pd.DataFrame:
    frames = []
    for year in sorted({p.year for p in profiles}):
        ps = [p for p in profiles if p.year == year]
        hits = np.sum([p.hits for p in ps], axis=0)
        with_ = np.sum([p.hits > 0 for p in ps], axis=0)
        n_chars = sum(p.n_chars for p in ps)
        frames.append(
            pd.DataFrame(
                {"formulation": list(ids), "year": year, "hits": hits, "n_docs_with": with_,
                 "n_docs": len(ps), "n_chars": n_chars}
            )
        )
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in TIMELINE_COLUMNS}).astype(
            {"formulation": object, "rate_per_10k": float}
        )
    frame = pd.concat(frames, ignore_index=True).astype(
        {"year": "int64", "hits": "int64", "n_docs_with": "int64", "n_docs": "int64",
         "n_chars": "int64"}
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(frame.n_chars > 0, frame.hits / frame.n_chars.clip(lower=1) * 1e4, np.nan)
    frame["rate_per_10k"] = rate
    return frame[TIMELINE_COLUMNS]


def formulation_timeline(
    corpus,
    formulations: FormulationBook | None = None,
    *,
    collapse_duplicates: bool = True,
    roles=("body",),
) -> pd.DataFrame:
    """Long table: one row per (formulation, year), zeros included, sorted by year then book order.

    ``hits`` counts occurrences, ``n_docs_with`` the documents with at least one, ``n_chars``
    the year's characters in the blocks with ``roles`` and ``rate_per_10k`` hits per 10,000 of
    them.
    """
    book = resolve_formulations(formulations)
    profiles = _dated_profiles(
        corpus, book, collapse_duplicates=collapse_duplicates, roles=roles
    )
    return _timeline(profiles, book.ids)


def formulation_summary(
    corpus,
    formulations: FormulationBook | None = None,
    *,
    collapse_duplicates: bool = True,
    roles=("body",),
) -> pd.DataFrame:
    """One row per formulation: lineage, first/last year seen, first document, totals, rates.

    ``first_doc`` is the earliest document using the formulation (by year, then date, then
    doc_id); ``first_year``/``last_year`` are ``<NA>`` for formulations never seen. One column
    ``rate_YYYY`` per year of the corpus gives hits per 10,000 characters.
    """
    book = resolve_formulations(formulations)
    roles = check_roles(roles)
    profiles = _dated_profiles(
        corpus, book, collapse_duplicates=collapse_duplicates, roles=roles
    )
    timeline = _timeline(profiles, book.ids)
    dates = {d.doc_id: d.meta.date or "" for d in getattr(corpus, "documents", corpus)}
    order = sorted(profiles, key=lambda p: (p.year, dates.get(p.doc_id, ""), p.doc_id))
    rows = []
    for j, item in enumerate(book.formulations):
        seen = [p for p in order if p.hits[j] > 0]
        rows.append(
            {
                "formulation": item.id, "label": item.label, "label_en": item.label_en,
                "family": item.family, "superseded_by": item.superseded_by,
                "first_year": seen[0].year if seen else pd.NA,
                "last_year": max(p.year for p in seen) if seen else pd.NA,
                "first_doc": seen[0].doc_id if seen else "",
                "n_docs_with": len(seen),
                "total_hits": int(sum(p.hits[j] for p in profiles)),
            }
        )
    frame = pd.DataFrame(rows).astype(
        {"first_year": "Int64", "last_year": "Int64", "n_docs_with": "int64",
         "total_hits": "int64"}
    )
    if len(timeline):
        rates = timeline.pivot(index="formulation", columns="year", values="rate_per_10k")
        rates.columns = [f"rate_{y}" for y in rates.columns]
        frame = frame.merge(rates, left_on="formulation", right_index=True, how="left")
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------- new terms


def char_ngrams(
    text: str,
    *,
    min_n: int = 2,
    max_n: int = 6,
    edge_filter: bool = True,
    boundaries: set[int] | None = None,
) -> Counter[str]:
    """Counts of n-grams inside runs of CJK characters.

    With ``edge_filter`` no n-gram starts or ends with one of :data:`EDGE_STOP_CHARS`; with
    ``boundaries`` (offsets into ``text``) an n-gram must start and end on one of them, i.e.
    be a sequence of whole tokens.
    """
    counts: Counter[str] = Counter()
    for run in _CJK_RUN.finditer(text):
        r0, chunk = run.start(), run.group()
        for n in range(min_n, min(max_n, len(chunk)) + 1):
            for i in range(len(chunk) - n + 1):
                if boundaries is not None and (
                    r0 + i not in boundaries or r0 + i + n not in boundaries
                ):
                    continue
                gram = chunk[i:i + n]
                if not edge_filter or (
                    gram[0] not in EDGE_STOP_CHARS and gram[-1] not in EDGE_STOP_CHARS
                ):
                    counts[gram] += 1
    return counts


def token_boundaries(text: str, tokens: Sequence[str]) -> set[int]:
    """Offsets in ``text`` where the (in-order) ``tokens`` start or end."""
    bounds, pos = {0, len(text)}, 0
    for tok in tokens:
        i = text.find(tok, pos)
        if i < 0 or not tok:
            continue
        bounds.update((i, i + len(tok)))
        pos = i + len(tok)
    return bounds


def present_in(text: str, terms: set[str]) -> set[str]:
    """The ``terms`` that occur in ``text`` as substrings.

    CJK terms are looked up among the text's n-grams of their lengths (one pass per length,
    memory bounded by the number of terms); other terms by plain substring search.
    """
    found = {t for t in terms if not _CJK_RUN.fullmatch(t) and t in text}
    by_len: dict[int, set[str]] = {}
    for t in terms:
        if _CJK_RUN.fullmatch(t):
            by_len.setdefault(len(t), set()).add(t)
    for run in _CJK_RUN.findall(text):
        for n, wanted in by_len.items():
            for i in range(len(run) - n + 1):
                gram = run[i:i + n]
                if gram in wanted:
                    found.add(gram)
    return found


def _closed(counts: Counter[str]) -> set[str]:
    """N-grams that are not always part of the same longer n-gram (with the same count)."""
    dropped = set()
    for gram, c in counts.items():
        for sub in (gram[1:], gram[:-1]):
            if counts.get(sub) == c:
                dropped.add(sub)
    return set(counts) - dropped


def _role_text(doc: ParsedDocument, roles: Sequence[str]) -> list[str]:
    return [doc.norm.text[b.norm_start:b.norm_end] for b in doc.blocks if b.role in roles]


def new_terms(
    corpus,
    *,
    segmenter: Segmenter,
    split_year: int,
    min_count: int = 2,
    min_docs: int = 1,
    max_n: int = 6,
    roles=("body",),
    collapse_duplicates: bool = True,
) -> pd.DataFrame:
    """Multi-character terms used from ``split_year`` on and never before it.

    Candidates are the segmenter's content tokens of the later documents and their CJK
    character n-grams (2 to ``max_n`` characters) that start and end on token boundaries (a run
    of whole tokens, so no fragment like 交会智慧城), have no particle at either edge and are
    not always inside the same longer n-gram. A candidate is kept when it occurs (as a
    substring) at least ``min_count`` times in at least ``min_docs`` later documents and
    nowhere in the text of the earlier ones. Documents without a year are left out. Ranked by
    number of documents, then count, then length, then the term. ``source`` is ``token``,
    ``ngram`` or ``both``.
    """
    roles = check_roles(roles)
    if min_count < 1 or min_docs < 1:
        raise ParameterError("min_count", "min_count and min_docs must be >= 1")
    if max_n < 2:
        raise ParameterError("max_n", f"must be >= 2, got {max_n}")
    docs = [
        d for d in select_documents(corpus, collapse_duplicates=collapse_duplicates, roles=roles)
        if d.meta.year is not None
    ]
    early = [d for d in docs if d.meta.year < split_year]
    late = sorted((d for d in docs if d.meta.year >= split_year),
                  key=lambda d: (d.meta.year, d.meta.date or "", d.doc_id))
    early_text = "\n".join(t for d in early for t in _role_text(d, roles))

    tokens: set[str] = set()
    grams: Counter[str] = Counter()
    late_texts = []
    for doc in late:
        texts = _role_text(doc, roles)
        late_texts.append(texts)
        for text in texts:
            every = segmenter.tokens(text, drop_stopwords=False)
            tokens.update(
                t for t in segmenter.tokens(text, drop_stopwords=True) if is_content_token(t)
            )
            grams.update(
                char_ngrams(text, max_n=max_n, boundaries=token_boundaries(text, every))
            )
    closed = _closed(grams)

    pool = tokens | closed
    candidates = sorted(pool - present_in(early_text, pool))
    total: Counter[str] = Counter()
    n_docs: Counter[str] = Counter()
    first: dict[str, ParsedDocument] = {}
    for doc, texts in zip(late, late_texts, strict=True):
        for term in candidates:  # exact substring counts (算力 also inside 算力网络)
            count = sum(text.count(term) for text in texts)
            if count:
                total[term] += count
                n_docs[term] += 1
                first.setdefault(term, doc)

    def source(term: str) -> str:
        return {(True, True): "both", (True, False): "token"}.get(
            (term in tokens, term in closed), "ngram"
        )

    rows = [
        (term, total[term], n_docs[term], first[term].meta.year, first[term].doc_id,
         source(term))
        for term in candidates
        if total[term] >= min_count and n_docs[term] >= min_docs
    ]
    frame = pd.DataFrame(rows, columns=NEW_TERM_COLUMNS)
    frame = frame.astype({"count": "int64", "n_docs": "int64", "first_year": "int64"})
    frame["_len"] = frame.term.str.len()
    frame = frame.sort_values(
        ["n_docs", "count", "_len", "term"], ascending=[False, False, False, True],
        ignore_index=True,
    )
    return frame.drop(columns="_len")
