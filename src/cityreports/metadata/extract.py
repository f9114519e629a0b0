"""Document metadata: title, date, year (with its source and evidence), event, place, people.

All text rules work on the *normalised* (simplified) text of the blocks; ``raw.metadata``
(front matter, record fields, manifest) wins where it states a field. The rules live in
:mod:`~cityreports.metadata.dates` (date mentions and the report's own date),
:mod:`~cityreports.metadata.year` (year, with its source and evidence) and
:mod:`~cityreports.metadata.people` (event, place, authors, source).

* **title** - ``raw.metadata['title']`` if present, else the first ``title`` block ("" if none);
  ``subtitle`` is the ``subtitle`` blocks, leading dashes removed. Title, subtitle and event are
  quoted from the *raw* text (original script; line breaks removed), like the gold annotation;
  other fields come from the normalised (simplified) text.
* **date** - :func:`~cityreports.metadata.dates.choose_date`. An inferred year never goes into
  ``date``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cityreports.metadata.dates import choose_date
from cityreports.metadata.people import extract_authors, extract_event_and_location, extract_source
from cityreports.metadata.spans import document_head, surface
from cityreports.metadata.year import infer_year, is_roc_text, metadata_year
from cityreports.records import Block, DocumentMeta, NormalizedText, RawDocument

__all__ = ["extract_metadata"]


def extract_metadata(
    raw: RawDocument,
    norm: NormalizedText,
    blocks: Sequence[Block],
    *,
    head_blocks: int = 2,
) -> DocumentMeta:
    """Document metadata from the blocks of one report; ``raw.metadata`` fields win."""
    meta = dict(raw.metadata)
    title_blocks = [b for b in blocks if b.role == "title"]
    title = meta.get("title", "").strip() or (
        surface(raw, norm, title_blocks[0]) if title_blocks else ""
    )
    subtitle = " ".join(
        re.sub(r"^[\s—\-－–]+", "", surface(raw, norm, b)) for b in blocks if b.role == "subtitle"
    )
    roc = is_roc_text(norm)
    chosen = choose_date(blocks, roc=roc, head_blocks=head_blocks)
    date = chosen[0].iso if chosen else ""
    year: int | None = None
    year_source, evidence = "unknown", ""
    stated = metadata_year(raw)
    if stated is not None:
        date = stated[0] or date
        year, year_source, evidence = stated[1], stated[2], stated[3]
    elif chosen and chosen[0].year is not None:
        mention, text = chosen
        year, year_source, evidence = mention.year, "explicit", text[mention.start : mention.end]
    else:
        inferred = infer_year(blocks, roc=roc, head=head_blocks)
        if inferred is not None:
            year, evidence = inferred
            year_source = "inferred"
    event, location = extract_event_and_location(
        raw, norm, document_head(blocks, head_blocks=head_blocks)
    )
    return DocumentMeta(
        title=title,
        subtitle=subtitle,
        date=date,
        year=year,
        year_source=year_source,
        year_evidence=evidence,
        event=meta.get("event", "") or event,
        location=meta.get("location", "") or location,
        authors=_authors_from_meta(meta) or extract_authors(blocks),
        source=meta.get("source", "").strip() or extract_source(blocks),
        url=meta.get("url", "").strip(),
    )


def _authors_from_meta(meta: dict[str, str]) -> tuple[str, ...]:
    value = (meta.get("author") or meta.get("authors") or "").strip()
    if not value:
        return ()
    return tuple(p for p in (s.strip() for s in re.split(r"[;；、,，/|]", value)) if p)
