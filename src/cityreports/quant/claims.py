"""Quantitative claims: numbers stated as facts about the world, with what they measure.

:func:`extract_claims` scans the sentences of a :class:`ParsedDocument` with the number grammar
of :mod:`quant.numbers` and keeps the quantities that are claims: a unit or counter (or a
万/亿 multiplier), not a count of the text's own points (六个方面 is an enumeration), not the
indefinite article 一 (一场革命) unless it is coordinated with other counts (一场主论坛、两场…),
and not an anaphoric re-mention (两场主题论坛分别为…). Each claim gets a subject, a time scope
resolved against the document date, and a speaker when it sits in attributed speech.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache

import pandas as pd

from cityreports.quant.numbers import (
    Quantity,
    fold_text,
    scan_diagnostics,
    scan_quantities,
    starts_with_point_noun,
)
from cityreports.quant.speakers import TITLES, find_speaker, title_name
from cityreports.quant.subjects import CLAUSE_PUNCT, find_subject
from cityreports.quant.timescope import resolve_time_scope
from cityreports.records import ParsedDocument
from cityreports.text.lexicon import HAN_BASIC

__all__ = [
    "Claim",
    "CLAIM_COLUMNS",
    "extract_claims",
    "claims_table",
    "claim_diagnostics",
    "resolve_time_scope",
    "find_speaker",
    "find_subject",
]


@dataclass(frozen=True)
class Claim:
    """One quantitative claim; ``start``/``end`` are raw offsets (``raw[start:end] == surface``)."""

    doc_id: str
    start: int
    end: int
    surface: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    qualifier: str
    kind: str
    subject: str
    time_scope: str
    speaker: str
    sentence: str
    role: str
    norm_start: int
    norm_end: int
    sentence_id: int


CLAIM_COLUMNS = tuple(Claim.__dataclass_fields__)

_PEOPLE_WORDS = tuple(
    (
        "用户 网民 人口 人数 居民 市民 游客 观众 粉丝 群众 职工 员工 学生 "
        "患者 人员 旅客 访客 会员 参与者 就业 农民工 劳动力 "
    ).split()
)


@dataclass(frozen=True)
class _Unit:
    """A text unit to scan: a sentence (or a block when there are no sentences)."""

    sentence_id: int
    block_id: int
    role: str
    norm_start: int
    norm_end: int


def _units(doc: ParsedDocument, roles: Sequence[str]) -> list[_Unit]:
    if doc.sentences:
        return [
            _Unit(s.sentence_id, s.block_id, s.role, s.norm_start, s.norm_end)
            for s in doc.sentences
            if s.role in roles
        ]
    return [
        _Unit(-1, b.block_id, b.role, b.norm_start, b.norm_end)
        for b in doc.blocks
        if b.role in roles
    ]


def extract_claims(doc: ParsedDocument, *, roles: Sequence[str] = ("body",)) -> list[Claim]:
    """Quantitative claims in the blocks of ``doc`` whose role is in ``roles``."""
    if doc.claims is not None and tuple(roles) == ("body",):
        return list(doc.claims)  # found when the document was parsed (pipeline)
    text = doc.norm.text
    blocks = {b.block_id: b for b in doc.blocks}
    claims: list[Claim] = []
    folded_doc = fold_text(text)
    roc = doc.norm.script == "traditional"  # Taiwan: bare 113年 is a ROC year
    titles: dict[str, str] = {}
    scopes: dict[int, str] = {}
    for unit in _units(doc, roles):
        sentence = text[unit.norm_start : unit.norm_end]
        folded = folded_doc[unit.norm_start : unit.norm_end]
        quantities = scan_quantities(sentence, folded=folded, roc_years=roc)
        for q in quantities:
            kept = _as_claim(q, quantities, folded)
            if kept is None:
                continue
            q = kept
            a, b = unit.norm_start + q.start, unit.norm_start + q.end
            start, end = doc.norm.raw_span(a, b)
            block = blocks.get(unit.block_id)
            block_text = folded_doc[block.norm_start : block.norm_end] if block else folded
            block_offset = block.norm_start if block else unit.norm_start
            claims.append(
                Claim(
                    doc_id=doc.doc_id,
                    start=start,
                    end=end,
                    surface=doc.raw.raw_text[start:end],
                    value=q.value,
                    low=q.low,
                    high=q.high,
                    unit=q.unit,
                    qualifier=q.qualifier,
                    kind=q.kind,
                    subject=find_subject(folded, q.start, q.end),
                    time_scope=resolve_time_scope(
                        folded[: q.start], year=doc.meta.year, roc=roc
                    )
                    or _block_scope(scopes, unit, block, folded_doc, doc.meta.year, roc),
                    speaker=_doc_speaker(
                        find_speaker(block_text, a - block_offset), folded_doc, titles
                    ),
                    sentence=sentence,
                    role=unit.role,
                    norm_start=a,
                    norm_end=b,
                    sentence_id=unit.sentence_id,
                )
            )
    return claims


_NOW_WORDS = ("目前", "当前", "现在", "如今", "现有", "迄今", "至今")
#: How far back in its paragraph a sentence looks for the time it is about.
_SCOPE_LOOKBACK = 400


def _block_scope(cache, unit, block, folded_doc, year, roc) -> str:
    """The time scope set earlier in the sentence's paragraph (到2025年，…。建成5G基站25万个)."""
    if unit.norm_start not in cache:
        own = folded_doc[unit.norm_start : unit.norm_end]
        if any(w in own for w in _NOW_WORDS):
            cache[unit.norm_start] = ""  # 目前有…: the present, never "now" and never earlier
            return ""
        lo = max(block.norm_start if block else unit.norm_start, unit.norm_start - _SCOPE_LOOKBACK)
        cache[unit.norm_start] = resolve_time_scope(
            folded_doc[lo : unit.norm_start], year=year, roc=roc
        )
    return cache[unit.norm_start]


