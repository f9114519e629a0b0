"""Theme and formulation tables on >= 20 MB made by repeating the bundled corpus (one core).

Run: ``.venv/bin/python benchmarks/bench_themes.py [--mb 20] [--n-boot 1000]``. Not a test:
it prints seconds. The corpus is parsed once and its documents are repeated with distinct
doc_ids (each its own duplicate group, years kept), so only the analyses are timed: theme
hits, per-document profiles, per-year rates with bootstrap, the formulation timeline and
summary. Target: well under 60 s in total for 20 MB.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field, replace

from cityreports.analyses.formulations import formulation_summary, formulation_timeline
from cityreports.analyses.themes import theme_hits, themes_by_doc, themes_by_year
from cityreports.codebooks import load_codebook, load_formulations
from cityreports.pipeline import parse_corpus
from cityreports.records import ParsedDocument


@dataclass(frozen=True)
class BenchCorpus:
    documents: tuple[ParsedDocument, ...]
    duplicate_group: dict[str, str] = field(default_factory=dict)


def repeated_corpus(megabytes: float) -> tuple[BenchCorpus, float]:
    """The bundled corpus repeated until its raw text reaches ``megabytes`` (UTF-8)."""
    docs = list(parse_corpus().documents)
    size = sum(len(d.raw.raw_text.encode("utf-8")) for d in docs)
    repeats = max(1, int(megabytes * 1e6 / size) + 1)
    out = []
    for i in range(repeats):
        for doc in docs:
            raw = replace(doc.raw, doc_id=f"{doc.doc_id}#{i:04d}")
            out.append(replace(doc, raw=raw))
    return BenchCorpus(tuple(out)), repeats * size / 1e6


def timed(label: str, func, *args, **kwargs):
    t0 = time.perf_counter()
    result = func(*args, **kwargs)
    elapsed = time.perf_counter() - t0
    print(f"{label:<24} {elapsed:7.2f} s  ({len(result)} rows)")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of raw text")
    parser.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args()
    corpus, mb = repeated_corpus(args.mb)
    themes, forms = load_codebook(), load_formulations()
    print(f"{len(corpus.documents)} documents, {mb:.1f} MB raw text")
    total = 0.0
    for label, func, kwargs in [
        ("theme_hits", theme_hits, {}),
        ("themes_by_doc", themes_by_doc, {}),
        ("themes_by_year", themes_by_year, {"n_boot": args.n_boot}),
    ]:
        total += timed(label, func, corpus, themes, **kwargs)[1]
    for label, func in [("formulation_timeline", formulation_timeline),
                        ("formulation_summary", formulation_summary)]:
        total += timed(label, func, corpus, forms)[1]
    print(f"{'total':<24} {total:7.2f} s  ({mb / total:.2f} MB/s per table set)")


if __name__ == "__main__":
    main()
