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
from cityreports.text.lexicon import HAN_BASIC, organisation_suffix_pattern

__all__ = [
    "EVENT_SUFFIX",
    "extract_authors",
    "extract_event",
    "extract_event_and_location",
    "extract_location",
    "extract_source",
]

#: What an event name ends with (论坛, 博览会, …座谈会, 大赛, 节, …).
EVENT_SUFFIX = (
    r"(?:博览会|交易会|展览会|研讨会|发布会|推介会|对接会|论坛|峰会|大会|年会|两会|盛会|会议|"
    r"(?:座谈|推进|工作|动员|现场|报告|交流|分享|启动|见面|恳谈|培训|调度|部署|总结|表彰|观摩|"
    r"洽谈|签约|誓师|联席|务虚|协调)会|"
    r"典礼|仪式|大赛|竞赛|沙龙|对话|活动|颁奖|(?<![发进拓开扩施])展|(?<![环章细调关季])节|"
    r"(?<![比竞])赛|(?<![夸褒嘉])奖)"
)
_EVENT_CLAUSE_RE = re.compile(
    r"(?P<subject>[“《「][^“”《》「」]{2,60}[”》」]|[^，。；：,;:！？\s“”《》]{3,60}?)"
    r"(?P<place>在[^，。；,;在]{1,20}?)?"
    r"(?:隆重|盛大|正式|顺利|成功|圆满|如期)?"
    r"(?:召开|举办|举行|开幕|闭幕|落幕|揭幕|启幕|开班|拉开帷幕)"
)
_EVENT_VERBS = ("召开", "举办", "举行", "开幕", "闭幕", "落幕", "揭幕", "启幕", "开班", "拉开帷幕")
# longest subject (quoted: 62) + place (21) + adverb (2) before the verb, plus slack
_EVENT_CLAUSE_REACH = 62 + 21 + 2 + 5
_EVENT_END_RE = re.compile(EVENT_SUFFIX + r"$")
_AT_EVENT_RE = re.compile(rf"在(?P<event>[^，。；：,;:!?！？在]{{2,40}}?{EVENT_SUFFIX})上")
# when the event is, not part of its name: 第一次会议5日上午在…开幕
_EVENT_TIME_RE = re.compile(
    r"(?:\d{1,2}日(?:上午|下午|晚间|晚上|早上)?|[今昨][天日](?:上午|下午|晚间|晚上)?|"
    r"(?:上午|下午|晚间|晚上))$"
)

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
_ADMIN_RE = re.compile(
    rf"^(?:[{HAN_BASIC}]{{1,7}}?(?:特别行政区|自治区|自治州|新区|省|市|区|县|旗|州|镇|乡))+"
)
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:作者|文|撰文|文字|记者|本报记者|本刊记者|特约记者|实习记者|通讯员|报道|编译)\s*[:：/｜|]?\s*"
)
_EDITOR_RE = re.compile(r"(?:责任编辑|责编|编辑|校对|审核|监制|摄影|摄|图)\s*[:：/｜|]?")
_NAME_RE = re.compile(rf"^(?:[{HAN_BASIC}]{{2,4}}|[{HAN_BASIC}]{{1,8}}·[{HAN_BASIC}·]{{1,12}})$")
_ROLE_WORD_RE = re.compile(
    r"(?:总理|主席|书记|部长|局长|市长|省长|区长|县长|主任|院长|所长|校长|教授|研究员|记者|编辑|"
    r"通讯员|作者|委员|代表|总裁|董事长|经理|博士|院士|专家|本报|本刊|本网|报导|报道|电)$"
)
# Taiwanese/Hong Kong byline place: 记者王小明／台北报导
_BYLINE_PLACE_RE = re.compile(rf"(?P<place>[{HAN_BASIC}]{{2,6}}?)(?:报导|报道|电)$")
_REPORTER_RE = re.compile(
    r"(?:^|[（(【\s])(?:本报记者|记者|作者|撰文|文)\s*[:：/｜|]?\s*"
    rf"(?P<names>[{HAN_BASIC}·\s、，,]{{2,40}})"
)
_BODY_CREDIT_RE = re.compile(r"[（(]\s*(?:记者|作者)")
_SOURCE_RE = re.compile(
    r"(?:来源|稿源|出处|转自|来自)\s*[:：]\s*(?P<src>[^\s“”\"，。；,;）)]{2,30})"
)
#: A news dateline at the start of a block: 新华社北京3月5日电, 人民网北京12月3日电, and in
#: parentheses, without an agency or a month: （香港10日电）, （中央社台北15日电）.
_DATELINE_RE = re.compile(
    rf"^[\s　]*[（(【]?(?P<agency>[{HAN_BASIC}]{{1,8}}?(?:社|报|网|台|日报|晚报))?"
    rf"(?:(?:记者|記者)[{HAN_BASIC}]{{2,3}})?"  # 中央社记者王小明台北15日电
    rf"(?P<place>[{HAN_BASIC}]{{2,8}}?)(?P<date>(?:\d{{1,2}}月)?\d{{1,2}}日)[电讯電訊]"
)
#: A WeChat article head: 原创 [作者] 公众号名 2023-05-06 08:00 (发表于北京).
_WECHAT_HEAD_RE = re.compile(
    r"^(?:原创|原創)\s+(?:(?P<author>\S{2,12})\s+)?(?P<account>\S{2,30})\s+"
    r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}"
)
_TAIL_CREDIT_RE = re.compile(r"(?:^|[。！？!?”])\s*[（(](?P<inner>[^（）()。，,]{2,30})[）)]$")
_PERSON_CREDIT_RE = re.compile(
    r"记者|作者|编辑|摄|通讯员|图[/／：:]|^文[/／：:\s]|译|^完$|待续|^注|此件|公开发布|附件"
)
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
    return _EVENT_TIME_RE.sub("", subject[cut:])


