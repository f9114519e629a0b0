"""Records that flow through the pipeline: raw file -> decoded text -> normalised text -> blocks.

Every record is a frozen dataclass. Offsets called ``start``/``end`` are always *raw* character
offsets into :attr:`RawDocument.raw_text` (end exclusive), so ``raw_text[start:end]`` is the
surface; offsets into the normalised text are called ``norm_start``/``norm_end``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from cityreports.errors import ParameterError

#: Roles a block can play. Analyses use only ``body`` blocks by default.
BLOCK_ROLES = (
    "title",
    "subtitle",
    "byline",
    "heading",
    "caption",
    "body",
    "credit",
    "boilerplate",
    "front_matter",
)

#: Roles analyses skip by default (everything that is not running text of the report).
NON_BODY_ROLES = frozenset(BLOCK_ROLES) - {"body"}


@dataclass(frozen=True)
class RawDocument:
    """One report as read from disk: decoded text with nothing changed, plus provenance.

    ``raw_text`` is the decoded bytes with line endings untouched (for JSON/JSONL/CSV records it
    is the decoded text field). ``metadata`` holds fields the file itself states (front matter,
    record fields: title, date, author, url, source) and curated manifest fields; keys are
    lower-case English names.
    """

    doc_id: str
    path: str
    format: str
    encoding: str
    sha256: str
    raw_text: str
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A private plain-dict copy: picklable (for --workers and the corpus cache) and not
        # shared with the caller. Treat it as read-only.
        object.__setattr__(self, "metadata", dict(self.metadata or {}))


@dataclass(frozen=True)
class Skipped:
    """A file (or record) that was not read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Repair:
    """A change the normaliser made beyond character mapping (e.g. a page-break join)."""

    kind: str
    start: int
    end: int
    raw: str
    replacement: str


@dataclass(frozen=True)
class Anomaly:
    """Something suspicious in the raw text, flagged and left unchanged."""

    kind: str  # lost_character | foreign_token | mixed_script | ...
    start: int
    end: int
    text: str
    detail: str = ""


