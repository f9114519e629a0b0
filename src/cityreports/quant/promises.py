"""Was last year's promise kept? Targets of one work report against the next report's outcomes.

:func:`target_outcome_checks` pairs a *target* stated in the work report of year N (国内生产总值
增长8%左右, 城镇新增就业900万人, 居民消费价格总水平涨幅控制在4%) with the *outcome* the report of
year N+1 states for the same indicator and year (国内生产总值比上年增长9.9%), and says whether
the target was met:

* documents: work reports (:func:`quant.modality.is_work_report`) of one series (the same
  location, else national or the same place) whose years differ by one;
* indicator: the first entry of ``resources/claims/indicators.yml`` whose patterns occur in the
  claim's subject, its clause up to the number or the few characters after it;
* year: the claim's time scope; else the year after the year it is compared with (比1980年增长
  5.5%: 1981); else the report's year for a target, the year before it for an outcome;
* targets: claims with modality ``target``; outcomes: claims that are not targets (a target
  restated in the next report, 略低于8%的预定目标, is not an outcome); multi-year figures (五年,
  年均, 平均每年) are neither;
* pairing (indexed by series, indicator and year, so linear in the claims): a target with the
  outcome of the same kind of unit (rates %/‰; an amount or count of the same unit, both
  changes or both levels) whose subject is most alike, else (a rate or a level, not a change
  of an amount) with the first remaining outcome of the indicator (``unclear``);
* status, by the target's qualifier: ``exact`` met when equal; ``approx`` within 0.5 percentage
  points for rates, 5 % for amounts; ``more_than`` / ``less_than`` / ``range`` by the bounds;
  ``unclear`` when the outcome is only a bound or of another kind than the target.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import InputError
from cityreports.quant.claims import Claim
from cityreports.quant.modality import is_work_report
from cityreports.records import ParsedDocument
from cityreports.resources import read_resource, read_yaml
from cityreports.text.lexicon import Patterns
from cityreports.text.numerals import fold_text, parse_chinese_integer

__all__ = [
    "APPROX_PP",
    "APPROX_REL",
    "RATE_UNITS",
    "Indicator",
    "in_percent",
    "indicator_of",
    "indicators",
    "pair_reports",
    "parse_detail",
    "target_outcome_checks",
]

_NAME = "claims/indicators.yml"
#: Units of a rate and their factor to percent (rates are compared in percent).
RATE_UNITS = {"%": 1.0, "‰": 0.1}
_RATES = RATE_UNITS
#: An approximate target (左右, 约) is met within these: percentage points for a rate, a share of
#: the value for an amount or count.
APPROX_PP = 0.5
APPROX_REL = 0.05
_APPROX_PP, _APPROX_REL = APPROX_PP, APPROX_REL
#: Target cues that do not keep a number from being an outcome: 将 (今年…将比上年增长3%以上, an
#: estimate of the year in a report delivered at its end), weak cues (安排) and years.
_OUTCOME_CUES = frozenset({"将", "即将", "安排", "推进", "加快", "启动"})
_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_CLAUSE_CUT = "，。；：,;:！？\n、"
_SEGMENT_CUT = "。；;！？\n"
#: How far before a number its indicator is looked for (characters, within its clause chain).
_CONTEXT = 60
#: A paragraph's time frame opens its sentence (近两年，…; 五年来，…).
_FRAME = 10
# Cues of targets, restated plans, outcomes, spans and parts of years, shares and lists.
_P = Patterns("quant/promises")


@dataclass(frozen=True)
class Indicator:
    """An indicator: its id, the patterns that name it, those that rule it out, and its
    display names (Chinese ``label``, English ``label_en``; the id when none is given)."""

    id: str
    any: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...] = ()
    units: frozenset[str] = frozenset()  # empty: any unit
    label: str = ""
    label_en: str = ""

    def name(self, *, lang: str = "en") -> str:
        """The display name in ``lang`` ('en' or 'zh'), else the other one, else the id."""
        first, second = (self.label, self.label_en) if lang == "zh" else (self.label_en,
                                                                          self.label)
        return first or second or self.id


def _parse(text: str, source: str) -> tuple[Indicator, ...]:
    data = read_yaml(text, source, expected="expected a list under 'indicators'")
    entries = data.get("indicators")
    if not isinstance(entries, list):
        raise InputError(source, "expected a list under 'indicators'")
    out = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("any"):
            raise InputError(f"{source}#{n}", "an indicator needs an id and 'any' patterns")
        try:
            out.append(
                Indicator(
                    id=str(entry["id"]),
                    any=tuple(re.compile(str(p)) for p in entry["any"]),
                    none=tuple(re.compile(str(p)) for p in entry.get("none") or ()),
                    units=frozenset(str(u) for u in entry.get("units") or ()),
                    label=str(entry.get("label") or ""),
                    label_en=str(entry.get("label_en") or ""),
                )
            )
        except re.error as exc:
            raise InputError(f"{source}#{n}", f"invalid pattern: {exc}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def _packaged() -> tuple[Indicator, ...]:
    text, source, _ = read_resource(_NAME)
    return _parse(text, source)


def indicators(path: str | os.PathLike[str] | None = None) -> tuple[Indicator, ...]:
    """The indicator lexicon (the packaged file, or the file at ``path``)."""
    if path is None:
        return _packaged()
    text, source, _ = read_resource(_NAME, path)
    return _parse(text, source)


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class _Same:
    """A tuple as a cache key by identity: hashing 31 indicators' patterns at every call
    would cost more than the search it saves (the key holds the tuple, so its id stays its)."""

    __slots__ = ("value",)

    def __init__(self, value: tuple) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@lru_cache(maxsize=256)
def _eligible_cached(lexicon: _Same, unit: str):
    return _eligible(lexicon.value, unit)


def _eligible(lexicon: Sequence[Indicator], unit: str) -> tuple[tuple[Indicator, ...],
                                                               re.Pattern[str] | None]:
    """The indicators that a number in ``unit`` may measure, and one regex that matches where
    any of their names matches (None where the names cannot be joined: a backreference, a
    flag), so that a text naming none is passed over in one search."""
    eligible = tuple(i for i in lexicon if not (unit and i.units and unit not in i.units))
    names = [p.pattern for i in eligible for p in i.any]
    if not names or any(_BACKREFERENCE.search(n) for n in names):
        return eligible, None
    try:
        return eligible, re.compile("|".join(f"(?:{n})" for n in names))
    except re.error:
        return eligible, None


def indicator_of(text: str, lexicon: Sequence[Indicator], *, unit: str = "") -> str:
    """Id of the indicator named in ``text`` closest to its end ("" if none); of two names
    ending at the same place, the first of ``lexicon`` (单位国内生产总值能耗 before
    国内生产总值)."""
    if isinstance(lexicon, tuple):  # immutable: its screens are made once
        eligible, screen = _eligible_cached(_Same(lexicon), unit)
    else:
        eligible, screen = _eligible(lexicon, unit)
    if screen is not None and screen.search(text) is None:
        return ""
    best, best_end = "", -1
    for ind in eligible:
        end = max((m.end() for p in ind.any for m in p.finditer(text)), default=-1)
        # its exclusions matter only to a name that would win (most texts name none)
        if end > best_end and not any(p.search(text) for p in ind.none):
            best, best_end = ind.id, end
    return best


@dataclass(frozen=True)
class _Statement:
    claim: Claim
    indicator: str
    year: int
    family: str
    change: bool
    part_year: bool = False
    period_unclear: bool = False
    summed: bool = False


def _spans_years(text: str) -> bool:
    """A span of several years in ``text`` that is not the start of a change the number ends
    (由前三年分别上升4.9％、5.5％，转为下降1.2%: 1.2% is one year's)."""
    for m in _P.multi_year.finditer(text):
        starts_change = re.search(r"[由从]", text[max(0, m.start() - 2) : m.start()])
        if not (starts_change and _P.change_end.search(text, m.end())):
            return True
    return False


def _sums_a_list(segment: str) -> bool:
    """Whether the number ends a comma clause that lists several items (…、…) with no
    分别/各 and no other number: the amount is their sum, not one item's."""
    clause = segment[max(segment.rfind(c) for c in "，,：:") + 1 :]
    return bool(_P.listed.search(clause)) and not _P.each.search(clause) and not re.search(
        r"\d", clause)


def _family(unit: str) -> str:
    return "rate" if unit in _RATES else unit


def _year_of(text: str) -> int | None:
    digits = "".join(_CN_YEAR_DIGITS.get(c, c) for c in text)
    return int(digits) if digits.isdigit() else parse_chinese_integer(text)


def _statement(
    claim: Claim,
    sentence: str,
    offset: int,
    *,
    doc_year: int,
    target: bool,
    lexicon,
    previous: str = "",
) -> _Statement | None:
    """The claim as a target or outcome of an indicator, or None. The indicator is named in
    the claim's subject, else in its clause chain, else earlier in its sentence, else in
    ``previous`` (the sentence before it in its paragraph: 各级政府都要增加对“三农”的投入。今年中央
    财政投入增加300亿元以上，比上年增长20%以上)."""
    if claim.kind == "duration" or not claim.unit or claim.relation == "from":
        return None
    if claim.qualifier in ("vague_range", "contradictory"):
        return None  # 几十亿元: no value of the indicator
    before = sentence[max(0, offset - _CONTEXT) : offset]
    segment = before[max(before.rfind(c) for c in _SEGMENT_CUT) + 1 :]
    clause = segment[max(segment.rfind(c) for c in _CLAUSE_CUT) + 1 :]
    after = sentence[offset + len(claim.surface) : offset + len(claim.surface) + 10]
    after = after[: min((i for i in (after.find(c) for c in _CLAUSE_CUT) if i >= 0), default=10)]
    own_year = _P.own_year.search(clause) is not None
    if _P.multi_year.search(clause) or (_spans_years(segment) and not own_year):
        return None
    if _P.share.search(clause) or (target and _P.part_year.search(segment)):
        return None
    if target and _P.evaluated.match(sentence, offset + len(claim.surface)):
        return None  # 一九八二年计划为百分之四，预计可以达到百分之六点四: a plan under review
    indicator = (
        indicator_of(claim.subject, lexicon, unit=claim.unit)
        or indicator_of(f"{segment}{claim.surface}{after}", lexicon, unit=claim.unit)
        or indicator_of(f"{before}{claim.surface}", lexicon, unit=claim.unit)
        or indicator_of(previous, lexicon, unit=claim.unit)
    )
    if not indicator:
        return None
    base = _P.base_year.search(clause)
    base_year = _year_of(base["y"]) if base is not None else None
    if claim.time_scope[:4].isdigit():
        year = int(claim.time_scope[:4])
    elif base_year:
        year = base_year + 1
    else:
        year = doc_year if target else doc_year - 1
    if base_year and claim.relation == "change" and year - base_year > 1:
        return None  # 比2002年增长65.5%: growth over five years
    return _Statement(
        claim, indicator, year, _family(claim.unit), claim.relation == "change",
        part_year=bool(_P.part_year.search(clause)),
        period_unclear=not _P.own_year.search(before) and _spans_years(previous[:_FRAME]),
        summed=_sums_a_list(segment),
    )


@dataclass(frozen=True)
class _DocInfo:
    doc: ParsedDocument
    series: str
    year: int


_SELF_LOCAL = ("我市", "我省", "我区", "我县", "本市", "本省", "全市", "全省")
_NOT_PLACES = frozenset(
    "城市 全市 我市 本市 各市 该市 超市 上市 门市 夜市 股市 楼市 车市 菜市 都市 县市 地市 省市 "
    "全省 我省 本省 各省 该省 外省 分省 节省 反省 等省 个省 代表 全体".split()
)


def _series(doc: ParsedDocument, folded: str) -> str:
    """The series a report belongs to: its location if known; else who it speaks for,
    ``national`` (我国 said more often than 我市/全市 …) or ``local:`` and its place (the one its
    title names, else the one its text names most often: 长沙 of 长沙市). Titles vary from year
    to year (政府工作报告, 国务院政府工作报告) and are not compared."""
    if doc.meta.location:
        return doc.meta.location
    if folded.count("我国") > sum(folded.count(w) for w in _SELF_LOCAL):
        return "national"
    titled = [p for p in _P.place.findall(fold_text(doc.meta.title)) if p not in _NOT_PLACES]
    if titled:
        return "local:" + titled[0]
    places = [p for p in _P.place.findall(folded) if p not in _NOT_PLACES]
    return "local:" + (max(sorted(set(places)), key=places.count) if places else "")


def _statements(info: _DocInfo, claims: Iterable[Claim], lexicon) -> tuple[list, list]:
    """(targets, outcomes) of one report."""
    sentences = {s.sentence_id: s for s in info.doc.sentences}
    order = [s.sentence_id for s in info.doc.sentences]
    index = {sid: k for k, sid in enumerate(order)}
    folded = fold_text(info.doc.norm.text)  # 1:1, so a slice of it is the slice folded
    targets, outcomes = [], []
    for claim in claims:
        s = sentences.get(claim.sentence_id)
        lo = s.norm_start if s is not None else claim.norm_start
        hi = s.norm_end if s is not None else claim.norm_end
        sentence = folded[lo:hi]
        offset = claim.norm_start - lo
        previous = ""
        k = index.get(claim.sentence_id, 0)
        if k > 0 and s is not None:
            prev = sentences[order[k - 1]]
            if prev.block_id == s.block_id:
                a, b = prev.norm_start, prev.norm_end
                previous = f"{folded[a : min(b, a + _FRAME)]}|{folded[max(a, b - _CONTEXT) : b]}"
        is_target = claim.modality == "target"
        if not is_target and (
            _P.restated.search(sentence[max(0, offset - 40) : offset])
            or _P.target_after.match(sentence, offset + len(claim.surface))
        ):
            continue
        as_outcome = not is_target or claim.modality_cue in _OUTCOME_CUES or (
            claim.modality_cue.isdigit()
        )
        for role, wanted in (("target", is_target), ("outcome", as_outcome)):
            if not wanted:
                continue
            st = _statement(
                claim, sentence, offset, doc_year=info.year, target=role == "target",
                lexicon=lexicon, previous=previous,
            )
            if st is not None:
                (targets if role == "target" else outcomes).append(st)
    return targets, outcomes


def target_outcome_checks(
    docs: Sequence[ParsedDocument],
    claims: Mapping[str, list[Claim]],
    *,
    lexicon: Sequence[Indicator] | None = None,
) -> list[dict]:
    """``target_vs_outcome`` rows: targets of each work report against the next year's report."""
    lexicon = indicators() if lexicon is None else lexicon
    infos = []
    for d in docs:
        if d.meta.year is None:
            continue
        folded = fold_text(d.norm.text)
        if is_work_report(folded[:3000]):
            infos.append(_DocInfo(d, _series(d, folded), d.meta.year))
    by_series_year = {(i.series, i.year): i for i in sorted(infos, key=lambda i: i.doc.doc_id)}
    return pair_reports({
        key: _statements(info, claims.get(info.doc.doc_id, ()), lexicon)
        for key, info in by_series_year.items()
    })


def pair_reports(
    by_series_year: Mapping[tuple[str, int], tuple[Sequence[_Statement], Sequence[_Statement]]],
) -> list[dict]:
    """``target_vs_outcome`` rows from each work report's ``(targets, outcomes)``, keyed by
    ``(series, year)`` (one report each): a year's targets against the next year's report."""
    target_index: dict[tuple[str, str, int], list[_Statement]] = defaultdict(list)
    outcome_index: dict[tuple[str, str, int, int], list[_Statement]] = defaultdict(list)
    for (series, report_year), (targets, outcomes) in by_series_year.items():
        for st in targets:
            target_index[(series, st.indicator, report_year)].append(st)
        for st in outcomes:
            outcome_index[(series, st.indicator, st.year, report_year)].append(st)
    rows = []
    for (series, indicator, doc_year), targets in sorted(target_index.items()):
        if (series, doc_year + 1) not in by_series_year:
            continue
        by_year: dict[int, list[_Statement]] = defaultdict(list)
        for st in _main_targets(targets):
            by_year[st.year].append(st)
        for year, year_targets in sorted(by_year.items()):
            outcomes = outcome_index.get((series, indicator, year, doc_year + 1), [])
            rows += _pair(year_targets, outcomes, indicator, year)
    return rows


def _main_targets(targets: list[_Statement]) -> list[_Statement]:
    """One target per year of an indicator: the first rate or level (增长8%左右, 涨幅控制在4%,
    支出达到3397亿元), else the first change of an amount (增加300亿元); the others (比上年增加
    422亿元 after the level, a target restated) are not compared."""

    def rank(st: _Statement) -> int:
        return 1 if st.change and st.family != "rate" else 0

    best: dict[int, _Statement] = {}
    for st in targets:
        if st.year not in best or rank(st) < rank(best[st.year]):
            best[st.year] = st
    return [best[y] for y in sorted(best)]


def _same_kind(a: _Statement, b: _Statement) -> bool:
    return a.family == b.family and (a.family == "rate" or a.change == b.change)


def _pair(targets, outcomes, indicator: str, year: int) -> list[dict]:
    used: set[int] = set()
    pairs: list[tuple[_Statement, _Statement | None]] = []
    for t in targets:
        same = [k for k, o in enumerate(outcomes) if k not in used and _same_kind(t, o)]
        match = max(same, key=lambda k: (_likeness(t, outcomes[k]), -k), default=None)
        if match is not None:
            used.add(match)
        pairs.append((t, None if match is None else outcomes[match]))
    for n, (t, o) in enumerate(pairs):
        if o is None and not (t.change and t.family != "rate"):
            rest = next((k for k in range(len(outcomes)) if k not in used), None)
            if rest is None:
                continue
            used.add(rest)
            pairs[n] = (t, outcomes[rest])
    rows = []
    for t, o in pairs:
        if o is None:
            continue
        status, why = _status(t, o)
        tc, oc = t.claim, o.claim
        rows.append(
            {
                "check": "target_vs_outcome",
                "doc_id": tc.doc_id,
                "start": tc.start,
                "end": tc.end,
                "status": status,
                "detail": (
                    f"{indicator} {year}: target {tc.surface} ({tc.qualifier}) -> outcome "
                    f"{oc.surface} in {oc.doc_id}{'; ' + why if why else ''}"
                ),
                "other_doc_id": oc.doc_id,
                "other_start": oc.start,
                "other_end": oc.end,
            }
        )
    return rows


def _likeness(a: _Statement, b: _Statement) -> int:
    """Shared character pairs of two subjects (全社会固定资产投资 is closer to 全社会固定资产投资
    than to 国有单位固定资产投资)."""
    pairs_a = {a.claim.subject[i : i + 2] for i in range(len(a.claim.subject) - 1)}
    pairs_b = {b.claim.subject[i : i + 2] for i in range(len(b.claim.subject) - 1)}
    return len(pairs_a & pairs_b)


def in_percent(value: float | None, unit: str) -> float | None:
    """A rate in percent (千分之十 = 10 ‰ = 1.0 %); other units unchanged."""
    return None if value is None else value * _RATES.get(unit, 1.0)


_in_percent = in_percent


def parse_detail(detail: str) -> tuple[str, int] | None:
    """``(indicator, year)`` of a ``target_vs_outcome`` row's ``detail``, or None."""
    m = _P.detail.match(str(detail))
    return (m["indicator"], int(m["year"])) if m else None


def _way(claim: Claim) -> str:
    """The way a change went: its verb's direction, turned by a negative number (增长-2.5%)."""
    if not claim.direction or claim.value is None or claim.value >= 0:
        return claim.direction
    return "down" if claim.direction == "up" else "up"


def _status(t: _Statement, o: _Statement) -> tuple[str, str]:
    """met | missed | unclear, and why when unclear."""
    if not _same_kind(t, o):
        return "unclear", "the outcome is of another kind than the target"
    oc, tc = o.claim, t.claim
    if o.part_year:
        return "unclear", "the outcome covers part of the year"
    if o.summed and not t.summed:
        return "unclear", "the outcome sums several listed items"
    if o.period_unclear:
        return "unclear", "the paragraph speaks of several years"
    if oc.qualifier not in ("exact", "approx") or oc.value is None:
        return "unclear", "the outcome is only a bound"
    t_way, o_way = _way(tc), _way(oc)
    if t.change and o.change and t_way and o_way and t_way != o_way:
        return "missed", ""  # 降低4% planned, 增长2% (or 增长-2%) done: the other way
    rate = t.family == "rate"
    magnitude = abs(oc.value) if o.change and oc.direction else oc.value  # 增长-3.2%: 3.2 down
    value = _in_percent(magnitude, oc.unit) if rate else magnitude
    low = _in_percent(tc.low, tc.unit) if rate else tc.low
    high = _in_percent(tc.high, tc.unit) if rate else tc.high
    target = _in_percent(tc.value, tc.unit) if rate else tc.value
    q = tc.qualifier
    if q == "exact" and target is not None:
        met = abs(value - target) <= 1e-9 * max(1.0, abs(target))
    elif q in ("approx", "nearly") and target is not None:
        tolerance = _APPROX_PP if rate else _APPROX_REL * abs(target)
        met = abs(value - target) <= tolerance + 1e-9
    elif q in ("more_than", "approx_more_than") and low is not None:
        met = value >= low
    elif q == "less_than" and high is not None:
        met = value <= high
    elif q in ("range", "vague_range") and low is not None and high is not None:
        met = low <= value <= high
    else:
        return "unclear", f"the target's qualifier {q} gives no bound"
    return ("met" if met else "missed"), ""