def extract_event(text: str) -> tuple[str, str]:
    """``(event name, place phrase)`` of the first event clause (``X在Y举办``) in ``text``."""
    verbs = [at for at in (text.find(v) for v in _EVENT_VERBS) if at >= 0]
    if not verbs:  # every clause ends with one of these verbs
        return "", ""
    # a clause is at most _EVENT_CLAUSE_REACH characters before its verb: none starts earlier
    start = max(0, min(verbs) - _EVENT_CLAUSE_REACH)
    for m in _EVENT_CLAUSE_RE.finditer(text, start):
        subject = m["subject"]
        if subject[0] not in "“《「":
            subject = _trim_subject(subject)
        name = _clean_event(subject)
        if len(name) >= 3 and (_EVENT_END_RE.search(name) or subject[0] in "“《「"):
            return name, (m["place"] or "")[1:]
    return "", ""


def extract_location(place: str) -> str:
    """A place name from the phrase after 在 (``北京展览馆`` -> 北京, ``京`` -> 北京)."""
    place = place.strip()
    if not place:
        return ""
    if place in _ABBREVIATED_PLACES:
        return _ABBREVIATED_PLACES[place]
    m = _ADMIN_RE.match(place)
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
        part = _AUTHOR_PREFIX_RE.sub("", part.strip("（）()【】[]"))
        if _NAME_RE.match(part) and not _ROLE_WORD_RE.search(part) and part not in names:
            names.append(part)
    return names


def extract_authors(blocks: Sequence[Block]) -> tuple[str, ...]:
    """Authors from byline blocks and reporter credits (``（记者 成静）``); editors excluded."""
    names: list[str] = []
    for block in blocks:
        text = block.text.strip()
        if block.role == "byline":
            text = _EDITOR_RE.split(text)[0]
            candidates = _split_names(text)
        elif block.role == "front_matter" and (m := _WECHAT_HEAD_RE.match(text)):
            author = m["author"] or ""
            candidates = [author] if author != m["account"] and _NAME_RE.match(author) else []
        elif block.role in ("credit", "body", "caption"):
            candidates = []
            if block.role == "body" and not _BODY_CREDIT_RE.search(text):
                continue  # body text names authors only in a credit such as （记者 成静）
            for m in _REPORTER_RE.finditer(text):
                segment = _EDITOR_RE.split(m["names"])[0]
                candidates += _split_names(segment)
        else:
            continue
        names += [n for n in candidates if n not in names]
    return tuple(names)


def _publisher_label(text: str) -> re.Match[str] | None:
    """The first ``来源：X`` in ``text`` that names a publisher, not a data source (数据来源,
    资料来源, 图片来源)."""
    for m in _SOURCE_RE.finditer(text):
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
        m = _DATELINE_RE.match(block.text)
        if m and m["agency"] and m["agency"] not in ("本报", "本刊", "本网"):
            return m["agency"]
    for block in non_boiler[:4]:
        m = _WECHAT_HEAD_RE.match(block.text) if block.role != "body" else None
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
        m = _TAIL_CREDIT_RE.search(block.text.strip())
        if (
            m
            and (block.role == "credit" or m.start() > 0)
            and not _PERSON_CREDIT_RE.search(m["inner"])
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
            m = _AT_EVENT_RE.search(block.text)
            if m:
                event = surface(raw, norm, block, m.start("event"), m.end("event"))
                break
    location = extract_location(place)
    if not location:
        for block in head:
            _, other_place = event_of(block.text)
            location = extract_location(other_place)
            if not location:
                dateline = _DATELINE_RE.match(block.text)
                location = extract_location(dateline["place"]) if dateline else ""
            if not location and block.role == "byline":
                byline = _BYLINE_PLACE_RE.search(block.text.strip())
                location = extract_location(byline["place"]) if byline else ""
            if location:
                break
    return event, location
