"""Document metadata: title, date, year, kind, region, event, place, people - each with where
it comes from and the cue it rests on (see ``docs/metadata.md``).

All text rules work on the *normalised* (simplified) text of the blocks; ``raw.metadata``
(front matter, record fields, manifest) wins where it states a field. The rules live in
:mod:`~cityreports.metadata.kind` (kind and region), :mod:`~cityreports.metadata.dates` (date
mentions and the report's own date), :mod:`~cityreports.metadata.year_source` (the precedence of
year sources and their conflicts), :mod:`~cityreports.metadata.year` and
:mod:`~cityreports.metadata.report_year` (years inferred from the text),
:mod:`~cityreports.metadata.title` and :mod:`~cityreports.metadata.issuer` (titles), and
:mod:`~cityreports.metadata.people` (event, place, authors, source).

* **subtitle** - the ``subtitle`` blocks, leading dashes removed. Title, subtitle and event are
  quoted from the *raw* text (original script; line breaks removed), like the gold annotation;
  other fields come from the normalised (simplified) text.
* **date** - a date the manifest or record gives, else
  :func:`~cityreports.metadata.dates.choose_date`. An inferred year never goes into ``date``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cityreports.metadata.dates import choose_date
from cityreports.metadata.issuer import report_issuer
from cityreports.metadata.kind import infer_kind, infer_region
from cityreports.metadata.people import extract_authors, extract_event_and_location, extract_source
from cityreports.metadata.report_year import work_report_year
from cityreports.metadata.spans import document_head, surface
from cityreports.metadata.title import choose_title
from cityreports.metadata.year import is_roc_text, text_year
from cityreports.metadata.year_source import choose_year
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
    kind, kind_evidence = infer_kind(blocks, meta)
    region, region_evidence = infer_region(norm)
    subtitle = " ".join(
        re.sub(r"^[\s—\-－–]+", "", surface(raw, norm, b)) for b in blocks if b.role == "subtitle"
    )
    roc = is_roc_text(norm)
    chosen = choose_date(blocks, roc=roc, head_blocks=head_blocks)
    explicit = None
    if chosen and chosen[0].year is not None:
        mention, text = chosen
        explicit = (mention.year, text[mention.start : mention.end])
    inferred = None
    if explicit is None or meta.get("date") or meta.get("year"):
        inferred = _inferred_year(blocks, kind=kind, roc=roc, head_blocks=head_blocks)
    year = choose_year(raw, explicit=explicit, inferred=inferred)
    issuer = report_issuer(blocks, path=raw.doc_id) if kind == "gov_work_report" else ("", "")
    title, title_source, title_evidence = choose_title(
        raw, norm, blocks, kind=kind, year=year.year, year_evidence=year.evidence, issuer=issuer
    )
    event, location = extract_event_and_location(
        raw, norm, document_head(blocks, head_blocks=head_blocks)
    )
    return DocumentMeta(
        title=title,
        subtitle=subtitle,
        date=year.date or (chosen[0].iso if chosen else ""),
        year=year.year,
        year_source=year.source,
        year_evidence=year.evidence,
        event=meta.get("event", "") or event,
        location=meta.get("location", "") or location,
        authors=_authors_from_meta(meta) or extract_authors(blocks),
        source=meta.get("source", "").strip() or extract_source(blocks),
        url=meta.get("url", "").strip(),
        title_source=title_source,
        title_evidence=title_evidence,
        kind=kind,
        kind_evidence=kind_evidence,
        region=region,
        region_evidence=region_evidence,
        conflicts=year.conflicts,
    )


def _inferred_year(
    blocks: Sequence[Block], *, kind: str, roc: bool, head_blocks: int
) -> tuple[int, str, bool] | None:
    """``(year, evidence, is an estimate)`` the text gives: a work report's genre cues first
    (:func:`~cityreports.metadata.report_year.work_report_year`), else :func:`text_year`."""
    cue = work_report_year(blocks) if kind == "gov_work_report" else None
    if cue is not None and cue.cue != "after":
        return cue.year, cue.evidence, True
    guess = text_year(blocks, roc=roc, head=head_blocks)
    if guess is not None and (guess.strong or cue is None):
        return guess.year, guess.evidence, guess.strong
    return (cue.year, cue.evidence, False) if cue is not None else None


def _authors_from_meta(meta: dict[str, str]) -> tuple[str, ...]:
    value = (meta.get("author") or meta.get("authors") or "").strip()
    if not value:
        return ()
    return tuple(p for p in (s.strip() for s in re.split(r"[;；、,，/|]", value)) if p)
