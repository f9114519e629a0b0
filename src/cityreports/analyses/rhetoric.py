"""Rhetorical features per document, normalised by length.

Counts come from an editable, packaged lexicon (``resources/lexicons/rhetoric.yml``): obligation
and imperatives, enumerations, problem vs achievement framing, people vs technology framing,
hedging vs certainty. Two features are computed rather than looked up:

* ``quotation``: direct quotations — “…”/「…」/『…』 spans whose content has at least
  ``min_quote_chars`` characters (shorter ones are mostly scare quotes and names); term
  ``direct_quote`` counts spans, term ``quoted_chars`` counts the characters inside them.
* ``reported_speech``: a speech verb (说, 表示, 指出, …) after a person — a name found by
  :mod:`cityreports.analyses.speakers` or a third-person pronoun — one row per verb.

Output is long/tidy (one row per document, feature and term, zeros included) so trend models can
use it directly; :func:`features_wide` pivots it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from cityreports.errors import InputError, ParameterError
from cityreports.quant.enumerations import find_enumerations
from cityreports.records import ParsedDocument
from cityreports.resources import load_yaml, read_resource
from cityreports.text.quotes import quote_spans
from cityreports.text.speech import reported_speech_verbs

COLUMNS = (
    "doc_id",
    "year",
    "group",
    "feature",
    "term",
    "count",
    "n_chars",
    "per_10k_chars",
)
#: Quote pairs recognised as direct quotation.
_WS = re.compile(r"\s")


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a label, a compiled pattern and words whose hits are excluded."""

    term: str
    pattern: re.Pattern[str]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Features -> terms, as loaded from a yml file."""

    features: Mapping[str, tuple[Term, ...]]
    descriptions: Mapping[str, str]
    source: str = ""
    version: str = ""


def _term(entry: object, *, feature: str) -> Term:
    if isinstance(entry, (str, int, float)):
        label = str(entry)
        return Term(label, re.compile(re.escape(label)))
    if isinstance(entry, Mapping) and "term" in entry:
        label = str(entry["term"])
        try:
            pattern = re.compile(str(entry.get("pattern") or re.escape(label)))
        except re.error as exc:
            raise ParameterError("lexicon", f"{feature}/{label}: bad pattern: {exc}") from exc
        exclude = tuple(str(w) for w in entry.get("exclude") or ())
        return Term(label, pattern, exclude)
    raise ParameterError("lexicon", f"{feature}: bad term entry {entry!r}")


def parse_lexicon(data: Mapping, *, source: str = "") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed yml mapping."""
    feats = data.get("features") if isinstance(data, Mapping) else None
    if not isinstance(feats, Mapping) or not feats:
        raise ParameterError("lexicon", f"{source or 'data'}: no 'features' mapping")
    features: dict[str, tuple[Term, ...]] = {}
    descriptions: dict[str, str] = {}
    for name, spec in feats.items():
        spec = spec if isinstance(spec, Mapping) else {"terms": spec}
        features[str(name)] = tuple(_term(e, feature=str(name)) for e in spec.get("terms") or ())
        descriptions[str(name)] = str(spec.get("description", ""))
    return Lexicon(features, descriptions, source=source, version=str(data.get("version", "")))


