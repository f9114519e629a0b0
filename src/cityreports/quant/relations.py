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

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from cityreports.text.lexicon import Patterns

__all__ = ["Relation", "direction", "is_compared_change", "relations"]

# Change verbs and the words before and between the numbers that make a change, its start or end.
_P = Patterns("quant/relations")

_WINDOW = 16
_LIST = ("、", "和", "及", "与", "，")


@dataclass(frozen=True)
class Relation:
    """The relation of one quantity, the index of the quantity it is linked with, and which way
    the change goes (the change verb's direction; a negative number keeps its sign)."""

    relation: str
    partner: int | None = None
    direction: str = ""  # up | down for a change and its ends, "" when no word says


def relations(text: str, spans: Sequence[tuple[int, int]]) -> list[Relation]:
    """Relation of each quantity ``spans[i]`` (start, end in ``text``), in order."""
    out = [Relation("level") for _ in spans]
    for i, (start, end) in enumerate(spans):
        lo = max(0, start - _WINDOW, spans[i - 1][1] if i else 0)
        before = text[lo:start]
        if reached := _P.to_before.search(before):
            out[i] = Relation("to", out[i].partner, direction(reached.group()))
        elif verb := _P.change_before.search(before):
            way = direction(verb["than"] or verb["more"] or verb.group())
            out[i] = Relation("change", out[i].partner, way)
        elif (lead := _P.change_lead.search(text, max(0, start - _WINDOW), start)) and not (
            _P.modifies_noun.match(text, end)  # 扩大就业25条政策: a count of policies
        ):
            out[i] = Relation("change", out[i].partner, direction(lead["verb"]))
    for i in range(len(spans) - 1):
        (start, end), (nstart, _) = spans[i], spans[i + 1]
        gap = text[end:nstart]
        if len(gap) > _WINDOW:
            continue
        lo = max(0, start - _WINDOW, spans[i - 1][1] if i else 0)
        if (
            out[i].relation == "level"
            and _P.from_before.search(text[lo:start])
            and _P.from_to_gap.match(gap)
        ):
            way = direction(gap)
            out[i] = Relation("from", i + 1, way)
            out[i + 1] = Relation("to", i, way)
        elif out[i].relation == "change" and gap in ("至", "到", "为"):
            way = out[i].direction
            out[i] = Relation("change", i + 1, way)
            out[i + 1] = Relation("to", i, way)
        elif out[i].relation == "change" and out[i + 1].relation == "level" and gap in _LIST:
            # 分别增长10.2%、16.2%: every item is a change
            out[i + 1] = Relation("change", None, out[i].direction)
    return out


def direction(words: str) -> str:
    """``up`` or ``down``: the direction of the last change word in ``words`` (the words
    before a change's number); "" if none says (调整, 转为)."""
    last = deque(_P.direction_word.finditer(words), maxlen=1)
    if not last:
        return ""
    return "down" if last[0]["down"] else "up"


def is_compared_change(gap: str) -> bool:
    """Whether ``gap``, the text after a level and before a number, makes that number a change
    of the level against an earlier time (，比上年末增加 …100亿)."""
    return _P.compared_change.search(gap) is not None
