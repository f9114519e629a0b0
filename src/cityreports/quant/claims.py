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
from typing import NamedTuple

import pandas as pd

from cityreports.quant.claim_words import claim_words
from cityreports.quant.grammar import has_numeral
from cityreports.quant.modality import Modality, find_modality, is_year_plan, plans_its_own_year
from cityreports.quant.number_diagnostics import NumberDiagnostic, scan_diagnostics
from cityreports.quant.numbers import (
    Quantity,
    fold_text,
    scan_quantities,
    scan_with_diagnostics,
    starts_with_point_noun,
)
from cityreports.quant.relations import is_compared_change, relations
from cityreports.quant.speakers import find_speaker, title_name
from cityreports.quant.subjects import CLAUSE_PUNCT, SubjectInput, find_subject, find_subjects
from cityreports.quant.timescope import (
    resolve_time_scope,
    speaks_of_now,
    time_scope_and_deadline,
)
from cityreports.records import ParsedDocument, Sentence
from cityreports.text.lexicon import HAN_BASIC
from cityreports.text.numerals import is_chinese_count

__all__ = [
    "Claim",
    "CLAIM_COLUMNS",
    "extract_claims",
    "claims_and_diagnostics",
    "claims_of",
    "claims_table",
    "claim_diagnostics",
    "ClaimDiagnostic",
    "find_diagnostics",
    "resolve_time_scope",
    "find_speaker",
    "find_subject",
]


@dataclass(frozen=True)
class Claim:
    """One quantitative claim; ``start``/``end`` are raw offsets (``raw[start:end] == surface``).

    ``inclusive``: whether a bound includes the number (不低于 yes, 超过 no; None for non-bounds).
    ``relation``: level | change | from | to; ``link`` ties the parts of one change (由X提高到Y,
    增加18%至52.8亿元) with a shared id (empty when alone); ``direction``: up | down, the way
    its change verb says it goes (下降3.1% -> down, value 3.1; 增长-2.5% -> up, value -2.5),
    "" for a level or a verb of no direction. ``modality``: achieved | target |
    forecast | unknown, with ``modality_cue`` the word (or year) that decided it.
    """

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
    inclusive: bool | None = None
    relation: str = "level"
    link: str = ""
    modality: str = "unknown"
    modality_cue: str = ""
    direction: str = ""


CLAIM_COLUMNS = tuple(Claim.__dataclass_fields__)

_PEOPLE_WORDS = tuple(
    (
        "用户 网民 人口 人数 居民 市民 游客 观众 粉丝 群众 职工 员工 学生 "
        "患者 人员 旅客 访客 会员 参与者 就业 农民工 劳动力 "
    ).split()
)
#: The people a count names right after it or after a modifier of up to two characters
#: (280万用户, 2100多万市民群众, 350万常住人口享受…), or after a longer one when they end the
#: noun phrase there (450万农村沼气用户，).
_PEOPLE = "|".join(_PEOPLE_WORDS)
_PEOPLE_AFTER = re.compile(
    rf"[{HAN_BASIC}]{{3,4}}?(?:{_PEOPLE})(?![{HAN_BASIC}])|[{HAN_BASIC}]{{0,2}}(?:{_PEOPLE})"
)
_OPENING_QUOTES = frozenset("“「『‘\"《")
#: How much text around a claim its tests read (characters): bounded, so long sentences and
#: blocks stay linear.
_AFTER = 40
_TIME_BACK = 300
_SPEAKER_BACK = 600
_SPEAKER_AHEAD = 200
#: A claim with no cue of its own takes the modality of a claim this close before it in its
#: paragraph.
_MOOD_CARRY = 300


class _Unit(NamedTuple):
    """A block scanned whole (a document without sentences): a sentence's fields."""

    sentence_id: int
    block_id: int
    role: str
    norm_start: int
    norm_end: int


