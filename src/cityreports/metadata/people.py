"""Event, place, authors and source of a report.

* **event/location** - the subject and place of the first event clause (``X在Y举办``) in the head,
  else the ``在X会议上`` of a speech dateline or title (…推进会/座谈会/工作会 count as
  meetings); location also from a news dateline (``新华社北京3月5日电``, ``（香港10日电）``,
  ``中央社记者X台北15日电``) or a byline ``记者X／台北报导``.
* **authors** - names in ``byline`` blocks and in credits such as ``（记者 成静）``; editors
  (责任编辑) are not authors. **source** - see :func:`extract_source`: ``来源：X``, a news
  dateline ``新华社北京3月5日电``, a WeChat head's account (``原创 [作者] 公众号 2023-05-06``), a
  policy text's issuing body (signature or ``X关于…的通知``), a
  bare credit ``（国家发展改革委）``, or a site footer ``注明“来源：X”``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from cityreports.metadata.dates import find_dates, is_date_line
from cityreports.metadata.spans import surface
from cityreports.records import Block, NormalizedText, RawDocument
from cityreports.text.lexicon import HAN_BASIC, Patterns, organisation_suffix_pattern

__all__ = [
    "event_suffix",
    "extract_authors",
    "extract_event",
    "extract_event_and_location",
    "extract_location",
    "extract_source",
]

#: Event, place, author and source patterns (resources/patterns/metadata/people.yml).
_P = Patterns("metadata/people")


def event_suffix() -> str:
    """What an event name ends with (论坛, 博览会, …座谈会, 大赛, 节, …), a regex group: the
    ``event_suffix`` of people.yml, on which metadata/year builds its event-year pattern."""
    return _P.event_suffix

# longest subject (quoted: 62) + place (21) + adverb (2) before the verb, plus slack
_EVENT_CLAUSE_REACH = 62 + 21 + 2 + 5

_ABBREVIATED_PLACES = {
    "京": "北京", "沪": "上海", "津": "天津", "渝": "重庆", "穗": "广州", "深": "深圳",
    "杭": "杭州", "蓉": "成都", "港": "香港", "澳": "澳门", "汉": "武汉", "宁": "南京",
    "鹏城": "深圳", "榕": "福州", "甬": "宁波", "筑": "贵阳", "昆": "昆明", "邕": "南宁",
}  # fmt: skip
_MAJOR_PLACES = (
    "北京 上海 天津 重庆 香港 澳门 台湾 台北 高雄 台中 台南 新竹 桃园 深圳 广州 杭州 南京 "
    "武汉 成都 西安 长沙 郑州 济南 青岛 大连 沈阳 长春 哈尔滨 石家庄 太原 呼和浩特 合肥 "
    "福州 厦门 南昌 南宁 海口 三亚 贵阳 昆明 拉萨 兰州 西宁 银川 乌鲁木齐 宁波 苏州 无锡 "
    "东莞 佛山 珠海 雄安 乌镇 博鳌 天府"
).split()
_SIGNATURE_REACH = 5


@lru_cache(maxsize=1)
def _org_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``(org line, title issuer)`` with the ``issuer`` organisation endings of the lexicon: a
    line that is an organisation's name, and a title opening with one (…人民政府关于…的通知)."""
    org = organisation_suffix_pattern("issuer")
    return (
        re.compile(rf"^[{HAN_BASIC}（）()]{{1,30}}{org}$"),
        re.compile(
            rf"^(?P<org>[{HAN_BASIC}（）()、]{{1,40}}?{org})关于[^，。]{{2,80}}"
            r"(?:通知|意见|决定|办法|规定|批复|通告|公告|函|方案|规划|纲要|细则|指南)$"
        ),
    )


def _clean_event(name: str) -> str:
    return name.strip('“”"《》「」 ').strip()


