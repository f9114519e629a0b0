"""What a number in a sentence states: a level, a change, or the two ends of a change.

:func:`relations` reads the words between the quantities of one sentence:

* ``change``: the number is an increase, decrease or difference (增长6.7%, 比上年增加422亿元,
  下降1.2%, 降低4%左右, 高于全省平均水平0.5个百分点; 新增 is a level: 新增就业900万人);
* ``from`` / ``to``: 由/从 X (提高|增加|下降 …)到/至 Y — X is where it started, Y where it got to;
  both share a ``link`` id;
* ``to`` also for the level a change reaches (增加18%至52.8亿元: the change and the level share a
  link) and for a level reached with no start given (降至1.3以下, 增至35个);
* ``level`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.text.lexicon import HAN_BASIC

__all__ = ["Relation", "relations"]

_CHANGE_VERBS = (
    "增长|增加|提高|提升|上升|扩大|下降|降低|减少|缩小|回落|上涨|下跌|递增|递减|压减|削减|压缩|"
    "节约|净增|净减|上调|下调|调高|调低|收窄|放缓|回升|反弹|成长|衰退|"
    "(?<!新)增|减|降|涨|升|跌|高出|低出|超出|多出|少了|多了"
)
#: A change verb right before the number (words like 了, 分别, 均 may stand between).
_CHANGE_BEFORE = re.compile(
    rf"(?:{_CHANGE_VERBS})(?:了|分别|均|都|约|达|为|幅度为|幅度达)?$"
    rf"|(?:高于|低于|快于|慢于)[{HAN_BASIC}]{{1,12}}$"
    rf"|(?:比|较)[^，。；：,;:]{{1,12}}(?:多|少|高|低|快|慢)(?:了)?$"
)
_TO_VERBS = (
    "提高|增加|增长|上升|扩大|提升|攀升|跃升|下降|降低|减少|缩小|压缩|回落|调整|转为|降|增|升|减|"
    "上调|下调|调高|调低|调升|调降|收窄|放缓|回升|"
    "涨|跌|扩|缩"
)
#: A rate word between the verb and the number: 上调至每月2,100港元, 提高到每人每年600元.
_PER = rf"(?:每[{HAN_BASIC}]{{1,2}}){{0,2}}"
#: A verb that names the level reached, right before the number: 提高到, 降至, 增加为.
_TO_BEFORE = re.compile(
    rf"(?:{_TO_VERBS})(?:到|至|为)(?:了)?{_PER}$|(?:增至|降至|减至|升至|扩至){_PER}$"
)
#: A year in the words around the two ends: 由2019年的45亿美元提升至2023年的58亿美元.
_YEAR = r"(?:\d{2,4}年(?:底|末|初)?)"
#: Between the two ends: (提高|下降 …)到/至, then a few words (去年的, 2023年的, 每月).
_FROM_TO_GAP = re.compile(
    rf"^[{HAN_BASIC}]{{0,4}}?(?:{_TO_VERBS})?(?:到|至|为)(?:[^，。；：,;:\d]|{_YEAR}){{0,8}}$"
)
_FROM_BEFORE = re.compile(rf"(?:由|从)(?:[^，。；：,;:\d]|{_YEAR}){{0,8}}$")
#: A change verb opening the clause with its object before the number: 削减财政赤字450亿元,
#: 压减一般性支出23.9亿元 (新增 names a level: 新增就业900万人).
_CHANGE_LEAD = re.compile(
    rf"(?:^|[，。；：、,;:])(?:削减|减少|压减|压缩|缩减|节约|增加|提高|降低|扩大)[{HAN_BASIC}“”]{{1,12}}$"
)
_WINDOW = 16
_LIST = ("、", "和", "及", "与", "，")


@dataclass(frozen=True)
class Relation:
    """The relation of one quantity and the index of the quantity it is linked with."""

    relation: str
    partner: int | None = None


def relations(text: str, spans: Sequence[tuple[int, int]]) -> list[Relation]:
    """Relation of each quantity ``spans[i]`` (start, end in ``text``), in order."""
    out = [Relation("level") for _ in spans]
    for i, (start, _end) in enumerate(spans):
        lo = max(0, start - _WINDOW, spans[i - 1][1] if i else 0)
        before = text[lo:start]
        if _TO_BEFORE.search(before):
            out[i] = Relation("to", out[i].partner)
        elif _CHANGE_BEFORE.search(before) or _CHANGE_LEAD.search(
            text, max(0, start - _WINDOW), start
        ):
            out[i] = Relation("change", out[i].partner)
    for i in range(len(spans) - 1):
        (start, end), (nstart, _) = spans[i], spans[i + 1]
        gap = text[end:nstart]
        if len(gap) > _WINDOW:
            continue
        lo = max(0, start - _WINDOW, spans[i - 1][1] if i else 0)
        if (
            out[i].relation == "level"
            and _FROM_BEFORE.search(text[lo:start])
            and _FROM_TO_GAP.match(gap)
        ):
            out[i] = Relation("from", i + 1)
            out[i + 1] = Relation("to", i)
        elif out[i].relation == "change" and gap in ("至", "到", "为"):
            out[i] = Relation("change", i + 1)
            out[i + 1] = Relation("to", i)
        elif out[i].relation == "change" and out[i + 1].relation == "level" and gap in _LIST:
            out[i + 1] = Relation("change")  # 分别增长10.2%、16.2%: every item is a change
    return out
