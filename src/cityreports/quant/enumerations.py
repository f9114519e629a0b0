"""Enumerations: a declared count of the text's own points against the items actually listed.

A declaration is a small number before a point noun (六个方面, 四个要点, 三对矛盾, 五大发展理念,
以下几个方面 with no number) or an ``N大`` phrase next to a 、-list (五大亮点展区——A、B…). Items are
counted from ordinal markers (一是…六是, 第一…第四, 第一阶段…, 其一…) after the declaration, in the
same block or at the start of the following body blocks, or before it (…第四…，是…四个目标), or
from a 、-list next to the declaration. Runs of body blocks that start with 第一…/一是… and have no
declaration are reported with ``declared=None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import pandas as pd

from cityreports.quant.claim_words import claim_words
from cityreports.records import Block, ParsedDocument
from cityreports.text.lexicon import HAN_BASIC
from cityreports.text.numerals import fold_text, parse_chinese_integer

__all__ = [
    "Enumeration",
    "ENUMERATION_COLUMNS",
    "enumerations_of",
    "find_enumerations",
    "enumerations_table",
]


@dataclass(frozen=True)
class Enumeration:
    """A declared count (``None`` when not stated) and the items listed for it."""

    doc_id: str
    start: int  # raw span of the declaration (or of the first item when nothing is declared)
    end: int
    declared_text: str
    declared: int | None
    listed: int
    list_start: int  # raw span covering the listed items
    list_end: int
    marker: str  # 一是 | 第一 | 第一阶段 | 其一 | 、 | none
    items: tuple[str, ...]
    mismatch: bool
    position: str  # after | before | none
    norm_start: int
    norm_end: int


ENUMERATION_COLUMNS = tuple(Enumeration.__dataclass_fields__)

_CN_ORD = "一二三四五六七八九十"


def _cn(k: int) -> str:
    if k <= 10:
        return _CN_ORD[k - 1]
    if k < 20:
        return "十" + _CN_ORD[k - 11]
    return _CN_ORD[k // 10 - 1] + "十" + (_CN_ORD[k % 10 - 1] if k % 10 else "")


@lru_cache(maxsize=1)
def _declaration_re() -> re.Pattern[str]:
    point_nouns = claim_words().point_nouns  # resources/claims/words.yml
    nouns = "|".join(sorted((n for n in point_nouns if n != "点"), key=len, reverse=True))
    return re.compile(
        r"(?<!第)(?P<lead>以下|如下|下列|下面)?"
        r"(?P<num>[二两三四五六七八九十]|十[一二三四五六七八九]|[2-9]|1\d|几)"
        rf"(?:(?P<cl>个|项|对|条|种|点|大)(?P<mod>[{HAN_BASIC}]{{0,4}}?))?"
        rf"(?P<noun>{nouns}|[“「][{HAN_BASIC}]{{1,8}}[”」](?=[：:]))"
    )


@lru_cache(maxsize=1)
def _big_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<num>[二两三四五六七八九十]|[2-9])大(?P<mod>[{HAN_BASIC}]{{2,8}}?)"
        r"(?=——|：|:|（|，|。|\d|$)"
    )


_MARKER_FAMILIES = ("是", "第", "阶段", "其", "要")


def _marker(family: str, k: int) -> str:
    n = _cn(k)
    return {"是": f"{n}是", "要": f"{n}要", "第": f"第{n}", "阶段": f"第{n}阶段", "其": f"其{n}"}[
        family
    ]


_FIRST_OK_BEFORE = "“‘「（(，,。；;：:！？ \n"


#: How far (characters) the next item of a list may stand from the one before, and how far a
#: list may run: bounded, so that a block of any length is read in linear time.
_ITEM_GAP = 2000
_LIST_SPAN = 400


def _find_marker(
    text: str, family: str, k: int, start: int, *, strict_first: bool, end: int | None = None
) -> int:
    """Index of marker k of ``family`` in ``text[start:end]`` (-1 if absent)."""
    token = _marker(family, k)
    end = len(text) if end is None else min(end, len(text))
    pos = text.find(token, start, end)
    while pos >= 0:
        nxt = text[pos + len(token) : pos + len(token) + 1]
        prev = text[pos - 1] if pos else "\n"
        ok = True
        if family == "第":
            if nxt in "阶届次批期个章节条款项名位轮季代产方" or nxt.isdigit() or nxt in _CN_ORD:
                ok = False
            elif strict_first and prev not in _FIRST_OK_BEFORE:
                ok = False
        elif family == "是" and prev in "统唯同单划逐之第":
            ok = False
        elif family == "要" and prev not in _INLINE_BEFORE:
            ok = False  # 一要…二要… only at a clause start (统一要求, 二要素 are words)
        if ok:
            return pos
        pos = text.find(token, pos + 1, end)
    return -1


@dataclass(frozen=True)
class _Run:
    family: str
    positions: tuple[tuple[int, int], ...]  # (block index, offset in block) per item


def _run_after(
    blocks: Sequence[str], bi: int, offset: int, *, window: int = 40, next_block: bool = True
) -> _Run | None:
    """Markers 1..n after ``offset`` of block ``bi``: first within ``window`` characters or at
    the start of the next block; later ones in the same block or starting a following block."""
    for family in ("阶段", "是", "第", "其", "要"):
        first = _find_marker(
            blocks[bi], family, 1, offset, strict_first=True, end=offset + window + 6
        )
        where = (bi, first) if 0 <= first <= offset + window else None
        if (
            where is None
            and next_block
            and bi + 1 < len(blocks)
            and _starts_with(blocks[bi + 1], family, 1)
        ):
            where = (bi + 1, _lead(blocks[bi + 1]))
        if where is None:
            continue
        positions = _continue_run(blocks, family, where, inline=False)
        if len(positions) >= 2:
            return _Run(family, tuple(positions))
    return None


def _lead(text: str) -> int:
    head = text[:40]
    return len(head) - len(head.lstrip("“‘「（( \u3000"))


def _starts_with(text: str, family: str, k: int) -> bool:
    i = _lead(text)
    token = _marker(family, k)
    return text.startswith(token, i) and (
        _find_marker(text[i : i + len(token) + 1], family, k, 0, strict_first=True) == 0
    )


def _run_before(text: str, end: int, *, window: int = 400) -> _Run | None:
    """Markers 1..n that end right before ``end`` in one block (the list precedes the count)."""
    lo = max(0, end - window)
    for family in ("阶段", "是", "第", "其"):
        first = -1
        pos = _find_marker(text, family, 1, lo, strict_first=True, end=end)
        while 0 <= pos < end:
            first = pos
            pos = _find_marker(text, family, 1, pos + 1, strict_first=True, end=end)
        if first < 0:
            continue
        positions = [(0, first)]
        k, cur = 2, first
        while True:
            nxt = _find_marker(text, family, k, cur + 1, strict_first=False, end=end)
            if nxt < 0 or nxt >= end:
                break
            positions.append((0, nxt))
            cur, k = nxt, k + 1
        if len(positions) >= 2 and "。" not in text[cur:end].rstrip("。”"):
            return _Run(family, tuple(positions))
    return None


_CONJ_RE = re.compile(f"(?<=[{HAN_BASIC}”])(?:以及|和|及|与)(?=[{HAN_BASIC}“])")


def _list_items(segment: str, declared: int | None) -> list[str]:
    """Items of a 、-list; the last conjunction (和/及/与) splits only when that fits the count."""
    items = [s for s in segment.split("、") if s.strip("“”‘’ ")]
    if len(items) < 2:
        return []
    if declared is not None and len(items) + 1 == declared:
        for idx in (len(items) - 1, 0):
            parts = _CONJ_RE.split(items[idx], maxsplit=1)
            if len(parts) == 2:
                items[idx : idx + 1] = parts
                break
    return items


_LIST_OPENING = re.compile(r"[——：:（(\s]{1,12}")


def _list_after(text: str, end: int, declared: int | None) -> tuple[list[str], int, int]:
    m = _LIST_OPENING.match(text, end)
    if not m:
        return [], 0, 0
    start = m.end()
    stop = min(len(text), start + _LIST_SPAN)
    for c in "。；;（":
        idx = text.find(c, start, stop)
        if 0 <= idx < stop:
            stop = idx
    return _list_items(text[start:stop], declared), start, stop


def _list_before(text: str, start: int, declared: int | None) -> tuple[list[str], int, int]:
    lo = max(0, start - _LIST_SPAN)
    head = text[lo:start]
    items, a, b = _list_before_in(head, len(head), declared)
    return items, a + lo, b + lo


def _list_before_in(
    head: str, start: int, declared: int | None
) -> tuple[list[str], int, int]:
    cut = max(head.rfind(c) for c in "，。；：！？,;:") + 1
    segment = head[cut:]
    if segment in ("", "这", "这些", "上述", "以上") and cut > 0 and head[cut - 1] in "，,":
        end = cut - 1  # A、B、C，这三个维度: the list is the clause before the demonstrative
        cut = max(head.rfind(c, 0, end) for c in "，。；：！？,;:") + 1
        return _list_items(head[cut:end], declared), cut, end
    if segment.endswith("”") and "“" in segment:
        cut += segment.rfind("“") + 1
        segment = head[cut : len(head) - 1]
        return _list_items(segment, declared), cut, start - 1
    return _list_items(segment, declared), cut, start


def _item_texts(blocks: Sequence[str], run: _Run) -> tuple[str, ...]:
    out = []
    for i, (b, o) in enumerate(run.positions):
        if i + 1 < len(run.positions) and run.positions[i + 1][0] == b:
            stop = run.positions[i + 1][1]
        else:
            stop = len(blocks[b])
        out.append(blocks[b][o : min(stop, o + 80)].strip("；;，,。 ")[:40])
    return tuple(out)


def _declared_value(num: str) -> int | None:
    if num == "几":
        return None
    if num.isdigit():
        return int(num)
    return parse_chinese_integer(num)


def find_enumerations(
    doc: ParsedDocument, *, roles: Sequence[str] = ("body",)
) -> list[Enumeration]:
    """Enumerations in the blocks of ``doc`` whose role is in ``roles``, in text order."""
    if doc.enumerations is not None and tuple(roles) == ("body",):
        return list(doc.enumerations)  # found when the document was parsed (pipeline)
    body: list[Block] = [b for b in doc.blocks if b.role in roles]
    texts = [fold_text(doc.norm.text[b.norm_start : b.norm_end]) for b in body]
    used: set[tuple[int, int]] = set()
    found: list[Enumeration] = []

    def span(bi: int, a: int, b: int) -> tuple[int, int, int, int]:
        na, nb = body[bi].norm_start + a, body[bi].norm_start + b
        ra, rb = doc.norm.raw_span(na, nb)
        return ra, rb, na, nb

    def emit(bi, a, b, declared, items, lspan, marker, position) -> None:
        ra, rb, na, nb = span(bi, a, b)
        (lb0, la), (lb1, lz) = lspan
        la_raw = doc.norm.raw_span(body[lb0].norm_start + la, body[lb0].norm_start + la)[0]
        lz_raw = doc.norm.raw_span(body[lb1].norm_start + lz, body[lb1].norm_start + lz)[0]
        found.append(
            Enumeration(
                doc_id=doc.doc_id,
                start=ra,
                end=rb,
                declared_text=doc.raw.raw_text[ra:rb],
                declared=declared,
                listed=len(items),
                list_start=min(la_raw, lz_raw),
                list_end=max(la_raw, lz_raw),
                marker=marker,
                items=tuple(items),
                mismatch=declared is not None and declared != len(items),
                position=position,
                norm_start=na,
                norm_end=nb,
            )
        )

    def run_end(run: _Run) -> tuple[int, int]:
        b, o = run.positions[-1]
        stop = texts[b].find("。", o, o + _ITEM_GAP)
        return b, (stop if stop >= 0 else min(len(texts[b]), o + _ITEM_GAP))

    def emit_run(bi: int, a: int, b: int, declared: int | None, run: _Run) -> None:
        """Emit the items of a marker run (一是…/第一…) that follows a declaration."""
        used.update(run.positions)
        emit(bi, a, b, declared, _item_texts(texts, run), (run.positions[0], run_end(run)),
             _marker(run.family, 1), "after")

    for bi, text in enumerate(texts):
        first_of_block = len(found)
        for m in _declaration_re().finditer(text):
            declared = _declared_value(m["num"])
            if m["num"] == "几" and not m["lead"]:
                continue
            if declared is not None and not 2 <= declared <= 20:
                continue
            a, b = m.start(), m.end()
            run = _run_after(texts, bi, b, next_block=False)
            if run and not used.intersection(run.positions):
                emit_run(bi, a, b, declared, run)
                continue
            items, la, lz = _list_after(text, b, declared)
            if items:
                emit(bi, a, b, declared, items, ((bi, la), (bi, lz)), "、", "after")
                continue
            items, la, lz = _list_before(text, a, declared)
            if items:
                emit(bi, a, b, declared, items, ((bi, la), (bi, lz)), "、", "before")
                continue
            run = _run_after(texts, bi, b)
            if run and not used.intersection(run.positions):
                emit_run(bi, a, b, declared, run)
                continue
            run = _run_before(text, a)
            if run and not used.intersection((bi, o) for _, o in run.positions):
                positions = tuple((bi, o) for _, o in run.positions)
                used.update(positions)
                fixed = _Run(run.family, positions)
                emit(
                    bi,
                    a,
                    b,
                    declared,
                    _item_texts(texts, fixed),
                    (positions[0], (bi, a)),
                    _marker(run.family, 1),
                    "before",
                )
                continue
            emit(bi, a, b, declared, [], ((bi, b), (bi, b)), "none", "none")
        covered = sorted((e.norm_start, e.norm_end) for e in found[first_of_block:])
        starts = [a for a, _ in covered]
        for m in _big_re().finditer(text):
            at = body[bi].norm_start + m.start()
            k = bisect.bisect_right(starts, at) - 1
            if any(covered[j][0] <= at < covered[j][1] for j in range(max(0, k - 3), k + 1)):
                continue
            declared = _declared_value(m["num"])
            items, la, lz = _list_after(text, m.end(), declared)
            position = "after"
            if not items:
                items, la, lz = _list_before(text, m.start(), declared)
                position = "before"
            if items:
                emit(bi, m.start(), m.end(), declared, items, ((bi, la), (bi, lz)), "、", position)
    # undeclared runs of blocks that start with markers (第一，… 第二，…)
    for bi, text in enumerate(texts):
        lead = _lead(text)
        if (bi, lead) in used:
            continue
        for family in ("第", "是", "阶段", "其"):
            if not _starts_with(text, family, 1):
                continue
            positions = [(bi, lead)]
            k = 2
            while positions[-1][0] + 1 < len(texts) and _starts_with(
                texts[positions[-1][0] + 1], family, k
            ):
                nb = positions[-1][0] + 1
                positions.append((nb, _lead(texts[nb])))
                k += 1
            if len(positions) >= 2 and not used.intersection(positions):
                used.update(positions)
                run = _Run(family, tuple(positions))
                stop = text.find("。", lead, lead + _ITEM_GAP)
                stop = stop + 1 if stop >= 0 else min(len(text), lead + _ITEM_GAP)
                emit(
                    bi,
                    lead,
                    stop,
                    None,
                    _item_texts(texts, run),
                    (positions[0], run_end(run)),
                    _marker(family, 1),
                    "none",
                )
            break
    # undeclared runs inside blocks (基本原则。一是…；二是…；三是…)
    for bi in range(len(texts)):
        for family in ("是", "第", "其", "要"):
            run = _inline_run(texts, bi, family, used)
            if run is None:
                continue
            used.update(run.positions)
            b0, o0 = run.positions[0]
            b1, o1 = run.positions[1]
            stop = o1 if b1 == b0 else min(len(texts[b0]), o0 + _ITEM_GAP)
            dot = texts[b0].find("。", o0, stop)
            stop = dot + 1 if dot >= 0 else stop
            while stop > o0 + 2 and texts[b0][stop - 1] in "；;，, ":
                stop -= 1
            emit(b0, o0, stop, None, _item_texts(texts, run), (run.positions[0], run_end(run)),
                 _marker(family, 1), "none")
    return sorted(found, key=lambda e: e.start)


_INLINE_BEFORE = "：:；;。，,！？ \n　“「（("
_INLINE_AFTER = "，,、：:"


def _inline_ok(text: str, family: str, pos: int, k: int) -> bool:
    """An undeclared marker must stand at a clause start (and 第N/其N before a comma)."""
    if pos > 0 and text[pos - 1] not in _INLINE_BEFORE:
        return False
    if family in ("是", "要"):
        return True
    after = pos + len(_marker(family, k))
    return text[after : after + 1] in tuple(_INLINE_AFTER)


def _continue_run(
    blocks: Sequence[str], family: str, where: tuple[int, int], *, inline: bool
) -> list[tuple[int, int]]:
    """Positions of markers 1, 2, 3… of ``family`` from marker 1 at ``where``: each next one
    later in the same block (at a clause start when ``inline``) or starting the next block."""
    positions = [where]
    k, (cur_b, cur_o) = 2, where
    while True:
        nxt = _find_marker(
            blocks[cur_b], family, k, cur_o + 1, strict_first=inline, end=cur_o + _ITEM_GAP
        )
        if nxt >= 0 and (not inline or _inline_ok(blocks[cur_b], family, nxt, k)):
            cur_o = nxt
        elif cur_b + 1 < len(blocks) and _starts_with(blocks[cur_b + 1], family, k):
            cur_b, cur_o = cur_b + 1, _lead(blocks[cur_b + 1])
        else:
            break
        positions.append((cur_b, cur_o))
        k += 1
    return positions


def _inline_run(
    blocks: Sequence[str], bi: int, family: str, used: set[tuple[int, int]]
) -> _Run | None:
    """The first undeclared run 1..n of ``family`` that starts inside block ``bi``: every
    marker at a clause start, later ones in the same block or starting a following block."""
    text = blocks[bi]
    first = _find_marker(text, family, 1, 0, strict_first=True)
    while first >= 0:
        if (bi, first) not in used and _inline_ok(text, family, first, 1):
            positions = _continue_run(blocks, family, (bi, first), inline=True)
            if len(positions) >= 2 and not used.intersection(positions):
                return _Run(family, tuple(positions))
        first = _find_marker(text, family, 1, first + 1, strict_first=True)
    return None


def enumerations_of(doc: ParsedDocument, *, roles: Sequence[str] = ("body",)) -> list[Enumeration]:
    """The enumerations of ``doc``: those found when it was parsed for the default roles, else
    found now."""
    found = getattr(doc, "enumerations", None)
    if found is not None and tuple(roles) == ("body",):
        return list(found)
    return find_enumerations(doc, roles=roles)


def enumerations_table(docs: object, *, roles: Sequence[str] = ("body",)) -> pd.DataFrame:
    """Enumerations of a Corpus, one ParsedDocument or an iterable of them."""
    if isinstance(docs, ParsedDocument):
        docs = [docs]
    docs = getattr(docs, "documents", docs)
    rows = [asdict(e) for d in docs for e in enumerations_of(d, roles=roles)]  # type: ignore[union-attr]
    return pd.DataFrame(rows, columns=list(ENUMERATION_COLUMNS))
