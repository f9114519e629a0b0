"""Document metadata: title, date, year (with its source and evidence), event, place, people.

All text rules work on the *normalised* (simplified) text of the blocks; ``raw.metadata``
(front matter, record fields, manifest) wins where it states a field.

Rules, in short:

* **title** - ``raw.metadata['title']`` if present, else the first ``title`` block ("" if none);
  ``subtitle`` is the ``subtitle`` blocks, leading dashes removed. Title, subtitle and event are
  quoted from the *raw* text (original script; line breaks removed), like the gold annotation;
  other fields come from the normalised (simplified) text.
* **date** - :func:`find_dates` finds every date mention (``2015年12月12日``,
  ``二〇二〇年十二月三日``, ``2020-12-03``/``2020.12.03``/``2020/12/3``, ``民国108年``,
  ``108年3月``/``112年度`` in Taiwanese text, ``3月24日``, Taiwanese ``今（15）日``). The report's
  own date is chosen among mentions in the head of the document (blocks before the first body
  block and the first ``head_blocks`` body blocks) plus stand-alone date lines anywhere
  (signature dates of policy texts) by :func:`score_date`: it rewards a date opening a block or
  sentence, a label (``发布时间：``), a date line, an event verb in the same clause
  (召开/举办/开幕/``在…上``/``电``) and a Hong Kong ``今日（12月15日）``; it penalises a cited
  document (``发布了《``, ``印发``). Only a positive score counts; ties go to the earliest
  mention; a date followed by a clock time (WeChat ``2023-05-06 08:00``) counts as labelled.
  Without any, a dateline day gives ``---15`` (ISO truncated day): Taiwanese ``今（15）日`` or
  a news dateline without a month (``（香港10日电）``, ``中央社台北15日电``, ``本报北京8日讯``;
  not ``1日电价``). A date
  without a year stays partial (``--03-24``): an inferred year never goes into ``date``.
* **year** - ``manifest`` only for a ``date``/``year`` the manifest CSV gave
  (``raw.metadata['manifest_fields']``); a date the file states itself (front matter, JSON
  record) is ``explicit`` (evidence ``front matter date: …`` / ``record date: …``);
  ``explicit`` if the chosen date has a year; else ``inferred`` by :func:`infer_year`, strongest
  signal first: the document's own number (``国办发〔2022〕14号``), an ROC year in a Taiwanese
  title (``112年度`` -> 2023), a year prefixing an event name in the body (``2023智慧城市论坛``),
  a numbered NPC/CPPCC session in the head (``第十四届全国人民代表大会第一次会议`` -> 2023),
  event-name years elsewhere, the latest dated body mention (``截至2015年8月``), the latest ROC or
  data year (``根据统计处数据，2022年``) - the last two are lower bounds. Plan clauses
  (将/计划/预计/即将) never count. Else ``unknown``. ROC years are 1911 + N; evidence names the
  Gregorian year (``112年度 (ROC 112 = 2023)``). Bare ROC years are read only in Taiwanese text
  (traditional script without Hong Kong cues, or 民国 written).
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

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.records import Block, DocumentMeta, NormalizedText, RawDocument

__all__ = [
    "DateMention",
    "EventYear",
    "extract_authors",
    "extract_event",
    "extract_location",
    "extract_metadata",
    "extract_source",
    "find_dates",
    "find_document_number",
    "find_event_years",
    "infer_year",
    "parse_chinese_number",
    "parse_chinese_year",
    "score_date",
    "session_year",
]

_CN_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_YEAR_CHARS = "〇零○Ｏ一二三四五六七八九"
_CN_SMALL_CHARS = "一二三四五六七八九十"

_FULL_RE = re.compile(
    r"(?:(?P<roc>民国|民國)\s*)?(?<![\d.])(?P<y>\d{2,4})\s*年"
    r"(?:\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号號])?)?"
)
_CN_RE = re.compile(
    rf"(?P<y>[{_CN_YEAR_CHARS}]{{4}})年"
    rf"(?:(?P<m>[{_CN_SMALL_CHARS}]{{1,2}})月(?:(?P<d>[{_CN_SMALL_CHARS}]{{1,3}})[日号])?)?"
)
_NUMERIC_RE = re.compile(
    r"(?<![\d.:/-])(?P<y>(?:19|20)\d{2})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])"
)
_MONTH_DAY_RE = re.compile(r"(?<![\d.年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]")
# a bare 3-digit ROC year without a month (112年度, 将于113年) counts only in this range and not
# as a duration (拥有108年历史, 长达100年)
_ROC_BARE_MIN, _ROC_BARE_MAX = 100, 150
_DURATION_BEFORE_RE = re.compile(r"(?:有|达|逾|近|约|超过|长达|历时|历经|经过|满|第|了|[\d,，.])$")
_DURATION_AFTER_RE = re.compile(
    r"^(?:历史|歷史|来|以来|之久|间|間|前|后|後|内|內|多|左右|老|光阴|时间|時間|寿|壽|传统)"
)
# Taiwanese dateline day: 今（15）日, 行政院（15）日表示
_TW_DAY_RE = re.compile(r"(?P<rel>今|昨|前|明)?\s*[（(]\s*(?P<d>\d{1,2})\s*[）)]\s*日")
_TW_DAY_BAD_AFTER = frozenset("本常期益均后後前志记記夜子月报報元语語式光用间間内內")
_CN_MONTH_DAY_RE = re.compile(
    rf"(?<![{_CN_YEAR_CHARS}年第])(?P<m>[{_CN_SMALL_CHARS}]{{1,2}})月(?P<d>[{_CN_SMALL_CHARS}]{{1,3}})[日号]"
)

_EVENT_VERB_RE = re.compile(
    r"召开|举办|举行|开幕|闭幕|落幕|揭幕|启幕|开班|拉开帷幕|揭晓|隆重|盛大|开展|启动|"
    r"在[^，。；！？,;]{1,40}?上|^[^，。；]{0,12}?电"
)
_CITED_RE = re.compile(r"(?:发布|印发|出台|颁布|下发|通过|批复|公布)了?[《“]|印发|颁布")
_LABEL_RE = re.compile(r"(?:发布时间|发布日期|发表时间|发表日期|更新时间|日期|时间)\s*[:：]?\s*$")
_SENTENCE_START_RE = re.compile(r"(?:^|[。！？!?；;\n])[\s　——\-－（(【\[]*$")
# a document's own number stands on its own line among the first blocks
_DOC_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,12}[〔［\[(（【](?P<y>(?:19|20)\d{2})[〕］\])）】]\s*第?\s*\d{1,5}\s*号$"
)
_DOC_NUMBER_BLOCKS = 6
# annual plenary sessions of the NPC / CPPCC national committee (the 两会), not the standing
# committee: 第十四届全国人民代表大会第一次会议, 十四届全国人大一次会议, 全国政协十四届二次会议
_N = "[一二三四五六七八九十]{1,3}"
_SESSION_RE = re.compile(
    rf"第?(?P<n>{_N})届全国(?:人民代表大会|人大|委员会)第?(?P<m>{_N})次(?:全体)?会议|"
    rf"全国(?:人大|政协)第?(?P<n2>{_N})届第?(?P<m2>{_N})次会议"
)
_SESSION_HINT = "次"
_SESSION_FIRST_TERM, _SESSION_FIRST_YEAR = 6, 1983  # five-year terms since the 6th (1983)
_YEAR_SCAN_HEAD, _YEAR_SCAN_TAIL = 40, 10  # body blocks read for dated / year-only mentions
_DATA_CUE_RE = re.compile(r"根据|依据|数据|统计|普查|调查|公报|年报|年鉴|据")
_PLAN_TARGET_RE = re.compile(r"到|至|目标|争取")
_TODAY_PAREN_RE = re.compile(r"(?:今日|今天|昨日|昨天|前日|前天)\s*[（(]\s*$")
_FUTURE_RE = re.compile(r"将于|将在|将要|计划|预计|即将|筹备|明年|拟于")

_EVENT_SUFFIX = (
    r"(?:博览会|交易会|展览会|研讨会|发布会|推介会|对接会|论坛|峰会|大会|年会|两会|盛会|会议|"
    r"(?:座谈|推进|工作|动员|现场|报告|交流|分享|启动|见面|恳谈|培训|调度|部署|总结|表彰|观摩|"
    r"洽谈|签约|誓师|联席|务虚|协调)会|"
    r"典礼|仪式|大赛|竞赛|沙龙|对话|活动|颁奖|(?<![发进拓开扩施])展|(?<![环章细调关季])节|"
    r"(?<![比竞])赛|(?<![夸褒嘉])奖)"
)
_NAME_CHARS = r"[^，。；：、！？,.;:!?\s“”\"《》「」『』了在于的由将和与及是为等月日年]"
_EVENT_YEAR_RE = re.compile(
    rf"(?<![\d.])(?P<y>20[0-3]\d)(?:\s*年)?\s*[“\"「]?"
    rf"(?P<name>(?:（第[^）]{{1,5}}[届屆]）)?{_NAME_CHARS}{{0,24}}?{_EVENT_SUFFIX})"
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
_ORDINAL_RE = re.compile(r"^(?:\d{4}年?|[（(]?第[^）)届屆]{1,5}[届屆][）)]?)+")
_EVENT_END_RE = re.compile(_EVENT_SUFFIX + r"$")
_AT_EVENT_RE = re.compile(rf"在(?P<event>[^，。；：,;:!?！？在]{{2,40}}?{_EVENT_SUFFIX})上")
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
    r"^(?:[\u4e00-\u9fff]{1,7}?(?:特别行政区|自治区|自治州|新区|省|市|区|县|旗|州|镇|乡))+"
)
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:作者|文|撰文|文字|记者|本报记者|本刊记者|特约记者|实习记者|通讯员|报道|编译)\s*[:：/｜|]?\s*"
)
_EDITOR_RE = re.compile(r"(?:责任编辑|责编|编辑|校对|审核|监制|摄影|摄|图)\s*[:：/｜|]?")
_NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,12})$")
_ROLE_WORD_RE = re.compile(
    r"(?:总理|主席|书记|部长|局长|市长|省长|区长|县长|主任|院长|所长|校长|教授|研究员|记者|编辑|"
    r"通讯员|作者|委员|代表|总裁|董事长|经理|博士|院士|专家|本报|本刊|本网|报导|报道|电)$"
)
# Taiwanese/Hong Kong byline place: 记者王小明／台北报导
_BYLINE_PLACE_RE = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,6}?)(?:报导|报道|电)$")
_REPORTER_RE = re.compile(
    r"(?:^|[（(【\s])(?:本报记者|记者|作者|撰文|文)\s*[:：/｜|]?\s*"
    r"(?P<names>[\u4e00-\u9fff·\s、，,]{2,40})"
)
_BODY_CREDIT_RE = re.compile(r"[（(]\s*(?:记者|作者)")
_SOURCE_RE = re.compile(
    r"(?:来源|稿源|出处|转自|来自)\s*[:：]\s*(?P<src>[^\s“”\"，。；,;）)]{2,30})"
)
#: A news dateline at the start of a block: 新华社北京3月5日电, 人民网北京12月3日电, and in
#: parentheses, without an agency or a month: （香港10日电）, （中央社台北15日电）.
_DATELINE_RE = re.compile(
    r"^[\s　]*[（(【]?(?P<agency>[\u4e00-\u9fff]{1,8}?(?:社|报|网|台|日报|晚报))?"
    r"(?:(?:记者|記者)[\u4e00-\u9fff]{2,3})?"  # 中央社记者王小明台北15日电
    r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<date>(?:\d{1,2}月)?\d{1,2}日)[电讯電訊]"
)
#: The day of a dateline without a month: （香港10日电）, 中央社台北15日电, 本报北京8日讯.
_DATELINE_DAY_RE = re.compile(
    r"(?<![\d月])(?P<d>\d{1,2})\s*日\s*(?:[电電](?![商量价费力网视脑子话源池器动站厂气梯车])|[讯訊](?![息号]))"
)
#: A WeChat article head: 原创 [作者] 公众号名 2023-05-06 08:00 (发表于北京).
_WECHAT_HEAD_RE = re.compile(
    r"^(?:原创|原創)\s+(?:(?P<author>\S{2,12})\s+)?(?P<account>\S{2,30})\s+"
    r"(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}"
)
_CLOCK_RE = re.compile(r"\s*日?\s*\d{1,2}:\d{2}")
_TAIL_CREDIT_RE = re.compile(r"(?:^|[。！？!?”])\s*[（(](?P<inner>[^（）()。，,]{2,30})[）)]$")
_PERSON_CREDIT_RE = re.compile(
    r"记者|作者|编辑|摄|通讯员|图[/／：:]|^文[/／：:\s]|译|^完$|待续|^注|此件|公开发布|附件"
)
_ORG_SUFFIX = (
    r"(?:办公厅|办公室|委员会|人民政府|政府|人大常委会|常委会|部|局|厅|委|院|署|总局|中心|"
    r"协会|学会|联合会|集团|公司|研究院|研究所|管委会)"
)
_ORG_LINE_RE = re.compile(rf"^[\u4e00-\u9fff（）()]{{1,30}}{_ORG_SUFFIX}$")
_TITLE_ISSUER_RE = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff（）()、]{{1,40}}?{_ORG_SUFFIX})关于[^，。]{{2,80}}"
    r"(?:通知|意见|决定|办法|规定|批复|通告|公告|函|方案|规划|纲要|细则|指南)$"
)
_SIGNATURE_REACH = 5


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ISO form (possibly partial), its parts, offsets into the text, form.

    ``form`` is one of ``ymd``, ``ym``, ``y`` (Arabic digits with 年/月/日), ``numeric``
    (2020-12-03), ``chinese`` (二〇二〇年十二月三日), ``roc`` (Taiwan calendar), ``md`` (3月24日),
    ``day`` (Taiwanese ``今（15）日``; iso ``---15``, the ISO 8601 truncated day).
    """

    iso: str
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    form: str

    @property
    def has_month(self) -> bool:
        return self.month is not None


