"""The subject of a quantitative claim: the noun phrase the number is about, as a whole phrase.

:func:`find_subjects` decides for all claims of one sentence at once, because a claim often
takes its subject from another (1979年社会商品零售总额1，753亿元，比上年增加225亿元，增长14.7％:
all three are about 社会商品零售总额). The rules, in order:

1. a field label in brackets right before the number (``[总决标金额]7,990,000元``);
2. the second end of 由X增加到Y takes the subject of the first;
3. a 分别 list: the list item in the number's position (智能手机、显示器、平板电脑产量分别增长
   10.2%、16.2%、24.2%: 16.2% is 显示器);
4. the numbers of beneficiaries (惠及1100多万人) take those the clause before names (向困难群众…);
5. after 的 (80％以上的人口地区) or after a counter (3条轨道交通线, 10家全国重点实验室获批建设), the
   noun after the number, up to the verb that follows it;
6. else the phrase before the number in its clause, without the verbs, modals, times,
   connectives and comparison bases around it (今年我们要力争使全国人口增长率降到 -> 全国人口增长率;
   建成5G基站 -> 5G基站; 比上年末增加 -> nothing);
7. else the noun after the number (五成企业有意愿… -> 企业) or, for people, the predicate that
   defines them (有四万四千八百七十四人投案自首 -> 投案自首);
8. else the subject of the claim before it in the same clause chain (a rate after its level),
   else the noun phrase of the clause before (农民的纯收入，全国平均每人达到三百五十五元).

Phrases never cross clause punctuation, an unclosed bracket or another number, and are at most
24 characters long.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cityreports.quant.claim_words import ClaimWords, claim_words
from cityreports.quant.grammar import word_trie
from cityreports.quant.timescope import time_re
from cityreports.text.lexicon import HAN_BASIC, Patterns

__all__ = ["CLAUSE_PUNCT", "SubjectInput", "find_subject", "find_subjects"]

# What is cut from a number's phrase: comparisons, starting points, currencies, lists, 按 and 并.
_P = Patterns("quant/subjects")

#: Characters that end a clause: a subject never reaches across them.
CLAUSE_PUNCT = "，。；：！？、,;:!?\n"
_CHAIN_END = "。；！？;!?\n"
_OPEN = "（([【《〈"
_CLOSE = {"（": "）", "(": ")", "[": "]", "【": "】", "《": "》", "〈": "〉"}
_CLOSING = frozenset(_CLOSE.values())
_QUOTES = "“”「」『』‘’\"'"
_MAX = 24
_BACK = 40
_FORWARD = 30


@dataclass(frozen=True)
class SubjectInput:
    """One claim of the sentence: span in the folded sentence, unit and relation."""

    start: int
    end: int
    unit: str
    relation: str = "level"
    partner: int | None = None


@lru_cache(maxsize=1)
def _subject_time_re() -> re.Pattern[str]:
    """A time expression with the preposition that introduces it (将于113年, 截至2020年底)."""
    return re.compile(
        rf"(?<![较比与同])(?:截至|截止|于|在|到|自|从|[今去明本](?=[(（]))?"
        rf"(?:{time_re(True).pattern})"
        r"|[一二三四五六七八九十\d]{1,2}年(?:内|来|间|中|里)"
        r"|(?:一九|二〇|二○|19|20)[〇○零一二三四五六七八九\d]{2}年(?:末|底|初)?"
    )


#: After these characters a leading verb is part of a compound noun (建设资金, 服务业, 改造工程).
_COMPOUND_HEAD = set("资金费项工用规任进标额率量面水力度能体业区点就者员")
#: Nouns after 的 that frame a number instead of naming what it measures (一亿吨的水平上,
#: 5%的幅度, 三个公报的基础上).
_FRAMES = tuple("水平 基础 程度 幅度 速度 比例 标准 范围 目标 高度 规模上 时间".split())
_CONJUNCTIONS = "和与及或、"
#: Two-character words that begin with a lead word but are not one (对外贸易, 其他, 再就业).
_LEAD_WORDS_OF_THEIR_OWN = (
    "对外", "对口", "对象", "使用", "使命", "其他", "其余", "有关", "有效", "有序", "有机",
    "共同", "共享", "共建", "都市", "均衡", "再生", "再就业", "应用", "应急", "为民", "要素",
    "将来", "并购", "另类", "给水", "按揭", "向日", "还款", "全国性", "全市性", "全域旅游",
)


_NO_QUOTES = str.maketrans("", "", _QUOTES)


def _strip_quotes(text: str) -> str:
    return text.translate(_NO_QUOTES)


_BOUNDARY = frozenset(CLAUSE_PUNCT + "“「『‘")


def _clause_start(text: str) -> int:
    """Index after the last clause boundary of ``text``: punctuation, an opening quote or an
    opening bracket not closed before the end."""
    closed: set[str] = set()
    for i in range(len(text) - 1, -1, -1):
        c = text[i]
        if c in _BOUNDARY:
            return i + 1
        if c in _CLOSING:
            closed.add(c)
        elif c in _CLOSE and _CLOSE[c] not in closed:
            return i + 1
    return 0


@dataclass(frozen=True)
class _Tries:
    """The word lists compiled once: suffixes are matched on the reversed phrase."""

    end_rev: re.Pattern[str]
    lead: re.Pattern[str]
    verb: re.Pattern[str]
    after_noun: re.Pattern[str]


@lru_cache(maxsize=4)
def _tries(words: ClaimWords) -> _Tries:
    return _Tries(
        end_rev=re.compile(word_trie(w[::-1] for w in words.verbs_before_number)),
        lead=re.compile(word_trie(words.lead_words)),
        verb=re.compile(word_trie(words.leading_verbs)),
        after_noun=re.compile(word_trie(words.verbs_after_noun)),
    )


@lru_cache(maxsize=4)
def _modal_before_verb(words: ClaimWords) -> re.Pattern[str]:
    """A modal between the subject and its verb (政府将投入 -> 政府投入)."""
    verbs = word_trie(words.leading_verbs)
    return re.compile(rf"(?<=[{HAN_BASIC}])(?:还将|也将|将|要|拟|已经|已)(?={verbs})")


def _strip_end(head: str, words: ClaimWords) -> str:
    """Strip verbs, qualifiers and time words from the end, the longest first, repeatedly."""
    end_rev = _tries(words).end_rev
    while head:
        m = end_rev.match(head[::-1])
        if m is not None and m.end():
            head = head[: -m.end()]
            continue
        new = _P.currency_tail.sub("", head)
        if new == head:
            break
        head = new
    return head


def _strip_start(head: str, words: ClaimWords) -> str:
    """Strip connectives, modals, scope words and leading verbs from the start, repeatedly."""
    tries = _tries(words)
    while head and not head.startswith(_LEAD_WORDS_OF_THEIR_OWN):
        m = tries.lead.match(head)
        if m is not None and 0 < m.end() < len(head):
            head = head[m.end() :]
            continue
        m = tries.verb.match(head)
        rest = head[m.end() :] if m is not None else ""
        if m is not None and m.end() and len(rest) >= 2 and rest[0] not in _COMPOUND_HEAD:
            head = rest
            continue
        break
    return head


def _clean(phrase: str, words: ClaimWords) -> str:
    """The noun phrase of ``phrase`` (the text before a number, within its clause)."""
    phrase = _P.list_marker.sub("", _strip_quotes(phrase), count=1)
    joins = sorted(m.end() for rx in (_P.and_then, _P.by) for m in rx.finditer(phrase))
    if joins and len(phrase) - joins[-1] >= 2:
        phrase = phrase[joins[-1] :]
    comparison = _P.comparison.search(phrase)
    if comparison is not None:
        phrase = phrase[: comparison.start()]
    phrase = _P.from_tail.sub("", phrase)
    phrase = _subject_time_re().sub("", phrase)
    if any(c in phrase for c in "将要拟已"):
        phrase = _modal_before_verb(words).sub("", phrase)
    phrase = _strip_end(phrase, words)
    phrase = _strip_start(phrase, words)
    phrase = _strip_end(phrase, words)
    if phrase in words.lead_words or phrase in words.leading_verbs:
        return ""
    if phrase.endswith("的"):
        phrase = phrase[:-1]
    return phrase[-_MAX:] if _P.han.search(phrase) else ""


def _label(before: str) -> str | None:
    """``[总决标金额]`` or ``【…】`` right before the number: the field label."""
    if not before.endswith(("]", "】")):
        return None
    open_at = max(before.rfind("["), before.rfind("【"))
    if open_at < 0:
        return None
    return before[open_at + 1 : -1][-_MAX:] or None


@dataclass(frozen=True)
class _Forward:
    noun: str
    predicate: str
    after_de: bool


def _latin(char: str) -> bool:
    """A Latin letter or an ASCII digit."""
    return char.isascii() and char.isalnum()


def _forward(
    text: str, end: int, limit: int, words: ClaimWords, *, limit_end: int | None = None
) -> _Forward:
    """The phrase after a number: the noun it counts and the verb phrase after that noun.

    When the next number stands inside the phrase and 的 follows it (5个年度计划总投资18亿元的
    文旅产业项目), the phrase runs on after that 的."""
    rest = text[end : min(limit, end + _FORWARD)]
    after_de = rest.startswith("的")
    if after_de:
        rest = rest[1:]
    phrase = ""
    for i, c in enumerate(rest):
        if c in CLAUSE_PUNCT or c in _QUOTES or c in _OPEN or c in "）)]】》等":
            break
        if rest.startswith(("和", "与", "及", "或"), i) and rest[i + 1 : i + 2].isdigit():
            break  # 30条背街小巷和25座…: a new counted item
        joins = c in "-·" and _latin(phrase[-1:]) and _latin(rest[i + 1 : i + 2])
        if not _P.han.match(c) and not joins:  # a hyphen inside a Latin name: Wi-Fi热点
            break
        phrase += c
    reaches_next = end + int(after_de) + len(phrase) == limit
    if reaches_next and limit_end is not None and text.startswith("的", limit_end):
        inner = _forward(text, limit_end, len(text), words)
        if inner.noun:
            return _Forward(inner.noun, "", True)
    phrase = phrase[:_MAX]
    if "的" in phrase:
        head, _, tail = phrase.rpartition("的")
        phrase = head if tail.startswith(_FRAMES) else tail  # 公报的基础上 -> 公报
    elif after_de and phrase.startswith(_FRAMES):
        return _Forward("", "", after_de)
    for m in _tries(words).after_noun.finditer(phrase):
        i = m.start()
        if m.end() - i == 1 and i == 1:
            continue  # a one-character verb never cuts a two-character word (国有)
        return _Forward(phrase[:i], phrase[:8] if i == 0 else "", after_de)
    if reaches_next:
        phrase = phrase.rstrip(_CONJUNCTIONS)  # 背街小巷和|25座
    return _Forward(phrase, "", after_de)


def _fenbie(
    text: str, claims: Sequence[SubjectInput], i: int, words: ClaimWords, starts: Sequence[int]
) -> str | None:
    """The item of a 分别 list in the position of claim ``i`` (None if not in such a list)."""
    start = claims[i].start
    lo = max(0, start - 80)
    window = text[lo:start]
    if "分别" not in window:
        return None
    chain = max(window.rfind(c) for c in _CHAIN_END) + 1
    at = window.rfind("分别", chain)
    if at < 0:
        return None
    mark = lo + at
    k = i - bisect_right(starts, mark, 0, i)  # the claims before i after 分别 (starts sorted)
    head_start = max(window.rfind(c, chain, at) for c in "，。；：,;:") + 1
    items_text = _strip_quotes(window[max(head_start, chain) : at])
    items_text = _subject_time_re().sub("", items_text)
    items_text = _strip_end(items_text, words)
    if not _strip_start(items_text, words) and head_start > chain:
        before = window[chain : head_start - 1]
        items_text = before[max(before.rfind(c) for c in "，,：:") + 1 :]
    items = [x for x in _P.list_split.split(items_text) if x]
    if len(items) < 2 or k >= len(items):
        return None
    return _clean(items[k], words) or None


def _topic(text: str, clause_start: int, starts: Sequence[int], words: ClaimWords) -> str:
    """The noun phrase of the clause before ``clause_start`` (a topic: 农民的纯收入，…)."""
    if clause_start <= 0:
        return ""
    lo = max(0, clause_start - 1 - _BACK)
    prev = text[lo : clause_start - 1]
    if any(c in prev for c in _CHAIN_END):
        prev = prev[max(prev.rfind(c) for c in _CHAIN_END) + 1 :]
    prev = prev[max(prev.rfind(c) for c in CLAUSE_PUNCT) + 1 :]
    if prev.endswith(words.speech_verbs):
        return ""  # 陈其迈市长今（1）日表示，将投入…: who speaks, not what is counted
    prev_start = clause_start - 1 - len(prev)
    if bisect_left(starts, prev_start) < bisect_left(starts, clause_start):
        return ""  # the clause holds a number: it is not a topic
    for verb in words.leading_verbs:
        at = prev.rfind(verb)
        if at >= 0 and len(prev) - at - len(verb) >= 2:
            prev = prev[at + len(verb) :]
            break
    return _clean(prev, words)


def find_subjects(
    text: str, claims: Sequence[SubjectInput], *, words: ClaimWords
) -> list[str]:
    """Subjects of the claims of one (folded) sentence, in order (rules in the module doc)."""
    out: list[str] = []
    starts = [c.start for c in claims]  # in order: found by bisection, not by a scan per claim
    for i, claim in enumerate(claims):
        prev_end = claims[i - 1].end if i else 0
        next_start = claims[i + 1].start if i + 1 < len(claims) else len(text)
        lo = max(0, claim.start - _BACK, prev_end)
        raw_before = text[lo : claim.start]
        cut = _clause_start(raw_before)
        before = raw_before[cut:]
        label = _label(text[max(0, claim.start - _BACK) : claim.start])
        if label is not None:
            out.append(label)
            continue
        if claim.relation == "to" and claim.partner is not None and claim.partner < i:
            out.append(out[claim.partner])
            continue
        listed = _fenbie(text, claims, i, words, starts)
        if listed is not None:
            out.append(listed)
            continue
        if before.endswith(words.benefit_verbs):
            found = _P.beneficiaries.finditer(text, max(0, lo + cut - _BACK), lo + cut)
            named = [m["x"] for m in found]
            if named:
                out.append(named[-1])
                continue
        next_end = claims[i + 1].end if i + 1 < len(claims) else None
        fwd = _forward(text, claim.end, next_start, words, limit_end=next_end)
        if fwd.noun and (fwd.after_de or claim.unit in words.counters):
            out.append(fwd.noun)
            continue
        back = _clean(before, words)
        if back:
            out.append(back)
            continue
        if fwd.noun or (fwd.predicate and claim.unit in words.people_units):
            out.append(fwd.noun or fwd.predicate)
            continue
        out.append(_inherited(text, claims, out, i) or _topic(text, lo + cut, starts, words))
    return out


def _inherited(text: str, claims: Sequence[SubjectInput], out: list[str], i: int) -> str:
    """The subject of the nearest earlier claim of the same clause chain, if any."""
    for j in range(i - 1, -1, -1):
        if claims[i].start - claims[j].end > 2 * _BACK:
            return ""  # (tested before slicing: a run of claims with no subject stays linear)
        between = text[claims[j].end : claims[i].start]
        if any(c in between for c in _CHAIN_END):
            return ""
        if out[j]:
            return out[j]
    return ""


def find_subject(folded: str, start: int, end: int, *, words: ClaimWords | None = None) -> str:
    """Subject of the single quantity at ``[start, end)`` of a (folded) sentence."""
    return find_subjects(folded, [SubjectInput(start, end, "")], words=words or claim_words())[0]
