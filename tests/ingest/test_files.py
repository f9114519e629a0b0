"""Reading hostile corpora: non-regular files, size limits, paths outside the corpus, bad records.

Every case puts one bad entry beside two good reports and asserts the one-line skip message and
that both good reports are read completely (ingest.files, ingest.manifest).
"""

from __future__ import annotations

import csv
import json
import os
import socket
import threading
from pathlib import Path

import pytest

from cityreports.errors import InputError, ParameterError
from cityreports.ingest.files import DEFAULT_MAX_BYTES, read_bytes
from cityreports.ingest.manifest import read_corpus

from .helpers import write as _write

GOOD = {
    "good1.txt": "2023年全市新建5G基站3.2万个，城市大脑覆盖16个区。\n",
    "good2.txt": "政务服务“一网通办”率达到95%，数字经济核心产业增加值增长12%。\n",
}
OUTSIDE_TEXT = "不应被读入的外部文件：密码 12345。\n"


def _good(folder: Path) -> None:
    for name, text in GOOD.items():
        _write(folder / name, text)


def _secret(tmp_path: Path) -> Path:
    return _write(tmp_path / "outside" / "secret.txt", OUTSIDE_TEXT)


def _symlink_to_dev_zero(corpus: Path, tmp_path: Path) -> str:
    os.symlink("/dev/zero", corpus / "z.txt")
    return "z.txt"


def _fifo(corpus: Path, tmp_path: Path) -> str:
    os.mkfifo(corpus / "x.txt")
    return "x.txt"


def _socket(corpus: Path, tmp_path: Path) -> str:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(corpus / "s.txt"))
    server.close()  # the socket file stays
    return "s.txt"


def _broken_symlink(corpus: Path, tmp_path: Path) -> str:
    os.symlink(corpus / "gone.txt", corpus / "broken.txt")
    return "broken.txt"


def _symlink_loop(corpus: Path, tmp_path: Path) -> str:
    os.symlink(corpus / "loop.txt", corpus / "loop.txt")
    return "loop.txt"


def _symlink_outside(corpus: Path, tmp_path: Path) -> str:
    os.symlink(_secret(tmp_path), corpus / "link.txt")
    return "link.txt"


def _symlinked_folder(corpus: Path, tmp_path: Path) -> str:
    _secret(tmp_path)
    os.symlink(tmp_path / "outside", corpus / "linked")
    return "linked"


def _too_large(corpus: Path, tmp_path: Path) -> str:
    _write(corpus / "big.txt", "智" * 1000)  # 3,000 bytes
    return "big.txt"


def _deep_json(corpus: Path, tmp_path: Path) -> str:
    _write(corpus / "deep.json", "[" * 100_000 + "]" * 100_000)
    return "deep.json"


def _empty_json_list(corpus: Path, tmp_path: Path) -> str:
    _write(corpus / "list.json", "[]")
    return "list.json"


def _binary(corpus: Path, tmp_path: Path) -> str:
    _write(corpus / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return "photo.txt"


FOLDER_CASES = [
    # (make the bad entry, its name, read_corpus options, the skip reason)
    (
        _symlink_to_dev_zero,
        "z.txt",
        {},
        "symbolic link to a file outside the corpus folder (/dev/zero), not read "
        "(--allow-outside or allow_outside=True reads it)",
    ),
    (
        _symlink_to_dev_zero,
        "z.txt",
        {"allow_outside": True},
        "not a regular file (a character device), not read",
    ),
    (_fifo, "x.txt", {}, "not a regular file (a FIFO), not read"),
    (_socket, "s.txt", {}, "not a regular file (a socket), not read"),
    (_broken_symlink, "broken.txt", {}, "broken symbolic link"),
    (_symlink_loop, "loop.txt", {}, "cannot read file: Too many levels of symbolic links"),
    (
        _symlink_outside,
        "link.txt",
        {},
        "symbolic link to a file outside the corpus folder ({secret}), not read "
        "(--allow-outside or allow_outside=True reads it)",
    ),
    (_symlinked_folder, "linked", {}, "symbolic link to a folder, not followed"),
    (
        _too_large,
        "big.txt",
        {"max_bytes": 2000},
        "file too large (3,000 bytes > max_bytes 2,000), not read",
    ),
    (_deep_json, "deep.json", {}, "invalid JSON: nested too deeply to read"),
    (_empty_json_list, "list.json", {}, "JSON must be an object or a non-empty list of objects"),
    (_binary, "photo.txt", {}, "binary file, not text"),
]
FOLDER_IDS = [
    "dev-zero", "dev-zero-allowed", "fifo", "socket", "broken-symlink", "symlink-loop",
    "symlink-outside", "symlinked-folder", "too-large", "deep-json", "empty-json-list", "binary",
]


def _read_without_hanging(**kwargs):
    """read_corpus in a daemon thread: a regression that blocks (a FIFO) fails, not hangs."""
    result: dict[str, object] = {}

    def run() -> None:
        try:
            result["value"] = read_corpus(**kwargs)
        except BaseException as exc:  # re-raised below in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(120)  # a hang guard, not a timing assertion: reading takes well under a second
    assert not thread.is_alive(), "read_corpus hangs"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["value"]


@pytest.mark.parametrize(("make", "name", "options", "reason"), FOLDER_CASES, ids=FOLDER_IDS)
def test_bad_entry_beside_good_files(tmp_path, make, name, options, reason):
    corpus = tmp_path / "corpus"
    _good(corpus)
    assert make(corpus, tmp_path) == name
    docs, skipped = _read_without_hanging(source=corpus, **options)
    assert [(d.doc_id, d.raw_text) for d in docs] == [
        (Path(n).stem, text) for n, text in GOOD.items()
    ]
    secret = os.path.realpath(tmp_path / "outside" / "secret.txt")
    assert [(s.path, s.reason) for s in skipped] == [
        (str(corpus / name), reason.format(secret=secret))
    ]
    assert all(OUTSIDE_TEXT not in d.raw_text for d in docs)


def test_symlink_outside_is_read_when_allowed(tmp_path):
    corpus = tmp_path / "corpus"
    _good(corpus)
    _symlink_outside(corpus, tmp_path)
    docs, skipped = read_corpus(corpus, allow_outside=True)
    assert skipped == []
    assert {d.doc_id: d.raw_text for d in docs}["link"] == OUTSIDE_TEXT


def test_jsonl_with_one_bad_line_keeps_the_other_two(tmp_path):
    corpus = tmp_path / "corpus"
    _good(corpus)
    lines = [json.dumps({"content": "第一篇：新建5G基站3.2万个。"}, ensure_ascii=False), "{bad",
             json.dumps({"content": "第三篇：覆盖16个区。"}, ensure_ascii=False)]
    _write(corpus / "news.jsonl", "\n".join(lines) + "\n")
    docs, skipped = read_corpus(corpus)
    assert [d.doc_id for d in docs] == ["good1", "good2", "news#1", "news#3"]
    assert [d.raw_text for d in docs[2:]] == ["第一篇：新建5G基站3.2万个。", "第三篇：覆盖16个区。"]
    ((where, reason),) = [(s.path, s.reason) for s in skipped]
    assert where == f"{corpus / 'news.jsonl'}#2"
    assert reason.startswith("invalid JSON line: Expecting property name")


def _manifest(folder: Path, files: list[str]) -> Path:
    path = folder / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["doc_id", "file"])
        writer.writerows([Path(f).stem, f] for f in files)
    return path


