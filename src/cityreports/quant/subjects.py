"""The subject of a quantitative claim: the noun phrase the number measures.

:func:`find_subject` looks back from the number to the start of its clause, strips the verbs,
leads and time expressions that sit between a subject and its number (达到, 累计, 其中, 截至
2020年底), and looks forward for a head noun when the clause gives none before the number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cityreports.quant.timescope import time_re
from cityreports.text.lexicon import HAN_BASIC

__all__ = ["CLAUSE_PUNCT", "find_subject"]

#: Characters that end a clause: a subject never reaches across them.
CLAUSE_PUNCT = "，。；：！？、,;:!?\n"
_HAN_CHAR = re.compile(f"[{HAN_BASIC}]")

_SUBJECT_VERBS = tuple(
    (
        "已达到 已达 达到 累计 共计 共有 合计 总计 吸引 举办 开展 已经 "
        "突破 超过 约有 大约 约为 已有 拥有 控制在 控制 完成 有 达 为 约 近 共 是 已 超 "
        "逾 占 至 计 的 了 在 等 "
    ).split()
)
_SUBJECT_LEAD = tuple(("其中 我国 全国 中国 目前 当前 此外 同时 共计 共有 总共 累计 ").split())
_NOUN_STOP = set(CLAUSE_PUNCT + "的和与及或（）()“”《》共已在将被等是为于了")
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
        rf"(?:{time_re(True).pattern})"
    )


def find_subject(folded: str, start: int, end: int) -> str:
    """Heuristic noun phrase measured by the quantity at ``[start, end)`` of a sentence."""
    before = folded[:start]
    cut = max(before.rfind(c) for c in CLAUSE_PUNCT + "“「『‘") + 1
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
        if c in _NOUN_STOP or not (_HAN_CHAR.match(c) or c.isalnum()):
            break
        if rest.startswith(_NOUN_STOP_WORDS, i):
            break
        tail += c
    closes_clause = end >= len(folded) or folded[end] in CLAUSE_PUNCT
    if head and (closes_clause or not tail):
        return head[-20:]
    return tail or head[-20:]
