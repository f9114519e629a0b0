"""The parsed-corpus cache holds data, never code: planted pickles, truncated, corrupt and
foreign entries are ignored with a warning and rebuilt; claims are cached with the parse."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import shutil
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

from cityreports.ingest.manifest import read_corpus
from cityreports.pipeline import cache as cache_module
from cityreports.pipeline import load_corpus, parse_corpus
from cityreports.pipeline.cache import cache_file, cache_key, decode_corpus, encode_corpus

from ..conftest import DATA
from .hostile import SLOW, write_corpus

PLANTED = "planted-by-a-pickle"


class _Exploit:
    """Unpickling this creates a file: proof that a pickle ran."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def _corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


def _entry(folder: Path, corpus: Path) -> Path:
    raws, _ = read_corpus(corpus)
    return cache_file(folder, cache_key(raws, text_field=None))


def _same(a, b) -> bool:
    return [(d.raw, d.norm.text, d.blocks, d.sentences, d.meta, d.claims, d.enumerations)
            for d in a] == [(d.raw, d.norm.text, d.blocks, d.sentences, d.meta, d.claims,
                             d.enumerations) for d in b] and all(
        np.array_equal(x.norm.raw_start, y.norm.raw_start)
        and np.array_equal(x.norm.raw_end, y.norm.raw_end) for x, y in zip(a, b, strict=True))


def test_the_cache_round_trips_the_corpus_with_claims(tmp_path):
    corpus = parse_corpus(DATA)
    again = decode_corpus(encode_corpus(corpus), [d.raw for d in corpus])
    assert _same(again, corpus)
    assert all(d.claims is not None for d in again) and sum(len(d.claims) for d in again) > 0
    assert (again.skipped, again.duplicate_group, again.sha256, again.source) == (
        corpus.skipped, corpus.duplicate_group, corpus.sha256, corpus.source)


def test_a_warm_load_parses_nothing(tmp_path, monkeypatch):
    corpus, folder = _corpus(tmp_path), tmp_path / "cache"
    first = load_corpus(corpus, cache_dir=folder)
    assert _entry(folder, corpus).is_file()

    def refuse(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(cache_module, "corpus_from_raws", refuse)
    assert _same(load_corpus(corpus, cache_dir=folder), first)


def _pickle_bytes(marker: Path) -> bytes:
    return pickle.dumps(_Exploit(str(marker)))


@pytest.mark.parametrize(
    "plant",
    [
        "pickle under the old name",
        "pickle under the new name",
        "gzipped pickle under the new name",
        "truncated",
        "payload changed",
        "other key in header",
        "empty",
    ],
)
def test_bad_cache_entries_run_nothing_and_are_rebuilt(tmp_path, plant, monkeypatch):
    corpus, folder = _corpus(tmp_path), tmp_path / "cache"
    marker = tmp_path / PLANTED
    expected = parse_corpus(corpus)
    entry = _entry(folder, corpus)
    load_corpus(corpus, cache_dir=folder)
    good = entry.read_bytes()
    if plant == "pickle under the old name":
        raws, _ = read_corpus(corpus)
        key = cache_key(raws, text_field=None)
        for name in (f"corpus-{key}.pickle", f"corpus-{key[:24]}.pickle"):
            (folder / name).write_bytes(_pickle_bytes(marker))
        entry.unlink()
    elif plant == "pickle under the new name":
        entry.write_bytes(_pickle_bytes(marker))
    elif plant == "gzipped pickle under the new name":
        entry.write_bytes(gzip.compress(_pickle_bytes(marker)))
    elif plant == "truncated":
        entry.write_bytes(good[: len(good) // 2])
    elif plant == "payload changed":
        header, _, payload = gzip.decompress(good).partition(b"\n")
        entry.write_bytes(gzip.compress(header + b"\n" + payload.replace(b"2022", b"2032")))
    elif plant == "other key in header":
        header, _, payload = gzip.decompress(good).partition(b"\n")
        fields = json.loads(header)
        fields["key"] = "0" * 32
        entry.write_bytes(gzip.compress(json.dumps(fields).encode() + b"\n" + payload))
    else:
        entry.write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = load_corpus(corpus, cache_dir=folder)
    assert not marker.exists()  # no pickle was ever loaded
    assert _same(loaded, expected)
    ignoring = [str(w.message) for w in caught if "ignoring the corpus cache" in str(w.message)]
    assert len(ignoring) == (0 if plant == "pickle under the old name" else 1)
    assert entry.read_bytes() != b"" and not marker.exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rebuilt: the next load is clean
        assert _same(load_corpus(corpus, cache_dir=folder), expected)


def test_a_changed_file_or_manifest_field_is_a_new_entry(tmp_path):
    folder = tmp_path / "cache"
    bundled = tmp_path / "bundled"
    shutil.copytree(DATA, bundled)
    first = load_corpus(bundled, cache_dir=folder)
    manifest = bundled / "corpus.csv"
    text = manifest.read_text("utf-8")
    manifest.write_text(text.replace("raw/000_798e359ce5c0ada4.txt,,",
                                     "raw/000_798e359ce5c0ada4.txt,新华社,"), encoding="utf-8")
    curated = load_corpus(bundled, cache_dir=folder)
    assert curated.get("000_798e359ce5c0ada4").meta.source == "新华社"
    assert first.get("000_798e359ce5c0ada4").meta.source != "新华社"
    victim = sorted((bundled / "raw").glob("*.txt"))[-1]
    victim.write_text(victim.read_text("utf-8") + "新增一段文字。\n", encoding="utf-8")
    changed = load_corpus(bundled, cache_dir=folder)
    assert changed.sha256 != first.sha256
    assert len(list(folder.glob("corpus-*.json.gz"))) == 3


def test_a_corpus_cut_short_by_the_time_limit_is_not_cached(tmp_path, sabotaged):
    corpus = write_corpus(tmp_path / "c", **{"n_slow.txt": f"{SLOW}。\n"})
    folder = tmp_path / "cache"
    loaded = load_corpus(corpus, cache_dir=folder, time_limit=1)
    assert [Path(s.path).name for s in loaded.skipped] == ["n_slow.txt"]
    assert not list(folder.glob("corpus-*"))


def test_stale_temporary_files_are_removed(tmp_path):
    corpus, folder = _corpus(tmp_path), tmp_path / "cache"
    folder.mkdir()
    stale, fresh = folder / ".corpus-x.json.gz.abc.tmp", folder / ".corpus-y.json.gz.def.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - 2 * cache_module.STALE_SECONDS
    os.utime(stale, (old, old))
    load_corpus(corpus, cache_dir=folder)
    assert not stale.exists() and fresh.exists()
