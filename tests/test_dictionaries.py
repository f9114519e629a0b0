"""Dictionaries from CSV, TSV, Excel and LIWC .dic files, usable wherever a codebook is."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cityreports.analyses.themes import themes_by_doc, themes_by_year
from cityreports.codebooks import codebook_issues, load_codebook, read_dictionary
from cityreports.errors import InputError

#: (theme, term, exclude) rows of one dictionary, written in every format below.
ROWS = [
    ("智慧城市", "智慧城市", ""),
    ("智慧城市", "新型智慧城市", ""),
    ("数据", "大数据", ""),
    ("数据", "数据共享", ""),
    ("数据", "大数据局", "1"),
    ("绿色", "绿色", ""),
    ("绿色", "低碳", ""),
    ("绿色", "绿色通道", "yes"),
]


def write_csv(path: Path, rows=ROWS, sep=",") -> Path:
    lines = [sep.join(["theme", "term", "exclude"])] + [sep.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path: Path, rows=ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Theme", "Term", "Exclude"])
    for row in rows:
        sheet.append([row[0], row[1], int(row[2] == "1") if row[2] == "1" else row[2] or None])
    book.save(path)
    return path


def write_dic(path: Path, rows=ROWS) -> Path:
    """LIWC form: a .dic has no exclusions, so they are left out (and from the others too)."""
    names = list(dict.fromkeys(r[0] for r in rows))
    lines = ["%", *(f"{i}\t{n}" for i, n in enumerate(names, 1)), "%"]
    for theme, term, exclude in rows:
        if not exclude:
            lines.append(f"{term}\t{names.index(theme) + 1}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


WRITERS = {
    "book.csv": write_csv,
    "book.tsv": lambda p, rows=ROWS: write_csv(p, rows, sep="\t"),
    "book.xlsx": write_xlsx,
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_tabular_dictionaries_load_the_same_codebook(tmp_path, name):
    book = load_codebook(WRITERS[name](tmp_path / name))
    assert book.ids == ("智慧城市", "数据", "绿色")
    assert book.get("数据").terms == ("大数据", "数据共享")
    assert book.get("数据").exclude == ("大数据局",)
    assert book.get("绿色").exclude == ("绿色通道",)
    assert book.version and book.path.endswith(name)


def test_csv_xlsx_and_dic_with_the_same_content_give_identical_theme_tables(
    tmp_path, bundled_corpus
):
    rows = [r for r in ROWS if not r[2]]  # the content a .dic can hold
    books = {
        "csv": load_codebook(write_csv(tmp_path / "d.csv", rows)),
        "xlsx": load_codebook(write_xlsx(tmp_path / "d.xlsx", rows)),
        "dic": load_codebook(write_dic(tmp_path / "d.dic", rows)),
    }
    docs = {k: themes_by_doc(bundled_corpus, b) for k, b in books.items()}
    years = {k: themes_by_year(bundled_corpus, b, n_boot=50) for k, b in books.items()}
    assert docs["csv"].hits.sum() > 0
    for kind in ("xlsx", "dic"):
        pd.testing.assert_frame_equal(docs[kind], docs["csv"])
        pd.testing.assert_frame_equal(years[kind], years["csv"])


def test_wide_sheet_one_column_per_theme(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("数据,绿色\n大数据,低碳\n数据共享,\n", encoding="utf-8")
    book = load_codebook(path)
    assert book.ids == ("数据", "绿色")
    assert book.get("数据").terms == ("大数据", "数据共享")
    assert book.get("绿色").terms == ("低碳",)


def test_liwc_wildcards_and_several_categories(tmp_path):
    path = tmp_path / "liwc.dic"
    path.write_text("%\n1\t数字\n2\t治理\n%\n数字化*\t1\n数字治理\t1\t2\n", encoding="utf-8")
    book = read_dictionary(path)
    assert book.get("数字").terms == ("数字化", "数字治理")
    assert book.get("治理").terms == ("数字治理",)


BAD = [
    ("dup.csv", "theme,term\n数据,大数据\n数据,大数据\n", "row 3: duplicate term '大数据'"),
    ("space.csv", "theme,term\n数据,大 数据\n", "row 2: term '大 数据' contains whitespace"),
    ("empty_theme.csv", "theme,term\n,大数据\n", "row 2: empty theme name"),
    ("only_exclude.csv", "theme,term,exclude\n数据,大数据局,1\n", "theme '数据' has no terms"),
    ("unrelated.csv", "theme,term,exclude\n绿色,绿色,\n绿色,蓝天,1\n", "none of the terms"),
    ("nothing.csv", "", "no header row"),
    ("no_rows.tsv", "theme\tterm\n", "no themes"),
    ("nohead.dic", "数据\t1\n", "two '%' lines"),
    ("unknown.dic", "%\n1\t数据\n%\n大数据\t2\n", "line 4: unknown category '2'"),
    ("empty.dic", "%\n1\t数据\n2\t绿色\n%\n大数据\t1\n", "theme '绿色' has no terms"),
    ("bad.xlsx", "not a workbook", "not a readable .xlsx"),
    ("book.json", "{}", "unknown dictionary format"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD)
def test_bad_dictionaries_are_one_line_errors_naming_the_file(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_dictionary(path)
    assert name in str(info.value) and "\n" not in str(info.value)


def test_codebook_issues_report_shared_and_nested_terms(tmp_path):
    rows = [("a", "智慧城市", ""), ("b", "新型智慧城市", ""), ("c", "智慧城市", "")]
    issues = codebook_issues(load_codebook(write_csv(tmp_path / "i.csv", rows)))
    got = set(zip(issues.issue, issues.entry, issues.term, issues.other_entry, strict=True))
    assert ("shared_term", "a", "智慧城市", "c") in got
    assert ("nested_term", "b", "新型智慧城市", "a") in got
    assert ("nested_term", "b", "新型智慧城市", "c") in got


def test_packaged_codebook_issues_are_a_tidy_table():
    issues = codebook_issues(load_codebook())
    assert list(issues.columns) == ["issue", "entry", "term", "other_entry", "other_term",
                                    "detail"]
    assert set(issues.issue) <= {"shared_term", "nested_term"}