@dataclass(frozen=True, eq=False)
class NormalizedText:
    """Normalised text with a map back to raw offsets.

    ``raw_start[i]``/``raw_end[i]`` is the raw span that produced normalised character ``i``.
    The spans are non-overlapping and increasing; raw characters between them were deleted by
    normalisation (whitespace of joined lines, zero-width characters).
    """

    text: str
    raw_start: np.ndarray
    raw_end: np.ndarray
    raw_length: int
    script: str  # simplified | traditional | mixed | none
    repairs: tuple[Repair, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()

    def raw_span(self, norm_start: int, norm_end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering normalised characters ``[norm_start, norm_end)``."""
        n = len(self.text)
        if not 0 <= norm_start <= norm_end <= n:
            raise ValueError(f"normalised span [{norm_start}, {norm_end}) outside 0..{n}")
        if norm_start == norm_end:
            if norm_start < n:
                pos = int(self.raw_start[norm_start])
            else:
                pos = int(self.raw_end[n - 1]) if n else 0
            return pos, pos
        return int(self.raw_start[norm_start]), int(self.raw_end[norm_end - 1])

    def norm_index(self, raw_offset: int) -> int:
        """Index of the first normalised character whose raw span ends after ``raw_offset``."""
        return int(np.searchsorted(self.raw_end, raw_offset, side="right"))


@dataclass(frozen=True)
class TextUnit:
    """A span of one block's text: ``start``/``end`` raw offsets, ``norm_start``/``norm_end``
    normalised ones, ``text`` the normalised text, ``role`` the role of block ``block_id``.
    The fields :class:`Block` and :class:`Sentence` share (a scan of text units, as of
    claims or terms, reads either); the base of the two, not a record of its own."""

    block_id: int
    role: str
    start: int
    end: int
    norm_start: int
    norm_end: int
    text: str  # normalised


@dataclass(frozen=True)
class Block(TextUnit):
    """A paragraph-like unit with a role (see :data:`BLOCK_ROLES`)."""


@dataclass(frozen=True)
class Sentence(TextUnit):
    """A sentence inside block ``block_id``, numbered ``sentence_id`` in its document."""

    sentence_id: int


#: Where a document's year comes from (see :mod:`cityreports.metadata.year`).
YEAR_SOURCES = ("explicit", "inferred", "record", "manifest", "path", "file", "unknown")
#: Where a document's title comes from (see :mod:`cityreports.metadata.title`).
TITLE_SOURCES = ("text", "record", "manifest", "file", "constructed", "none")
#: Genres a document can be (see :mod:`cityreports.metadata.kind`).
DOCUMENT_KINDS = (
    "gov_work_report",
    "policy",
    "press_release",
    "news",
    "speech",
    "conference_summary",
    "other",
)
#: Where a document comes from, judged from its script and usage.
REGIONS = ("mainland", "hk", "mo", "tw", "unknown")


@dataclass(frozen=True)
class DocumentMeta:
    """Document-level metadata, inferred from the text or taken from the file/manifest.

    ``date`` is ISO 8601, partial when only part is known: ``2015-12-12``, ``2020-12``,
    ``--03-24`` (month and day, year unknown). ``year_source`` is one of :data:`YEAR_SOURCES`;
    ``year_evidence`` quotes what the year rests on. ``title_source`` is one of
    :data:`TITLE_SOURCES`, ``kind`` one of :data:`DOCUMENT_KINDS`, ``region`` one of
    :data:`REGIONS`; each ``*_evidence`` quotes the cue. ``conflicts`` lists disagreements
    between sources (``year_conflict: path 2011 vs inferred 2010 (…)``), for the anomalies table.
    """

    title: str = ""
    subtitle: str = ""
    date: str = ""
    year: int | None = None
    year_source: str = "unknown"
    year_evidence: str = ""
    event: str = ""
    location: str = ""
    authors: tuple[str, ...] = ()
    source: str = ""
    url: str = ""
    title_source: str = "none"
    title_evidence: str = ""
    kind: str = "other"
    kind_evidence: str = ""
    region: str = "unknown"
    region_evidence: str = ""
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ParsedDocument:
    """A report after every per-document stage: raw, normalised, blocks, sentences, metadata."""

    raw: RawDocument
    norm: NormalizedText
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    meta: DocumentMeta
    #: Tokens of each sentence (aligned with ``sentences``) when segmentation ran, else ``()``.
    tokens: tuple[tuple[str, ...], ...] = ()
    #: Claims (``quant.claims.Claim``) and enumerations (``quant.enumerations.Enumeration``) of
    #: the body, found once when the document was parsed; None when the parse did not look.
    claims: tuple[object, ...] | None = None
    enumerations: tuple[object, ...] | None = None
    #: Number-like spans that cannot be parsed (``quant.claims.ClaimDiagnostic``), likewise.
    claim_diagnostics: tuple[object, ...] | None = None

    @property
    def doc_id(self) -> str:
        return self.raw.doc_id

    def body_text(self) -> str:
        """Normalised text of the body blocks, one block per line."""
        return "\n".join(b.text for b in self.blocks if b.role == "body")


@dataclass(frozen=True, eq=False)
class Corpus:
    """Parsed documents (sorted by doc_id), the files that were skipped, duplicate groups
    (copies of one text) and event groups (copies or reports of one event)."""

    documents: tuple[ParsedDocument, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicate_group: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""
    event_group: Mapping[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[ParsedDocument]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str) -> ParsedDocument:
        for doc in self.documents:
            if doc.doc_id == doc_id:
                return doc
        raise KeyError(doc_id)

    @property
    def doc_ids(self) -> tuple[str, ...]:
        return tuple(d.doc_id for d in self.documents)

    def group_of(self) -> dict[str, str]:
        """``doc_id -> duplicate group id``; an ungrouped document is its own group."""
        return duplicate_group_of(self)

    def representatives(self, *, roles: Sequence[str] = ("body",)) -> tuple[str, ...]:
        """The ``doc_id`` that stands for each duplicate group (see :func:`representative_docs`)."""
        return representative_docs(self, roles=roles)

    def subset(
        self,
        *,
        years: tuple[int | None, int | None] | None = None,
        kinds: Iterable[str] | None = None,
        regions: Iterable[str] | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> Corpus:
        """The documents in the year range ``years = (first, last)`` (inclusive; ``None`` for an
        open end), of the given ``kinds``/``regions``, and/or with the given ids.

        With a year bound, undated documents are left out (they cannot be placed in the range).
        Duplicate and event groups are kept for the documents that remain.
        """
        first, last = years if years is not None else (None, None)
        if first is not None and last is not None and first > last:
            raise ParameterError("years", f"year range {first}..{last} is empty")
        wanted_kinds = None if kinds is None else set(_as_tuple(kinds))
        wanted_regions = None if regions is None else set(_as_tuple(regions))
        wanted_ids = None if doc_ids is None else set(_as_tuple(doc_ids))
        kept = []
        for doc in self.documents:
            year = doc.meta.year
            if (first is not None or last is not None) and year is None:
                continue
            if (first is not None and year < first) or (last is not None and year > last):
                continue
            if wanted_kinds is not None and getattr(doc.meta, "kind", "") not in wanted_kinds:
                continue
            if wanted_regions is not None and (
                getattr(doc.meta, "region", "") not in wanted_regions
            ):
                continue
            if wanted_ids is not None and doc.doc_id not in wanted_ids:
                continue
            kept.append(doc)
        return self._with_documents(kept)

    def collapse_duplicates(self, *, roles: Sequence[str] = ("body",)) -> Corpus:
        """One document per duplicate group: its representative (:func:`representative_docs`)."""
        keep = set(representative_docs(self, roles=roles))
        return self._with_documents([d for d in self.documents if d.doc_id in keep])

    def _with_documents(self, docs: Iterable[ParsedDocument]) -> Corpus:
        docs = tuple(docs)
        ids = {d.doc_id for d in docs}
        groups = {k: v for k, v in self.duplicate_group.items() if k in ids}
        events = {k: v for k, v in self.event_group.items() if k in ids}
        return replace(self, documents=docs, duplicate_group=groups, event_group=events)


# --------------------------------------------------------------------------- corpus helpers
# Analyses take a Corpus or any iterable of ParsedDocument; these helpers treat both alike.


def _as_tuple(values: Iterable[str] | str) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)


def corpus_documents(corpus: Corpus | Iterable[ParsedDocument]) -> tuple[ParsedDocument, ...]:
    """The documents of a ``Corpus`` (or any iterable of ``ParsedDocument``), sorted by id."""
    docs = getattr(corpus, "documents", corpus)
    return tuple(sorted(docs, key=lambda d: d.doc_id))


def duplicate_group_of(corpus: Corpus | Iterable[ParsedDocument]) -> dict[str, str]:
    """``doc_id -> group id``; documents the corpus does not group are their own group."""
    groups = dict(getattr(corpus, "duplicate_group", None) or {})
    return {d.doc_id: groups.get(d.doc_id, d.doc_id) for d in corpus_documents(corpus)}


def check_roles(roles: Iterable[str] | str) -> tuple[str, ...]:
    """Validated, de-duplicated block roles."""
    out = tuple(sorted(set(_as_tuple(roles))))
    if not out:
        raise ParameterError("roles", "give at least one block role")
    bad = [r for r in out if r not in BLOCK_ROLES]
    if bad:
        raise ParameterError("roles", f"unknown role(s) {bad}; choose from {list(BLOCK_ROLES)}")
    return out


def role_chars(doc: ParsedDocument, *, roles: Sequence[str]) -> int:
    """Number of normalised characters in the blocks with the given roles."""
    return sum(b.norm_end - b.norm_start for b in doc.blocks if b.role in roles)


def representative_docs(
    corpus: Corpus | Iterable[ParsedDocument], *, roles: Sequence[str] = ("body",)
) -> tuple[str, ...]:
    """One ``doc_id`` per duplicate group, sorted: THE rule for which document stands for a group.

    The representative is the member with a known year, then the one with the most characters
    in ``roles`` (the fullest copy), then the smallest ``doc_id``. Every analysis, notebook and
    the CLI collapse duplicates with this rule (:meth:`Corpus.collapse_duplicates`).
    """
    roles = check_roles(roles)
    best: dict[str, tuple] = {}
    groups = duplicate_group_of(corpus)
    for doc in corpus_documents(corpus):
        key = (doc.meta.year is None, -role_chars(doc, roles=roles), doc.doc_id)
        g = groups[doc.doc_id]
        if g not in best or key < best[g]:
            best[g] = key
    return tuple(sorted(k[2] for k in best.values()))


def select_documents(
    corpus: Corpus | Iterable[ParsedDocument],
    *,
    collapse_duplicates: bool,
    roles: Sequence[str] = ("body",),
) -> tuple[ParsedDocument, ...]:
    """All documents, or one representative per duplicate group."""
    docs = corpus_documents(corpus)
    if not collapse_duplicates:
        return docs
    keep = set(representative_docs(corpus, roles=roles))
    return tuple(d for d in docs if d.doc_id in keep)