def _trim_subject(subject: str) -> str:
    """An unquoted event subject cut to its name: it runs back to the last delimiter, 的, or a
    closing bracket without its opening one (``（记者 张三）第十四届…``); a time after the name
    (``5日上午``) is not part of it."""
    subject = re.split(r"[的，。；：,;:]", subject)[-1]
    depth, cut = 0, 0
    for i, ch in enumerate(subject):
        if ch in "（(【[":
            depth += 1
        elif ch in "）)】]":
            if depth:
                depth -= 1
            else:
                cut = i + 1
    return _P.event_time.sub("", subject[cut:])


def extract_event(text: str) -> tuple[str, str]:
    """``(event name, place phrase)`` of the first event clause (``X在Y举办``) in ``text``."""
    verbs = [at for at in (text.find(v) for v in _P.event_verbs.split("|")) if at >= 0]
    if not verbs:  # every clause ends with one of these verbs
        return "", ""
    # a clause is at most _EVENT_CLAUSE_REACH characters before its verb: none starts earlier
    start = max(0, min(verbs) - _EVENT_CLAUSE_REACH)
    for m in _P.event_clause.finditer(text, start):
        subject = m["subject"]
        if subject[0] not in "“《「":
            subject = _trim_subject(subject)
        name = _clean_event(subject)
        if len(name) >= 3 and (_P.event_end.search(name) or subject[0] in "“《「"):
            return name, (m["place"] or "")[1:]
    return "", ""


def extract_location(place: str) -> str:
    """A place name from the phrase after 在 (``北京展览馆`` -> 北京, ``京`` -> 北京)."""
    place = place.strip()
    if not place:
        return ""
    if place in _ABBREVIATED_PLACES:
        return _ABBREVIATED_PLACES[place]
    m = _P.admin.match(place)
    if m and len(m.group(0)) >= 2:
        return m.group(0)
    for name in sorted(_MAJOR_PLACES, key=len, reverse=True):
        if place.startswith(name):
            return name
    return ""


def _split_names(text: str) -> list[str]:
    """Person names in a byline-like string, prefixes such as 记者/作者 removed."""
    names: list[str] = []
    for part in re.split(r"[\s　、，,;；/|｜／]+", text):
        part = _P.author_prefix.sub("", part.strip("（）()【】[]"))
        if _P.name.match(part) and not _P.role_word.search(part) and part not in names:
            names.append(part)
    return names


def extract_authors(blocks: Sequence[Block]) -> tuple[str, ...]:
    """Authors from byline blocks and reporter credits (``（记者 成静）``); editors excluded."""
    names: list[str] = []
    for block in blocks:
        text = block.text.strip()
        if block.role == "byline":
            text = _P.editor.split(text)[0]
            candidates = _split_names(text)
        elif block.role == "front_matter" and (m := _P.wechat_head.match(text)):
            author = m["author"] or ""
            candidates = [author] if author != m["account"] and _P.name.match(author) else []
        elif block.role == "front_matter" and (m := _P.slash_byline.search(text)):
            candidates = _split_names(m["names"])  # …联合报／记者陈秋云／台中即时报导
        elif block.role in ("credit", "body", "caption"):
            candidates = []
            if block.role == "body" and not _P.body_credit.search(text):
                continue  # body text names authors only in a credit such as （记者 成静）
            for m in _P.reporter.finditer(text):
                segment = _P.editor.split(m["names"])[0]
                candidates += _split_names(segment)
        else:
            continue
        names += [n for n in candidates if n not in names]
    return tuple(names)


def _publisher_label(text: str) -> re.Match[str] | None:
    """The first ``来源：X`` in ``text`` that names a publisher, not a data source (数据来源,
    资料来源, 图片来源)."""
    for m in _P.source.finditer(text):
        if m.start() == 0 or text[m.start() - 1] not in "据料片图":
            return m
    return None


