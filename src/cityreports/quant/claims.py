"""Quantitative claims: numbers stated as facts about the world, with what they measure.

:func:`extract_claims` scans the sentences of a :class:`ParsedDocument` with the number grammar
of :mod:`quant.numbers` and keeps the quantities that are claims: a unit or counter (or a
万/亿 multiplier), not a count of the text's own points (六个方面 is an enumeration), not the
indefinite article 一 (一场革命) unless it is coordinated with other counts (一场主论坛、两场…),
and not an anaphoric re-mention (两场主题论坛分别为…). Each claim gets a subject, a time scope
resolved against the document date, and a speaker when it sits in attributed speech.
"""

from __future__ import annotations

import calendar
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
from cityreports.records import ParsedDocument

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

_CLAUSE_PUNCT = "，。；：！？、,;:!?\n"
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
    if speaker in _TITLES:
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
        before = before[max(before.rfind(c) for c in _CLAUSE_PUNCT) + 1 :]
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


_QUOTED_POINT = re.compile(r"[“「][\u4e00-\u9fff]{1,8}[”」][：:]")


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
            return idx >= 0 and not any(c in _CLAUSE_PUNCT for c in folded[i + 1 : idx])
        if folded[i] in _CLAUSE_PUNCT or folded[i] in "”」』’":
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
    return re.compile(r"^[\u4e00-\u9fff]{0,8}分别(?:为|是)")


def _anaphoric(after: str) -> bool:
    """两场主题论坛分别为…: the count re-introduces things already counted, as a list head."""
    return bool(_anaphoric_re().match(after))


# --------------------------------------------------------------------------- subject

_SUBJECT_VERBS = tuple(
    (
        "已达到 已达 达到 累计 共计 共有 合计 总计 吸引 举办 开展 已经 "
        "突破 超过 约有 大约 约为 已有 拥有 控制在 控制 完成 有 达 为 约 近 共 是 已 超 "
        "逾 占 至 计 的 了 在 等 "
    ).split()
)
_SUBJECT_LEAD = tuple(("其中 我国 全国 中国 目前 当前 此外 同时 共计 共有 总共 累计 ").split())
_NOUN_STOP = set(_CLAUSE_PUNCT + "的和与及或（）()“”《》共已在将被等是为于了")
_NOUN_STOP_WORDS = tuple(
    (
        "组团 参会 参加 出席 收看 夺得 获得 组成 进行 开展 举办 共聚 亮相 "
        "分别 参与 提供 实现 完成 达到 覆盖 "
    ).split()
)


_CURRENCY_TAIL = re.compile(
    r"(?:新台币|台币|人民币|港币|港元|美元|欧元|日元)(?:约|大约|逾|超过|近)?$"
)


@lru_cache(maxsize=1)
def _subject_time_re() -> re.Pattern[str]:
    """A time expression with the preposition that introduces it (将于113年, 截至2020年底)."""
    return re.compile(
        rf"(?<![较比与同])(?:截至|截止|于|在|到|自|从|[今去明本](?=[(（]))?"
        rf"(?:{_time_re(True).pattern})"
    )


def find_subject(folded: str, start: int, end: int) -> str:
    """Heuristic noun phrase measured by the quantity at ``[start, end)`` of a sentence."""
    before = folded[:start]
    cut = max(before.rfind(c) for c in _CLAUSE_PUNCT + "“「『‘") + 1
    head = before[cut:].replace("”", "").replace("」", "").replace("』", "")
    for mark in ("共有", "共计", "拥有", "其中"):
        if mark in head:
            head = head[head.rfind(mark) + len(mark) :]
    changed = True
    while changed and head:
        changed = False
        for verb in _SUBJECT_VERBS:
            if head.endswith(verb):
                head, changed = head[: -len(verb)], True
    head = _subject_time_re().sub("", head)
    head = _CURRENCY_TAIL.sub("", head)
    for lead in _SUBJECT_LEAD:
        if head.startswith(lead):
            head = head[len(lead) :]
    tail = ""
    rest = folded[end : end + 16]
    for i, c in enumerate(rest):
        if c in _NOUN_STOP or not ("\u4e00" <= c <= "\u9fff" or c.isalnum()):
            break
        if rest.startswith(_NOUN_STOP_WORDS, i):
            break
        tail += c
    closes_clause = end >= len(folded) or folded[end] in _CLAUSE_PUNCT
    if head and (closes_clause or not tail):
        return head[-20:]
    return tail or head[-20:]


# --------------------------------------------------------------------------- time scope

_PERIODS = {
    "上半年": "H1",
    "下半年": "H2",
    "一季度": "Q1",
    "第一季度": "Q1",
    "二季度": "Q2",
    "第二季度": "Q2",
    "三季度": "Q3",
    "第三季度": "Q3",
    "四季度": "Q4",
    "第四季度": "Q4",
    "前三季度": "Q1-Q3",
    "前3季度": "Q1-Q3",
}
for _i, (_d, _c) in enumerate(zip("1234", "一二三四", strict=True), start=1):
    _PERIODS.update({f"第{_d}季度": f"Q{_i}", f"{_d}季度": f"Q{_i}"})
    _PERIODS.update({f"第{_d}季": f"Q{_i}", f"第{_c}季": f"Q{_i}"})  # Taiwan: 第3季