#: A text lists at most a dozen points of its own; 超过130项措施 or 120项举措 count the world.
_MAX_POINTS = 12


def _doc_speaker(speaker: str, folded_doc: str, cache: dict[str, str]) -> str:
    """A bare title (局长) becomes the name the document gives it elsewhere, if only one."""
    if speaker in TITLES:
        if speaker not in cache:
            cache[speaker] = title_name(folded_doc, speaker) or speaker
        return cache[speaker]
    return speaker


def _as_claim(q: Quantity, all_q: list[Quantity], folded: str) -> Quantity | None:
    """The quantity as a claim (unit inferred for bare 万/亿), or None if it is not one."""
    after = folded[q.end :]
    if not q.unit:
        if not q.multiplier or q.chinese:
            return None
        before = folded[max(0, q.start - 24) : q.start]
        before = before[max(before.rfind(c) for c in CLAUSE_PUNCT) + 1 :]
        if any(w in before or after.startswith(w) for w in _PEOPLE_WORDS):
            q = _replace(q, unit="人")
    if (
        q.unit in ("个", "项", "条", "种")
        and q.qualifier == "exact"
        and (q.value or 0) <= _MAX_POINTS
        and starts_with_point_noun(after)
    ):
        return None  # 六个方面, 三个维度, 五大发展理念: the text's own points
    if (
        q.unit in ("个", "项")
        and q.qualifier == "exact"
        and (q.value or 0) <= _MAX_POINTS
        and _QUOTED_POINT.match(after)
    ):
        return None  # 三个“坚持”：一是…: a count of quoted points introducing a list
    if q.unit_text == "大" and _after_list(folded, q.start):
        return None  # 交通、医疗、教育等三大领域: the count of a list, an enumeration
    if _slogan(q, folded):
        return None  # “两个维护”, “四个意识”, 「三个代表」: a set phrase named in quotes
    if q.bare_one and not _coordinated(q, all_q, folded):
        return None
    if _anaphoric(after):
        return None
    return q


_QUOTED_POINT = re.compile(f"[“「][{HAN_BASIC}]{{1,8}}[”」][：:]")


