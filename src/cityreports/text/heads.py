"""Patterns of a document's head that the structure stage reads: export and site chrome,
release headers, decree numbers, a speech's dateline, a newspaper kicker, table cells.

They are plain compiled patterns (no rules): :mod:`cityreports.text.structure` decides roles.
"""

from __future__ import annotations

import re

from cityreports.text.lexicon import CN_DIGIT, CN_MONTH_DAY, HAN_BASIC

__all__ = [
    "DECREE_HEAD",
    "DECREE_NUMBER",
    "EXPORT_CHROME",
    "FIELD_LABEL",
    "ISSUED_BY",
    "KICKER",
    "SPEECH_DATELINE",
    "TITLE_NOISE",
    "URL_END",
]

#: A field label alone on its line, its value on the next (a flattened table cell).
FIELD_LABEL = re.compile(r"^[^：:]{1,8}\s*[：:]\s*$")
#: Export and site chrome of a law database or a government site, anywhere and of any length
#: (pkulaw: 【法宝引证码】 CLI.12.…, 原文链接：https://…; a release's 发稿单位：…发稿时间：…).
EXPORT_CHROME = re.compile(
    r"^(?:【法宝引证码】|【法宝引證碼】|法宝引证码\s*[：:]|原文链接\s*[：:]|原文鏈接\s*[：:]"
    r"|[（(]?(?:发稿单位|发稿时间|发稿日期|发稿人|发布单位)\s*[：:])"
)
#: The office that issued a release, alone in parentheses: （新闻及国际关系处发布）.
ISSUED_BY = re.compile(
    r"^[（(][^（）()，。]{1,20}(?:处|局|办|室|中心|部|厅|会|府|委|组|科|署|院|社)(?:发布|发佈|供稿)[）)]$"
)
#: A decree's number (（第19号）) or a document number in parentheses (（皖政办秘〔2021〕82号）).
DECREE_NUMBER = re.compile(
    rf"^[（(]?(?:第\s*\d{{1,4}}\s*号|[{HAN_BASIC}]{{1,12}}\s*[〔\[［【(（]\s*(?:19|20)\d{{2}}\s*"
    r"[〕\]］】)）]\s*第?\s*\d{1,5}\s*号)[）)]?$"
)
#: The head of a decree or announcement above its number: 上海市人民政府令.
DECREE_HEAD = re.compile(rf"^[{HAN_BASIC}（）()]{{2,30}}(?:令|公告|通告)$")
#: A speech's dateline: （2024年1月29日在杭州市第十四届人民代表大会第四次会议上）.
SPEECH_DATELINE = re.compile(
    r"^[（(—\-－\s]*(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|[{CN_DIGIT}]{{4}}年[{CN_MONTH_DAY}]{{1,2}}月[{CN_MONTH_DAY}]{{1,3}}日)"
    r"\s*在[^，。；！？]{2,60}?上[）)]?$"
)
#: A URL at the end of a line part (原文链接：https://…html).
URL_END = re.compile(r"https?://[!-~]+$")
#: A kicker (肩题) above a news headline ends with a dash: 数字中国建设峰会开幕——.
KICKER = re.compile(r"(?:——|──|--)\s*$")
#: What two copies of one title may differ in: spaces, brackets, quotes, dash variants.
TITLE_NOISE = re.compile(r"[\s（）()\[\]【】《》〈〉“”\"'「」『』—–\-－~～·・]")