def _units(doc: ParsedDocument, roles: Sequence[str]) -> list[Sentence | _Unit]:
    """The text units to scan: the sentences in ``roles`` (or their blocks when there are no
    sentences). The sentences are taken as they are: a record made for each would cost more
    than the scan of most of them."""
    if doc.sentences:
        return [s for s in doc.sentences if s.role in roles]
    return [
        _Unit(-1, b.block_id, b.role, b.norm_start, b.norm_end)
        for b in doc.blocks
        if b.role in roles
    ]


def extract_claims(doc: ParsedDocument, *, roles: Sequence[str] = ("body",)) -> list[Claim]:
    """Quantitative claims in the blocks of ``doc`` whose role is in ``roles``."""
    if doc.claims is not None and tuple(roles) == ("body",):
        return list(doc.claims)  # found when the document was parsed (pipeline)
    return _claims(doc, roles, None)


def claims_and_diagnostics(doc: ParsedDocument) -> tuple[list[Claim], list[ClaimDiagnostic]]:
    """:func:`extract_claims` and :func:`find_diagnostics` of the body of ``doc``, with one
    scan of each sentence for both (what the pipeline keeps with the parse)."""
    diagnostics: list[ClaimDiagnostic] = []
    return _claims(doc, ("body",), diagnostics), diagnostics


def _claims(
    doc: ParsedDocument, roles: Sequence[str], diagnostics: list[ClaimDiagnostic] | None
) -> list[Claim]:
    """The claims of ``doc``; its diagnostics appended to ``diagnostics`` when given."""
    text = doc.norm.text
    blocks = {b.block_id: b for b in doc.blocks}
    claims: list[Claim] = []
    folded_doc = fold_text(text)
    words = claim_words()
    roc = doc.norm.script == "traditional"  # Taiwan: bare 113年 is a ROC year
    work_report = plans_its_own_year(folded_doc[:3000])
    year_plan = is_year_plan(folded_doc[:3000])
    titles: dict[str, str] = {}
    scopes: dict[int, tuple[str, str]] = {}
    links = 0
    last_mood = None
    heads = _list_heads(doc, folded_doc, words, work_report, roc)
    for unit in _units(doc, roles):
        if not has_numeral(folded_doc, unit.norm_start, unit.norm_end):
            continue  # no quantity can stand in it
        sentence = text[unit.norm_start : unit.norm_end]
        folded = folded_doc[unit.norm_start : unit.norm_end]
        if diagnostics is None:
            quantities = scan_quantities(sentence, folded=folded, roc_years=roc, claims_only=True)
        else:
            quantities, found = scan_with_diagnostics(
                sentence, folded=folded, roc_years=roc, claims_only=True
            )
            diagnostics.extend(_located(doc, unit.norm_start, sentence, found))
        kept = [
            k
            for i, q in enumerate(quantities)
            if (k := _as_claim(q, i, quantities, folded, words))
        ]
        if not kept:
            continue
        rels = relations(folded, [(q.start, q.end) for q in kept])
        subjects = find_subjects(
            folded,
            [
                SubjectInput(q.start, q.end, q.unit, r.relation, r.partner)
                for q, r in zip(kept, rels, strict=True)
            ],
            words=words,
        )
        link_ids: dict[int, str] = {}
        for i, r in enumerate(rels):
            if r.partner is not None and i not in link_ids:
                links += 1
                link_ids[i] = link_ids[r.partner] = f"L{links}"
        block = blocks.get(unit.block_id)
        block_lo = block.norm_start if block else unit.norm_start
        block_hi = block.norm_end if block else unit.norm_end
        for i, q in enumerate(kept):
            a, b = unit.norm_start + q.start, unit.norm_start + q.end
            start, end = doc.norm.raw_span(a, b)
            own = folded[max(0, q.start - _TIME_BACK) : q.start]
            scope, deadline = time_scope_and_deadline(own, year=doc.meta.year, roc=roc)
            if not scope:
                scope, earlier = _block_scope(scopes, unit, block, folded_doc, doc.meta.year, roc)
                if not deadline and not speaks_of_now(own):
                    deadline = earlier  # 到2025年，…。累计建成5G基站25万个: still the deadline
            mood = find_modality(
                folded, q.start, words=words, scope=scope, year=doc.meta.year,
                work_report=work_report, deadline="" if rels[i].relation == "from" else deadline,
                plan=year_plan,
            )
            if mood.modality == "unknown" and last_mood is not None:
                last_block, last_end, last_scope, last = last_mood
                if (
                    last_block == unit.block_id
                    and a - last_end <= _MOOD_CARRY
                    and last_scope[:4] == scope[:4]
                ):
                    mood = last  # the paragraph goes on in the mood (and the year) it was in
            head = heads.get(unit.block_id)
            if head is not None:  # an item of a list announced with 如下：
                mood = head[0] if mood.modality == "unknown" else mood
                scope = scope or head[1]
            last_mood = (unit.block_id, b, scope, mood)
            lo = max(block_lo, a - _SPEAKER_BACK)
            window = folded_doc[lo : min(block_hi, b + _SPEAKER_AHEAD)]
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
                    inclusive=q.inclusive,
                    kind=q.kind,
                    relation=rels[i].relation,
                    direction=rels[i].direction,
                    link=link_ids.get(i, ""),
                    modality=mood.modality,
                    modality_cue=mood.cue,
                    subject=subjects[i],
                    time_scope=scope,
                    speaker=_doc_speaker(
                        find_speaker(window, a - lo, words=words, block_start=lo == block_lo),
                        folded_doc,
                        titles,
                        words,
                    ),
                    sentence=sentence,
                    role=unit.role,
                    norm_start=a,
                    norm_end=b,
                    sentence_id=unit.sentence_id,
                )
            )
    return claims