@dataclass(frozen=True)
class EventYear:
    """A year that prefixes an event name (``2023智慧城市发展论坛``), with offsets."""

    year: int
    text: str
    start: int
    end: int


def parse_chinese_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 .. 九十九, or digits like 二〇二〇); None if not one."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    if text.count("十") != 1 or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def parse_chinese_year(text: str, *, roc: bool = False) -> int | None:
    """Gregorian year from ``2020``, ``二〇二〇``, ``民国108``/``108`` (ROC when ``roc``).

    Returns None when the text is not a plausible year (1900-2099 Gregorian, ROC 1-199).
    """
    text = text.strip().removesuffix("年").strip()
    is_roc = roc
    for prefix in ("民国", "民國"):
        if text.startswith(prefix):
            text, is_roc = text[len(prefix) :].strip(), True
    if not text:
        return None
    value = int(text) if text.isdigit() else parse_chinese_number(text)
    if value is None:
        return None
    if is_roc and 1 <= value <= 199 and len(text) <= 3:
        return 1911 + value
    return value if 1900 <= value <= 2099 and len(text) == 4 else None


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    """ISO 8601 (partial) string, or None if the parts are not a valid date."""
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        if month is None:
            return None
        limit = calendar.monthrange(year if year is not None else 2000, month)[1]
        if not 1 <= day <= limit:
            return None
    if year is None:
        if month is None:
            return None
        return f"--{month:02d}-{day:02d}" if day is not None else f"--{month:02d}"
    parts = [f"{year:04d}"] + [f"{v:02d}" for v in (month, day) if v is not None]
    return "-".join(parts)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_dates(text: str, *, roc: bool = False) -> list[DateMention]:
    """Every date mention in ``text`` (offsets into ``text``), sorted by position.

    With 民国/民國 a year is always an ROC year (1911 + N). Otherwise, only when ``roc`` is true
    (Taiwanese text): a bare 3-digit year followed by a month (``108年3月``), or a bare year
    100-150 without one (``112年度``, ``将于113年``) unless it reads as a duration
    (``拥有108年历史``, ``长达120年``). Also only when ``roc``: a Taiwanese dateline day
    ``今（15）日`` / ``行政院（15）日表示`` (form ``day``, iso ``---15``). Invalid dates (13月,
    2月30日) are skipped.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(mention: DateMention) -> None:
        if not _overlaps(taken, mention.start, mention.end):
            found.append(mention)
            taken.append((mention.start, mention.end))

    for m in _NUMERIC_RE.finditer(text):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        iso = _iso(y, mo, d)
        if iso:
            add(DateMention(iso, y, mo, d, m.start(), m.end(), "numeric"))
    for m in _FULL_RE.finditer(text):
        digits, explicit_roc = m["y"], bool(m["roc"])
        if len(digits) == 4:
            year = parse_chinese_year(digits)
            form = "ymd" if m["d"] else "ym" if m["m"] else "y"
        elif explicit_roc or (roc and len(digits) == 3 and (m["m"] or _bare_roc_year(text, m))):
            year = parse_chinese_year(digits, roc=True)
            form = "roc"
        else:
            continue
        if year is None:
            continue
        mo = int(m["m"]) if m["m"] else None
        d = int(m["d"]) if m["d"] else None
        iso = _iso(year, mo, d)
        if iso:
            add(DateMention(iso, year, mo, d, m.start(), m.end(), form))
    for m in _CN_RE.finditer(text):
        year = parse_chinese_year(m["y"])
        mo = parse_chinese_number(m["m"]) if m["m"] else None
        d = parse_chinese_number(m["d"]) if m["d"] else None
        if year is None or (m["m"] and mo is None) or (m["d"] and d is None):
            continue
        iso = _iso(year, mo, d)
        if iso:
            add(DateMention(iso, year, mo, d, m.start(), m.end(), "chinese"))
    if roc:
        for m in _TW_DAY_RE.finditer(text):
            d = int(m["d"])
            before = text[m.start() - 1] if m.start() > 0 else ""
            after = text[m.end() : m.end() + 1]
            in_clause = "\u4e00" <= before <= "\u9fff" and after not in _TW_DAY_BAD_AFTER
            if not (m["rel"] or in_clause):
                continue
            if 1 <= d <= 31:
                add(DateMention(f"---{d:02d}", None, None, d, m.start(), m.end(), "day"))
    for m in _DATELINE_DAY_RE.finditer(text):
        d = int(m["d"])
        if 1 <= d <= 31 and not text[max(0, m.start() - 1) : m.start()].isdigit():
            add(DateMention(f"---{d:02d}", None, None, d, m.start(), m.end(), "day"))
    for regex, parse in ((_MONTH_DAY_RE, int), (_CN_MONTH_DAY_RE, parse_chinese_number)):
        for m in regex.finditer(text):
            mo, d = parse(m["m"]), parse(m["d"])
            iso = _iso(None, mo, d) if mo is not None and d is not None else None
            if iso:
                add(DateMention(iso, None, mo, d, m.start(), m.end(), "md"))
    return sorted(found, key=lambda dm: (dm.start, dm.end))


def _bare_roc_year(text: str, m: re.Match[str]) -> bool:
    """True if a bare 3-digit ``N年`` (no month) reads as an ROC year, not a duration."""
    value = int(m["y"])
    if not _ROC_BARE_MIN <= value <= _ROC_BARE_MAX:
        return False
    start = m.start("y")
    if _DURATION_BEFORE_RE.search(text[max(0, start - 2) : start]):
        return False
    return not _DURATION_AFTER_RE.match(text[m.end() : m.end() + 4])


def score_date(text: str, mention: DateMention) -> int:
    """How much ``mention`` looks like the report's own date, judged from its context in ``text``.

    +2 opening a block/sentence, +4 after a label (发布时间：), +3 a stand-alone date line,
    +3 an event verb in the rest of the clause, -4 a cited document (发布了《…》, 印发).
    A date in parentheses after 今日/今天/昨日/昨天 (Hong Kong style ``今日（12月15日）公布``)
    states the day of the reported event: +6, and no cited-document penalty (what is 公布 that
    day is the news itself). For ``昨日（12月14日）`` the report itself is a day later, but it
    does not say so; the stated month-day is kept as the document date.
    """
    before = text[max(0, mention.start - 12) : mention.start]
    clause_end = len(text)
    for stop in "。！？!?；;\n":
        pos = text.find(stop, mention.end)
        if pos != -1:
            clause_end = min(clause_end, pos)
    after = text[mention.end : clause_end]
    line_start = text.rfind("\n", 0, mention.start) + 1
    line_end = text.find("\n", mention.end)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    score = 0
    if _SENTENCE_START_RE.search(before) or mention.start == 0:
        score += 2
    if _LABEL_RE.search(before):
        score += 4
    if _is_date_line(line.replace(text[mention.start : mention.end], "", 1)):
        score += 3
    if _EVENT_VERB_RE.search(re.sub(r"^[，,、\s]*(?:上午|下午|晚间|晚上)?", "", after)):
        score += 3
    if _CLOCK_RE.match(text, mention.end):
        score += 4  # a publication time stamp: 2023-05-06 08:00
    if _TODAY_PAREN_RE.search(before):
        score += 6
    elif _CITED_RE.search(after):
        score -= 4
    return score


_SENTENCE_PUNCT_RE = re.compile(r"[，。；！？,;!?]")


def _is_date_line(rest: str) -> bool:
    """True if what is left of a line without its date is a label or signature (no sentence)."""
    return len(rest.strip()) <= 20 and not _SENTENCE_PUNCT_RE.search(rest)


def _head_blocks(blocks: Sequence[Block], *, head_blocks: int) -> list[Block]:
    """Blocks before the first body block plus the first ``head_blocks`` body blocks."""
    out: list[Block] = []
    seen_body = 0
    for block in blocks:
        if block.role == "boilerplate":
            continue
        if block.role == "body":
            if seen_body >= head_blocks:
                break
            seen_body += 1
        out.append(block)
    return out


def _choose_date(
    blocks: Sequence[Block], *, roc: bool, head_blocks: int
) -> tuple[DateMention, str] | None:
    """The report's own date and the block text it was found in, or None.

    A date with a month wins (see :func:`score_date`); failing that, the first Taiwanese
    dateline day (``今（15）日``) in the head gives a day-only date ``---15``.
    """
    head_ids = {b.block_id for b in _head_blocks(blocks, head_blocks=head_blocks)}
    best: tuple[int, int, int, DateMention, str] | None = None
    day_only: tuple[DateMention, str] | None = None
    for order, block in enumerate(blocks):
        if block.role == "boilerplate":
            continue
        if block.block_id not in head_ids and _SENTENCE_PUNCT_RE.search(block.text):
            # outside the head only date lines count, and a date mention has no sentence
            # punctuation, so what is left of this block around any date would have some
            continue
        for mention in find_dates(block.text, roc=roc):
            if not mention.has_month:
                if mention.form == "day" and day_only is None and block.block_id in head_ids:
                    day_only = (mention, block.text)
                continue
            score = score_date(block.text, mention)
            in_head = block.block_id in head_ids
            rest = block.text[: mention.start] + block.text[mention.end :]
            if score <= 0 or not (in_head or _is_date_line(rest)):
                continue
            key = (-score, order, mention.start)
            if best is None or key < best[:3]:
                best = (*key, mention, block.text)
    return day_only if best is None else (best[3], best[4])


def find_event_years(text: str) -> list[EventYear]:
    """Years that prefix an event name (``2020第六届中国智慧城市博览会``, ``2021年全国两会``).

    Mentions right after words about plans (将于, 计划, 预计, 即将, 明年; within 8 characters of
    the same clause) are skipped.
    """
    out: list[EventYear] = []
    for m in _EVENT_YEAR_RE.finditer(text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；！？,;\n")
        window = text[max(clause_start + 1, m.start() - 8) : m.start()]
        if _FUTURE_RE.search(window):
            continue
        out.append(EventYear(int(m["y"]), m.group(0), m.start(), m.end()))
    return out


def _year_quote(text: str, mention: DateMention, start: int | None = None) -> str:
    """Evidence quote for a year: the text (from ``start``) to the mention; ROC years say so."""
    end = mention.end + (text[mention.end : mention.end + 1] == "度")
    quote = text[mention.start if start is None else start : end].strip()
    if mention.form == "roc" and str(mention.year) not in quote:
        roc_year = (mention.year or 0) - 1911
        quote += f" (ROC {roc_year} = {mention.year})"
    return quote


def find_document_number(text: str) -> tuple[int, str] | None:
    """``(year, number)`` if ``text`` is a stand-alone official document number
    (``国办发〔2022〕14号``, ``京政发[2021]3号``), else None."""
    m = _DOC_NUMBER_RE.match(text.strip())
    if m is None:
        return None
    year = parse_chinese_year(m["y"])
    return None if year is None else (year, m.group(0))


def session_year(text: str) -> tuple[int, str] | None:
    """``(year, quote)`` of the first plenary session of the NPC or the CPPCC national committee
    named in ``text``: term N (N >= 6) began in 1983 + 5(N - 6), and its M-th session (M = 1..5)
    meets in March of the M-th year of the term. ``第十四届全国人民代表大会第一次会议`` -> 2023."""
    for m in _SESSION_RE.finditer(text):
        term = parse_chinese_number(m["n"] or m["n2"])
        session = parse_chinese_number(m["m"] or m["m2"])
        if term is None or session is None:
            continue
        if term >= _SESSION_FIRST_TERM and 1 <= session <= 5:
            year = _SESSION_FIRST_YEAR + 5 * (term - _SESSION_FIRST_TERM) + session - 1
            return year, f"{m.group(0)} (held in {year})"
    return None


def _ends(blocks: list[Block], *, head: int, tail: int) -> list[Block]:
    """The first ``head`` and last ``tail`` of ``blocks`` (all of them if there are fewer)."""
    return blocks if len(blocks) <= head + tail else blocks[:head] + blocks[-tail:]


def infer_year(
    blocks: Sequence[Block], *, roc: bool = False, head: int = 2
) -> tuple[int, str] | None:
    """Year inferred from the text when the report's date has none; ``(year, quote)`` or None.

    Tiers, strongest first; the first tier with a hit wins:

    1. the document's own number (``国办发〔2022〕14号`` on a line of its own among the first
       blocks): the year of issue;
    2. an ROC year in the title or subtitle (``112年度补助`` -> 2023; only Taiwanese text,
       ``roc``): a fiscal year in a headline is the year being reported on;
    3. the latest year prefixing an event name (``2023智慧城市发展论坛``) in body blocks;
    4. a numbered plenary session of the NPC/CPPCC (two sessions) named in the title, subtitle
       or the first ``head`` body blocks (:func:`session_year`): the year it met;
    5. the latest event-name year in other non-boilerplate blocks, (6) in boilerplate (site
       footers list recent events);
    7. the latest year of a body date that has a month (``截至2015年8月``), a lower bound;
    8. the latest year-only mention in the body that is an ROC year (``民国111年``) or a data
       year (``根据统计处数据，2022年…``; the sentence cites 数据/统计/普查/调查/公报): data are
       published after their year, so this is a lower bound, used only when nothing better
       exists. The quote runs from the data cue to the year.

    Each group of blocks is read only in its first 40 and last 10 blocks (speed: years are
    dense in long reports; a report names its event and date near its start or end).
    Mentions after words about plans (将于, 计划, 预计, 到, 至, ...) never count.
    Numbered sessions (第六届) are not converted; other year-only mentions are too often plan
    targets (2035年远景目标) to count. ROC quotes name their Gregorian year:
    ``112年度 (ROC 112 = 2023)``.
    """
    for block in blocks[:_DOC_NUMBER_BLOCKS]:
        number = find_document_number(block.text) if block.role != "boilerplate" else None
        if number is not None:
            return number
    if roc:
        titled = [
            (m.year, _year_quote(b.text, m))
            for b in blocks
            if b.role in ("title", "subtitle")
            for m in find_dates(b.text, roc=True)
            if m.form == "roc" and m.year is not None
        ]
        if titled:
            return max(titled, key=lambda t: t[0])
    groups = tuple(
        _ends(group, head=_YEAR_SCAN_HEAD, tail=_YEAR_SCAN_TAIL)
        for group in (
            [b for b in blocks if b.role == "body"],
            [b for b in blocks if b.role not in ("body", "boilerplate")],
            [b for b in blocks if b.role == "boilerplate"],
        )
    )
    for tier, group in enumerate(groups):
        # one scan of the group's text; 。 between blocks ends a clause and no name crosses it
        hits = find_event_years("。".join(b.text for b in group)) if group else []
        if hits:
            best = max(hits, key=lambda h: h.year)
            return best.year, best.text
        if tier == 0:
            for block in _head_blocks(blocks, head_blocks=head):
                found = session_year(block.text) if _SESSION_HINT in block.text else None
                if found is not None:
                    return found
    dated: list[tuple[int, str]] = []
    year_only: list[tuple[int, str]] = []
    for b in groups[0]:
        for m in find_dates(b.text, roc=roc):
            if m.year is None or _FUTURE_RE.search(b.text[max(0, m.start - 8) : m.start]):
                continue
            if m.has_month:
                dated.append((m.year, _year_quote(b.text, m)))
                continue
            if _PLAN_TARGET_RE.search(b.text[max(0, m.start - 3) : m.start]):
                continue
            sentence_start = max(b.text.rfind(p, 0, m.start) for p in "。！？!?；;\n") + 1
            cue = _DATA_CUE_RE.search(b.text, sentence_start, m.start)
            if m.form == "roc" or cue:
                year_only.append((m.year, _year_quote(b.text, m, cue.start() if cue else None)))
    for found in (dated, year_only):
        if found:
            return max(found, key=lambda d: d[0])
    return None


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
        if not dates or not _is_date_line(text[: dates[0].start] + text[dates[0].end :]):
            continue
        orgs: list[str] = []
        for block in reversed(tail[:i]):
            line = block.text.strip()
            if not _ORG_LINE_RE.match(line):
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
        m = _TITLE_ISSUER_RE.match(block.text.strip()) if block.role == "title" else None
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


def _stated_year(
    metadata: dict[str, str], fields: Sequence[str], *, label: str
) -> tuple[str, int | None, str] | None:
    """``(iso date, year, evidence)`` from the metadata ``fields`` among ``date``/``year``."""
    raw_date = (metadata.get("date") or "").strip() if "date" in fields else ""
    if raw_date:
        mentions = [m for m in find_dates(raw_date) if m.year is not None]
        if mentions:
            return mentions[0].iso, mentions[0].year, f"{label}date: {raw_date}"
        year = parse_chinese_year(raw_date[:4]) if raw_date[:4].isdigit() else None
        if year is not None:
            return str(year), year, f"{label}date: {raw_date}"
    raw_year = (metadata.get("year") or "").strip() if "year" in fields else ""
    year = parse_chinese_year(raw_year) if raw_year else None
    if year is not None:
        return "", year, f"{label}year: {raw_year}"
    return None


def _metadata_year(raw: RawDocument) -> tuple[str, int | None, str, str] | None:
    """``(iso date, year, year_source, evidence)`` from ``raw.metadata``, or None.

    Only fields listed in ``metadata['manifest_fields']`` (set by :mod:`ingest.reader` for
    the columns a manifest CSV filled) come from the manifest: ``year_source`` ``manifest``,
    evidence ``date: 2016/01/02``. A ``date``/``year`` the file states itself (YAML front
    matter of a ``.md``, a field of a JSON/JSONL/CSV record) is the document's own statement of
    its date, like a dateline: ``explicit``, evidence ``front matter date: …`` (``.md``) or
    ``record date: …`` (other formats).
    """
    meta = dict(raw.metadata)
    manifest_fields = {f.strip() for f in meta.get("manifest_fields", "").split(",")}
    manifest = _stated_year(meta, [f for f in ("date", "year") if f in manifest_fields], label="")
    label = "front matter " if raw.format == "md" else "record "
    own = [f for f in ("date", "year") if f not in manifest_fields]
    stated = _stated_year(meta, own, label=label)
    if manifest is not None:
        # a manifest year alone keeps the file's own date, if it states one
        date = manifest[0] or (stated[0] if stated is not None else "")
        return date, manifest[1], "manifest", manifest[2]
    if stated is not None:
        return stated[0], stated[1], "explicit", stated[2]
    return None


_ROC_MARK_RE = re.compile(r"民国|民國")
_TAIWAN_RE = re.compile(r"台湾|臺灣|台北|臺北|行政院|立法院|新台币|县市|全台|国发会")
_HONG_KONG_RE = re.compile(r"香港|本港|港元|港币|港府|特区政府|立法会|澳门|澳门元")


def _is_roc_text(norm: NormalizedText, *, head_chars: int = 3000) -> bool:
    """True if bare years may be ROC years: 民国 is written, or the text is traditional/mixed
    and its head does not read as Hong Kong/Macao news (香港, 本港, 港元, 立法会, ...) without any
    Taiwanese cue (台湾, 行政院, 立法院, 新台币, 县市, ...)."""
    head = norm.text[:head_chars]
    if _ROC_MARK_RE.search(head) or _ROC_MARK_RE.search(norm.text):
        return True
    if norm.script not in ("traditional", "mixed"):
        return False
    return not _HONG_KONG_RE.search(head) or bool(_TAIWAN_RE.search(head))


def extract_metadata(
    raw: RawDocument,
    norm: NormalizedText,
    blocks: Sequence[Block],
    *,
    head_blocks: int = 2,
) -> DocumentMeta:
    """Document metadata from the blocks of one report; ``raw.metadata`` fields win."""
    meta = dict(raw.metadata)
    title_blocks = [b for b in blocks if b.role == "title"]
    title = meta.get("title", "").strip() or (
        _surface(raw, norm, title_blocks[0]) if title_blocks else ""
    )
    subtitle = " ".join(
        re.sub(r"^[\s—\-－–]+", "", _surface(raw, norm, b)) for b in blocks if b.role == "subtitle"
    )
    roc = _is_roc_text(norm)
    chosen = _choose_date(blocks, roc=roc, head_blocks=head_blocks)
    date = chosen[0].iso if chosen else ""
    year: int | None = None
    year_source, evidence = "unknown", ""
    stated = _metadata_year(raw)
    if stated is not None:
        date = stated[0] or date
        year, year_source, evidence = stated[1], stated[2], stated[3]
    elif chosen and chosen[0].year is not None:
        mention, text = chosen
        year, year_source, evidence = mention.year, "explicit", text[mention.start : mention.end]
    else:
        inferred = infer_year(blocks, roc=roc, head=head_blocks)
        if inferred is not None:
            year, evidence = inferred
            year_source = "inferred"

    event, place = "", ""
    head = _head_blocks(blocks, head_blocks=head_blocks)
    events: dict[str, tuple[str, str]] = {}  # extract_event by block text, computed once

    def event_of(text: str) -> tuple[str, str]:
        if text not in events:
            events[text] = extract_event(text)
        return events[text]

    for block in sorted(head, key=lambda b: (b.role != "body", b.block_id)):
        event, place = event_of(block.text)
        if event:
            at = block.text.find(event)
            event = _surface(raw, norm, block, at, at + len(event)) if at >= 0 else event
            break
    if not event:
        # a speech dateline: ——2023年3月5日在第十四届全国人民代表大会第一次会议上
        for block in sorted(head, key=lambda b: (b.role not in ("title", "subtitle"), b.block_id)):
            m = _AT_EVENT_RE.search(block.text)
            if m:
                event = _surface(raw, norm, block, m.start("event"), m.end("event"))
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
    return DocumentMeta(
        title=title,
        subtitle=subtitle,
        date=date,
        year=year,
        year_source=year_source,
        year_evidence=evidence,
        event=meta.get("event", "") or event,
        location=meta.get("location", "") or location,
        authors=_authors_from_meta(meta) or extract_authors(blocks),
        source=meta.get("source", "").strip() or extract_source(blocks),
        url=meta.get("url", "").strip(),
    )


def _surface(
    raw: RawDocument, norm: NormalizedText, block: Block, start: int = 0, end: int | None = None
) -> str:
    """Raw text of ``block.text[start:end]`` (original script and characters), line breaks
    removed; falls back to the normalised text if the offsets do not fit."""
    end = len(block.text) if end is None else end
    fallback = block.text[start:end].strip()
    try:
        a, b = norm.raw_span(block.norm_start + start, block.norm_start + end)
    except (ValueError, IndexError):
        return fallback
    surface = re.sub(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*", "", raw.raw_text[a:b]).strip()
    return surface or fallback


def _authors_from_meta(meta: dict[str, str]) -> tuple[str, ...]:
    value = (meta.get("author") or meta.get("authors") or "").strip()
    if not value:
        return ()
    return tuple(p for p in (s.strip() for s in re.split(r"[;；、,，/|]", value)) if p)
