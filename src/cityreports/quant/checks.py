"""Consistency checks over claims and enumerations of a corpus.

:func:`run_checks` returns one row per finding (check, doc_id, start, end, status, detail):

* ``enumeration_count``: declared count vs listed items (consistent | inconsistent).
* ``part_whole``: a total followed by 其中 and parts with the same unit in one passage
  (城市建制654个，其中直辖市4个、地级市291个、县级市359个): parts sum to the total
  (consistent), exceed it (inconsistent), fall short (partial: 其中 may name only some parts)
  or are approximate (flagged).
* ``contradictory_qualifier``: 近…余 stated together (flagged).
* ``group_enumeration``: documents of one duplicate group declare or list a different number of
  points for the same enumeration (000 six points vs 001 four).
* ``group_scale``: the same subject and unit in one duplicate group with values >= 100x apart.
* ``target_vs_outcome``: a target of a work report against the outcome the next year's report
  states for the same indicator (met | missed | unclear; :mod:`quant.promises`).

Cross-document rows give the second span in ``other_doc_id``/``other_start``/``other_end``.

What a status means: ``inconsistent`` and ``flagged`` are *flags*, a problem the check found in
the text (:data:`FLAG_STATUSES`, :func:`flag_rows`); ``consistent`` and ``partial`` are not (a
passage may name only some parts); ``met``, ``missed`` and ``unclear`` say whether a promise was
kept, a finding about the reports' targets, not an error in them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd

from cityreports.quant.claims import Claim, claims_of
from cityreports.quant.enumerations import Enumeration, enumerations_of
from cityreports.quant.promises import target_outcome_checks
from cityreports.records import ParsedDocument
from cityreports.text.lexicon import HAN_BASIC

__all__ = ["CHECK_COLUMNS", "FLAG_STATUSES", "flag_rows", "run_checks", "part_whole_checks",
           "group_checks"]

CHECK_COLUMNS = (
    "check",
    "doc_id",
    "start",
    "end",
    "status",
    "detail",
    "other_doc_id",
    "other_start",
    "other_end",
)

#: Statuses that flag a problem in the text (the others: see the module docstring).
FLAG_STATUSES = ("inconsistent", "flagged")


def flag_rows(checks: pd.DataFrame) -> pd.DataFrame:
    """The rows of a :func:`run_checks` table that flag a problem (:data:`FLAG_STATUSES`); a
    target met or missed, a consistent or partial sum are findings, not flags."""
    if "status" not in checks or checks.empty:
        return checks.iloc[0:0]
    return checks[checks["status"].astype("string").fillna("").isin(FLAG_STATUSES).to_numpy()]


_PART_MARK = re.compile(r"其中|包括|分别(?:为|是)")


def _row(check: str, doc_id: str, start: int, end: int, status: str, detail: str) -> dict:
    return {
        "check": check,
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "status": status,
        "detail": detail,
        "other_doc_id": "",
        "other_start": None,
        "other_end": None,
    }


def _other(doc_id: str, start: int, end: int) -> dict:
    """The second span of a cross-document row (the other document's raw offsets)."""
    return {"other_doc_id": doc_id, "other_start": start, "other_end": end}


#: How far (characters) a part/whole passage reaches: bounded, so long lines stay linear.
_PART_SPAN = 600
_CHANGE_WORDS = re.compile(r"(?:比|较|同比|环比)|(?:增加|增长|减少|下降|提高|降低|上升)$")
_STOP_PARTS = "。！？\n"


def _is_change(text: str, claim: Claim) -> bool:
    """比上年末增加8.5万人, 同比增长2.3%: a change, never the whole that 其中 divides."""
    before = text[max(0, claim.norm_start - 12) : claim.norm_start]
    clause = re.split(r"[，。；：,;:\n]", before)[-1]
    return bool(_CHANGE_WORDS.search(clause))


def part_whole_checks(doc: ParsedDocument, claims: Iterable[Claim]) -> list[dict]:
    """A total, then 其中/包括/分别为 and two or more parts of the same unit.

    The parts are the claims of the unit of the first one after the mark, up to the end of
    that sentence (growth rates between them are skipped: 其中，第一产业增加值90.1亿元，增长3.1%；
    …). The total is the nearest earlier claim of that unit in the same paragraph, at most one
    sentence back, that is not a change (比上年末增加8.5万人). Status: ``consistent`` when the
    parts sum to the total, ``inconsistent`` when exact parts exceed it, ``partial`` when exact
    parts fall short (其中 may name only some of the parts), ``flagged`` when a part is
    approximate.
    """
    rows = []
    text = doc.norm.text
    cs = sorted((c for c in claims if c.value is not None), key=lambda c: c.norm_start)
    for i in range(len(cs) - 1):
        between = text[cs[i].norm_end : cs[i + 1].norm_start]
        mark = _PART_MARK.search(between)
        if not mark or "\n" in between or any(c in between[mark.end() :] for c in _STOP_PARTS):
            continue
        mark_at = cs[i].norm_end + mark.start()
        unit = cs[i + 1].unit
        if not unit or unit in ("%", "‰", "百分点"):
            continue
        first_end = cs[i + 1].norm_end
        sentence_end = min(len(text), first_end + _PART_SPAN)
        for c in _STOP_PARTS:
            idx = text.find(c, first_end, sentence_end)
            if 0 <= idx < sentence_end:
                sentence_end = idx
        parts = []
        for c in cs[i + 1 :]:
            if c.norm_start >= sentence_end:
                break
            if c.unit == unit:
                parts.append(c)
        if len(parts) < 2:
            continue
        total = None
        for c in reversed(cs[: i + 1]):
            if mark_at - c.norm_end > _PART_SPAN:
                break
            gap = text[c.norm_end : mark_at]
            if "\n" in gap or sum(gap.count(x) for x in "。！？") > 1:
                break
            if c.unit == unit and not _is_change(text, c):
                total = c
                break
        if total is None or total.qualifier != "exact" or total.value is None:
            continue
        exact = all(p.qualifier == "exact" for p in parts)
        total_parts = sum(p.value for p in parts if p.value is not None)
        close = abs(total_parts - total.value) <= 1e-9 * max(1.0, total.value)
        if exact and close:
            status = "consistent"
        elif exact and total_parts > total.value:
            status = "inconsistent"
        elif exact:
            status = "partial"
        else:
            status = "flagged"
        detail = (
            f"{total.surface}={total.value:g}; parts "
            + "+".join(f"{p.value:g}" for p in parts)
            + f"={total_parts:g}"
        )
        rows.append(_row("part_whole", doc.doc_id, total.start, parts[-1].end, status, detail))
    return rows


def _enumeration_rows(doc: ParsedDocument, enums: Iterable[Enumeration]) -> list[dict]:
    rows = []
    for e in enums:
        if e.declared is None:
            continue
        status = "inconsistent" if e.mismatch else "consistent"
        rows.append(
            _row(
                "enumeration_count",
                doc.doc_id,
                e.start,
                e.end,
                status,
                f"{e.declared_text}: declared {e.declared}, listed {e.listed}",
            )
        )
    return rows


def _qualifier_rows(claims: Iterable[Claim]) -> list[dict]:
    return [
        _row(
            "contradictory_qualifier",
            c.doc_id,
            c.start,
            c.end,
            "flagged",
            f"{c.surface}: near and more-than together",
        )
        for c in claims
        if c.qualifier == "contradictory"
    ]


def _enum_key(e: Enumeration) -> str:
    """Point noun of the declaration (方面, 要点 …) or the first item's head."""
    m = re.search(f"[{HAN_BASIC}]{{2}}$", e.declared_text)
    return m.group() if m else e.declared_text


def group_checks(
    enums: Mapping[str, list[Enumeration]],
    claims: Mapping[str, list[Claim]],
    duplicate_group: Mapping[str, str],
) -> list[dict]:
    """Compare enumerations and claims across the documents of each duplicate group.

    Linear in the group: every other member is compared with the group's representative (its
    first doc_id), through an index of the representative's item openings and declarations,
    and a row is written only for a finding (an enumeration that differs, values of one
    subject and unit >= 100x apart).
    """
    rows = []
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, group in duplicate_group.items():
        members[group].append(doc_id)
    for group, doc_ids in sorted(members.items()):
        doc_ids = sorted(d for d in doc_ids if d in enums)
        if len(doc_ids) < 2:
            continue
        rows += _group_enumeration_rows(group, doc_ids, enums)
        rows += _group_scale_rows(group, doc_ids, claims)
    return rows


def _group_enumeration_rows(
    group: str, doc_ids: list[str], enums: Mapping[str, list[Enumeration]]
) -> list[dict]:
    """Enumerations of each member against the representative's with the same points: an item
    opening in common, or the same declaration."""
    rep = doc_ids[0]
    by_head: dict[str, list[int]] = defaultdict(list)
    by_declaration: dict[str, list[int]] = defaultdict(list)
    for k, e in enumerate(enums[rep]):
        for head in _heads(e):
            by_head[head].append(k)
        if e.declared is not None:
            by_declaration[e.declared_text].append(k)
    rows = []
    for other in doc_ids[1:]:
        for eb in enums[other]:
            found = {k for head in _heads(eb) for k in by_head.get(head, ())}
            found.update(by_declaration.get(eb.declared_text, ()))
            for k in sorted(found):
                ea = enums[rep][k]
                na, nb = ea.declared or ea.listed, eb.declared or eb.listed
                if na == nb and ea.listed == eb.listed:
                    continue
                detail = (
                    f"group {group}: {rep} '{ea.declared_text}' {na} points "
                    f"(listed {ea.listed}) vs {other} '{eb.declared_text}' {nb} "
                    f"(listed {eb.listed})"
                )
                rows.append(
                    _row("group_enumeration", rep, ea.start, ea.end, "inconsistent", detail)
                    | _other(other, eb.start, eb.end)
                )
    return rows


#: How many values a group_scale row lists in its detail.
_MAX_LISTED = 10


def _group_scale_rows(
    group: str, doc_ids: list[str], claims: Mapping[str, list[Claim]]
) -> list[dict]:
    """The same subject and unit in documents of one group with values >= 100x apart."""
    seen: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for d in doc_ids:
        for c in claims.get(d, []):
            if c.subject and c.value:
                seen[(c.subject, c.unit)].append(c)
    rows = []
    for (subject, unit), cs in sorted(seen.items()):
        if len({c.doc_id for c in cs}) < 2:
            continue
        low = min(cs, key=lambda c: c.value or 0.0)
        high = max(cs, key=lambda c: c.value or 0.0)
        ratio = (high.value or 0.0) / (low.value or 1.0)
        if ratio < 100 or low.doc_id == high.doc_id:
            continue
        listed = ", ".join(f"{c.doc_id}:{c.value:g}" for c in cs[:_MAX_LISTED])
        more = f" (+{len(cs) - _MAX_LISTED} more)" if len(cs) > _MAX_LISTED else ""
        detail = f"group {group}: {subject} ({unit}) values {listed}{more}; max/min {ratio:g}"
        rows.append(
            _row("group_scale", low.doc_id, low.start, low.end, "flagged", detail)
            | _other(high.doc_id, high.start, high.end)
        )
    return rows


_ITEM_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、：,]?|其[一二三四五六七八九十])"
)


