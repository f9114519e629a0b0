"""Throughput of ``extract`` against bare jieba on a >= 20 MB corpus made from the bundled files.

Not a test: it measures and prints. Usage::

    .venv/bin/python benchmarks/bench_extract.py [--mb 20] [--workers 2]

Targets (issue 2): extract without claims costs <= 1.3x bare ``jieba.lcut`` on one core;
``--workers 2`` beats one core by >= 1.6x; peak memory under 2 GB for 20 MB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, *, megabytes: float) -> tuple[int, int]:
    """Copies of the bundled reports, each copy numbered so that every file is distinct."""
    sources = sorted((ROOT / "data" / "raw").glob("*.txt"))
    texts = [p.read_text("utf-8") for p in sources]
    target = int(megabytes * 1024 * 1024)
    size = n = 0
    while size < target:
        for src, text in zip(sources, texts, strict=True):
            body = f"{text}\n第{n}份副本。\n"
            data = body.encode("utf-8")
            (folder / f"{n:05d}_{src.name}").write_bytes(data)
            size += len(data)
            n += 1
    return n, size


def bare_jieba(folder: Path) -> float:
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    t0 = time.perf_counter()
    for path in sorted(folder.glob("*.txt")):
        tokenizer.lcut(path.read_text("utf-8"))
    return time.perf_counter() - t0


def extract(folder: Path, out: Path, *, workers: int) -> float:
    from cityreports.cli import main

    t0 = time.perf_counter()
    code = main(["extract", str(folder), "--out", str(out), "--workers", str(workers),
                 "--no-claims", "--no-progress"])
    if code != 0:
        raise SystemExit(f"extract failed with exit code {code}")
    return time.perf_counter() - t0


def peak_memory_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        n, size = make_corpus(folder, megabytes=args.mb)
        mb = size / 1024 / 1024
        print(f"corpus: {n} files, {mb:.1f} MB")
        t_jieba = bare_jieba(folder)
        print(f"bare jieba.lcut:       {t_jieba:7.1f} s  {mb / t_jieba:6.2f} MB/s")
        t_one = extract(folder, Path(tmp) / "out1", workers=1)
        print(f"extract, 1 worker:     {t_one:7.1f} s  {mb / t_one:6.2f} MB/s  "
              f"cost {t_one / t_jieba:.2f}x jieba (target <= 1.3x)")
        mem_one = peak_memory_mb()
        t_many = extract(folder, Path(tmp) / "outN", workers=args.workers)
        print(f"extract, {args.workers} workers:    {t_many:7.1f} s  {mb / t_many:6.2f} MB/s  "
              f"speed-up {t_one / t_many:.2f}x (target >= 1.6x)")
        print(f"peak memory: {max(mem_one, peak_memory_mb()):.0f} MB (target < 2048 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
