"""Duplicate grouping: MinHash implementations, and time and accuracy against corpus size.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_dedup.py [--sizes 1000 2000 4000]``.
Not a test: prints timings (CPU seconds of this process, so that other load on the machine
does not count).

1. MinHash signatures (128 values) of the dev corpus' content shingles: the package's
   one-permutation MinHash (one pass over the hashes, 128 bins) against ``datasketch.MinHash``
   (128 permutations, ``affine64`` scheme fed the same 64-bit shingle hashes through an
   identity ``hashfunc``, one ``update_batch`` per document, and ``MinHash.bulk``), which has
   no one-permutation scheme. datasketch is optional here: without it that line is skipped.
2. Synthetic corpora made from the dev corpus (``../shared/devcorpus/docs``): every document
   is 4-30 body paragraphs drawn at random from the dev corpus plus the footer of one of 20
   "sites" (a template line); 2 % are near-copies of an earlier document (paragraphs
   reordered, one dropped or added, 1 % of characters changed, converted to traditional
   script, or another site's footer). Fingerprinting (done in the parse workers in the
   pipeline) and grouping are timed separately; the planted copies found and the groups that
   are not planted are counted.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
import opencc

from cityreports.dedup.fingerprints import (
    _codes,
    _splitmix64,
    _unique,
    _window_hashes,
    content_lines,
    one_permutation_minhash,
    text_fingerprint,
)
from cityreports.dedup.groups import group_fingerprints
from cityreports.pipeline.corpus import parse_corpus
from cityreports.text.normalize import normalize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
DEVCORPUS = SHARED / "devcorpus" / "docs"


def shingle_sets(docs) -> list[np.ndarray]:
    """Unique 5-gram hashes of each document's content (as the fingerprints make them)."""
    out = []
    for doc in docs:
        codes = _codes("".join(content_lines(doc)))
        out.append(_unique(_splitmix64(_window_hashes({1: codes}, 5))) if len(codes) >= 5
                   else np.zeros(0, dtype=np.uint64))  # fmt: skip
    return out


def bench_minhash(docs) -> None:
    sets = shingle_sets(docs)
    n = sum(len(s) for s in sets)
    t0 = time.process_time()
    for s in sets:
        one_permutation_minhash(s, num_perm=128, seed=1)
    own = time.process_time() - t0
    print(f"minhash, {len(sets)} documents, {n} shingles:")
    print(f"  cityreports one-perm. {own:6.2f} s  ({n / own / 1e6:.2f} M shingles/s)")
    try:
        from datasketch import MinHash  # optional: only this comparison needs it
    except ImportError:
        print("  datasketch            not installed (pip install datasketch)")
        return
    lists = [s.tolist() for s in sets]  # datasketch hashes every value in Python
    t0 = time.process_time()
    for values in lists:
        m = MinHash(num_perm=128, seed=1, scheme="affine64", hashfunc=int)
        m.update_batch(values)
    ds = time.process_time() - t0
    print(f"  datasketch update     {ds:6.2f} s  ({n / ds / 1e6:.2f} M shingles/s)")
    t0 = time.process_time()
    MinHash.bulk(lists, num_perm=128, seed=1, scheme="affine64", hashfunc=int)
    bulk = time.process_time() - t0
    print(f"  datasketch bulk       {bulk:6.2f} s  ({n / bulk / 1e6:.2f} M shingles/s)")


_EDITS = ("reorder", "drop", "add", "chars", "traditional", "footer")


def synthetic_corpus(paragraphs: list[str], size: int, *, seed: int = 7):
    """``{doc_id: lines}`` and the planted (original, copy) pairs."""
    rng = random.Random(seed)
    footers = [f"本网站由第{i}号信息中心主办 版权所有 未经授权禁止转载 联系电话 0{i:03d}-1234567"
               for i in range(20)]  # fmt: skip
    to_traditional = opencc.OpenCC("s2t")
    docs: dict[str, list[str]] = {}
    planted = []
    for i in range(size):
        doc_id = f"d{i:05d}"
        if i > 10 and rng.random() < 0.02:
            original = rng.choice(sorted(docs))
            body, footer = docs[original][:-1], docs[original][-1]
            edit = rng.choice(_EDITS)
            if edit == "reorder":
                body = body[len(body) // 2 :] + body[: len(body) // 2]
            elif edit == "drop" and len(body) >= 5:
                body = body[:2] + body[3:]
            elif edit == "add":
                body = [*body, rng.choice(paragraphs)]
            elif edit == "chars":
                text = list("\n".join(body))
                for _ in range(len(text) // 100):
                    text[rng.randrange(len(text))] = "某"
                body = "".join(text).split("\n")
            elif edit == "traditional":
                body = normalize(to_traditional.convert("\n".join(body))).text.split("\n")
            elif edit == "footer":
                footer = rng.choice(footers)
            docs[doc_id] = [*body, footer]
            planted.append((original, doc_id))
        else:
            docs[doc_id] = [*rng.sample(paragraphs, rng.randint(4, 30)), rng.choice(footers)]
    return docs, planted


def bench_scaling(paragraphs: list[str], sizes: list[int]) -> None:
    print("synthetic corpora (fingerprints: one process; grouping: the corpus-level stage):")
    print(f"  {'docs':>6} {'fingerprint s':>14} {'group s':>8} {'planted':>8} {'found':>6} "
          f"{'extra groups':>12}")  # fmt: skip
    for size in sizes:
        docs, planted = synthetic_corpus(paragraphs, size)
        t0 = time.process_time()
        fps = [text_fingerprint(d, lines) for d, lines in docs.items()]
        t1 = time.process_time()
        groups = group_fingerprints(fps).duplicate
        t2 = time.process_time()
        found = sum(groups[a] == groups[b] for a, b in planted)
        in_planted = {d for pair in planted for d in pair}
        members: dict[str, list[str]] = {}
        for doc_id, group in groups.items():
            members.setdefault(group, []).append(doc_id)
        extra = sum(1 for m in members.values() if len(m) > 1 and not set(m) <= in_planted)
        print(f"  {size:>6} {t1 - t0:>14.2f} {t2 - t1:>8.2f} {len(planted):>8} {found:>6} "
              f"{extra:>12}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    args = parser.parse_args()
    corpus = parse_corpus(DEVCORPUS)
    docs = list(corpus.documents)
    bench_minhash(docs)
    paragraphs = sorted({b.text for d in docs for b in d.blocks
                         if b.role == "body" and len(b.text) >= 20})  # fmt: skip
    bench_scaling(paragraphs, args.sizes)


if __name__ == "__main__":
    main()