@lru_cache(maxsize=8)
def _parse_cached(text: str, source: str) -> Lexicon:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ParameterError("path", f"{source}: not valid yml: {exc}") from exc
    return parse_lexicon(data, source=source)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load the rhetoric lexicon (the packaged one when ``path`` is None)."""
    try:
        text, source, _ = read_resource("lexicons/rhetoric.yml", path)
    except InputError as exc:
        raise ParameterError("path", f"cannot read lexicon {path}: {exc.problem}") from exc
    return _parse_cached(text, source)


def _excluded_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for w in words:
        start = text.find(w)
        while start >= 0:
            spans.append((start, start + len(w)))
            start = text.find(w, start + 1)
    return spans


def term_hits(text: str, terms: Iterable[Term]) -> list[tuple[str, int, int]]:
    """Non-overlapping ``(term, start, end)`` hits in ``text``; longest hit wins an overlap."""
    hits = []
    for t in terms:
        excluded = _excluded_spans(text, t.exclude)
        for m in t.pattern.finditer(text):
            a, b = m.span()
            if a == b or any(s <= a and b <= e for s, e in excluded):
                continue
            hits.append((t.term, a, b))
    hits.sort(key=lambda h: (-(h[2] - h[1]), h[1]))
    taken: list[tuple[str, int, int]] = []
    for h in hits:
        if all(h[2] <= s or h[1] >= e for _, s, e in taken):
            taken.append(h)
    return sorted(taken, key=lambda h: h[1])


def _n_chars(text: str) -> int:
    return len(_WS.sub("", text))


def _blocks(doc: ParsedDocument, roles: tuple[str, ...]) -> list[str]:
    return [b.text for b in doc.blocks if b.role in roles]


def _enumeration_counts(
    doc: ParsedDocument, texts: list[str], lexicon: Lexicon, roles: tuple[str, ...]
) -> dict[str, int]:
    """Enumerated items by marker style (一是, 第一, 其一, 、 …).

    Items of each list :func:`cityreports.quant.enumerations.find_enumerations` detects, by its
    ``marker``.
    """
    counts: dict[str, int] = {}
    for enum in find_enumerations(doc, roles=roles):
        counts[enum.marker or "marker"] = counts.get(enum.marker or "marker", 0) + enum.listed
    return counts


def _reported_speech_counts(doc: ParsedDocument, roles: tuple[str, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for verb in reported_speech_verbs(doc, roles=roles):
        counts[verb] = counts.get(verb, 0) + 1
    return counts


def doc_feature_counts(
    doc: ParsedDocument,
    *,
    roles: tuple[str, ...] = ("body",),
    lexicon: Lexicon | None = None,
    min_quote_chars: int = 10,
) -> tuple[dict[tuple[str, str], int], int]:
    """``{(feature, term): count}`` (zeros included for lexicon terms) and ``n_chars``."""
    lexicon = lexicon or load_lexicon()
    texts = _blocks(doc, roles)
    counts: dict[tuple[str, str], int] = {}
    for feature, terms in lexicon.features.items():
        if feature == "enumeration":
            continue
        for t in terms:
            counts.setdefault((feature, t.term), 0)
        for text in texts:
            for term, _, _ in term_hits(text, terms):
                counts[(feature, term)] += 1
    if "enumeration" in lexicon.features:
        for term, n in _enumeration_counts(doc, texts, lexicon, roles).items():
            counts[("enumeration", term)] = counts.get(("enumeration", term), 0) + n
    quotes = [(text, quote_spans(text, min_chars=min_quote_chars)) for text in texts]
    counts[("quotation", "direct_quote")] = sum(len(q) for _, q in quotes)
    counts[("quotation", "quoted_chars")] = sum(
        _n_chars(text[a:b]) for text, q in quotes for a, b in q
    )
    counts[("reported_speech", "total")] = 0
    for verb, n in _reported_speech_counts(doc, roles).items():
        counts[("reported_speech", verb)] = n
        counts[("reported_speech", "total")] += n
    return counts, sum(_n_chars(t) for t in texts)


def _documents(corpus) -> tuple[list[ParsedDocument], Mapping[str, str]]:
    if hasattr(corpus, "documents"):
        return list(corpus.documents), getattr(corpus, "duplicate_group", {}) or {}
    if isinstance(corpus, ParsedDocument):
        return [corpus], {}
    return list(corpus), {}


def features_by_doc(
    corpus,
    *,
    roles: tuple[str, ...] | list[str] = ("body",),
    lexicon: Lexicon | str | Path | None = None,
    min_quote_chars: int = 10,
) -> pd.DataFrame:
    """Long table of rhetorical features: one row per document, feature and term.

    ``corpus`` is a ``Corpus`` or an iterable of ``ParsedDocument``. ``group`` is the
    document's duplicate group (its own id when not a duplicate), so analyses can keep one
    document per group. ``per_10k_chars`` is NaN when the document has no text in ``roles``.
    Every document gets the same set of ``(feature, term)`` rows (zeros filled).
    """
    roles = tuple(roles)
    if not roles:
        raise ParameterError("roles", "at least one block role is needed")
    if min_quote_chars < 1:
        raise ParameterError("min_quote_chars", "must be >= 1")
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    docs, groups = _documents(corpus)
    per_doc = []
    keys: dict[tuple[str, str], None] = {}
    for doc in docs:
        counts, n_chars = doc_feature_counts(
            doc, roles=roles, lexicon=lex, min_quote_chars=min_quote_chars
        )
        per_doc.append((doc, counts, n_chars))
        keys.update(dict.fromkeys(counts))
    rows = []
    for doc, counts, n_chars in per_doc:
        for feature, term in keys:
            count = counts.get((feature, term), 0)
            rows.append(
                (
                    doc.doc_id,
                    doc.meta.year,
                    groups.get(doc.doc_id, doc.doc_id),
                    feature,
                    term,
                    count,
                    n_chars,
                    count / n_chars * 10_000 if n_chars else float("nan"),
                )
            )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    out["year"] = pd.array(out["year"], dtype="Int64")
    out["count"] = out["count"].astype("int64")
    out["n_chars"] = out["n_chars"].astype("int64")
    out["per_10k_chars"] = out["per_10k_chars"].astype("float64")
    return out


def features_wide(
    long: pd.DataFrame, *, level: str = "feature", value: str = "per_10k_chars"
) -> pd.DataFrame:
    """One row per document, one column per feature (``level="feature"``, terms summed) or per
    ``feature:term`` (``level="term"``); ``value`` is ``count`` or ``per_10k_chars``."""
    if level not in ("feature", "term"):
        raise ParameterError("level", f"must be 'feature' or 'term', got {level!r}")
    if value not in ("count", "per_10k_chars"):
        raise ParameterError("value", f"must be 'count' or 'per_10k_chars', got {value!r}")
    data = long.copy()
    if level == "feature":
        data = data[~((data["feature"] == "quotation") & (data["term"] == "quoted_chars"))]
        data = data[~((data["feature"] == "reported_speech") & (data["term"] == "total"))]
        col = data["feature"]
    else:
        col = data["feature"] + ":" + data["term"]
    data = data.assign(column=col)
    index = ["doc_id", "year", "group", "n_chars"]
    wide = data.groupby(index + ["column"], dropna=False, sort=False)["count"].sum()
    wide = wide.unstack("column", fill_value=0)
    if value == "per_10k_chars":
        n = wide.index.get_level_values("n_chars").to_numpy(dtype=float)
        n[n == 0] = float("nan")
        wide = wide.div(n, axis=0) * 10_000
    wide.columns.name = None
    return wide.reset_index()
