"""Time ``cityreports run`` on the bundled corpus (target: under 60 s on 2 cores).

    python benchmarks/bench_run.py [--repeat N] [--keep]

Runs every notebook into a temporary build/figures folder with a fresh corpus cache (so the
parse is included), prints the time per notebook and in total, and exits non-zero when a
notebook fails.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0


def bench_once(folder: Path) -> tuple[float, list[str], bool]:
    """One full run into ``folder``; ``(seconds, per-notebook lines, ok)``."""
    from cityreports.report.runner import run_notebooks

    start = time.perf_counter()
    report = run_notebooks(build_dir=folder / "build", figures_dir=folder / "figures",
                           cache_dir=folder / "cache", progress=False)
    seconds = time.perf_counter() - start
    return seconds, [r.describe() for r in report.results], report.ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="number of full runs")
    args = parser.parse_args(argv)
    ok_all = True
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="cityreports-bench-") as tmp:
            seconds, lines, ok = bench_once(Path(tmp))
        ok_all &= ok
        for line in lines:
            print(f"  {line}")
        verdict = "within" if seconds <= TARGET_SECONDS else "over"
        print(f"run {i + 1}: {seconds:.1f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