def _after_list(folded: str, start: int) -> bool:
    """The clause before ``start`` ends a 、-list (A、B、C等 or A、B和C)."""
    before = folded[max(0, start - 40) : start]
    clause = before[max(before.rfind(c) for c in "，。；：！？,;:") + 1 :]
    return "、" in clause and not any(ch.isdigit() for ch in clause.rsplit("、", 1)[-1])


_SLOGAN_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’"}


_NUMERAL_START = frozenset("0123456789一二两三四五六七八九十百千万")


def _slogan(q: Quantity, folded: str) -> bool:
    """A count in a short quotation (≤ 8 characters) that opens with a number names a set
    phrase (“两个维护”, “两个一百年”, 「三个代表」), not a fact about the world."""
    if q.qualifier != "exact" or q.multiplier:
        return False
    for i in range(q.start - 1, max(-1, q.start - 8), -1):
        close = _SLOGAN_QUOTES.get(folded[i])
        if close is not None:
            if folded[i + 1 : i + 2] not in _NUMERAL_START:
                return False
            idx = folded.find(close, q.end, i + 10)
            return idx >= 0 and not any(c in CLAUSE_PUNCT for c in folded[i + 1 : idx])
        if folded[i] in CLAUSE_PUNCT or folded[i] in "”」』’":
            return False
    return False


def _replace(q: Quantity, **changes: object) -> Quantity:
    fields = asdict(q)
    fields.update(changes)
    return Quantity(**fields)  # type: ignore[arg-type]


def _coordinated(q: Quantity, all_q: list[Quantity], folded: str) -> bool:
    """一 + counter counts only when listed with other counts of the same unit in its clause."""
    for other in all_q:
        if other is q or other.unit != q.unit or other.bare_one:
            continue
        lo, hi = sorted((q.end, other.start)) if other.start >= q.end else (other.end, q.start)
        between = folded[lo:hi]
        if len(between) <= 20 and not any(c in "，。；！？：" for c in between):
            return True
    return False


@lru_cache(maxsize=1)
def _anaphoric_re() -> re.Pattern[str]:
    return re.compile(f"^[{HAN_BASIC}]{{0,8}}分别(?:为|是)")


def _anaphoric(after: str) -> bool:
    """两场主题论坛分别为…: the count re-introduces things already counted, as a list head."""
    return bool(_anaphoric_re().match(after))


# --------------------------------------------------------------------------- tables


def _documents(docs: object) -> list[ParsedDocument]:
    if isinstance(docs, ParsedDocument):
        return [docs]
    inner = getattr(docs, "documents", docs)
    return list(inner)  # type: ignore[call-overload]


def claims_table(docs: object, *, roles: Sequence[str] = ("body",)) -> pd.DataFrame:
    """Claims of a Corpus, one ParsedDocument or an iterable of them, one row per claim."""
    rows = [asdict(c) for d in _documents(docs) for c in extract_claims(d, roles=roles)]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


DIAGNOSTIC_COLUMNS = ("doc_id", "start", "end", "surface", "problem", "sentence")


def claim_diagnostics(docs: object, *, roles: Sequence[str] = ("body",)) -> pd.DataFrame:
    """Spans that look numeric but cannot be parsed, one row each (never raises)."""
    rows: list[dict[str, object]] = []
    for doc in _documents(docs):
        for unit in _units(doc, roles):
            sentence = doc.norm.text[unit.norm_start : unit.norm_end]
            for diag in scan_diagnostics(sentence):
                start, end = doc.norm.raw_span(
                    unit.norm_start + diag.start, unit.norm_start + diag.end
                )
                rows.append(
                    {
                        "doc_id": doc.doc_id,
                        "start": start,
                        "end": end,
                        "surface": doc.raw.raw_text[start:end],
                        "problem": diag.problem,
                        "sentence": sentence,
                    }
                )
    return pd.DataFrame(rows, columns=list(DIAGNOSTIC_COLUMNS))


def iter_claims(docs: Iterable[ParsedDocument], *, roles: Sequence[str] = ("body",)):
    """Claims of several documents, lazily."""
    for doc in docs:
        yield from extract_claims(doc, roles=roles)