HINT = "not read (--allow-outside or allow_outside=True reads it)"
MANIFEST_CASES = [
    # (how the bad row names the outside file, what a symlink in the folder points to, reason)
    ("../outside/secret.txt", None, "file outside the corpus folder ({secret}), " + HINT),
    ("raw/../../outside/secret.txt", None, "file outside the corpus folder ({secret}), " + HINT),
    ("{secret}", None, "absolute path in manifest row 3, " + HINT),
    ("link.txt", "{secret}", "symbolic link to a file outside the corpus folder ({secret}), "
     + HINT),
]


@pytest.mark.parametrize(("row", "link", "reason"), MANIFEST_CASES,
                         ids=["dotdot", "nested-dotdot", "absolute", "symlink"])
def test_manifest_rows_outside_the_corpus_are_refused(tmp_path, row, link, reason):
    corpus = tmp_path / "corpus"
    _good(corpus)
    secret = os.path.realpath(_secret(tmp_path))
    if link:
        os.symlink(link.format(secret=secret), corpus / "link.txt")
    (corpus / "raw").mkdir()
    row = row.format(secret=secret)
    manifest = _manifest(corpus, [*GOOD, row])
    docs, skipped = read_corpus(corpus)
    assert [(d.doc_id, d.raw_text) for d in docs] == [
        (Path(n).stem, text) for n, text in GOOD.items()
    ]
    expected = reason.format(secret=secret)
    if not expected.startswith("absolute"):
        expected += " (manifest row 3)"
    assert [(s.path, s.reason) for s in skipped] == [(str(corpus / row), expected)]
    docs, skipped = read_corpus(manifest, allow_outside=True)
    assert skipped == []
    assert [d.raw_text for d in docs][-1] == OUTSIDE_TEXT


@pytest.mark.parametrize("source", ["", "   "])
def test_empty_corpus_path_is_an_error(tmp_path, monkeypatch, source):
    monkeypatch.chdir(tmp_path)
    _good(tmp_path)  # the current folder holds reports; they must not be read
    with pytest.raises(ParameterError) as info:
        read_corpus(source)
    assert str(info.value) == (
        "parameter 'corpus': empty path (give a folder, manifest CSV or file)"
    )


@pytest.mark.parametrize("max_bytes", [0, -1, True, "10", 1.5, None])
def test_max_bytes_must_be_a_positive_integer(tmp_path, max_bytes):
    _good(tmp_path)
    with pytest.raises(ParameterError, match="max_bytes"):
        read_corpus(tmp_path, max_bytes=max_bytes)


def test_default_size_limit_is_200_mb():
    assert DEFAULT_MAX_BYTES == 200_000_000


@pytest.mark.parametrize(
    ("size", "max_bytes", "prefix", "expected"),
    [(10, 10, None, 10), (10, 100, 4, 4), (10, 9, None, None), (10, 9, 4, None)],
)
def test_read_bytes_limits(tmp_path, size, max_bytes, prefix, expected):
    path = _write(tmp_path / "a.bin", bytes(size))
    if expected is None:
        with pytest.raises(InputError, match=r"file too large \(10 bytes > max_bytes 9\)"):
            read_bytes(path, max_bytes=max_bytes, prefix=prefix)
    else:
        assert len(read_bytes(path, max_bytes=max_bytes, prefix=prefix)) == expected