@lru_cache(maxsize=2)
def _time_re(roc: bool = False) -> re.Pattern[str]:
    periods = "|".join(sorted(_PERIODS, key=len, reverse=True))
    bare_roc = r"|(?<![\d.,近超逾约])(?P<rb>1[0-4]\d)\s*年(?!来|多|余|以上|之久|间)" if roc else ""
    return re.compile(
        r"(?P<year>今年|去年|前年|明年|本年度|(?P<y>(?:19|20)\d{2})\s*年"
        rf"|民国(?P<roc>\d{{2,3}})\s*年|(?<=[于在自从])(?P<rp>[6-9]\d|1[0-4]\d)\s*年{bare_roc}"
        r"|(?<=[今去明本])[(（](?P<py>(?:19|20)\d{2}|1[0-4]\d)[)）]\s*年)"  # 今(113)年
        r"(?:度)?"
        rf"(?:(?P<period>{periods})|(?P<end>年底|年末|底)"
        r"|(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号]|(?P<me>底|末))?)?"
    )


_BASE_MARKS = ("较", "比", "与", "同", "相比")


def _comparison_base(text: str, start: int) -> bool:
    """较去年, 比2020年, 与前年相比: the time is the base of a comparison, not the scope."""
    return text.endswith(_BASE_MARKS, max(0, start - 2), start)


_BARE_MONTH = re.compile(
    r"(?:截至|截止|截止到|到)(?P<m>\d{1,2})\s*月(?:(?P<d>\d{1,2})\s*[日号]|(?P<me>底|末))?"
)


def _bare_month_scope(text: str, year: int | None) -> str:
    """截至4月底 with no year: the month of the document's own year."""
    if year is None:
        return ""
    found = list(_BARE_MONTH.finditer(text))
    if not found:
        return ""
    m = found[-1]
    month = int(m["m"])
    if not 1 <= month <= 12:
        return ""
    if m["d"] and 1 <= int(m["d"]) <= 31:
        return f"{year}-{month:02d}-{int(m['d']):02d}"
    if m["me"]:
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{year}-{month:02d}"


