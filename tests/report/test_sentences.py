"""Interpretation sentences computed from their tables (report.sentences)."""

from __future__ import annotations

import pandas as pd
import pytest

from cityreports.report.sentences import collocations_sentence

COLUMNS = ["period", "collocation", "count", "z"]


def _table(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "No collocation occurs often enough to be scored."),
        ([("all", "智慧 城市", 9, 5.0), ("all", "城市 大脑", 4, 3.0)],
         "The strongest collocations are “智慧 城市” and “城市 大脑”."),
        ([("early", "智慧 城市", 9, 5.0), ("late", "智慧 城市", 3, 4.0),
          ("late", "数字 孪生", 2, 3.5), ("late", "城市 大脑", 2, 2.5)],
         "Strongest collocation by period: early, “智慧 城市” (z = 5.0, 9 times); late, "
         "“智慧 城市” (z = 4.0, 3 times). 2 of the 3 strongest of late are new (not scored in "
         "an earlier period), led by “数字 孪生” and “城市 大脑”."),
        ([("early", "数字 孪生", 1, 2.0), ("late", "数字 孪生", 2, 3.0)],
         "Strongest collocation by period: early, “数字 孪生” (z = 2.0, 1 time); late, "
         "“数字 孪生” (z = 3.0, 2 times)."),
    ],
    ids=["empty", "one-period", "new-in-late", "nothing-new"],
)
def test_collocations_sentence(rows, expected):
    assert collocations_sentence(_table(rows)) == expected


def test_collocations_sentence_counts_only_the_top_of_the_last_period():
    rows = [("early", "a b", 5, 9.0)] + [("late", f"w{i} x", 3, 9.0 - i) for i in range(20)]
    assert " 4 of the 4 strongest " in collocations_sentence(_table(rows), top=4)
