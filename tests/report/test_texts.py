"""Writing the texts that offsets index (report.texts, ``cityreports extract --texts``)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from cityreports import cli as cli_module
from cityreports.cli import main
from cityreports.errors import ParameterError
from cityreports.records import RawDocument
from cityreports.report.texts import is_texts_folder, text_file_names, write_texts

from ..pipeline.hostile import GOOD, write_corpus


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
    (folder / "texts.csv").write_text("doc_id,file\nstale,stale.txt\n")
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


@pytest.mark.parametrize(
    ("files", "replaceable"),
    [
        ({}, True),
        ({"texts.csv": "doc_id\n", "a.txt": "x"}, True),
        ({"a.txt": "x", "b.txt": "y"}, False),  # a folder of someone's texts, no index
        ({"texts.csv": "doc_id\n", "notes.md": "mine"}, False),
        ({"texts.csv": "doc_id\n", "sub/a.txt": "x"}, False),
    ],
    ids=["empty", "written", "no-index", "other-file", "subfolder"],
)
def test_only_an_empty_or_written_texts_folder_is_replaced(tmp_path, files, replaceable):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    assert is_texts_folder(folder) is replaceable
    if replaceable:
        write_texts([_raw("a", "新")], folder)
        assert (folder / "a.txt").read_text("utf-8") == "新"
    else:
        with pytest.raises(ParameterError, match="holds files this run did not write"):
            write_texts([_raw("a", "新")], folder)
        assert {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} \
            == set(files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["texts"]


def _extract(corpus, out, texts, *extra):
    return main(["extract", str(corpus), "--out", str(out), "--texts", str(texts),
                 "--no-progress", "--no-tokens", *extra])


def _mine(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("my own notes")
    return folder


@pytest.mark.parametrize(
    ("texts", "problem"),
    [
        (lambda t: t / "file.txt", "exists and is not a folder"),
        (_mine, "holds files this run did not write"),
        (lambda t: t / "w" / "out", "overlap"),
        (lambda t: t / "w" / "out" / "texts", "overlap"),
        (lambda t: t / "w", "overlap"),
        (lambda t: t / "c", "holds the corpus"),
    ],
    ids=["file", "other-files", "same-as-out", "inside-out", "holds-out", "holds-corpus"],
)
def test_a_bad_texts_folder_is_refused_before_reading(tmp_path, capsys, texts, problem):
    corpus = write_corpus(tmp_path / "c")
    (tmp_path / "file.txt").write_text("a file")
    target = texts(tmp_path)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert _extract(corpus, tmp_path / "w" / "out", target) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "texts" in err[0] and problem in err[0]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def _extract_until_killed(corpus, out, texts, started) -> None:
    """``extract --texts`` in a forked child, stopped for good with both folders staged."""
    real = cli_module.extract_sharded

    def write_then_stop(source, folder, **options):
        summary = real(source, folder, **options)
        started.set()
        time.sleep(600)
        return summary

    cli_module.extract_sharded = write_then_stop
    _extract(corpus, out, texts)


def test_killing_extract_leaves_the_old_texts_and_tables_intact(tmp_path):
    corpus, out, texts = write_corpus(tmp_path / "c"), tmp_path / "out", tmp_path / "texts"
    assert _extract(corpus, out, texts) == 0
    snapshot = {f: {p.name: p.read_bytes() for p in f.iterdir()} for f in (out, texts)}
    (corpus / "c_more.txt").write_text("深圳市智慧城市建设取得新进展。\n", encoding="utf-8")
    context = multiprocessing.get_context("fork")
    started = context.Event()
    child = context.Process(target=_extract_until_killed, args=(corpus, out, texts, started))
    child.start()
    assert started.wait(120)
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    assert {f: {p.name: p.read_bytes() for p in f.iterdir()} for f in (out, texts)} == snapshot
    assert _extract(corpus, out, texts) == 0  # the next run clears the leftovers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out", "texts"]
    index = pd.read_csv(texts / "texts.csv", dtype=str, keep_default_na=False)
    assert sorted(index["doc_id"]) == sorted([*(Path(n).stem for n in GOOD), "c_more"])
