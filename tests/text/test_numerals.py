"""Numerals: Chinese integers, number cores with multipliers and places, and 1:1 folding."""

from __future__ import annotations

import pytest

from cityreports.text.numerals import fold_text, number_value, parse_chinese_integer, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十五", 25),
        ("一百二十", 120),
        ("一百零五", 105),
        ("两千", 2000),
        ("三千五", 3500),
        ("一万二", 12000),
        ("十万", 100000),
        ("一亿二千万", 120000000),
        ("二〇三五", 2035),
        ("两", 2),
        ("零", 0),
    ],
)
def test_chinese_integers(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize("text", ["", "十十", "百一百", "abc", "千百"])
def test_invalid_chinese_integers(text):
    assert parse_chinese_integer(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7.49亿", 749_000_000),
        ("196.98万亿", 196_980_000_000_000),
        ("1,100万", 11_000_000),
        ("3万4000", 34_000),
        ("13万2", 132_000),
        ("11万3,000", 113_000),
        ("２０", 20),
        ("百分之十五", 15),
        ("三分之一", 100 / 3),
        ("9300余万", 93_000_000),
        ("1400万", 14e6),
    ],
)
def test_number_values(text, value):
    assert number_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["1,00,0", "数", "3万40000", "3亿1亿万", "3万5千万", "3亿10000万"]
)
def test_unparseable_numbers(text):
    assert number_value(text) is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("十五六万", 150_000, 160_000), ("二十三四亿", 2.3e9, 2.4e9), ("三两", 2, 3),
     ("十一二百", None, None),  # no such number
     ("十三两", None, None)],  # thirteen liang, not "a few" after ten
)
def test_neighbouring_digits_after_tens(text, low, high):
    parsed = parse_number(text)
    if low is None:
        assert parsed is None
    else:
        assert (parsed.low, parsed.high, parsed.vague) == (low, high, True)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1萬2千", 12000), ("3万4千5百", 34500), ("3万4千5", 34500), ("2万5千", 25000),
     ("3亿5千万", 350_000_000), ("1億2千萬", 120_000_000), ("12亿3400万", 1_234_000_000),
     ("1亿5万", 100_050_000)],
)
def test_mixed_arabic_and_chinese_places(text, value):
    assert number_value(text) == value


def test_fold_is_one_to_one():
    text = "１２萬個場％"
    assert len(fold_text(text)) == len(text)
    assert fold_text(text) == "12万个场%"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("壹佰贰拾叁万肆仟伍佰元整", "一百二十三万四千五百元整"),  # an amount in formal numerals
        ("陆佰伍拾元", "六百五十元"),
        ("陆家嘴金融城", "陆家嘴金融城"),  # 陆, 伍 and 拾 are words and names too
        ("伍先生收拾行李", "伍先生收拾行李"),
        ("大陆五百家企业", "大陆五百家企业"),
    ],
)
def test_formal_numerals_of_an_amount_fold(text, folded):
    assert fold_text(text) == folded