def resolve_time_scope(text: str, *, year: int | None, roc: bool = False) -> str:
    """ISO time scope of the last time expression in ``text`` (今年6月底 -> 2020-06-30).

    Years of the Republic of China calendar (民国111年, 于113年; any bare 100-149年 with
    ``roc``, for Taiwan text) are converted: ROC year + 1911.
    """
    matches = [m for m in _time_re(roc).finditer(text) if not _comparison_base(text, m.start())]
    if not matches:
        return _bare_month_scope(text, year)
    m = matches[-1]
    offsets = {"今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1}
    roc_year = m["roc"] or m["rp"] or m.groupdict().get("rb")
    if m["py"]:  # Taiwan 今(113)年, 去(2023)年: the year in parentheses
        y = int(m["py"]) + (1911 if len(m["py"]) == 3 else 0)
    elif m["y"]:
        y = int(m["y"])
    elif roc_year:
        y = int(roc_year) + 1911
    elif year is None:
        return ""
    else:
        y = year + offsets[m["year"]]
    if m["period"]:
        return f"{y}-{_PERIODS[m['period']]}"
    if m["end"]:
        return f"{y}-12-31"
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return str(y)
        if m["d"]:
            day = int(m["d"])
            return f"{y}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{y}-{month:02d}"
        if m["me"]:
            return f"{y}-{month:02d}-{calendar.monthrange(y, month)[1]:02d}"
        return f"{y}-{month:02d}"
    return str(y)


# --------------------------------------------------------------------------- speaker

_SAY = r"(?:介绍说|表示|指出|介绍|强调|认为|透露|坦言|宣布|提到|披露|直言|重申|说|称)"
_TITLES = tuple(
    (
        "副司长 司长 副局长 局长 副主任 主任 副部长 部长 院士 教授 研究员 "
        "书记 副市长 市长 主席 副总裁 总裁 理事长 副所长 所长 副院长 院长 "
        "委员 总经理 经理 董事长 专家 巡视员 记者 负责人 秘书长 处长 总监 "
        "架构师 首席执行官 创始人 省长 区长 县长 博士 主委 发言人 署长 厅长 "
        "校长 议员 特首 行政长官 总裁 董事 "
    ).split()
)
_NOT_PEOPLE = tuple(("数据 统计 报告 调查 研究 文件 意见 通知 规划 建议 资料 ").split())
_PRONOUNS = frozenset(("他", "她", "他们", "她们", "其", "他还", "她还"))
#: Quotation marks: mainland “” ‘’ and Hong Kong / Taiwan 「」 『』.
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"))
_NOT_WHO = "。“”「」『』‘’，,；;！？!?\n：:、（）()《》【】"


@lru_cache(maxsize=1)
def _speech_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    who = rf"(?P<who>[^{_NOT_WHO}]{{1,40}}?)"
    after_quote = re.compile(rf"^[，,]?\s*{who}{_SAY}")
    before_quote = re.compile(rf"{who}{_SAY}[：:，,]?\s*$")
    reported = re.compile(
        rf"(?:据(?P<ju>[^{_NOT_WHO}]{{1,40}}?)介绍|{who}{_SAY}[：:，,])"
    )
    return after_quote, before_quote, reported


@lru_cache(maxsize=1)
def _titled_name_re() -> re.Pattern[str]:
    titles = "|".join(sorted(_TITLES, key=len, reverse=True))
    return re.compile(rf"(?P<title>{titles})(?P<name>[\u4e00-\u9fff]{{2,3}}?){_SAY}")


def _name(who: str) -> str:
    """The speaker's name in ``who`` (title stripped); a pronoun as is; "" if none."""
    who = who.strip()
    for stop in (
        "也", "则", "还", "在", "从", "对", "就", "再次", "同时", "进一步", "又", "都",
        "今日", "今天", "昨日", "昨天", "近日", "日前", "当天", "当日", "上午", "下午", "今(",
        "今（",
    ):
        idx = who.find(stop, 1)
        if idx > 0:
            who = who[:idx]
    best = -1
    for title in _TITLES:
        idx = who.rfind(title)
        if idx >= 0 and idx + len(title) > best:
            best = idx + len(title)
    if best > 0 and best < len(who):
        who = who[best:]
    who = who.strip()
    if not who or who.startswith(_NOT_PEOPLE) or len(who) > 12:
        return ""
    if re.search(r"[^\w·]", who):
        return ""  # never a speaker with punctuation in it
    return who if len(who) <= 4 else who[-3:]


def _resolve(name: str, block: str, sent_start: int) -> str:
    """A pronoun becomes the unambiguous earlier speaker of the block; a bare title its name."""
    if name in _PRONOUNS:
        return _previous_speaker(block, sent_start)
    if name in _TITLES:  # 局长表示: the name if the block gives one (局长薛永恒说)
        return title_name(block, name) or name
    return name


def title_name(text: str, title: str) -> str:
    """The one name ``text`` gives a bare title (局长 -> 薛永恒 from 局长薛永恒说), else ""."""
    names = {m["name"] for m in _titled_name_re().finditer(text) if m["title"] == title}
    return names.pop() if len(names) == 1 else ""


def _previous_speaker(block: str, sent_start: int) -> str:
    """The named speaker before ``sent_start``: the only one in the block or, if several,
    the only one in the previous sentence; "" when ambiguous or absent."""
    _, _, reported = _speech_res()
    found: list[tuple[int, str]] = []
    for m in reported.finditer(block, 0, sent_start):
        name = _name(m["ju"] or m["who"] or "")
        if name and name not in _PRONOUNS:
            found.append((m.start(), _resolve(name, block, 0) if name in _TITLES else name))
    names = {n for _, n in found}
    if len(names) == 1:
        return names.pop()
    prev_start = max(block.rfind(c, 0, max(0, sent_start - 1)) for c in "。！？\n") + 1
    recent = {n for i, n in found if i >= prev_start}
    return recent.pop() if len(recent) == 1 else ""


def _open_quote(block: str, pos: int) -> tuple[int, int] | None:
    """(open, close) of the quotation that ``pos`` sits in, or None."""
    for open_mark, close_mark in _QUOTES:
        open_idx = block.rfind(open_mark, 0, pos)
        if open_idx >= 0 and block.rfind(close_mark, open_idx, pos) < 0:
            close_idx = block.find(close_mark, pos)
            if close_idx >= 0:
                return open_idx, close_idx
    return None


def find_speaker(block: str, pos: int) -> str:
    """Speaker of the claim at ``pos`` in a (folded) block: quoted speech or reported speech.

    Quotes are “” ‘’ or 「」 『』; 他/她 resolve to an unambiguous earlier named speaker of the
    block, a bare title (局长) to the name the block gives it (局长薛永恒说); the result never
    holds punctuation.
    """
    after_quote, before_quote, reported = _speech_res()
    sent_start = max(block.rfind(c, 0, pos) for c in "。！？\n") + 1
    quote = _open_quote(block, pos)
    if quote is not None:
        open_idx, close_idx = quote
        q_start = max(block.rfind(c, 0, open_idx) for c in "。！？\n") + 1
        lead = block[max(0, open_idx - 60) : open_idx]
        before = before_quote.search(lead)
        named_before = _name(before["who"]) if before else ""
        if named_before and lead.rstrip().endswith(("：", ":")):
            # 孙东表示：「…」 — a colon hands the quote to the speaker before it, even when
            # a new sentence follows the quote (」他又指出，…)
            return _resolve(named_before, block, q_start)
        m = after_quote.match(block[close_idx + 1 : close_idx + 60])
        if m and _name(m["who"]):
            name = _resolve(_name(m["who"]), block, q_start)
            if name or not named_before:
                return name
        if named_before:
            return _resolve(named_before, block, q_start)
        return ""
    for m in reported.finditer(block, sent_start, pos):
        name = _name(m["ju"] or m["who"] or "")
        if name:
            return _resolve(name, block, sent_start)
    return ""


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