#: A paragraph that announces a list (…主要指标安排如下。 …的目标是：).
_LIST_HEAD = re.compile(r"(?:如下|下列|以下|如次)[。：:]?$|[：:]$")
_HEAD_WINDOW = 80


def _list_heads(doc, folded_doc, words, work_report, roc) -> dict[int, tuple[Modality, str]]:
    """For each body block, the (modality, time scope) of the list head it follows, if a target
    or forecast was announced (1981年国民经济计划主要指标安排如下。 then one block per item),
    until the next heading."""
    out: dict[int, tuple[Modality, str]] = {}
    state: tuple[Modality, str] | None = None
    for block in doc.blocks:
        if block.role == "heading":
            state = None
            continue
        if block.role != "body":
            continue
        if state is not None:
            out[block.block_id] = state
        text = folded_doc[block.norm_start : block.norm_end].rstrip()
        if _LIST_HEAD.search(text[-12:]):
            tail = text[-_HEAD_WINDOW:]
            scope = resolve_time_scope(tail, year=doc.meta.year, roc=roc)
            mood = find_modality(
                tail, len(tail), words=words, scope=scope, year=doc.meta.year,
                work_report=work_report,
            )
            state = (mood, scope) if mood.modality in ("target", "forecast") else None
    return out


_NOW_WORDS = ("目前", "当前", "现在", "如今", "现有", "迄今", "至今")
#: How far back in its paragraph a sentence looks for the time it is about.
_SCOPE_LOOKBACK = 400


def _block_scope(cache, unit, block, folded_doc, year, roc) -> tuple[str, str]:
    """The time scope set earlier in the sentence's paragraph (到2025年，…。建成5G基站25万个),
    and the future deadline it is, if it is one (到2025年)."""
    if unit.norm_start not in cache:
        own = folded_doc[unit.norm_start : min(unit.norm_end, unit.norm_start + _TIME_BACK)]
        if any(w in own for w in _NOW_WORDS):
            cache[unit.norm_start] = ("", "")  # 目前有…: the present, never "now" or earlier
            return cache[unit.norm_start]
        lo = max(block.norm_start if block else unit.norm_start, unit.norm_start - _SCOPE_LOOKBACK)
        before = folded_doc[lo : unit.norm_start]
        cache[unit.norm_start] = time_scope_and_deadline(before, year=year, roc=roc)
    return cache[unit.norm_start]


#: A text lists at most a dozen points of its own; 超过130项措施 or 120项举措 count the world.
_MAX_POINTS = 12


