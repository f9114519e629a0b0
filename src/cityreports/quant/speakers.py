"""The speaker of a quantitative claim: who is quoted or reported as saying it.

:func:`find_speaker` finds the person quoted (“…”, 「…」, 『…』) or named before 说/表示/指出/
介绍…; 他/她 resolve to the only named speaker earlier in the block, a bare title (局长) to the
one name the block gives it (:func:`title_name`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityreports.text.lexicon import HAN_BASIC

__all__ = ["TITLES", "find_speaker", "title_name"]

_SAY = r"(?:介绍说|表示|指出|介绍|强调|认为|透露|坦言|宣布|提到|披露|直言|重申|说|称)"
TITLES = tuple(
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
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    return re.compile(rf"(?P<title>{titles})(?P<name>[{HAN_BASIC}]{{2,3}}?){_SAY}")


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
    for title in TITLES:
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
    if name in TITLES:  # 局长表示: the name if the block gives one (局长薛永恒说)
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
            found.append((m.start(), _resolve(name, block, 0) if name in TITLES else name))
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
