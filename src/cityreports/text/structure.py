"""Blocks (paragraphs with roles) of a normalised report; sentences are in :mod:`.sentences`.

Blocks are the lines of the normalised text; a line is split further when a reporter/source
credit in parentheses ends it (``…。（记者 成静）``), when site chrome is glued to its end
(``…循环。 神舟十五号…中国网是…电话：…``), or where the normaliser joined two lines
(a ``page_break`` repair) right after a URL or a document title (``原文链接：https://…html`` /
``安徽省…的通知``): those were whole lines, not a sentence broken by a page.

The role rules (first match wins, :func:`_assign_roles`) are written out in
``docs/block_roles.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cityreports.errors import ParameterError
from cityreports.records import Block, NormalizedText
from cityreports.text.heads import HEADS
from cityreports.text.lexicon import CN_DIGIT, CN_MONTH_DAY, HAN_BASIC, organisation_suffix_pattern
from cityreports.text.sentences import TERMINATORS, split_sentences, strip_range

__all__ = ["segment_blocks", "split_sentences"]

#: Emoji and pictographs a WeChat article puts after a sentence (…试点。🔥).
_EMOJI = "\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff"
_ENDS_SENTENCE = re.compile(rf"[。！？!?…；;：:，,、]+[”’」』）)】》]*[\s{_EMOJI}]*$")
_NUMBERED = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+[章节条部分篇编]|[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)*[、.．\s]|[①-⑳])"
)
_OFFICE = (
    "司长|局长|处长|厅长|部长|主任|院士|社长|市长|县长|区长|省长|书记|常委|主席|总裁|董事长|"
    "总经理|经理|院长|校长|教授|研究员|巡视员|调研员|委员|理事长|秘书长|会长|总监|总编|"
    "总工程师|首席执行官|CEO|CTO|代表|专家|总监|行长|所长|台长|站长|署长|大使|参赞"
)
_PERSON_CAPTION = re.compile(rf"(?:{_OFFICE})[\u4e00-\u9fff·]{{2,3}}$")
_PHOTO = re.compile(r"(?:^图为|^图[：:]|^（?图片|摄$|供图$|摄影$|^资料图)")
_CREDIT_LINE = re.compile(
    r"^[（(【\[]?(?:责任编辑|责编|编辑|审核|校对|监制|来源|稿源|原标题|出处|编审|终审|值班编辑"
    r"|文字|摄影|作者|记者|通讯员|責任編輯|責編|編輯|來源|攝影|記者|通訊員)\s*[：:|｜丨 ]"
)
#: A reporter byline: 记者王小明／台北报导, 【记者X／Y报导】, 本报记者 X, 文／X, 撰文：X, 作者：X.
_REPORTER_LINE = re.compile(
    r"^[【\[（(]?(?:(?:本报|本報|本刊|本网|本網|本台|特约|特約|见习|見習|实习|實習)?"
    r"(?:记者|記者|通讯员|通訊員)\s*[：:/／|｜丨 ]"
    r"|(?:撰文|作者|采写|採寫|编译|編譯|整理)\s*[：:/／|｜丨])"
    r"\s*[\u4e00-\u9fff·]{2,4}(?:$|[\s、，,／/|｜丨）)】\]]|报导|报道|報導|報道)"
    r"|^[【\[（(]?(?:记者|記者|通讯员|通訊員)[\u4e00-\u9fff·]{2,4}[\s、，,／/|｜丨]"
    r"|^[【\[（(]?(?:文|图|圖|文/图|文／图|图/文|图／文)\s*[：:/／|｜丨]\s*[\u4e00-\u9fff·]{2,4}"
    r"|(?:记者|記者|通讯员|通訊員).{0,20}(?:报导|报道|報導|報道)[】\])）]?$"
)
#: A dateline standing alone on a line: 【本报讯】, 【明报专讯】, 新华社北京3月5日电（记者X）.
_DATELINE_LINE = re.compile(
    r"^[【\[（(]?(?:本报讯|本報訊|本刊讯|本网讯|[\u4e00-\u9fffA-Za-z0-9.]{1,10}(?:专讯|專訊))"
    r"[】\]）)]?$"
    r"|^[（(]?[\u4e00-\u9fff]{2,12}(?:\d{1,2}月)?\d{1,2}日[电讯電訊]"
    r"(?:[（(][^（）()]{2,30}[）)])?[）)]?$"
)
_PAREN_CREDIT = re.compile(r"[（(]([^（）()。！？]{2,30})[）)]$")
_FRONT_MATTER = re.compile(
    r"^(?:发布时间|发布日期|时间|日期|来源|字号|【字体|字体|浏览|阅读|点击|分享到|打印|"
    r"發布時間|發佈時間|時間|來源|字號|瀏覽|閱讀|"
    r"\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?\s*(?:\d{1,2}:\d{2})?)"
)
#: Fields of an official document's information table or head (gov.cn 索引号：…, 发文字号：…),
#: a document number line (国办发〔2022〕14号) and attachment lines (附件：1.…).
_DOC_FIELD = re.compile(
    r"^(?:索引号|主题分类|发文机关|发文字号|成文日期|发布日期|公文种类|主题词|文号|有效性|"
    r"标\s*题|更新时间|更新日期|信息来源|所属机构)\s*[：:]"
    r"|^[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号$"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*\d{0,2}\s*(?:[：:]|$)")
_PAPER_FRONT = re.compile(
    r"^[【\[]?(?:摘\s*要|关键词|关键字|關鍵詞|中图分类号|文献标识码|文章编号|基金项目|收稿日期|"
    r"作者简介|Abstract|Key\s*words|DOI)[】\]]?\s*[：:]",
    re.IGNORECASE,
)
_BOILER_MARK = re.compile(
    r"(?:版权所有|Copyright|©|ICP|备案号|关于我们|联系我们|网站地图|返回顶部|免责声明|"
    r"广告服务|违法和不良信息举报|举报电话|不得转载|官方微信|官方微博|扫一扫|"
    r"电话[：:]\s*[\d(（+-]|传真[：:]|邮箱[：:]|[\u4e00-\u9fff]{2}网是)",
    re.IGNORECASE,
)
#: Site chrome a short line starts with (share buttons, prev/next links, related-link headers).
_RELATED = (
    r"相关阅读|相关新闻|相关文章|相关链接|相关报道|相关稿件|推荐阅读|热门推荐|热点推荐|热门文章|"
    r"点击排行|精彩推荐|相關閱讀|相關新聞|相關文章|相關鏈接|相關報道|熱門推薦|推薦閱讀"
)
_CHROME_LINE = re.compile(
    rf"^[【\[]?(?:分享到|分享至|分享：|{_RELATED}|上一篇|下一篇|上一条|下一条|上一條|下一條|"
    r"打印本页|关闭窗口|【打印】|【关闭】|【列印】|【關閉】|打印\s*关闭|【纠错】|纠错|扫一扫|掃一掃|"
    r"扫码|微信扫|当前位置|您的位置|您现在的位置|首页\s*[>＞»›]|首頁\s*[>＞»›]|【字体|字号[：:]\s*大|"
    r"查看原文|阅读原文|點擊|点击阅读|点击查看|点赞|收藏本页|"
    # WeChat article chrome (点击上方蓝字关注我们, 长按二维码关注, 点个在看, 往期推荐)
    r"点击上方|点击下方|点击蓝字|点蓝字|长按二维码|长按识别|长按扫码|识别二维码|欢迎关注|关注我们|"
    r"点个在看|点亮在看|分享、点赞|往期推荐|往期回顾|往期精彩|END$|-\s*END\s*-)"
)
#: A page number line of extracted PDF text: - 3 -, —3—, 第3页, 第3页 共10页, 3/10.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,3}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
#: A photo caption that describes the picture in a full sentence (图为大会开幕式现场。).
_PHOTO_SENTENCE = re.compile(r"^[（(]?(?:图为|圖為|上图为|下图为|左图为|右图为|图片为|图：|圖：)")
#: Headers after which short lines are a list of related links.
_LINK_LIST_HEAD = re.compile(rf"^[【\[]?(?:{_RELATED})[】\]：:]?$")
#: A date with a clock time (发布 2023-03-05 10:00): a dateline, not a title, at the top.
_DATE_TIME = re.compile(r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")
_STRONG_BOILER = re.compile(r"ICP|备案号|版权所有|Copyright|©|公网安备", re.IGNORECASE)
_SITE_SENTENCE = re.compile(r"[\u4e00-\u9fff]{2}网是|本网|本站|版权所有|Copyright|©", re.I)
_CONTACT = re.compile(r"(?:电话|联系电话|传真|邮箱|地址|邮编|E-?mail)[：:]", re.I)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_BYLINE = re.compile(
    rf"^(?:{_NAME}(?:[ 、，,]+{_NAME})+|[\u4e00-\u9fff、]{{2,16}} +{_NAME}(?:[ 、，,]+{_NAME})*)$"
)
#: A group that authors a report, on its own line under the title.
_AUTHOR_GROUP = re.compile(
    r"^[^，。；：,;:]{0,24}(?:课题组|调研组|编写组|研究组|写作组|项目组|编委会)$"
)
_BARE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}$|^[\u4e00-\u9fff](?: [\u4e00-\u9fff]){1,2}$")
_DATE_LINE = re.compile(
    r"^[（(]?(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    rf"|[{CN_DIGIT}]{{4}}年[{CN_MONTH_DAY}]{{1,2}}月(?:[{CN_MONTH_DAY}]{{1,3}}日)?)"
    r"[）)]?$"
)
#: A signatory: an office and a name (市长 应勇, 省长  王浩).
_OFFICE_NAME = re.compile(rf"^(?:{_OFFICE})\s+[{HAN_BASIC}]{{2,3}}$")
#: An issuer's masthead above a release's or notice's own title: an organisation's name
#: alone (青岛市人民政府新闻办公室, 杭州市人民政府办公厅), or that name with 文件 (红头).
_MASTHEAD = re.compile(
    rf"^[{HAN_BASIC}（）()、]{{2,30}}(?:人民政府|政府|新闻办公室|办公厅|办公室|委员会|局|厅)(?:文件)?$"
)
#: A bare genre label between a masthead and the title (新闻发布会, 新闻稿).
_GENRE_LABEL = re.compile(r"^(?:新闻发布会|新闻发布|新闻稿|新闻通稿|新闻公报)$")
#: A long first line that is still a title: 关于印发…的通知, …实施方案, …管理条例.
_DOC_TITLE = re.compile(
    r"(?:通知|意见|决定|办法|规定|条例|方案|规划|纲要|公告|通告|批复|报告|细则|指南|计划|决议|公报)"
    r"(?:[（(][^（）()]{1,20}[）)])?$"
)
_BYLINE_PREFIX = re.compile(
    r"^[（(]?(?:作者|文|记者|本报记者|通讯员|撰文|文/图|文／图|文字|摄影|記者|本報記者|通訊員|攝影)"
    r"[：:/／ ]"
)
_SOFT_PUNCT = re.compile(r"[，。；！？、,;!?]")
_CLAUSE_PUNCT = re.compile(r"[，。；！？,;!?]")


@lru_cache(maxsize=1)
def _org_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``(org after stop, org line)`` with the ``line`` organisation endings of the lexicon: a
    sentence then a short organisation name (a caption credit), and a line that is a name."""
    org = organisation_suffix_pattern("line")
    return (
        re.compile(rf"^[^。]{{2,45}}。[^。，]{{2,30}}{org}$"),
        re.compile(rf"^[{HAN_BASIC}（）()、 ]{{2,30}}{org}$"),
    )


