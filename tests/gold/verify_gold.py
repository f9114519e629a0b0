"""Check the hand-made gold files against the development corpus.

    python tests/gold/verify_gold.py [--corpus DIR]

DIR is the corpus folder holding the documents (default: $CITYREPORTS_DEVCORPUS, else
/work/shared/devcorpus/docs). Offsets are Python str offsets, end exclusive, into the file read
as UTF-8 with line endings kept (``newline=''``); for the Tainan ``.json`` press releases they
index the decoded ``content`` string of the record.

Checked for every row:

- target_outcome.csv: ``text[start:end] == surface`` for the target and the outcome; the
  sentence is a verbatim substring of the document that covers the span and holds no 。；！？
  before its last character; the header; the qualifier/bound pattern; and the status follows
  the rules of docs/claims_gold.md from the bounds and the outcome value.
- claim_subjects.csv: ``text[start:end] == surface``; the header; gold_subject and every
  acceptable subject are substrings of the sentence column (the extractor's normalised
  sentence); gold_subject is empty only with a note starting "not a claim:" or "subject outside
  the sentence:"; no duplicate (doc_id, start, end).

Exits 1 and lists the problems when anything fails, 0 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path(os.environ.get("CITYREPORTS_DEVCORPUS", "/work/shared/devcorpus/docs"))

TARGET_COLUMNS = (
    "indicator,target_doc,target_start,target_end,target_surface,target_sentence,target_low,"
    "target_high,target_qualifier,target_unit,outcome_doc,outcome_start,outcome_end,"
    "outcome_surface,outcome_sentence,outcome_value,outcome_unit,status,note"
).split(",")
SUBJECT_COLUMNS = (
    "doc_id,start,end,surface,sentence,extractor_subject,extractor_speaker,gold_subject,"
    "acceptable_subjects,gold_speaker,note"
).split(",")
QUALIFIERS = {"exact", "approx", "more_than", "less_than", "range"}
STATUSES = {"met", "missed", "unclear"}
SENTENCE_END = "。；！？"
# the only reasons a claim_subjects row may have no gold_subject
EMPTY_SUBJECT_NOTES = ("not a claim:", "subject outside the sentence:")
# rates are compared in percentage points; everything else relative
RATE_UNITS = {"%": 1.0, "‰": 0.1}
APPROX_PP = 0.5
APPROX_REL = 0.05


class Corpus:
    def __init__(self, root: Path):
        self.root = root
        self._cache: dict[str, str] = {}

    def text(self, doc_id: str) -> str:
        if doc_id not in self._cache:
            txt = self.root / f"{doc_id}.txt"
            js = self.root / f"{doc_id}.json"
            if txt.exists():
                with open(txt, encoding="utf-8", newline="") as fh:
                    self._cache[doc_id] = fh.read()
            elif js.exists():
                with open(js, encoding="utf-8") as fh:
                    self._cache[doc_id] = json.load(fh)["content"]
            else:
                raise FileNotFoundError(f"no {doc_id}.txt or {doc_id}.json in {self.root}")
        return self._cache[doc_id]


def read_rows(path: Path, columns: list[str], problems: list[str]) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != columns:
            problems.append(f"{path.name}: header {reader.fieldnames} != {columns}")
        return list(reader)


def check_span(corpus: Corpus, where: str, doc: str, start: str, end: str, surface: str,
               problems: list[str]) -> tuple[str, int, int] | None:
    try:
        a, b = int(start), int(end)
        text = corpus.text(doc)
    except (ValueError, FileNotFoundError) as exc:
        problems.append(f"{where}: {exc}")
        return None
    if text[a:b] != surface:
        problems.append(f"{where}: {doc}[{a}:{b}] is {text[a:b]!r}, not {surface!r}")
        return None
    return text, a, b


def check_sentence(where: str, text: str, a: int, b: int, sentence: str,
                   problems: list[str]) -> None:
    if not sentence:
        problems.append(f"{where}: empty sentence")
        return
    # some occurrence of the sentence must cover the span
    first = max(0, b - len(sentence))
    if not any(text.startswith(sentence, pos) for pos in range(first, a + 1)):
        problems.append(f"{where}: sentence is not a verbatim substring covering the span")
        return
    if any(ch in SENTENCE_END for ch in sentence[:-1]):
        problems.append(f"{where}: sentence runs over a sentence end (。；！？)")


def to_float(value: str) -> float | None:
    return float(value) if value.strip() else None


def in_rate(value: float, unit: str) -> float:
    return value * RATE_UNITS[unit]


def expected_status(row: dict[str, str]) -> str | None:
    """The status the rules give, or None when the row is not comparable by rule."""
    low, high = to_float(row["target_low"]), to_float(row["target_high"])
    value = to_float(row["outcome_value"])
    tu, ou = row["target_unit"], row["outcome_unit"]
    if value is None:
        return None
    rates = tu in RATE_UNITS and ou in RATE_UNITS
    if not rates and tu != ou:
        return None
    if rates:
        low = None if low is None else in_rate(low, tu)
        high = None if high is None else in_rate(high, tu)
        value = in_rate(value, ou)
    q = row["target_qualifier"]
    if q == "approx":
        if rates:
            return "met" if abs(value - low) <= APPROX_PP + 1e-9 else "missed"
        return "met" if abs(value - low) <= APPROX_REL * abs(low) + 1e-9 else "missed"
    if q == "exact":
        return "met" if math.isclose(value, low, rel_tol=1e-9, abs_tol=1e-9) else "missed"
    ok_low = low is None or value >= low - 1e-9
    ok_high = high is None or value <= high + 1e-9
    return "met" if ok_low and ok_high else "missed"


def check_bounds(where: str, row: dict[str, str], problems: list[str]) -> None:
    q, low, high = row["target_qualifier"], row["target_low"], row["target_high"]
    if q not in QUALIFIERS:
        problems.append(f"{where}: qualifier {q!r}")
        return
    want = {
        "exact": (True, True),
        "approx": (True, True),
        "range": (True, True),
        "more_than": (True, False),
        "less_than": (False, True),
    }[q]
    if (bool(low.strip()), bool(high.strip())) != want:
        problems.append(f"{where}: bounds low={low!r} high={high!r} do not fit {q}")
        return
    if q in ("exact", "approx") and float(low) != float(high):
        problems.append(f"{where}: {q} target needs low == high")


def check_target_outcome(corpus: Corpus, path: Path, problems: list[str]) -> int:
    rows = read_rows(path, TARGET_COLUMNS, problems)
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}:{n}"
        for side in ("target", "outcome"):
            got = check_span(corpus, f"{where} {side}", row[f"{side}_doc"], row[f"{side}_start"],
                             row[f"{side}_end"], row[f"{side}_surface"], problems)
            if got:
                check_sentence(f"{where} {side}", *got, row[f"{side}_sentence"], problems)
        check_bounds(where, row, problems)
        status = row["status"]
        if status not in STATUSES:
            problems.append(f"{where}: status {status!r}")
            continue
        if status != "unclear":
            want = expected_status(row)
            if want is None:
                problems.append(f"{where}: status {status} but target and outcome units differ")
            elif want != status:
                problems.append(f"{where}: status {status}, the rules give {want}")
        if not row["note"].strip() and status == "unclear":
            problems.append(f"{where}: an unclear row needs a note saying why")
    return len(rows)


def check_claim_subjects(corpus: Corpus, path: Path, problems: list[str]) -> int:
    rows = read_rows(path, SUBJECT_COLUMNS, problems)
    seen: set[tuple[str, str, str]] = set()
    for n, row in enumerate(rows, start=2):
        where = f"{path.name}:{n}"
        key = (row["doc_id"], row["start"], row["end"])
        if key in seen:
            problems.append(f"{where}: duplicate claim {key}")
        seen.add(key)
        check_span(corpus, where, row["doc_id"], row["start"], row["end"], row["surface"],
                   problems)
        sentence = row["sentence"]
        gold = row["gold_subject"]
        if not gold:
            if not row["note"].startswith(EMPTY_SUBJECT_NOTES):
                problems.append(f"{where}: empty gold_subject without a reason in the note")
        elif gold not in sentence:
            problems.append(f"{where}: gold_subject {gold!r} is not in the sentence")
        for alt in filter(None, row["acceptable_subjects"].split("|")):
            if alt not in sentence:
                problems.append(f"{where}: acceptable subject {alt!r} is not in the sentence")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--gold", type=Path, default=HERE)
    args = parser.parse_args(argv)
    corpus = Corpus(args.corpus)
    problems: list[str] = []
    counts = {}
    for name, check in (("target_outcome.csv", check_target_outcome),
                        ("claim_subjects.csv", check_claim_subjects)):
        path = args.gold / name
        if not path.exists():
            problems.append(f"{name}: missing")
            continue
        counts[name] = check(corpus, path, problems)
    for p in problems:
        print(p, file=sys.stderr)
    summary = ", ".join(f"{k}: {v} rows" for k, v in counts.items())
    print(f"{summary}; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
