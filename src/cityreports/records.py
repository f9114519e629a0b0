"""Records that flow through the pipeline: raw file -> decoded text -> normalised text -> blocks.

Every record is a frozen dataclass. Offsets called ``start``/``end`` are always *raw* character
offsets into :attr:`RawDocument.raw_text` (end exclusive), so ``raw_text[start:end]`` is the
surface; offsets into the normalised text are called ``norm_start``/``norm_end``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

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
class Span:
    """A half-open range of raw character offsets."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start


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
class Block:
    """A paragraph-like unit with a role (see :data:`BLOCK_ROLES`)."""

    block_id: int
    role: str
    start: int
    end: int
    norm_start: int
    norm_end: int
    text: str  # normalised


@dataclass(frozen=True)
class Sentence:
    """A sentence inside one block."""

    sentence_id: int
    block_id: int
    role: str
    start: int
    end: int
    norm_start: int
    norm_end: int
    text: str  # normalised


@dataclass(frozen=True)
class DocumentMeta:
    """Document-level metadata, inferred from the text or taken from the file/manifest.

    ``date`` is ISO 8601, partial when only part is known: ``2015-12-12``, ``2020-12``,
    ``--03-24`` (month and day, year unknown). ``year_source`` is one of ``explicit``,
    ``inferred``, ``manifest``, ``unknown``; ``year_evidence`` quotes what the year rests on.
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
    """Parsed documents (sorted by doc_id), the files that were skipped, and duplicate groups."""

    documents: tuple[ParsedDocument, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicate_group: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    sha256: str = ""

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
