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
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd

from cityreports.quant.claims import Claim, extract_claims
from cityreports.quant.enumerations import Enumeration, find_enumerations
from cityreports.records import ParsedDocument
from cityreports.text.lexicon import HAN_BASIC

__all__ = ["CHECK_COLUMNS", "run_checks", "part_whole_checks", "group_checks"]

CHECK_COLUMNS = ("check", "doc_id", "start", "end", "status", "detail")

_PART_MARK = re.compile(r"其中|包括|分别(?:为|是)")


def _row(check: str, doc_id: str, start: int, end: int, status: str, detail: str) -> dict:
    return {
        "check": check,
        "doc_id": doc_id,
        "start": start,
        "end": end,
        "status": status,
        "detail": detail,
    }


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
        sentence_end = len(text)
        for c in _STOP_PARTS:
            idx = text.find(c, cs[i + 1].norm_end)
            if 0 <= idx < sentence_end:
                sentence_end = idx
        parts = [c for c in cs[i + 1 :] if c.norm_start < sentence_end and c.unit == unit]
        if len(parts) < 2:
            continue
        total = None
        for c in reversed(cs[: i + 1]):
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
    """Compare enumerations and claims across documents of one duplicate group."""
    rows = []
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, group in duplicate_group.items():
        members[group].append(doc_id)
    for group, doc_ids in sorted(members.items()):
        doc_ids = sorted(d for d in doc_ids if d in enums)
        if len(doc_ids) < 2:
            continue
        # enumerations: match by shared item openings (same speech points), else by noun
        for i, a in enumerate(doc_ids):
            for b in doc_ids[i + 1 :]:
                for ea in enums[a]:
                    for eb in enums[b]:
                        if not _same_enumeration(ea, eb):
                            continue
                        na, nb = ea.declared or ea.listed, eb.declared or eb.listed
                        status = (
                            "consistent"
                            if na == nb and ea.listed == eb.listed
                            else ("inconsistent")
                        )
                        detail = (
                            f"group {group}: {a} '{ea.declared_text}' {na} points "
                            f"(listed {ea.listed}) vs {b} '{eb.declared_text}' {nb} "
                            f"(listed {eb.listed})"
                        )
                        rows.append(_row("group_enumeration", a, ea.start, ea.end, status, detail))
        # claims: same subject and unit across documents, values far apart
        seen: dict[tuple[str, str], list[Claim]] = defaultdict(list)
        for d in doc_ids:
            for c in claims.get(d, []):
                if c.subject and c.value:
                    seen[(c.subject, c.unit)].append(c)
        for (subject, unit), cs in sorted(seen.items()):
            docs = {c.doc_id for c in cs}
            if len(docs) < 2:
                continue
            values = [c.value for c in cs if c.value]
            ratio = max(values) / min(values)
            status = "flagged" if ratio >= 100 else "consistent"
            detail = (
                f"group {group}: {subject} ({unit}) values "
                + ", ".join(f"{c.doc_id}:{c.value:g}" for c in cs)
                + f"; max/min {ratio:g}"
            )
            first = cs[0]
            rows.append(_row("group_scale", first.doc_id, first.start, first.end, status, detail))
    return rows


def _same_enumeration(a: Enumeration, b: Enumeration) -> bool:
    """Two enumerations report the same points: an item opening in common, or same wording."""
    heads_a = {_item_head(x) for x in a.items if _item_head(x)}
    heads_b = {_item_head(x) for x in b.items if _item_head(x)}
    if heads_a & heads_b:
        return True
    return a.declared is not None and a.declared_text == b.declared_text


def _item_head(item: str) -> str:
    item = re.sub(
        r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，、：,]?|其[一二三四五六七八九十])",
        "",
        item,
    )
    return item[:6]


def run_checks(corpus: object) -> pd.DataFrame:
    """All checks over a Corpus (or iterable of ParsedDocuments), one row per finding."""
    docs = list(getattr(corpus, "documents", corpus))  # type: ignore[call-overload]
    groups: Mapping[str, str] = getattr(corpus, "duplicate_group", {}) or {}
    rows: list[dict] = []
    enums: dict[str, list[Enumeration]] = {}
    claims: dict[str, list[Claim]] = {}
    for doc in docs:
        enums[doc.doc_id] = find_enumerations(doc)
        claims[doc.doc_id] = extract_claims(doc)
        rows += _enumeration_rows(doc, enums[doc.doc_id])
        rows += part_whole_checks(doc, claims[doc.doc_id])
        rows += _qualifier_rows(claims[doc.doc_id])
    rows += group_checks(enums, claims, groups)
    return pd.DataFrame(rows, columns=list(CHECK_COLUMNS))
