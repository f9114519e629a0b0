"""Writing the texts that offsets index (report.texts, ``cityreports extract --texts``)."""

from __future__ import annotations

import pandas as pd
import pytest

from cityreports.errors import ParameterError
from cityreports.records import RawDocument
from cityreports.report.texts import text_file_names, write_texts


@pytest.mark.parametrize(
    ("doc_ids", "names"),
    [
        (["news#3", "raw/a", "报告 2024"], ["news_3.txt", "raw_a.txt", "报告_2024.txt"]),
        (["a/b", "a_b", "A_B", "a#b"], ["a_b.txt", "a_b~2.txt", "A_B~3.txt", "a_b~4.txt"]),
        (["../../etc/passwd", "..", "texts"], ["etc_passwd.txt", "document.txt", "texts.txt"]),
        (["x" * 300], ["x" * 120 + ".txt"]),
    ],
    ids=["unsafe", "collisions", "traversal", "long"],
)
def test_text_file_names_are_safe_and_unique(doc_ids, names):
    assert list(text_file_names(doc_ids).values()) == names


def _raw(doc_id: str, text: str) -> RawDocument:
    return RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "0" * 64, text,
                       {"text_source": "file"})


def test_write_texts_replaces_the_folder_and_keeps_bytes(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "stale.txt").write_text("old")
    raws = [_raw("b#2", "第一行\r\n第二行\r"), _raw("a", "智慧\u200b城市")]
    index = write_texts(raws, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b_2.txt", "texts.csv"]
    assert (folder / "b_2.txt").read_bytes() == "第一行\r\n第二行\r".encode()
    assert list(index["doc_id"]) == ["a", "b#2"]
    assert list(index["n_chars"]) == [len("智慧\u200b城市"), len("第一行\r\n第二行\r")]
    on_disk = pd.read_csv(folder / "texts.csv", dtype=str, keep_default_na=False)
    assert list(on_disk["file"]) == ["a.txt", "b_2.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".texts")]


def test_write_texts_refuses_a_file(tmp_path):
    (tmp_path / "texts").write_text("not a folder")
    with pytest.raises(ParameterError, match="is not a folder"):
        write_texts([_raw("a", "x")], tmp_path / "texts")
