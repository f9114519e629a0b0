"""The figure and table labels of report/style (resources/labels.tsv)."""

from __future__ import annotations

import pytest

from cityreports.errors import InputError, ParameterError
from cityreports.report import style
from cityreports.report.style import LABELS, label


@pytest.mark.parametrize(
    ("key", "lang", "text"),
    [("year", "en", "Year"), ("year", "zh", "年份"), ("more_than", "zh", "超过"),
     ("not_a_key", "zh", "not_a_key")],
)  # fmt: skip
def test_a_label_is_read_from_the_table_and_an_unknown_key_is_itself(key, lang, text):
    assert label(key, lang=lang) == text


def test_a_backslash_n_in_the_table_is_a_line_break():
    multi = [key for key, pair in LABELS.items() if any("\n" in text for text in pair)]
    assert multi and all("\\n" not in text for pair in LABELS.values() for text in pair)


def test_every_key_has_both_labels_and_the_mapping_behaves_as_one():
    assert len(LABELS) == len(list(LABELS)) > 50
    assert all(en and zh for en, zh in LABELS.values())
    assert "year" in LABELS and "nope" not in LABELS


def test_a_language_outside_en_and_zh_is_refused():
    with pytest.raises(ParameterError, match="lang"):
        label("year", lang="fr")


@pytest.mark.parametrize(
    "rows", ["year\tYear\n", "year\tYear\t年份\nyear\tYear\t年\n", "\tYear\t年份\n"]
)
def test_a_bad_row_names_the_file_and_line(monkeypatch, rows):
    text = "key\ten\tzh\n" + rows
    monkeypatch.setattr(style, "read_resource", lambda name: (text, "labels.tsv", ""))
    style._label_table.cache_clear()
    try:
        with pytest.raises(InputError, match=r"labels\.tsv:\d"):
            style._label_table()
    finally:
        style._label_table.cache_clear()
