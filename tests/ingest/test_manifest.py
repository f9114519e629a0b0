"""Reading corpora: folders, manifests, duplicate doc_ids, single files (ingest.manifest)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cityreports.errors import InputError
from cityreports.ingest.manifest import read_corpus

from ..conftest import DATA
from .helpers import write as _write


def test_bundled_data_folder_is_read_through_its_manifest():
    docs, skipped = read_corpus(DATA)
    with (DATA / "corpus.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert skipped == []
    assert [d.doc_id for d in docs] == sorted(row["doc_id"] for row in manifest)
    for doc, row in zip(docs, sorted(manifest, key=lambda r: r["doc_id"]), strict=True):
        assert doc.raw_text == (DATA / row["file"]).read_text("utf-8")
        assert "notes" not in doc.metadata  # notes are for curators, not metadata


def test_folder_corpus(tmp_path):
    _write(tmp_path / "b" / "r10.txt", "第十篇")
    _write(tmp_path / "b" / "r2.txt", "第二篇")
    _write(tmp_path / "a.jsonl", '{"text": "一"}\n{"title": "no text"}\n{"text": "三"}\n')
    _write(tmp_path / ".hidden.txt", "隐藏")
    _write(tmp_path / ".git" / "x.txt", "隐藏")
    _write(tmp_path / "empty.txt", b"")
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    docs, skipped = read_corpus(tmp_path)
    assert [d.doc_id for d in docs] == ["a#1", "a#3", "b/r10", "b/r2"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons == {
        "a.jsonl#2": "missing text field (tried content, text, body, 正文, 内容, 內容, 全文)",
        "empty.txt": "empty file",
        "notes.docx": "corrupt DOCX: truncated or damaged zip archive",
    }
    with pytest.raises(InputError, match="a.jsonl#2: missing text field"):
        read_corpus(tmp_path, strict=True)


def test_files_differing_only_by_suffix_keep_it_in_their_doc_ids(tmp_path):
    _write(tmp_path / "r.md", "智慧城市一")
    _write(tmp_path / "r.txt", "智慧城市二")
    _write(tmp_path / "s.txt", "智慧城市三")
    docs, skipped = read_corpus(tmp_path)
    assert [(d.doc_id, d.raw_text) for d in docs] == [
        ("r.md", "智慧城市一"), ("r.txt", "智慧城市二"), ("s", "智慧城市三")
    ]
    assert skipped == []


def test_duplicate_doc_id_keeps_the_first(tmp_path):
    first = _write(tmp_path / "raw" / "a.txt", "智慧城市一")
    second = _write(tmp_path / "raw" / "b.txt", "智慧城市二")
    rows = [{"doc_id": "r", "file": "raw/a.txt"}, {"doc_id": "r", "file": "raw/b.txt"}]
    _manifest(tmp_path, rows)
    docs, skipped = read_corpus(tmp_path)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("r", "智慧城市一")]
    assert skipped[0].path == str(second)
    assert skipped[0].reason == f"duplicate doc_id 'r' (first: {first})"
    with pytest.raises(InputError, match="duplicate doc_id 'r'"):
        read_corpus(tmp_path, strict=True)


def _manifest(tmp_path: Path, rows: list[dict[str, str]], *, name: str = "corpus.csv") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_manifest_overrides_doc_id_and_metadata(tmp_path):
    front = "---\ntitle: 文件标题\nsource: 文件来源\n---\n"
    _write(tmp_path / "raw" / "x.md", front + "正文")
    _write(tmp_path / "raw" / "y.txt", "另一篇")
    _write(tmp_path / "raw" / "unlisted.txt", "不在清单")
    _write(tmp_path / "raw" / "many.jsonl", '{"text": "甲"}\n{"text": "乙"}\n')
    rows = [
        {"doc_id": "X", "file": "raw/x.md", "Title": "", "Date": "2016-04-19", "notes": "n"},
        {"doc_id": "", "file": "raw/y.txt", "Title": "清单标题", "Date": "", "notes": ""},
        {"doc_id": "M", "file": "raw/many.jsonl", "Title": "", "Date": "", "notes": ""},
        {"doc_id": "Z", "file": "raw/missing.txt", "Title": "", "Date": "", "notes": ""},
    ]
    manifest = _manifest(tmp_path, rows)
    for source in (tmp_path, manifest):
        docs, skipped = read_corpus(source)
        by_id = {d.doc_id: d for d in docs}
        assert list(by_id) == ["M#1", "M#2", "X", "raw/y"]
        assert dict(by_id["X"].metadata) == {
            "title": "文件标题",
            "source": "文件来源",
            "date": "2016-04-19",
            "manifest_fields": "date",
            "text_source": "file",
            "front_matter_end": str(len(front)),
        }
        assert dict(by_id["raw/y"].metadata) == {
            "title": "清单标题", "manifest_fields": "title", "text_source": "file"
        }
        assert dict(by_id["M#2"].metadata) == {"text_source": "text"}
        assert [(Path(s.path).name, s.reason) for s in skipped] == [
            ("missing.txt", "file not found (manifest row 4)")
        ]


def test_manifest_file_outside_its_folder_needs_allow_outside_and_a_doc_id(tmp_path):
    _write(tmp_path / "elsewhere" / "a.txt", "智慧城市")
    _write(tmp_path / "elsewhere" / "b.txt", "数字政府")
    rows = [
        {"doc_id": "", "file": "../elsewhere/a.txt"},
        {"doc_id": "B", "file": "../elsewhere/b.txt"},
    ]
    manifest = _manifest(tmp_path / "corpus", rows)
    docs, skipped = read_corpus(manifest)
    assert docs == []
    assert [s.reason for s in skipped] == [
        f"file outside the corpus folder ({tmp_path.resolve() / 'elsewhere' / name}), "
        f"not read (--allow-outside or allow_outside=True reads it) (manifest row {n})"
        for n, name in ((1, "a.txt"), (2, "b.txt"))
    ]
    docs, skipped = read_corpus(manifest, allow_outside=True)
    assert [(d.doc_id, d.raw_text) for d in docs] == [("B", "数字政府")]
    assert [s.reason for s in skipped] == [
        "file outside the manifest folder (row 1) needs a doc_id"
    ]


def test_manifest_without_file_column(tmp_path):
    _manifest(tmp_path, [{"doc_id": "a", "path": "a.txt"}])
    with pytest.raises(InputError, match="corpus.csv: manifest has no 'file' column"):
        read_corpus(tmp_path)


def test_single_data_file_as_source(tmp_path):
    path = _write(tmp_path / "news.jsonl", '{"content": "一"}\n{"content": "二"}\n')
    docs, skipped = read_corpus(path)
    assert [d.doc_id for d in docs] == ["news#1", "news#2"]
    assert skipped == []


def test_missing_source(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus(tmp_path / "nowhere")
