"""Claims extraction throughput on >= 20 MB made by repeating the bundled corpus (one core).

Run: ``.venv/bin/python benchmarks/bench_claims.py [--mb 20]``. Not a test: prints MB/s of wall
time and of the process's CPU time (the one to read on a machine shared with other work).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from cityreports.pipeline import parse_corpus
from cityreports.quant.claims import extract_claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of text to scan")
    args = parser.parse_args()
    corpus = parse_corpus()
    docs = list(corpus.documents)
    size = sum(len(d.raw.raw_text.encode("utf-8")) for d in docs)
    repeats = max(1, int(args.mb * 1e6 / size) + 1)
    total_bytes = 0
    n_claims = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(repeats):
        for doc in docs:
            raw = replace(doc.raw, doc_id=f"{doc.doc_id}#{i}")
            n_claims += len(extract_claims(replace_doc(doc, raw)))
            total_bytes += len(doc.raw.raw_text.encode("utf-8"))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    mb = total_bytes / 1e6
    print(
        f"claims: {mb:.1f} MB in {elapsed:.2f} s = {mb / elapsed:.2f} MB/s wall, "
        f"{mb / cpu:.2f} MB/s of CPU time on one core ({n_claims} claims)"
    )


def replace_doc(doc, raw):
    """The document with another RawDocument (so each repeat is a distinct doc_id)."""
    return type(doc)(
        raw=raw, norm=doc.norm, blocks=doc.blocks, sentences=doc.sentences, meta=doc.meta
    )


if __name__ == "__main__":
    main()
