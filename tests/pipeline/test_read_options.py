"""Every way into a corpus takes the read options: ``max_bytes`` and ``allow_outside``.

``parse_corpus``, ``load_corpus``, ``extract_sharded`` and ``cityreports extract`` (as
``--max-bytes`` and ``--allow-outside``) read the same files and skip the same ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cityreports.cli import main
from cityreports.errors import ParameterError
from cityreports.pipeline import load_corpus, parse_corpus
from cityreports.report.sharded import extract_sharded

from .hostile import GOOD, write_corpus

GOOD_IDS = sorted(Path(name).stem for name in GOOD)
#: A report of a few KB (each good report is under 300 bytes).
BIG = "杭州市数据资源管理局关于推进城市数字化转型的通知\n\n" + "建设城市大脑，完善数据共享。" * 200
SECRET = "机密文件：这段文字只在语料库之外。\n"
LIMIT = 2_000


def _corpus(tmp_path: Path) -> Path:
    corpus = write_corpus(tmp_path / "corpus", **{"m_big.txt": BIG})
    outside = tmp_path / "elsewhere" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text(SECRET, encoding="utf-8")
    (corpus / "n_link.txt").symlink_to(outside)
    return corpus


def _via_parse(corpus, tmp_path, **options):
    parsed = parse_corpus(corpus, claims=False, **options)
    return sorted(d.doc_id for d in parsed.documents), [s.path for s in parsed.skipped]


def _via_load(corpus, tmp_path, **options):
    parsed = load_corpus(corpus, cache_dir=tmp_path / "cache", **options)
    return sorted(d.doc_id for d in parsed.documents), [s.path for s in parsed.skipped]


def _via_sharded(corpus, tmp_path, **options):
    summary = extract_sharded(corpus, tmp_path / "out", segment=False, claims=False, **options)
    documents = pd.read_csv(tmp_path / "out" / "documents.csv", dtype=str)
    return sorted(documents["doc_id"]), [s.path for s in summary.skipped]


def _via_cli(corpus, tmp_path, **options):
    flags = []
    if "max_bytes" in options:
        flags += ["--max-bytes", str(options["max_bytes"])]
    if options.get("allow_outside"):
        flags.append("--allow-outside")
    out = tmp_path / "out"
    assert main(["extract", str(corpus), "--out", str(out), "--no-progress", "--no-tokens",
                 "--no-claims", *flags]) == 0
    documents = pd.read_csv(out / "documents.csv", dtype=str)
    report = json.loads((out / "report.json").read_text("utf-8"))
    return sorted(documents["doc_id"]), [s["path"] for s in report["skipped"]]


ENTRY_POINTS = {"parse_corpus": _via_parse, "load_corpus": _via_load,
                "extract_sharded": _via_sharded, "cli": _via_cli}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("options", "read", "skipped"),
    [
        ({}, [*GOOD_IDS, "m_big"], ["n_link.txt"]),
        ({"max_bytes": LIMIT}, GOOD_IDS, ["m_big.txt", "n_link.txt"]),
        ({"allow_outside": True}, [*GOOD_IDS, "m_big", "n_link"], []),
        ({"max_bytes": LIMIT, "allow_outside": True}, [*GOOD_IDS, "n_link"], ["m_big.txt"]),
    ],
)
def test_read_options_reach_the_reader(tmp_path, entry, options, read, skipped):
    corpus = _corpus(tmp_path)
    docs, skips = ENTRY_POINTS[entry](corpus, tmp_path, **options)
    assert docs == sorted(read)
    assert sorted(Path(p).name for p in skips) == skipped


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("max_bytes", [0, -5])
def test_a_bad_max_bytes_is_refused_before_reading(tmp_path, entry, max_bytes, capsys):
    corpus = _corpus(tmp_path)
    if entry == "cli":
        assert main(["extract", str(corpus), "--out", str(tmp_path / "out"),
                     "--max-bytes", str(max_bytes)]) != 0
        assert "max_bytes" in capsys.readouterr().err
    else:
        with pytest.raises(ParameterError, match="max_bytes"):
            ENTRY_POINTS[entry](corpus, tmp_path, max_bytes=max_bytes)
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "cache").exists()
