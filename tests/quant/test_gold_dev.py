"""Acceptance on the development corpus: subjects and speakers of 100 sampled claims, and the
target/outcome pairs of consecutive national work reports (tests/gold, docs/claims_gold.md).

The documents are copied from ../shared/devcorpus with a manifest that gives each its year
(MANIFEST.csv), as a researcher would give them; the tests fail when the corpus is missing.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from cityreports.quant.claims import extract_claims
from cityreports.quant.promises import target_outcome_checks

from ..conftest import DEVCORPUS

GOLD = Path(__file__).parents[1] / "gold"


def _rows(name: str) -> list[dict[str, str]]:
    with open(GOLD / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SUBJECTS = _rows("claim_subjects.csv")
PAIRS = _rows("target_outcome.csv")


@pytest.fixture(scope="module")
def dev_docs(tmp_path_factory):
    """The gold's documents and every national work report, parsed with their years."""
    from cityreports.pipeline import parse_corpus

    manifest = {Path(r["file"]).stem: r for r in _rows_of(DEVCORPUS / "MANIFEST.csv")}
    wanted = {r["doc_id"] for r in SUBJECTS} | {
        d for r in PAIRS for d in (r["target_doc"], r["outcome_doc"])
    }
    wanted |= {stem for stem in manifest if stem.startswith("gwr_national_")}
    folder = tmp_path_factory.mktemp("devgold")
    rows = []
    for stem in sorted(wanted):
        entry = manifest[stem]
        shutil.copy(DEVCORPUS / "docs" / entry["file"], folder / entry["file"])
        rows.append({"doc_id": stem, "file": entry["file"], "year": entry["year"]})
    with open(folder / "corpus.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["doc_id", "file", "year"])
        writer.writeheader()
        writer.writerows(rows)
    corpus = parse_corpus(folder)
    docs = list(corpus.documents)
    return docs, {d.doc_id: extract_claims(d) for d in docs}


def _rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _claim_at(claims, start: int, end: int):
    hits = [c for c in claims if c.start < end and start < c.end]
    return hits[0] if hits else None


def _subject_ok(row: dict[str, str], claim) -> bool:
    """The rules of docs/claims_gold.md: a non-claim must not be extracted; a subject outside
    the sentence must be empty; else the subject is the gold one or an acceptable one."""
    if not row["gold_subject"]:
        if row["note"].startswith("not a claim"):
            return claim is None
        return claim is None or claim.subject == ""
    accepted = {row["gold_subject"]} | {s for s in row["acceptable_subjects"].split("|") if s}
    return claim is not None and claim.subject.replace(" ", "") in accepted


def test_subjects_are_acceptable_for_90_percent(dev_docs):
    _, claims = dev_docs
    ok = [
        _subject_ok(r, _claim_at(claims[r["doc_id"]], int(r["start"]), int(r["end"])))
        for r in SUBJECTS
    ]
    assert len(SUBJECTS) == 100
    assert sum(ok) >= 90, [r["surface"] for r, good in zip(SUBJECTS, ok, strict=True) if not good]


def test_speakers_are_right_for_95_percent_of_those_with_one(dev_docs):
    _, claims = dev_docs
    with_speaker = [r for r in SUBJECTS if r["gold_speaker"]]
    right = []
    for r in with_speaker:
        claim = _claim_at(claims[r["doc_id"]], int(r["start"]), int(r["end"]))
        right.append(claim is not None and claim.speaker == r["gold_speaker"])
    assert with_speaker
    assert sum(right) >= 0.95 * len(with_speaker)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _matches(row: dict, pair: dict[str, str]) -> bool:
    return (
        row["doc_id"] == pair["target_doc"]
        and row["other_doc_id"] == pair["outcome_doc"]
        and _overlaps(row["start"], row["end"], int(pair["target_start"]), int(pair["target_end"]))
        and _overlaps(
            row["other_start"], row["other_end"], int(pair["outcome_start"]),
            int(pair["outcome_end"]),
        )
        and row["status"] == pair["status"]
    )


def test_target_vs_outcome_against_the_gold_pairs(dev_docs):
    """A predicted row counts when its target and outcome spans overlap a gold pair's and its
    status (met | missed | unclear) is the gold one."""
    docs, claims = dev_docs
    national = [d for d in docs if d.doc_id.startswith("gwr_national_")]
    rows = target_outcome_checks(national, claims)
    matched_rows = [r for r in rows if any(_matches(r, p) for p in PAIRS)]
    found = [p for p in PAIRS if any(_matches(r, p) for r in rows)]
    assert len(PAIRS) == 44
    assert len(matched_rows) >= 0.9 * len(rows)
    assert len(found) >= 0.8 * len(PAIRS)


def test_target_vs_outcome_rows_cite_both_spans(dev_docs):
    docs, claims = dev_docs
    by_id = {d.doc_id: d for d in docs}
    rows = target_outcome_checks(docs, claims)
    assert rows
    for r in rows:
        assert r["check"] == "target_vs_outcome"
        assert r["status"] in ("met", "missed", "unclear")
        for doc_id, start, end in (
            (r["doc_id"], r["start"], r["end"]),
            (r["other_doc_id"], r["other_start"], r["other_end"]),
        ):
            assert 0 <= start < end <= len(by_id[doc_id].raw.raw_text)