def _signature_issuer(blocks: Sequence[Block]) -> str:
    """Issuing body of a policy text: the organisation lines just above its signature date
    (``国务院办公厅`` / ``2022年6月6日``) among the last blocks; several joined with 、."""
    tail = [b for b in blocks if b.role != "boilerplate"][-_SIGNATURE_REACH:]
    for i in range(len(tail) - 1, 0, -1):
        text = tail[i].text.strip()
        dates = [m for m in find_dates(text) if m.year is not None and m.day is not None]
        if not dates or not is_date_line(text[: dates[0].start] + text[dates[0].end :]):
            continue
        orgs: list[str] = []
        for block in reversed(tail[:i]):
            line = block.text.strip()
            if not _org_patterns()[0].match(line):
                break
            orgs.insert(0, line)
        if orgs:
            return "、".join(orgs)
    return ""


def extract_source(blocks: Sequence[Block]) -> str:
    """Publishing source, first rule that applies: a label ``来源：X`` outside the body (or in a
    short body line at the top or end); a news dateline ``新华社北京3月5日电`` /
    ``人民网北京12月3日电``; the issuing body of a policy text (the organisation line above the
    signature date at the end, else the ``X关于…的通知`` of the title); a bare credit ``（X）``
    at the end; a site footer's ``注明“来源：X”``."""
    non_boiler = [b for b in blocks if b.role != "boilerplate"]
    edges = {b.block_id for b in non_boiler[:3] + non_boiler[-2:]}
    for block in non_boiler:
        if block.role == "body" and not (block.block_id in edges and len(block.text) <= 40):
            continue
        m = _publisher_label(block.text)
        if m:
            return m["src"]
    for block in non_boiler:
        m = _P.dateline.match(block.text)
        if m and m["agency"] and m["agency"] not in ("本报", "本刊", "本网"):
            return m["agency"]
    for block in non_boiler[:4]:
        m = _P.wechat_head.match(block.text) if block.role != "body" else None
        if m:
            return m["account"]
    issuer = _signature_issuer(non_boiler)
    if issuer:
        return issuer
    for block in non_boiler[:3]:
        m = _org_patterns()[1].match(block.text.strip()) if block.role == "title" else None
        if m:
            return m["org"]
    tail = [b for b in non_boiler if b.role in ("credit", "body")][-2:]
    for block in reversed(tail):
        m = _P.tail_credit.search(block.text.strip())
        if (
            m
            and (block.role == "credit" or m.start() > 0)
            and not _P.person_credit.search(m["inner"])
        ):
            return m["inner"].strip()
    for block in blocks:
        m = _publisher_label(block.text) if block.role == "boilerplate" else None
        if m:
            return m["src"]
    return ""


def extract_event_and_location(
    raw: RawDocument, norm: NormalizedText, head: Sequence[Block]
) -> tuple[str, str]:
    """``(event, location)`` of a report from its ``head`` blocks (see the module docstring);
    the event is quoted from the raw text."""
    event, place = "", ""
    events: dict[str, tuple[str, str]] = {}  # extract_event by block text, computed once

    def event_of(text: str) -> tuple[str, str]:
        if text not in events:
            events[text] = extract_event(text)
        return events[text]

    for block in sorted(head, key=lambda b: (b.role != "body", b.block_id)):
        event, place = event_of(block.text)
        if event:
            at = block.text.find(event)
            event = surface(raw, norm, block, at, at + len(event)) if at >= 0 else event
            break
    if not event:
        # a speech dateline: ——2023年3月5日在第十四届全国人民代表大会第一次会议上
        for block in sorted(head, key=lambda b: (b.role not in ("title", "subtitle"), b.block_id)):
            m = _P.at_event.search(block.text)
            if m:
                event = surface(raw, norm, block, m.start("event"), m.end("event"))
                break
    location = extract_location(place)
    if not location:
        for block in head:
            _, other_place = event_of(block.text)
            location = extract_location(other_place)
            if not location:
                dateline = _P.dateline.match(block.text)
                location = extract_location(dateline["place"]) if dateline else ""
            if not location and block.role == "byline":
                byline = _P.byline_place.search(block.text.strip())
                location = extract_location(byline["place"]) if byline else ""
            if location:
                break
    return event, location