@dataclass(frozen=True)
class _Piece:
    """A candidate block: normalised range and, when already known, its role."""

    start: int
    end: int
    role: str = ""


# ---------------------------------------------------------------- splitting


def _boilerplate_start(line: str, *, nav_run: int) -> int:
    """Offset in ``line`` where glued site chrome starts (after a sentence end), or -1."""
    long_run = re.search(f"[^，。；！？、,;!?]{{{nav_run},}}", line)
    if not (long_run or _BOILER_MARK.search(line)):
        return -1
    for m in TERMINATORS.finditer(line):
        p = m.end()
        tail = line[p:].lstrip(" ")
        if len(tail) < 6:
            continue
        first = _SOFT_PUNCT.search(tail)
        run = first.start() if first else len(tail)
        if _BOILER_MARK.match(tail) or (
            run >= nav_run and (_BOILER_MARK.search(tail) or run >= 2 * nav_run)
        ):
            return len(line) - len(tail)
    return -1


def _split_boilerplate(line: str) -> list[int]:
    """Cut points inside a boilerplate tail: site self-description and contact runs."""
    cuts: list[int] = []
    first = _SOFT_PUNCT.search(line)
    if first:
        head = line[: first.start()]
        m = _SITE_SENTENCE.search(head)
        if m and m.start() > 0:
            cuts.append(m.start())
    after = cuts[-1] if cuts else 0
    for m in _CONTACT.finditer(line):
        if m.start() > after and line[m.start() - 1] in "。！？":
            cuts.append(m.start())  # the contact run after the last sentence of the footer
            break
    return cuts


