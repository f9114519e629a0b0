"""Adversarial inputs at 100 KB, 1 MB and 10 MB: time must grow linearly (issue 14).

Run: ``.venv/bin/python benchmarks/bench_adversarial_numbers.py [--sizes 0.1,1,10]``. Not a test:
prints CPU seconds and µs per character of the whole parse of the text as one file
(``parse_document``: normalisation, blocks, sentences with quote matching, metadata), of the
number scanner, of claim extraction and of the checks (enumerations included) for each input
and size; a linear stage keeps µs/char flat.
Each input is one block with no sentence end (the worst case for per-sentence windows): runs of
ASCII letters, of digits, of Chinese numerals ('九'*N+'元'), of thousands groups, and a single
line of real report text (the bundled corpus without its line breaks and sentence ends).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from cityreports.pipeline import parse_corpus, parse_document
from cityreports.quant.checks import run_checks
from cityreports.quant.claims import extract_claims
from cityreports.quant.numbers import scan_quantities
from cityreports.records import Block, DocumentMeta, NormalizedText, ParsedDocument, RawDocument


def one_block(text: str) -> ParsedDocument:
    """A document of one body block holding ``text`` (normalised text = raw text)."""
    n = len(text)
    norm = NormalizedText(text, np.arange(n), np.arange(1, n + 1), n, "simplified")
    raw = RawDocument("adv", "adv.txt", "txt", "utf-8", "0" * 64, text, {})
    block = Block(0, "body", 0, n, 0, n, text)
    return ParsedDocument(raw, norm, (block,), (), DocumentMeta(year=2024))


def inputs(chars: int) -> dict[str, str]:
    corpus = parse_corpus()
    line = "".join(d.norm.text for d in corpus.documents)
    line = line.replace("\n", "，").replace("。", "，").replace("！", "，").replace("？", "，")
    return {
        "letters": ("abcdefghij" * (chars // 10 + 1))[:chars],
        "digits": "1" * chars,
        "chinese numerals": "九" * (chars - 1) + "元",
        "thousands groups": ("1,000" * (chars // 5 + 1))[:chars],
        "one line of report text": (line * (chars // len(line) + 1))[:chars],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0.1,1,10", help="megabytes (UTF-8 of ASCII input)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(
        f"{'input':26} {'MB':>5} {'parse s':>8} {'µs/char':>8} {'scan s':>8} {'µs/char':>8} "
        f"{'claims s':>9} {'µs/char':>8} {'checks s':>9} {'µs/char':>8}"
    )
    for mb in sizes:
        chars = int(mb * 1e6)
        for name, text in inputs(chars).items():
            t0 = time.process_time()
            parse_document(RawDocument("adv", "adv.txt", "txt", "utf-8", "0" * 64, text, {}))
            parse = time.process_time() - t0
            t0 = time.process_time()
            scan_quantities(text)
            scan = time.process_time() - t0
            doc = one_block(text)
            t0 = time.process_time()
            found = extract_claims(doc)
            claims = time.process_time() - t0
            t0 = time.process_time()
            run_checks([doc], claims={doc.doc_id: found})  # enumerations and checks
            checks = time.process_time() - t0
            per_char = [t / chars * 1e6 for t in (parse, scan, claims, checks)]
            print(
                f"{name:26} {mb:5g} {parse:8.2f} {per_char[0]:8.3f} {scan:8.2f} "
                f"{per_char[1]:8.3f} {claims:9.2f} {per_char[2]:8.3f} {checks:9.2f} "
                f"{per_char[3]:8.3f}", flush=True
            )


if __name__ == "__main__":
    main()
