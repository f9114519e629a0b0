"""Who speaks in a report: speakers introduced, their mentions, and the speech attributed to them.

A speaker is introduced as ``<organisation><title><name>`` (国家发展改革委…司司长陈洪宛): a title
from the packaged lexicon (``resources/lexicons/speakers.yml``) followed by a 2–4 character
name whose first character(s) are a common surname (``surnames.txt``). Later mentions are the
full name, ``<surname><title>`` (陈司长) and third-person pronouns (他/她, the most recent
speaker). Speech is attributed

* to a direct quotation “…” followed in the same sentence by ``<mention>…<speech verb>``
  (“…”陈洪宛在主题演讲中说) or preceded by ``<mention>…<speech verb>[，：]``; an unattributed
  quotation right after a sentence of reported speech continues that speaker;
* to a reported-speech clause: ``<mention><≤15 chars, no punctuation><speech verb>``, from after
  the verb to the end of the sentence (据陈洪宛介绍，…; 张兵指出，…); a short parenthesised date
  may stand in the gap (薛永恒今日（15日）表示, 龚明鑫今（15）日表示).

Quotations are “…”, 「…」 and 『…』 (Hong Kong and Taiwan); a quoted term of at most six
characters without clause punctuation (「智方便」平台) is not a quotation and stays part of the
reported clause around it. Hong Kong and Taiwan titles (局长, 司长, 主委, 执行长, 行政长官, 议员 …)
are in the lexicon in simplified form, as the normalised text is simplified.

People introduced only where the report credits its makers - byline, credit, front-matter
and boilerplate blocks, a reporter credit in a paragraph (（记者 刘洋）) or a dateline naming the
reporter (中央社记者王小明台北15日电) - wrote the report and are not speakers: they are left out
of ``find_speakers``, ``speakers_table`` and ``voice_shares`` (the report's authors are in
``DocumentMeta.authors``). A reporter named in the body's own sentences (新华社记者王小明在现场说)
is a speaker, voice media.

Each speaker gets a voice (government, enterprise, academia, media, other) by the ordered rules
documented in the lexicon. Work happens on the normalised text; ``start``/``end`` are raw offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cityreports.records import ParsedDocument
from cityreports.resources import load_yaml, read_resource
from cityreports.text.lexicon import HAN_BASIC_RE, Patterns
from cityreports.text.quotes import quote_spans

# Date gaps, quotation marks, speech punctuation and reporters' credits in a paragraph.
_P = Patterns("text/speech")

_TERMINATORS = "。！？!?\n"
_PUNCT = set("，,、。；;：:！？!?\n“”「」『』《》（）()")
_ORG_STOP = set("，,、。；;：:！？!?\n“”「」『』《》 \u3000\t")
_ORG_LEAD = ("邀请", "领导", "包括", "还有", "以及", "嘉宾", "接下来", "随后", "此外", "其中",
             "会上", "期间", "由", "请", "为", "是", "被", "向", "对", "在", "了")
#: Cut only when the organisation starts with them (据 is also in 数据局).
_ORG_LEAD_START = ("据", "如", "(", "（")
_MAX_ORG = 40
#: Quoted text this short without clause punctuation is a term, not speech (「智方便」平台).
_MAX_TERM = 6
_MAX_GAP = 25
_PRONOUN_WINDOW = 400


@dataclass(frozen=True)
class Speaker:
    """A named person in one document, with the voice they speak for.

    ``start``/``end``: raw offsets of the first full-name mention. Character counts cover the
    blocks whose role is in the ``roles`` given to :func:`find_speakers`.
    """

    doc_id: str
    name: str
    title: str
    organisation: str
    voice: str
    start: int
    end: int
    n_quoted_chars: int = 0
    n_reported_chars: int = 0
    mentions: int = 1


@dataclass(frozen=True)
class Speech:
    """One attributed piece of speech: a quotation or a reported clause (normalised offsets)."""

    name: str
    kind: str  # quote | reported
    verb: str
    verb_start: int  # normalised offset of the verb, -1 when none (continued quotation)
    norm_start: int
    norm_end: int


@dataclass(frozen=True)
class SpeakerLexicon:
    """Compiled speaker lexicon."""

    titles: tuple[str, ...]
    title_re: re.Pattern[str]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    verbs_re: re.Pattern[str]
    verb_exclude: tuple[str, ...]
    continuations: tuple[str, ...]
    pronouns: frozenset[str]
    voices: Mapping
    generic_titles: frozenset[str] = frozenset()


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def load_speaker_lexicon() -> SpeakerLexicon:
    """The packaged speaker lexicon (titles, surnames, speech verbs, voice rules)."""

    data = load_yaml(read_resource("lexicons/speakers.yml")[0])
    names = [
        line.strip()
        for line in read_resource("lexicons/surnames.txt")[0].splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names += [str(n) for n in data.get("extra_surnames") or ()]
    titles = tuple(str(t) for t in data["titles"])
    mods = _alternation(data.get("title_modifiers") or [])
    title_re = re.compile(f"(?:(?:{mods}))*(?:{_alternation(titles)})")
    return SpeakerLexicon(
        titles=titles,
        title_re=title_re,
        surnames=frozenset(n for n in names if len(n) == 1),
        compound_surnames=frozenset(n for n in names if len(n) == 2),
        verbs_re=re.compile(_alternation(str(v) for v in data["speech_verbs"])),
        verb_exclude=tuple(str(w) for w in data.get("speech_verb_exclude") or ()),
        continuations=tuple(str(w) for w in data["continuations"]) + titles,
        pronouns=frozenset(str(p) for p in data.get("pronouns") or ()),
        voices=data["voices"],
        generic_titles=frozenset(str(t) for t in data.get("generic_titles") or ()),
    )


def _is_han(ch: str) -> bool:
    return HAN_BASIC_RE.fullmatch(ch) is not None


def _surname(name: str, lex: SpeakerLexicon) -> str:
    return name[:2] if name[:2] in lex.compound_surnames and len(name) >= 3 else name[:1]


def read_name(text: str, pos: int, *, lex: SpeakerLexicon | None = None) -> str:
    """The person name starting at ``pos`` (after a title), or ``""``."""
    lex = lex or load_speaker_lexicon()
    if text.startswith(lex.continuations, pos):
        return ""
    sur = 2 if text[pos : pos + 2] in lex.compound_surnames else 1
    if sur == 1 and text[pos : pos + 1] not in lex.surnames:
        return ""
    run = pos + sur
    while run < len(text) and run < pos + sur + 2 and _is_han(text[run]):
        run += 1
    given = run - pos - sur
    if given == 0:
        return ""
    short, full = text[pos : pos + sur + 1], text[pos:run]
    if given == 1:
        return short
    if text.startswith(lex.continuations, pos + sur + 1):
        return short
    n_full = text.count(full)
    n_short_other = len(re.findall(re.escape(short) + f"(?!{re.escape(full[-1])})", text))
    if n_short_other and n_short_other >= n_full:
        return short
    return full


def _org_before(text: str, end: int, *, lex: SpeakerLexicon) -> str:
    """The organisation written right before a title ending at ``end`` (may be empty)."""
    i = end
    while i > 0 and end - i < _MAX_ORG and text[i - 1] not in _ORG_STOP:
        i -= 1
    org = text[i:end]
    cut = max((org.rfind(w) + len(w) for w in _ORG_LEAD if w in org), default=0)
    org = org[cut:]
    while org.startswith(_ORG_LEAD_START):
        org = org[1:]
    if not org and i > 0 and text[i - 1] == "、":
        # chained titles: 北京市经济和信息化局党组成员、副局长潘锋 -> the previous element's org
        prev_end = i - 1
        found = list(lex.title_re.finditer(text, max(0, prev_end - _MAX_ORG), prev_end))
        if found and found[-1].end() == prev_end:
            return _org_before(text, found[-1].start(), lex=lex)
    return org


def classify_voice(organisation: str, title: str, *, lex: SpeakerLexicon | None = None) -> str:
    """Voice of a speaker from organisation and title, by the ordered rules of the lexicon."""
    lex = lex or load_speaker_lexicon()
    rules = lex.voices
    org = organisation or ""
    if any(w in org for w in rules.get("government_affiliated") or ()):
        return "government"

    def names(words: Sequence[str]) -> bool:
        return any(w in org for w in words)

    def opens(prefixes: Sequence[str]) -> bool:
        return org.startswith(tuple(prefixes))

    bare = re.sub(f"^(?:{_alternation(['原', '前', '常务', '执行', '名誉', '一级', '二级'])})+", "",
                  title)
    return (
        _first_voice(rules, "markers", names)
        or _first_voice(rules, "leading", opens)
        or _longest_suffix_voice(rules, org)
        or _first_voice(rules, "keywords", names)
        or _first_voice(rules, "prefixes", opens)
        or _first_voice(rules, "titles", lambda titles: bare in titles)
        or "other"
    )


def _first_voice(rules: Mapping, key: str, matches: Callable[[Sequence[str]], bool]) -> str:
    """The first voice of ``rules[key]`` (``{voice: words}``) whose words ``matches``, or ""."""
    for voice, words in (rules.get(key) or {}).items():
        if matches(words):
            return voice
    return ""


def _longest_suffix_voice(rules: Mapping, org: str) -> str:
    """The voice of the longest of the ``suffixes`` that ``org`` ends with (the first voice's
    on a tie), or ""."""
    best = ("", "")
    for voice, suffixes in (rules.get("suffixes") or {}).items():
        for s in suffixes:
            if org.endswith(s) and len(s) > len(best[1]):
                best = (voice, s)
    return best[0]


@dataclass(frozen=True)
class _Mention:
    name: str
    start: int
    end: int


def _intro_mentions(text: str, lex: SpeakerLexicon) -> list[tuple[str, str, str, int, int]]:
    """``(name, title, organisation, start, end)`` for every ``<org><title><name>``."""
    out: list[tuple[str, str, str, int, int]] = []
    for m in lex.title_re.finditer(text):
        pos = m.end()
        if text[pos : pos + 1] in (" ", "\u3000") and m.group() == "记者":
            pos += 1
        name = read_name(text, pos, lex=lex)
        if not name:
            continue
        org = _org_before(text, m.start(), lex=lex)
        follows_name = out and out[-1][4] == m.start() - 1
        if not org and follows_name and text[m.start() - 1 : m.start()] == "、":
            org = out[-1][2]  # 江西省社会科学院党组书记姜玮、院长梁勇 -> same organisation
        if not org and m.group() in lex.generic_titles:
            continue  # 专家全方位… is not a name
        out.append((name, m.group(), org, pos, pos + len(name)))
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return quote_spans(text, min_chars=1)


def all_mentions(
    text: str, people: Mapping[str, tuple], lex: SpeakerLexicon
) -> list[_Mention]:
    mentions: list[_Mention] = []
    taken = np.zeros(len(text) + 1, dtype=bool)
    for name in sorted(people, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not taken[m.start() : m.end()].any():
                mentions.append(_Mention(name, m.start(), m.end()))
                taken[m.start() : m.end()] = True
    by_surname: dict[str, list[str]] = {}
    for name in people:
        by_surname.setdefault(_surname(name, lex), []).append(name)
    if by_surname:
        short_re = re.compile(f"({_alternation(by_surname)})({lex.title_re.pattern})")
        for m in short_re.finditer(text):
            if taken[m.start() : m.end()].any():
                continue
            cands = by_surname[m.group(1)]
            before = [x for x in mentions if x.name in cands and x.start < m.start()]
            name = max(before, key=lambda x: x.start).name if before else cands[0]
            mentions.append(_Mention(name, m.start(), m.end()))
    return sorted(mentions, key=lambda x: x.start)


def _pronoun_mentions(text: str, mentions: list[_Mention], lex: SpeakerLexicon) -> list[_Mention]:
    out = []
    starts = [m.start for m in mentions]
    for i, ch in enumerate(text):
        if ch not in lex.pronouns:
            continue
        if text[i - 1 : i] == "其" or text[i + 1 : i + 2] in ("们", "人", "国", "乡", "者", "日"):
            continue
        k = int(np.searchsorted(starts, i)) - 1
        if k >= 0 and i - mentions[k].end <= _PRONOUN_WINDOW:
            out.append(_Mention(mentions[k].name, i, i + 1))
    return out


def _sentence_end(text: str, pos: int, in_quote: np.ndarray) -> int:
    i = pos
    while i < len(text):
        if text[i] == "\n" or (text[i] in _TERMINATORS and not in_quote[i]):
            return i
        i += 1
    return len(text)


def _verbs(text: str, lex: SpeakerLexicon, in_quote: np.ndarray) -> list[tuple[str, int, int]]:
    excluded = [
        (m.start(), m.end())
        for w in lex.verb_exclude
        for m in re.finditer(re.escape(w), text)
    ]
    out = []
    for m in lex.verbs_re.finditer(text):
        a, b = m.span()
        if in_quote[a] or any(s <= a and b <= e for s, e in excluded):
            continue
        out.append((m.group(), a, b))
    return out


def _clean_gap(gap: str) -> bool:
    """True if ``gap`` (between a mention and a verb) has no punctuation outside a short
    parenthesised date or time (薛永恒今日（15日）表示, 龚明鑫今（15）日表示)."""
    return not any(c in _PUNCT for c in _P.gap_paren.sub("", gap))


def _speaker_before(mentions: list[_Mention], verb_start: int, text: str) -> _Mention | None:
    """The nearest mention ending at most ``_MAX_GAP`` chars before the verb, no punctuation."""
    best = None
    for m in mentions:
        if m.end <= verb_start and verb_start - m.end <= _MAX_GAP:
            if _clean_gap(text[m.end : verb_start]):
                if best is None or m.end > best.end:
                    best = m
    return best


def _is_term(quoted: str) -> bool:
    """A short quoted name or term (「智方便」, “放管服”), not a quotation of speech."""
    return len(quoted) <= _MAX_TERM and not _P.speech_punct.search(quoted)


#: Roles of blocks that credit the report's makers (reporters, editors, photographers).
CREDIT_ROLES = ("byline", "credit", "front_matter", "boilerplate")


def _credit_zones(doc: ParsedDocument) -> list[tuple[int, int]]:
    """Normalised ranges that credit the report's makers: blocks of :data:`CREDIT_ROLES` and
    reporter credits or datelines in paragraphs. A person introduced only there (记者王小明 of
    ``记者王小明／台北报导``, 刘洋 of ``（记者 刘洋）``) wrote the report and is not a speaker."""
    zones = [(b.norm_start, b.norm_end) for b in doc.blocks if b.role in CREDIT_ROLES]
    for b in doc.blocks:
        if b.role in CREDIT_ROLES or not any(w in b.text for w in ("记者", "通讯员", "摄影")):
            continue
        zones += [(b.norm_start + m.start(), b.norm_start + m.end())
                  for m in _P.body_credit.finditer(b.text)]  # fmt: skip
    return zones


def speech_events(doc: ParsedDocument) -> tuple[list[Speech], dict[str, tuple]]:
    """Attributed speech in ``doc`` and the people found (name -> (title, org, start, end))."""
    lex = load_speaker_lexicon()
    text = doc.norm.text
    people: dict[str, tuple] = {}
    zones = _credit_zones(doc)
    for name, title, org, a, b in _intro_mentions(text, lex):
        if any(s <= a < e for s, e in zones):
            continue  # a reporter in a byline or credit, not a voice of the report
        old = people.get(name)
        if old is None or (not old[1] and org):
            people[name] = (title, org, a, b) if old is None else (title, org, old[2], old[3])
    if not people:
        return [], people
    mentions = all_mentions(text, people, lex)
    quotes = _quote_spans(text)
    in_quote = np.zeros(len(text) + 1, dtype=bool)
    for a, b in quotes:
        in_quote[a:b] = True
    mentions = [m for m in mentions if not in_quote[m.start]]
    mentions = sorted(mentions + _pronoun_mentions(text, mentions, lex), key=lambda m: m.start)
    mentions = [m for m in mentions if not in_quote[m.start]]
    events: list[Speech] = []
    for verb, va, vb in _verbs(text, lex, in_quote):
        who = _speaker_before(mentions, va, text)
        if who is None:
            continue
        start = vb + 1 if text[vb : vb + 1] in ("，", ",", "：", ":") else vb
        end = _sentence_end(text, start, in_quote)
        events.append(Speech(who.name, "reported", verb, va, start, max(start, end)))
    reported = sorted(events, key=lambda e: e.verb_start)
    for qa, qb in quotes:
        if qb - qa < 2 or _is_term(text[qa:qb]):
            continue
        found = None
        tail_end = _sentence_end(text, qb + 1, in_quote)
        nxt = _P.quote_open.search(text, qb + 1, tail_end)
        tail_end = nxt.start() if nxt else tail_end
        for e in reported:  # “…”陈洪宛说 / “…”他说，
            if qb < e.verb_start < tail_end:
                found = (e.name, e.verb, e.verb_start)
                break
        if found is None:  # 陈洪宛说，“…” / 他表示：“…”
            for e in reversed(reported):
                if e.verb_start < qa and e.norm_end >= qa - 1:
                    found = (e.name, e.verb, e.verb_start)
                    break
        if found is None and events:  # continuation of the previous speaker's sentence
            prev = [e for e in events if e.norm_end <= qa]
            if prev:
                last = max(prev, key=lambda e: e.norm_end)
                gap = text[last.norm_end : qa - 1]
                if len(gap) <= 2 and "\n" not in gap:
                    found = (last.name, "", -1)
        if found is not None:
            events.append(Speech(found[0], "quote", found[1], found[2], qa, qb))
    return events, people


def role_mask(doc: ParsedDocument, roles: tuple[str, ...]) -> np.ndarray:
    text = doc.norm.text
    mask = np.zeros(len(text), dtype=bool)
    for b in doc.blocks:
        if b.role in roles:
            mask[b.norm_start : b.norm_end] = True
    if len(text):
        mask &= ~np.array([c.isspace() for c in text], dtype=bool)
    return mask



def reported_speech_verbs(doc: ParsedDocument, *, roles: tuple[str, ...] = ("body",)) -> list[str]:
    """Speech verbs attributed to a person (one per verb occurrence) in blocks of ``roles``."""
    events, _ = speech_events(doc)
    mask = role_mask(doc, tuple(roles))
    seen = {}
    for e in events:
        if e.verb_start >= 0 and e.verb_start < len(mask) and mask[e.verb_start]:
            seen[e.verb_start] = e.verb
    return [seen[k] for k in sorted(seen)]