def _heads(e: Enumeration) -> set[str]:
    """The openings of an enumeration's items (marker removed, six characters)."""
    return {h for h in (_item_head(x) for x in e.items) if h}


def _same_enumeration(a: Enumeration, b: Enumeration) -> bool:
    """Two enumerations report the same points: an item opening in common, or same wording."""
    if _heads(a) & _heads(b):
        return True
    return a.declared is not None and a.declared_text == b.declared_text


def _item_head(item: str) -> str:
    return _ITEM_MARKER.sub("", item, count=1)[:6]


def run_checks(
    corpus: object,
    *,
    claims: Mapping[str, list[Claim]] | None = None,
    enumerations: Mapping[str, list[Enumeration]] | None = None,
) -> pd.DataFrame:
    """All checks over a Corpus (or iterable of ParsedDocuments), one row per finding.

    ``claims`` and ``enumerations`` (doc_id -> list) are used when the caller already has them,
    else those found when the documents were parsed (``ParsedDocument.claims``), so that they
    are not computed twice.
    """
    docs = list(getattr(corpus, "documents", corpus))  # type: ignore[call-overload]
    groups: Mapping[str, str] = getattr(corpus, "duplicate_group", {}) or {}
    rows: list[dict] = []
    enums: dict[str, list[Enumeration]] = {}
    found: dict[str, list[Claim]] = {}
    for doc in docs:
        enums[doc.doc_id] = (
            list(enumerations[doc.doc_id])
            if enumerations is not None and doc.doc_id in enumerations
            else enumerations_of(doc)
        )
        found[doc.doc_id] = (
            list(claims[doc.doc_id])
            if claims is not None and doc.doc_id in claims
            else claims_of(doc)
        )
        rows += _enumeration_rows(doc, enums[doc.doc_id])
        rows += part_whole_checks(doc, found[doc.doc_id])
        rows += _qualifier_rows(found[doc.doc_id])
    rows += group_checks(enums, found, groups)
    rows += target_outcome_checks(docs, found)
    table = pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
    for column in ("start", "end", "other_start", "other_end"):
        table[column] = table[column].astype("Int64")
    return table
