"""What the words around a number say of its unit and its sign (used by
:mod:`cityreports.quant.numbers`): the currency named before it (人民币5000万元, 外汇储备（美元）
3.2万亿, 以美元计), whether 度 is electricity's and P computing power's, and whether a minus
sign or 负 stands before it."""

from __future__ import annotations

import re
from functools import lru_cache

from cityreports.quant.qualifiers import qualifier_table

__all__ = ["CURRENCY_CODES", "CURRENCY_NAMES", "currency_before", "is_computing", "is_electricity",
           "is_negative", "qualified_currency"]


_CURRENCY_PREFIXES = {
    "新台币": "新台币",
    "台币": "新台币",
    "人民币": "元",
    "港币": "港元",
    "港元": "港元",
    "美元": "美元",
    "美金": "美元",
    "欧元": "欧元",
    "日元": "日元",
    "澳门币": "澳门元",
    "澳门元": "澳门元",
    "日圆": "日元",
    # the symbols and codes of English-style amounts (US$12亿, HK$50亿, MOP 12亿, NT$3000万)
    "US$": "美元",
    "USD": "美元",
    "HK$": "港元",
    "HKD": "港元",
    "MOP$": "澳门元",
    "MOP": "澳门元",
    "NT$": "新台币",
    "NTD": "新台币",
    "RMB": "元",
    "CNY": "元",
    "€": "欧元",
    "¥": "元",
    "￥": "元",
    "EUR": "欧元",
}
#: Every currency name, symbol and code, as one regex alternation (longest first).
CURRENCY_NAMES = "|".join(map(re.escape, sorted(_CURRENCY_PREFIXES, key=len, reverse=True)))
#: The currency codes of Latin letters alone (USD, MOP), as one regex alternation: glued to an
#: amount (USD12亿元) they are the amount's currency, not a name with digits like G20.
CURRENCY_CODES = "|".join(sorted((c for c in _CURRENCY_PREFIXES if c.isascii() and c.isalpha()),
                                 key=lambda c: (-len(c), c)))
#: A currency right before the number, bare or in brackets (人民币5000万元, 新台币约25亿元,
#: 外汇储备余额（美元）3.2万亿); a symbol or code may stand a space apart (MOP 12亿).
_CURRENCY_BEFORE = re.compile(
    rf"(?:(?<![A-Za-z])(?P<c>{CURRENCY_NAMES})|[（(](?P<b>{CURRENCY_NAMES})[)）])"
    r"(?:共|总计|合计|计|约|大约|逾|超过|近|达)?(?:(?<=[A-Z$€]) ?)?$"
)
#: The currency a sentence says its amounts are in, before the number (以美元计, 按美元计算).
_CURRENCY_BASIS = re.compile(rf"[以按](?P<c>{CURRENCY_NAMES})(?:计价|计算|计)[^。；;]*$")


@lru_cache(maxsize=1)
def qualified_currency() -> re.Pattern[str]:
    """A qualifier word right before a currency (约新台币, 超过人民币), at the end of a window."""
    words = sorted(set(qualifier_table().prefixes) - {"上", "过"},  # 最高新台币500万元: a cap
                   key=lambda word: (-len(word), word))
    return re.compile(
        rf"(?P<pre>{'|'.join(words)})"
        rf"(?:{CURRENCY_NAMES})$"
    )

def currency_before(folded: str, start: int) -> str:
    """The currency named just before a number (新台币约25亿元 -> 新台币; 人民币5000万元 -> 元).

    Rule: a currency word before the number (optionally followed by 约/共/达 …), or in
    brackets after the name of the amount (外汇储备余额（美元）3.2万亿), or the sentence's own
    basis before it (以美元计，出口额达到500亿) sets the unit when the unit after the number is
    元 or missing, so the unit says which 元 is meant.
    """
    m = _CURRENCY_BEFORE.search(folded, max(0, start - 8), start) or _CURRENCY_BASIS.search(
        folded, max(0, start - 40), start)
    return _CURRENCY_PREFIXES[m["c"] or m["b"]] if m else ""


_COMPUTING = re.compile(r"算力|计算能力|运算能力|超算|智算")


def is_computing(folded: str, start: int, end: int) -> bool:
    """P is PFLOPS only of computing power: 算力7.12P（PFlops）, 智能算力达到1000P."""
    return folded.startswith(("（PF", "(PF", "（Pf", "(Pf"), end) or bool(
        _COMPUTING.search(folded, max(0, start - 12), start))


def is_electricity(folded: str, start: int, end: int) -> bool:
    """度 is a unit (kWh) only in an electricity context: 3000度电, 用电量3000度."""
    if folded.startswith("电", end):
        return True
    clause = folded[max(0, start - 12) : start]
    clause = re.split(r"[，。；：,;:]", clause)[-1]
    return "电" in clause


#: A minus sign right before a number.
_MINUS = "-－−"
#: What may not stand before the minus sign for it to be one (a range 2-3, a code A-5).
_NOT_BEFORE_MINUS = re.compile(r"[0-9A-Za-z.．_/]")
#: What 负 follows where it is the sign of a number (增长负2.5%, 增速为负0.3%, 地下负1层), not
#: the end of a word (减负200亿元, 担负, 胜负).
_BEFORE_FU = frozenset("长速为是至到达率值幅度下：:，,（( ")


def is_negative(folded: str, num_start: int) -> bool:
    """Whether the number at ``num_start`` carries a minus sign (-2.5%, －0.3%, 负8800人): a
    sign right before it, with no digit, Latin letter or point before it that makes it a dash
    (2019-2020, 1-3项, A-5); 负 only after a word that introduces a value; 零下 (零下5℃)."""
    if num_start < 1:
        return False
    if folded.startswith("零下", num_start - 2) and num_start >= 2:
        return True  # 零下5℃: below zero
    before = folded[num_start - 2] if num_start >= 2 else ""
    if folded[num_start - 1] == "负":
        return not before or before in _BEFORE_FU
    return folded[num_start - 1] in _MINUS and not (before and _NOT_BEFORE_MINUS.match(before))
