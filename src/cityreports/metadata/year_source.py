"""Which year a document gets, from which source (``year_source``), and where sources disagree.

Precedence, first source that gives a year wins:

1. ``manifest`` - a ``date``/``year`` the manifest CSV gives (``raw.metadata['manifest_fields']``);
   ``record`` - a ``date``/``year`` the file states itself (YAML front matter of a ``.md``, a
   field of a JSON/JSONL/CSV record; evidence ``front matter date: …`` / ``record date: …``).
2. the text: ``explicit`` - the report's own date has a year (a dateline, a release date, a
   policy's signing date ``二○一二年一月九日``); ``inferred`` - the document's number
   (``〔2012〕``), the genre's conventions (a government work report reviewing 2009 is the report
   of 2010, the session it is delivered to, ``今年`` with targets: see
   :mod:`~cityreports.metadata.report_year`), an ROC year in a Taiwanese title (112年 = 2023),
   an event-name year, a national session (see :mod:`~cityreports.metadata.year`).
3. ``path`` - a year or a date in the file or folder names (``gwr_national_2010.txt``,
   ``2021-12-28_7863314.json``, ``reports/2019/x.txt``), used only when the text gives nothing
   stronger than a lower bound (the latest dated mention, a data year); then that lower bound
   (``inferred``); else ``unknown``.
4. ``file`` - the creation date of a DOCX or PDF (metadata ``file_created``: core properties,
   document info), after the path and only when it is not below the text's lower bound: it
   dates the file (Word's default template says 2013; a scan is made years later), not the
   document. A creation year differing from the text's own date is no conflict.

A year from another source that disagrees with the chosen one is a conflict
(``DocumentMeta.conflicts``, kind ``year_conflict``): the path against the chosen year; the text's
own date against a manifest or record year; a lower bound above a path year.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityreports.metadata.dates import find_dates, parse_chinese_year
from cityreports.records import RawDocument

__all__ = ["ChosenYear", "choose_year", "metadata_year", "path_year"]

_PATH_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:[-_.](?P<m>0?[1-9]|1[0-2])[-_.](?P<d>0?[1-9]|[12]\d|3[01])"
    r"|(?P<m2>0[1-9]|1[0-2])(?P<d2>0[1-9]|[12]\d|3[01]))?(?!\d)"
)


@dataclass(frozen=True)
class ChosenYear:
    """The year chosen for a document, its source and evidence, the date a stated source gives
    (or ""), and the conflicts found."""

    year: int | None
    source: str
    evidence: str
    date: str = ""
    conflicts: tuple[str, ...] = ()


def _stated_year(
    metadata: Mapping[str, str], fields: Sequence[str], *, label: str
) -> tuple[str, int | None, str] | None:
    """``(iso date, year, evidence)`` from the metadata ``fields`` among ``date``/``year``."""
    raw_date = (metadata.get("date") or "").strip() if "date" in fields else ""
    if raw_date:
        roc = raw_date[:3].isdigit() and not raw_date[3:4].isdigit()  # 113-03-05: an ROC date
        mentions = [m for m in find_dates(raw_date, roc=roc) if m.year is not None]
        if mentions:
            return mentions[0].iso, mentions[0].year, f"{label}date: {raw_date}"
        year = parse_chinese_year(raw_date[:4]) if raw_date[:4].isdigit() else None
        if year is not None:
            return str(year), year, f"{label}date: {raw_date}"
    raw_year = (metadata.get("year") or "").strip() if "year" in fields else ""
    year = parse_chinese_year(raw_year) if raw_year else None
    if year is not None:
        return "", year, f"{label}year: {raw_year}"
    return None


def metadata_year(raw: RawDocument) -> tuple[str, int | None, str, str] | None:
    """``(iso date, year, year_source, evidence)`` from ``raw.metadata``, or None.

    Only fields listed in ``metadata['manifest_fields']`` (set by :mod:`ingest.manifest` for the
    columns a manifest CSV filled) come from the manifest: ``manifest``, evidence
    ``date: 2016/01/02``. A ``date``/``year`` the file states itself is ``record``, evidence
    ``front matter date: …`` (``.md``) or ``record date: …`` (other formats).
    """
    meta = dict(raw.metadata)
    manifest_fields = {f.strip() for f in meta.get("manifest_fields", "").split(",")}
    manifest = _stated_year(meta, [f for f in ("date", "year") if f in manifest_fields], label="")
    label = "front matter " if raw.format == "md" else "record "
    own = [f for f in ("date", "year") if f not in manifest_fields]
    stated = _stated_year(meta, own, label=label)
    if manifest is not None:
        # a manifest year alone keeps the file's own date, if it states one
        date = manifest[0] or (stated[0] if stated is not None else "")
        return date, manifest[1], "manifest", manifest[2]
    if stated is not None:
        return stated[0], stated[1], "record", stated[2]
    return None


def _part_year(part: str) -> int | None:
    """The one year a path part names (a date wins over bare years), or None."""
    found = [(bool(m["m"] or m["m2"]), int(m["y"])) for m in _PATH_DATE_RE.finditer(part)]
    dated = {y for has_date, y in found if has_date}
    years = dated or {y for _, y in found}
    return years.pop() if len(years) == 1 else None


def path_year(raw: RawDocument) -> tuple[int, str] | None:
    """``(year, evidence)`` from the innermost part of the record's ``url`` that names one
    year (``/20130305/``: a web page's path is its file name), else the file name, else the
    innermost folder of the document's path inside the corpus (its ``doc_id``), or None."""
    url = (raw.metadata.get("url") or "").strip()
    if url:  # a web page's path: news.sohu.com/20130305/n367551210.shtml
        for part in reversed(re.split(r"[/?#]", re.sub(r"^[a-z]+://[^/]*", "", url))):
            year = _part_year(part)
            if year is not None:
                return year, f"url: {url}"
    doc_path = raw.doc_id.split("#")[0]
    stem = re.split(r"[\\/]", raw.path)[-1].rsplit(".", 1)[0]
    parts = [stem, *reversed(doc_path.split("/")[:-1])]
    for part in parts:
        year = _part_year(part)
        if year is not None:
            return year, f"path: {doc_path}"
    return None


def file_year(raw: RawDocument) -> tuple[int, str] | None:
    """``(year, evidence)`` from the file's creation date (``file_created``), or None."""
    created = (raw.metadata.get("file_created") or "").strip()
    year = parse_chinese_year(created[:4]) if created[:4].isdigit() else None
    return (year, f"file created: {created}") if year is not None else None


def choose_year(
    raw: RawDocument,
    *,
    explicit: tuple[int, str] | None,
    inferred: tuple[int, str, bool] | None,
) -> ChosenYear:
    """The year of a document by the precedence of the module docstring. ``explicit`` is the
    year of the report's own date with its quote; ``inferred`` the text's inference with its
    quote and whether it is an estimate (True) or a lower bound (False)."""
    stated = metadata_year(raw)
    from_path = path_year(raw)
    text = (explicit[0], explicit[1], "explicit", True) if explicit else None
    if text is None and inferred is not None:
        text = (inferred[0], inferred[1], "inferred", inferred[2])
    conflicts: list[str] = []
    if stated is not None:
        date, year, source, evidence = stated
        if text is not None and text[2] == "explicit" and text[0] != year:
            conflicts.append(_conflict(source, year, evidence, text[2], text[0], text[1]))
        chosen = ChosenYear(year, source, evidence, date)
    elif text is not None and text[3]:
        chosen = ChosenYear(text[0], text[2], text[1])
    elif from_path is not None:
        if text is not None and text[0] > from_path[0]:
            conflicts.append(_conflict("path", *from_path, "lower bound", text[0], text[1]))
        return ChosenYear(*from_path[:1], "path", from_path[1], conflicts=tuple(conflicts))
    elif (from_file := file_year(raw)) is not None and (text is None or from_file[0] >= text[0]):
        return ChosenYear(from_file[0], "file", from_file[1])
    elif text is not None:
        chosen = ChosenYear(text[0], text[2], text[1])
    else:
        return ChosenYear(None, "unknown", "")
    if from_path is not None and from_path[0] != chosen.year:
        conflicts.append(_conflict("path", *from_path, chosen.source, chosen.year, chosen.evidence))
    return ChosenYear(chosen.year, chosen.source, chosen.evidence, chosen.date, tuple(conflicts))


def _conflict(
    source: str, year: int | None, evidence: str, other: str, other_year: int | None, why: str
) -> str:
    return f"year_conflict: {source} {year} ({evidence}) vs {other} {other_year} ({why})"