def _unit_end(part: str) -> bool:
    """True if ``part`` (a line up to a page-break join) is a whole unit, not half a sentence:
    it ends with a URL, or it is a document title (关于…的通知, …实施意见)."""
    return bool(HEADS.url_end.search(part)) or _long_title(part)


def _lines(text: str, joins: frozenset[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text``, also cut at the page-break ``joins`` (offsets
    where the normaliser joined two lines) that follow a whole unit (:func:`_unit_end`)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        a, end = pos, pos + len(line)
        pos = end + 1
        for j in sorted(x for x in joins if a < x < end):
            if _unit_end(text[a:j].strip(" ")):
                out.append((a, j))
                a = j
        out.append((a, end))
    return out


def _pieces(text: str, *, nav_run: int, joins: frozenset[int] = frozenset()) -> list[_Piece]:
    """Lines of ``text`` split off glued boilerplate and trailing parenthesised credits."""
    pieces: list[_Piece] = []
    for start, end in _lines(text, joins):
        a, b = strip_range(text, start, end)
        if a == b:
            continue
        cut = _boilerplate_start(text[a:b], nav_run=nav_run)
        if cut > 0:
            body_end = strip_range(text, a, a + cut)[1]
            pieces.extend(_credit_split(text, a, body_end))
            tail = text[a + cut : b]
            edges = [0, *_split_boilerplate(tail), len(tail)]
            for x, y in zip(edges, edges[1:], strict=False):
                s, e = strip_range(text, a + cut + x, a + cut + y)
                if s < e:
                    pieces.append(_Piece(s, e, "boilerplate"))
        else:
            pieces.extend(_credit_split(text, a, b))
    return pieces


def _credit_split(text: str, a: int, b: int) -> list[_Piece]:
    """Split a parenthesised credit (（记者 成静）) off the end of a sentence-final line."""
    m = _PAREN_CREDIT.search(text, a, b)
    if m and m.start() > a and text[m.start() - 1] in "。！？”」":
        inner = m.group(1)
        if not _SOFT_PUNCT.search(inner) or _CREDIT_LINE.match(inner):
            s = strip_range(text, a, m.start())[1]
            return [_Piece(a, s), _Piece(m.start(), b, "credit")]
    return [_Piece(a, b)]


# ---------------------------------------------------------------- roles


def _ends_sentence(line: str) -> bool:
    return bool(_ENDS_SENTENCE.search(line))


def _lcs_len(a: str, b: str) -> int:
    """Length of the longest common substring (short ``a``, any ``b``)."""
    best = 0
    for i in range(len(a)):
        lo, hi = best + 1, len(a) - i
        while lo <= hi and a[i : i + lo] in b:
            best = lo
            lo += 1
    return best


def _short(line: str, *, max_len: int) -> bool:
    return len(line) <= max_len and not _ends_sentence(line)


def _caption_evidence(lines: list[str], i: int, roles: list[str]) -> bool:
    line = lines[i]
    if _PERSON_CAPTION.search(line) or _PHOTO.search(line) or _org_patterns()[0].match(line):
        return True
    prev = next((lines[j] for j in range(i - 1, -1, -1) if roles[j] in ("body", "")), "")
    common = _lcs_len(line, prev) if prev else 0
    return common >= 5 and common >= 0.75 * len(line)


def _anywhere_role(line: str, i: int) -> str:
    """Role of a line that is clear wherever it stands (chrome, front matter, credits), or ""."""
    short = len(line) <= 60
    if _BOILER_MARK.match(line) or (len(line) <= 120 and len(_BOILER_MARK.findall(line)) >= 2):
        return "boilerplate"
    if short and (
        _CHROME_LINE.match(line) or _STRONG_BOILER.search(line) or _PAGE_NUMBER.match(line)
    ):
        return "boilerplate"
    if len(line) <= 80 and _PHOTO_SENTENCE.match(line):
        return "caption"
    if _PAPER_FRONT.match(line) or (short and (_DOC_FIELD.match(line) or _ATTACHMENT.match(line))):
        return "front_matter"
    if len(line) <= 200 and HEADS.export_chrome.match(line):
        return "front_matter"
    if short and (HEADS.issued_by.match(line) or HEADS.decree_number.match(line)):
        return "front_matter"
    if _CREDIT_LINE.match(line) and short:
        return "credit"
    paren = _PAREN_CREDIT.fullmatch(line)
    if paren and _DATE_LINE.match(line):
        return ""  # （2023年3月5日）: front matter at the top, a signature date at the end
    if paren and _PHOTO.search(paren.group(1)):
        return "caption"  # （图片来源：新华社）
    if paren and i > 0:
        return "credit"
    return ""


def _first_pass(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Assign the roles of :func:`_anywhere_role`, link lists and attachment lists in place."""
    first_long = next(
        (i for i, ln in enumerate(lines) if not roles[i] and not _short(ln, max_len=max_len)),
        len(lines),
    )
    follows = ""  # "links" after a related-links header, "attachment" after 附件：1.…
    for i, line in enumerate(lines):
        if roles[i]:
            follows = ""
            continue
        at_top = i < first_long
        if at_top and (_BYLINE_PREFIX.match(line) or _REPORTER_LINE.match(line)):
            follows = ""
            continue
        if follows and _short(line, max_len=max_len):
            if follows == "links" or _NUMBERED.match(line):
                roles[i] = "boilerplate" if follows == "links" else "front_matter"
                continue
        if follows == "field" and len(line) <= 60:
            roles[i], follows = "front_matter", ""  # the value of a table cell 索引号： / 0001
            continue
        roles[i] = _anywhere_role(line, i)
        follows = ""
        if _LINK_LIST_HEAD.match(line):
            follows = "links"
        elif roles[i] == "front_matter" and _ATTACHMENT.match(line):
            follows = "attachment"
        elif (roles[i] == "front_matter" and _DOC_FIELD.match(line)
              and HEADS.field_label.match(line)):
            follows = "field"
        elif HEADS.decree_number.match(line) and i > 0 and not roles[i - 1]:
            if HEADS.decree_head.match(lines[i - 1]):
                roles[i - 1] = "front_matter"  # 上海市人民政府令 / （第19号）


def _long_title(line: str) -> bool:
    """A long official document title (关于印发…的通知): no clause punctuation, ≤ 100 chars."""
    return len(line) <= 100 and bool(_DOC_TITLE.search(line)) and not _CLAUSE_PUNCT.search(line)


def _is_title(line: str) -> bool:
    """A line that can be the title: at most 80 characters, or a long document title."""
    return not _NUMBERED.match(line) and (len(line) <= 80 or _long_title(line))


def _salutation_next(lines: list[str], i: int) -> bool:
    """True if the line after ``i`` is a short salutation (各位代表：, 各位领导、各位来宾：)."""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return len(nxt) <= 30 and nxt.endswith(("：", ":")) and not _CLAUSE_PUNCT.search(nxt)


def _top_roles(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Title, subtitle, byline and front matter before the first body paragraph (in place)."""
    n = len(lines)
    first = next((i for i in range(n) if not roles[i]), n)
    first_body = next(
        (
            i
            for i, ln in enumerate(lines)
            if not roles[i]
            and not _short(ln, max_len=max_len)
            and not (i == first and _long_title(ln))
        ),
        n,
    )
    top = [i for i in range(first_body) if not roles[i]]
    seen_title = "title" in roles  # the own title after a catalogue line (_catalogue_title)
    kicker = False
    for k, i in enumerate(top):
        line = lines[i]
        nxt = lines[top[k + 1]] if k + 1 < len(top) else ""
        if roles[i]:
            continue  # the continuation of a title split across lines
        if HEADS.speech_dateline.match(line):
            roles[i] = "subtitle" if seen_title else "front_matter"
        elif _FRONT_MATTER.match(line) or _DATE_LINE.match(line):
            roles[i] = "front_matter"
        elif _DATE_TIME.search(line) and len(line) <= max_len and not _CLAUSE_PUNCT.search(line):
            roles[i] = "front_matter"  # 原创 智慧城市研究院 2023-03-05 10:00 北京
        elif (
            _CREDIT_LINE.match(line)
            or _BYLINE_PREFIX.match(line)
            or _REPORTER_LINE.match(line)
            or _DATELINE_LINE.match(line)
        ):
            roles[i] = "byline"
        elif (
            not seen_title
            and all(roles[j] == "front_matter" or (kicker and j == top[k - 1]) for j in top[:k])
            and _is_title(line)
        ):
            if _caption_evidence(lines, i, roles) and not _short(line, max_len=max_len):
                continue
            if _org_patterns()[0].match(line):
                continue
            if (_MASTHEAD.match(line) or _GENRE_LABEL.match(line)) and nxt and _is_title(nxt) \
                    and not _MASTHEAD.match(nxt) and not HEADS.speech_dateline.match(nxt):
                if nxt.startswith("关于") and not line.endswith("文件"):
                    # 成都市人民政府办公厅 / 关于…的实施意见: one title over two lines
                    roles[i] = roles[top[k + 1]] = "title"
                    seen_title = True
                    continue
                roles[i] = "front_matter"  # the issuer's masthead; the title follows
                continue
            if not kicker and HEADS.kicker.search(line) and nxt and _is_title(nxt):
                roles[i], kicker = "subtitle", True  # 肩题 ending in ——, the headline follows
                continue
            roles[i], seen_title = "title", True
            for j in top[k + 1 :]:  # a title split inside a word: 政府工作报 / 告
                if not _split_word(lines[i], lines[j]):
                    break
                roles[j] = "title"
        elif _NUMBERED.match(line):
            continue  # 第一章 总则 is a heading, not a byline
        elif seen_title and (
            line.startswith(("——", "--", "─"))
            or (_BYLINE.match(nxt) and not _BYLINE.match(line) and len(line) <= 80)
        ):
            roles[i] = "subtitle"
        elif seen_title and (_BYLINE.match(line) or _AUTHOR_GROUP.search(line)) and len(line) <= 30:
            roles[i] = "byline"  # names, or an author group (市人大常委会调研组, 课题组)
        elif seen_title and _BARE_NAME.match(line) and _salutation_next(lines, i):
            roles[i] = "byline"  # speaker of a speech above its salutation (各位代表：)


def _split_word(title: str, nxt: str) -> bool:
    """True if ``nxt`` continues ``title`` broken across lines: joined, the two end like a
    document title (政府工作报 / 告, 关于…的通 / 知) and ``title`` alone does not. The
    continuation is short, or (a long title wrapped on a PDF page or a 红头 layout:
    杭州市人民政府关于印发…新型智慧城市 / 建设三年行动计划（2021—2023年）的通知) up to 40
    characters under a first line of 12 or more."""
    limit = 40 if len(title) >= 12 else 6
    if len(nxt) > limit or _CLAUSE_PUNCT.search(nxt) or _NUMBERED.match(nxt) or nxt.startswith(
        ("——", "--", "─")
    ):
        return False
    return bool(_DOC_TITLE.search(title + nxt)) and not _DOC_TITLE.search(title)


def _catalogue_title(lines: list[str], roles: list[str], *, reach: int = 12) -> None:
    """After export chrome (pkulaw's 【法宝引证码】/原文链接), the first line is the site's
    catalogue entry, which the document's own title repeats (often with other brackets or
    dashes) within the next ``reach`` lines: the catalogue line is front matter, the repeat the
    title (in place)."""
    first = next((i for i, r in enumerate(roles) if r != "front_matter"), len(lines))
    if (
        first == 0
        or first >= len(lines)
        or roles[first]
        or not any(HEADS.export_chrome.match(lines[i]) for i in range(first))
    ):
        return
    key = _title_key(lines[first])
    for j in range(first + 1, min(len(lines), first + 1 + reach)):
        if not roles[j] and key and _title_key(lines[j]) == key:
            roles[first], roles[j] = "front_matter", "title"
            return


def _title_key(line: str) -> str:
    """A title without spaces, brackets, quotes and dash variants, to compare two copies."""
    return HEADS.title_noise.sub("", line)


def _signature_pairs(lines: list[str], roles: list[str]) -> None:
    """An issuer line followed by a date line (国务院办公厅 / 2022年6月6日) is a credit pair."""
    for i in range(len(lines) - 1):
        if roles[i] or roles[i + 1]:
            continue
        issuer = _org_patterns()[1].match(lines[i]) or _OFFICE_NAME.match(lines[i])
        if issuer and _DATE_LINE.match(lines[i + 1]) and i > 0:
            roles[i] = roles[i + 1] = "credit"


def _attached_title(lines: list[str], roles: list[str], i: int) -> bool:
    """True for the title of an attached document right after a notice's signature block
    (国务院办公厅 / 2022年6月6日 / （此件公开发布）) or its 附件 line: a heading, as a
    document has one title (the notice's)."""
    if i == 0 or roles[i - 1] not in ("credit", "front_matter"):
        return False
    prev, line = lines[i - 1], lines[i]
    signature = (
        _DATE_LINE.match(prev)
        or _org_patterns()[1].match(prev)
        or "此件" in prev
        or _ATTACHMENT.match(prev) is not None
    )
    return bool(signature) and not _NUMBERED.match(line) and not _PHOTO.search(line)


def _short_roles(lines: list[str], roles: list[str], *, max_len: int) -> None:
    """Heading or caption for short lines that do not end a sentence (in place)."""
    n = len(lines)
    short = [i for i in range(n) if not roles[i] and _short(lines[i], max_len=max_len)]
    evidence = {i: _caption_evidence(lines, i, roles) for i in short}
    short_set = set(short)
    last_long = max((i for i in range(n) if not roles[i] and i not in short_set), default=-1)
    clear_captions = sum(evidence.values())
    numbered = sum(1 for i in short if _NUMBERED.match(lines[i]))
    for i in short:
        line = lines[i]
        nxt_is_body = i + 1 < n and not roles[i + 1] and (i + 1) not in short_set
        neighbour_short = (i - 1 in short_set) or (i + 1 in short_set)
        if i > last_long and (_DATE_LINE.match(line) or _org_patterns()[1].match(line)):
            roles[i] = "credit"  # issuer and date after the last paragraph (signature)
        elif _attached_title(lines, roles, i):
            roles[i] = "heading"  # the attached document's own title after the signature
        elif _NUMBERED.match(line) and not evidence[i]:
            roles[i] = "heading"
        elif evidence[i] or (neighbour_short and not _NUMBERED.match(line)):
            roles[i] = "caption"
        elif clear_captions >= 3 and clear_captions > numbered:
            roles[i] = "caption"
        elif nxt_is_body:
            roles[i] = "heading"
        else:
            roles[i] = "caption"


def _assign_roles(lines: list[str], fixed: list[str], *, max_len: int) -> list[str]:
    """Roles for the blocks' texts (``fixed`` holds roles known from splitting)."""
    roles = list(fixed)
    _first_pass(lines, roles, max_len=max_len)
    _catalogue_title(lines, roles)
    _top_roles(lines, roles, max_len=max_len)
    _signature_pairs(lines, roles)
    _short_roles(lines, roles, max_len=max_len)
    return [r or "body" for r in roles]


def segment_blocks(
    norm: NormalizedText, *, max_short: int = 50, nav_run: int = 40, front_matter_end: int = 0
) -> tuple[Block, ...]:
    """Blocks of ``norm`` (paragraphs, with glued chrome and credits split off) with roles.

    ``max_short`` is the longest line (in characters) that can be a title/heading/caption;
    ``nav_run`` the shortest run without punctuation that counts as a navigation run. Lines
    that start before the raw offset ``front_matter_end`` (a Markdown file's YAML front matter,
    found by the reader) are ``front_matter``.
    """
    if not isinstance(norm, NormalizedText):
        raise ParameterError("norm", f"expected NormalizedText, got {type(norm).__name__}")
    if max_short < 1 or nav_run < 1:
        raise ParameterError("max_short/nav_run", "must be >= 1")
    text = norm.text
    joins = frozenset(norm.norm_index(r.start) for r in norm.repairs if r.kind == "page_break")
    pieces = _pieces(text, nav_run=nav_run, joins=joins)
    lines = [text[p.start : p.end] for p in pieces]
    fixed = [
        "front_matter" if norm.raw_span(p.start, p.end)[0] < front_matter_end else p.role
        for p in pieces
    ]
    roles = _assign_roles(lines, fixed, max_len=max_short)
    blocks = []
    for k, (p, role) in enumerate(zip(pieces, roles, strict=True)):
        start, end = norm.raw_span(p.start, p.end)
        blocks.append(Block(k, role, start, end, p.start, p.end, text[p.start : p.end]))
    return tuple(blocks)