def _doc_speaker(speaker: str, folded_doc: str, cache: dict[str, str], words) -> str:
    """A bare title (局长) becomes the name the document gives it elsewhere, if only one."""
    if speaker in words.speaker_titles:
        if speaker not in cache:
            cache[speaker] = title_name(folded_doc, speaker, words=words) or speaker
        return cache[speaker]
    return speaker


#: A unitless Arabic number is a claim when a bound word follows it (降至1.3以下).
_UNITLESS_BOUNDS = ("以上", "以下", "以内", "左右")


def _counted_unit(before: str, after: str, words) -> str:
    """The unit of a bare 亿/万 count: 人 for people (用户规模达7.49亿), else the unit of the
    counted noun of its clause (市场主体达1.69亿 -> 户), else none."""
    if any(w in before for w in _PEOPLE_WORDS) or _PEOPLE_AFTER.match(after):
        return "人"
    for noun, unit in words.counted_nouns:
        if noun in before or after.startswith(noun):
            return unit
    return ""


#: Right before a number: what makes it the base of a rate (每, or a slash after a digit).
_DENOMINATOR = re.compile(r"每$|(?<=\d)[/／]$")


def _compared_unit(q: Quantity, index: int, all_q: list[Quantity], folded: str) -> str:
    """The unit of a bare 亿/万 change against an earlier time (比上年末增加100亿): the unit of
    the level it follows, across rates stated in between (3000亿元，增长5%，比上年增加150亿)."""
    for j in range(index - 1, -1, -1):
        level = all_q[j]
        if level.kind == "percentage" or level.unit in ("倍", "个百分点"):
            continue  # the rate of the same change
        if level.unit and level.kind == "measure" and is_compared_change(
            _without_rates(folded, all_q, j, index)
        ):
            return level.unit
        return ""
    return ""


def _without_rates(folded: str, all_q: list[Quantity], j: int, index: int) -> str:
    """The text between quantities ``j`` and ``index`` with the rates between them cut out."""
    pieces, pos = [], all_q[j].end
    for k in range(j + 1, index):
        pieces.append(folded[pos : all_q[k].start])
        pos = all_q[k].end
    pieces.append(folded[pos : all_q[index].start])
    return "".join(pieces)


def _as_claim(
    q: Quantity, index: int, all_q: list[Quantity], folded: str, words
) -> Quantity | None:
    """The quantity as a claim (unit inferred for bare 万/亿), or None if it is not one."""
    if _DENOMINATOR.search(folded, max(0, q.start - 2), q.start):
        return None  # 每10万人口…25678人, 每100户, 8.5/10万: the base of a rate, not a claim
    after = folded[q.end : q.end + _AFTER]
    if not q.unit:
        bounded = q.number[:1].isdigit() and q.surface.endswith(_UNITLESS_BOUNDS)
        chinese_count = q.chinese and is_chinese_count(q.number)
        if not bounded and (not q.multiplier or (q.chinese and not chinese_count)):
            return None
        before = folded[max(0, q.start - 24) : q.start]
        before = before[max(before.rfind(c) for c in CLAUSE_PUNCT) + 1 :]
        if q.multiplier:
            unit = _counted_unit(before, after, words) or _compared_unit(q, index, all_q, folded)
            if chinese_count and (not unit or folded[q.start - 1 : q.start] in _OPENING_QUOTES):
                return None  # 十万火急, “七万工程”: a Chinese count is a claim of what it counts
            q = _replace(q, unit=unit)
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
        return None  # “两个维护”, “四个意识”, 「三个代表」, “研发人才政策十条”: a set phrase
    if q.bare_one and not _coordinated(q, index, all_q, folded):
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
    """A count in a short quotation names a set phrase or a title, not a fact about the world:
    one that opens with the number (“两个维护”, 「三个代表」, ≤ 8 characters) or ends with it
    (“研发人才政策十条”, “升级版45条”, ≤ 14 characters)."""
    if q.qualifier != "exact" or q.multiplier:
        return False
    for i in range(q.start - 1, max(-1, q.start - 14), -1):
        close = _SLOGAN_QUOTES.get(folded[i])
        if close is not None:
            if folded.startswith(close, q.end):
                return not any(c in CLAUSE_PUNCT for c in folded[i + 1 : q.start])
            if folded[i + 1 : i + 2] not in _NUMERAL_START or q.start - i > 8:
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


