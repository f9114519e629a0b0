"""The speaker of a quantitative claim: who is quoted or reported as saying it.

:func:`find_speaker` finds, for a claim in a block of text:

* quoted speech (“…”, 「…」, 『…』): the speaker named before the quote with a colon, after it
  (」他说), or before it;
* reported speech in the claim's sentence: a name before a speech verb (张兵说，…; 许慧香说世界…
  when a name stands right before 说), a source phrase (据张兵介绍, 根据登革热防治中心估计), or a
  speech verb opening a clause, which speaks for the person the sentence names first
  (邹子廉署长致词时先肯定…，指出…);
* a speech verb in the paragraph's first sentence speaks for the rest of the paragraph, until
  another speaker appears.

Names are whole: a title before the name (局长薛永恒) or after it (交通局王铭德局长) is removed,
and so is the organisation (美商宝蕴凌科公司创办人谢源宝 -> 谢源宝); a person's name starts with a
surname; a body is named by its organisation (经发局, 登革热防治中心). 他/她 resolve to the only
named speaker earlier in the block, a bare title (局长) to the one name the document gives it.
A name is never truncated: when no whole name is found the speaker is empty.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityreports.quant.claim_words import ClaimWords, claim_words
from cityreports.quant.grammar import word_trie
from cityreports.text.lexicon import HAN_BASIC, Patterns

__all__ = ["find_speaker", "is_title", "title_name"]

_NOT_PEOPLE = tuple(("数据 统计 报告 调查 研究 文件 意见 通知 规划 建议 资料 结果 ").split())
_PRONOUNS = frozenset(("他", "她", "他们", "她们", "其", "他还", "她还"))
#: Quotation marks: mainland “” ‘’ and Hong Kong / Taiwan 「」 『』.
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"))
_NOT_WHO = "。“”「」『』‘’，,；;！？!?\n：:、（）()《》【】\\[\\]"
_SENTENCE_END = "。！？\n"
# The words after a name that are not part of it (stop).
_P = Patterns("quant/speakers")


#: One-character speech verbs inside other words: 名称, 简称, 称为; 说明, 小说, 据说, 来说.
#: (The guard before the verb is written after it, so that every verb starts with its own
#: character and a search skips to the positions where one stands.)
_VERB_GUARDS = {
    "称": r"称(?<![名简职俗统号堪昵爱尊自]称)(?![为号赞之作])",
    "说": r"说(?<![小学据虽游解来是话]说)(?![明法服])",
}


def _verb(verb: str) -> str:
    return _VERB_GUARDS.get(verb, re.escape(verb))


@lru_cache(maxsize=4)
def _res(words: ClaimWords) -> dict[str, re.Pattern[str]]:
    say = "|".join(_verb(v) for v in words.speech_verbs)
    source = "|".join(_verb(v) for v in words.source_verbs)
    titles = "|".join(re.escape(t) for t in words.speaker_titles)
    who = rf"(?P<who>[^{_NOT_WHO}]{{1,40}}?)"
    # … or with a Taiwanese day in brackets after the name (行政院長今（14）日於院會表示), which
    # the name's stop words then cut off
    dated = rf"(?P<who>[^{_NOT_WHO}]{{1,20}}?今[（(]\d{{1,2}}[)）]日[^{_NOT_WHO}]{{0,20}}?)"
    return {
        "after_quote": re.compile(rf"^[，,]?\s*{who}(?:{say})"),
        "before_quote": re.compile(rf"{who}(?:{say})[：:，,]?\s*$"),
        "reported": re.compile(
            rf"(?:根据|据)(?P<ju>[^{_NOT_WHO}]{{1,40}}?)(?:{source})(?=[，,：:])"
            rf"|{who}(?:{say})(?P<punct>[：:，,])?"
        ),
        "dated": re.compile(rf"{dated}(?:{say})(?P<punct>[：:，,])?"),
        "opening": re.compile(
            rf"[，,](?:并|还|也|则|更|又|同时|随后|接着)?(?:{say})(?!明|法|服|成|为|是|到|起)"
        ),
        "titled": re.compile(rf"(?P<title>{titles})(?P<name>[{HAN_BASIC}]{{2,3}}?)(?:{say})"),
        "title": re.compile(word_trie(words.speaker_titles)),
        "title_rev": re.compile(word_trie(t[::-1] for t in words.speaker_titles)),
        "any_verb": re.compile(rf"{say}|据"),
    }


def is_title(text: str, words: ClaimWords | None = None) -> bool:
    """Whether ``text`` is a bare title (局长, 主委)."""
    return text in (words or claim_words()).speaker_titles


#: Characters that end words, not two-character names (平台, 高校, 金融业).
_NOT_NAME_END = set("台局会部市区县省院所校司处业园站厂场馆心网点化性率量额")


def _person(name: str, words: ClaimWords) -> bool:
    """A personal name: a surname and one or two characters (a compound surname and two)."""
    if not 2 <= len(name) <= 4 or not re.fullmatch(f"[{HAN_BASIC}]+", name):
        return False
    if len(name) == 2 and name[1] in _NOT_NAME_END:
        return False
    if name[:2] in words.surnames and len(name) >= 3:
        return True
    return name[0] in words.surnames and len(name) <= 3


def _trailing_person(text: str, words: ClaimWords) -> str:
    """The personal name that ends ``text`` (交通局王铭德 -> 王铭德), or ""."""
    for size in (3, 2, 4):
        if len(text) >= size and _person(text[-size:], words):
            return text[-size:]
    return ""


@lru_cache(maxsize=4096)
def _name(who: str, words: ClaimWords) -> str:
    """The speaker's whole name in ``who`` (titles and organisation removed); a pronoun or a
    bare title as is; a body (经发局); "" when there is no whole name."""
    who = who.strip()
    stop = _P.stop.search(who, 1)
    if stop is not None:
        who = who[: stop.start()]
    if not who or who.startswith(_NOT_PEOPLE) or re.search(r"[^\w·]", who):
        return ""
    owner = who.split("的", 1)[0]
    if owner != who and owner.endswith(words.speaker_org_suffixes):
        return owner  # 据国家统计局的抽样调查: the body
    if who in _PRONOUNS or who in words.speaker_titles:
        return who
    res = _res(words)
    at_end = res["title_rev"].match(who[::-1])
    if at_end is not None and 0 < at_end.end() < len(who):  # 王铭德局长
        return _trailing_person(who[: -at_end.end()], words)
    best = max((m.end() for m in res["title"].finditer(who)), default=-1)
    if 0 < best < len(who):  # 局长薛永恒
        rest = who[best:]
        return rest if _person(rest, words) or len(rest) <= 4 else _trailing_person(rest, words)
    if _person(who, words):
        return who
    if len(who) <= 12 and who.endswith(words.speaker_org_suffixes):
        return who
    return _trailing_person(who, words) if len(who) <= 12 else ""


def _strict_name(who: str, words: ClaimWords) -> str:
    """A name right before 说 with no comma (许慧香说世界…): only a person, with or without
    title, never a phrase (总起来说, 这就是说)."""
    name = _name(who, words)
    if name in _PRONOUNS:
        return name
    return name if _person(name, words) else ""


def _resolve(name: str, block: str, sent_start: int, words: ClaimWords) -> str:
    """A pronoun becomes the unambiguous earlier speaker of the block; a bare title its name."""
    if name in _PRONOUNS:
        return _previous_speaker(block, sent_start, words)
    if name in words.speaker_titles:  # 局长表示: the name if the block gives one (局长薛永恒说)
        return title_name(block, name, words=words) or name
    return name


def title_name(text: str, title: str, *, words: ClaimWords | None = None) -> str:
    """The one name ``text`` gives a bare title (局长 -> 薛永恒 from 局长薛永恒说), else ""."""
    words = words or claim_words()
    names = {m["name"] for m in _res(words)["titled"].finditer(text) if m["title"] == title}
    return names.pop() if len(names) == 1 else ""


def _reported(block: str, lo: int, hi: int, words: ClaimWords) -> list[tuple[int, str]]:
    """(position, name) of the reported-speech speakers in ``block[lo:hi]``."""
    res = _res(words)
    found: list[tuple[int, str]] = []
    first = res["any_verb"].search(block, lo, hi)
    if first is None:
        return found  # no speech verb, no source phrase: nobody is reported
    lo = max(lo, first.start() - 42)  # no reported speech ends before the first verb
    for m in _with_dated(res, block, lo, hi):
        if m.groupdict().get("ju") is not None:  # ("dated" matches have no 据 group)
            name = _name(m["ju"], words)
        elif m["punct"]:
            name = _name(m["who"], words)
        else:
            name = _strict_name(m["who"], words)
        if name:
            found.append((m.start(), name))
    for m in res["opening"].finditer(block, lo, hi):
        if any(abs(p - m.start()) <= 1 for p, _ in found):
            continue
        person = _first_person(block, lo, m.start(), words)
        if person:
            found.append((m.start(), person))
    return sorted(found)


def _with_dated(res: dict[str, re.Pattern[str]], block: str, lo: int, hi: int):
    """The reported-speech matches of ``block[lo:hi]``; one whose speaker stands right after a
    Taiwanese day in brackets (日於院會表示) is taken with the name before the day."""
    for m in res["reported"].finditer(block, lo, hi):
        if m["ju"] is None and block[max(lo, m.start() - 1) : m.start()] in "）)" and (
                dated := res["dated"].search(block, max(lo, m.start() - 30), m.end())):
            if dated.end() == m.end():
                yield dated
                continue
        yield m


def _first_person(block: str, lo: int, hi: int, words: ClaimWords) -> str:
    """The first person the text ``block[lo:hi]`` names with a title (邹子廉署长, 局长薛永恒)."""
    for m in _res(words)["title"].finditer(block, lo, hi):
        after = block[m.end() : min(hi, m.end() + 3)]
        for name in (after, after[:2]):  # 局长薛永恒
            if _person(name, words):
                return name
        name = _trailing_person(block[max(lo, m.start() - 3) : m.start()], words)  # 邹子廉署长
        if name:
            return name
    return ""


def _previous_speaker(block: str, sent_start: int, words: ClaimWords) -> str:
    """The named speaker before ``sent_start``: the only one in the block or, if several,
    the only one in the previous sentence; "" when ambiguous or absent."""
    found = [
        (i, _resolve(n, block, 0, words) if n in words.speaker_titles else n)
        for i, n in _reported(block, 0, sent_start, words)
        if n not in _PRONOUNS
    ]
    names = {n for _, n in found if n}
    if len(names) == 1:
        return names.pop()
    prev_start = max(block.rfind(c, 0, max(0, sent_start - 1)) for c in _SENTENCE_END) + 1
    recent = {n for i, n in found if i >= prev_start and n}
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


def _quoted(block: str, quote: tuple[int, int], words: ClaimWords) -> str:
    res = _res(words)
    open_idx, close_idx = quote
    q_start = max(block.rfind(c, 0, open_idx) for c in _SENTENCE_END) + 1
    lead = block[max(0, open_idx - 60) : open_idx]
    before = res["before_quote"].search(lead)
    named_before = _name(before["who"], words) if before else ""
    if named_before and lead.rstrip().endswith(("：", ":")):
        # 孙东表示：「…」 — a colon hands the quote to the speaker before it, even when a new
        # sentence follows the quote (」他又指出，…)
        return _resolve(named_before, block, q_start, words)
    m = res["after_quote"].match(block[close_idx + 1 : close_idx + 60])
    if m and _name(m["who"], words):
        name = _resolve(_name(m["who"], words), block, q_start, words)
        if name or not named_before:
            return name
    if named_before:
        return _resolve(named_before, block, q_start, words)
    return ""


def find_speaker(
    block: str, pos: int, *, words: ClaimWords | None = None, block_start: bool = True
) -> str:
    """Speaker of the claim at ``pos`` in a (folded) block: quoted or reported speech.

    ``block_start`` says that ``block`` begins at the start of its paragraph (a paragraph's
    opening speaker speaks for the rest of it only then). The result never holds punctuation.
    """
    words = words or claim_words()
    sent_start = max(block.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
    quote = _open_quote(block, pos)
    if quote is not None:
        return _quoted(block, quote, words)
    own = _reported(block, sent_start, pos, words)
    if own:
        return _resolve(own[0][1], block, sent_start, words)
    if not block_start or sent_start == 0:
        return ""
    first_end = min((i for i in (block.find(c) for c in _SENTENCE_END) if i >= 0), default=-1)
    if first_end < 0 or first_end >= sent_start:
        return ""
    opening = _reported(block, 0, first_end, words)
    if not opening:
        return ""
    speaker = _resolve(opening[0][1], block, 0, words)
    later = {n for _, n in _reported(block, first_end, sent_start, words)} - {speaker}
    return "" if later - _PRONOUNS else speaker
