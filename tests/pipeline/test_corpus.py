"""End-to-end acceptance of the foundation on the bundled corpus (issue 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from cityreports.errors import ParameterError
from cityreports.pipeline import load_corpus, parse_corpus, parse_documents
from cityreports.records import Corpus

from ..conftest import DATA, GOLD

GOLD_DOCS = [
    line.split(",")[0] for line in (GOLD / "documents.csv").read_text("utf-8").splitlines()[1:]
]


def test_bundled_corpus_has_every_manifest_document(bundled_corpus: Corpus):
    assert bundled_corpus.doc_ids == tuple(sorted(GOLD_DOCS))
    assert bundled_corpus.skipped == ()
    assert len(bundled_corpus.sha256) == 64


@pytest.mark.parametrize("doc_id", GOLD_DOCS)
def test_title_and_year_match_gold(bundled_corpus, gold_documents, doc_id):
    gold = gold_documents.set_index("doc")
    meta = bundled_corpus.get(doc_id).meta
    # titles are given as written in the raw file (traditional stays traditional)
    assert meta.title == gold.loc[doc_id, "title"]
    assert meta.year == int(gold.loc[doc_id, "year"])
    expected_source = gold.loc[doc_id, "year_evidence"].split(" ")[0]
    assert meta.year_source == expected_source


def test_expo_reports_form_one_event_group_and_no_duplicate_group(bundled_corpus):
    assert set(bundled_corpus.duplicate_group.items()) == {(d, d) for d in GOLD_DOCS}
    groups = bundled_corpus.event_group  # two reports of one expo, in other words
    assert groups["000_798e359ce5c0ada4"] == groups["001_32ad9dc1bbeb1af4"]
    others = [groups[d] for d in GOLD_DOCS if not d.startswith(("000", "001"))]
    assert len(set(others)) == len(others)
    assert groups["000_798e359ce5c0ada4"] not in others


def test_block_offsets_index_the_raw_text(bundled_corpus):
    for doc in bundled_corpus:
        raw = doc.raw.raw_text
        for block in doc.blocks:
            assert 0 <= block.start < block.end <= len(raw)
            assert doc.norm.raw_span(block.norm_start, block.norm_end) == (block.start, block.end)
        starts = [b.start for b in doc.blocks]
        assert starts == sorted(starts)


def _copy_corpus(tmp_path: Path, *, encoding: str, newline: str, only: str | None = None) -> Path:
    folder = tmp_path / f"{encoding}-{len(newline)}"
    folder.mkdir()
    for src in sorted((DATA / "raw").glob("*.txt")):
        if only and not src.name.startswith(only):
            continue
        text = src.read_text("utf-8").replace("\n", newline)
        (folder / src.name).write_bytes(text.encode(encoding))
    return folder


def _strip_cr_offsets(raw: str) -> np.ndarray:
    """For each raw offset of a CRLF text, the offset in the same text without CR."""
    is_cr = np.fromiter((c == "\r" for c in raw), dtype=bool, count=len(raw))
    return np.arange(len(raw) + 1) - np.concatenate([[0], np.cumsum(is_cr)])


@pytest.mark.parametrize(
    ("encoding", "newline", "only"),
    [("gb18030", "\n", None), ("big5", "\n", "003"), ("utf-8", "\r\n", None),
     ("gb18030", "\r\n", None), ("utf-16", "\n", None)],
)
def test_reencoded_corpus_gives_same_text_and_offsets(tmp_path, bundled_corpus, encoding,
                                                      newline, only):
    copy = parse_corpus(_copy_corpus(tmp_path, encoding=encoding, newline=newline, only=only))
    assert copy.skipped == ()
    assert len(copy) == (1 if only else len(bundled_corpus))
    for doc in copy:
        original = bundled_corpus.get(doc.doc_id)
        assert doc.norm.text == original.norm.text
        assert doc.norm.script == original.norm.script
        to_lf = _strip_cr_offsets(doc.raw.raw_text)
        assert np.array_equal(to_lf[doc.norm.raw_start], original.norm.raw_start)
        assert [(to_lf[b.start], to_lf[b.end], b.role) for b in doc.blocks] == [
            (b.start, b.end, b.role) for b in original.blocks
        ]
        assert doc.meta == original.meta


def test_workers_give_the_same_documents(bundled_corpus):
    raws = [d.raw for d in bundled_corpus]
    parallel = parse_documents(raws, workers=2)
    assert [d.norm.text for d in parallel] == [d.norm.text for d in bundled_corpus]
    assert [d.blocks for d in parallel] == [d.blocks for d in bundled_corpus]
    assert [d.raw for d in parallel] == raws


def test_workers_give_the_same_tokens_and_groups(bundled_corpus):
    one = parse_corpus(DATA, segment=True)
    two = parse_corpus(DATA, segment=True, workers=2)
    assert [d.tokens for d in two] == [d.tokens for d in one]
    assert all(d.tokens for d in two)
    assert two.duplicate_group == one.duplicate_group == bundled_corpus.duplicate_group
    assert two.event_group == one.event_group == bundled_corpus.event_group
    assert [d.sentences for d in two] == [d.sentences for d in one]


def test_workers_must_be_positive(bundled_corpus):
    with pytest.raises(ParameterError, match="workers"):
        parse_documents([d.raw for d in bundled_corpus], workers=0)


def test_load_corpus_caches_on_content(tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(DATA, folder)
    cache = tmp_path / "cache"
    first = load_corpus(folder, cache_dir=cache)
    assert len(list(cache.glob("corpus-*.json.gz"))) == 1
    again = load_corpus(folder, cache_dir=cache)
    assert again.sha256 == first.sha256
    assert [d.norm.text for d in again] == [d.norm.text for d in first]
    # a changed file is a new corpus: new key, new parse
    victim = sorted((folder / "raw").glob("*.txt"))[0]
    victim.write_text(victim.read_text("utf-8") + "\n新增一段文字。\n", encoding="utf-8")
    changed = load_corpus(folder, cache_dir=cache)
    assert changed.sha256 != first.sha256
    assert len(list(cache.glob("corpus-*.json.gz"))) == 2


@pytest.mark.parametrize("tokens", [(), ("城市",), ("智慧", "城市", "5G"), ("a b", "c"), ("", "x")])
def test_tokens_sent_back_by_workers_round_trip(tokens):
    from cityreports.pipeline.parallel import _pack_tokens, _unpack_tokens

    assert _unpack_tokens(_pack_tokens(tokens)) == tokens