#: How far apart (characters) two coordinated counts may stand.
_COORDINATION_GAP = 20


def _coordinated(q: Quantity, index: int, all_q: list[Quantity], folded: str) -> bool:
    """一 + counter counts only when listed with other counts of the same unit in its clause
    (the quantities are in text order, so only neighbours within the gap are looked at)."""
    for step in (-1, 1):
        j = index + step
        while 0 <= j < len(all_q):
            other = all_q[j]
            lo, hi = (other.end, q.start) if step < 0 else (q.end, other.start)
            if hi - lo > _COORDINATION_GAP:
                break
            between = folded[lo:hi]
            if any(c in "，。；！？：" for c in between):
                break
            if other.unit == q.unit and not other.bare_one:
                return True
            j += step
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


def claims_of(doc: ParsedDocument, *, roles: Sequence[str] = ("body",)) -> list[Claim]:
    """The claims of ``doc``: those found when it was parsed (``doc.claims``) for the default
    roles, else extracted now."""
    found = getattr(doc, "claims", None)
    if found is not None and tuple(roles) == ("body",):
        return list(found)
    return extract_claims(doc, roles=roles)


def claims_table(docs: object, *, roles: Sequence[str] = ("body",)) -> pd.DataFrame:
    """Claims of a Corpus, one ParsedDocument or an iterable of them, one row per claim."""
    rows = [asdict(c) for d in _documents(docs) for c in claims_of(d, roles=roles)]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


@dataclass(frozen=True)
class ClaimDiagnostic:
    """A span that looks numeric but cannot be parsed; ``start``/``end`` are raw offsets."""

    doc_id: str
    start: int
    end: int
    surface: str
    problem: str
    sentence: str


DIAGNOSTIC_COLUMNS = tuple(ClaimDiagnostic.__dataclass_fields__)


def find_diagnostics(doc: ParsedDocument, *, roles: Sequence[str] = ("body",)
                     ) -> list[ClaimDiagnostic]:
    """Spans of ``doc`` that look numeric but cannot be parsed (never raises)."""
    if doc.claim_diagnostics is not None and tuple(roles) == ("body",):
        return list(doc.claim_diagnostics)  # found when the document was parsed (pipeline)
    found = []
    folded_doc = fold_text(doc.norm.text)
    for unit in _units(doc, roles):
        if not has_numeral(folded_doc, unit.norm_start, unit.norm_end):
            continue  # nothing numeric to diagnose
        sentence = doc.norm.text[unit.norm_start : unit.norm_end]
        folded = folded_doc[unit.norm_start : unit.norm_end]
        found.extend(
            _located(doc, unit.norm_start, sentence, scan_diagnostics(sentence, folded=folded))
        )
    return found


def _located(
    doc: ParsedDocument, offset: int, sentence: str, found: Iterable[NumberDiagnostic]
) -> list[ClaimDiagnostic]:
    """The diagnostics of the sentence at norm offset ``offset``, with their raw spans."""
    out = []
    for diag in found:
        start, end = doc.norm.raw_span(offset + diag.start, offset + diag.end)
        out.append(ClaimDiagnostic(doc.doc_id, start, end, doc.raw.raw_text[start:end],
                                   diag.problem, sentence))  # fmt: skip
    return out


def claim_diagnostics(docs: object, *, roles: Sequence[str] = ("body",)) -> pd.DataFrame:
    """Spans that look numeric but cannot be parsed, one row each (never raises)."""
    rows = [asdict(d) for doc in _documents(docs) for d in find_diagnostics(doc, roles=roles)]
    return pd.DataFrame(rows, columns=list(DIAGNOSTIC_COLUMNS))


def iter_claims(docs: Iterable[ParsedDocument], *, roles: Sequence[str] = ("body",)):
    """Claims of several documents, lazily."""
    for doc in docs:
        yield from claims_of(doc, roles=roles)
