"""Command line: ``cityreports extract CORPUS --out DIR`` and ``cityreports run``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cityreports import __version__
from cityreports.errors import CityReportsError
from cityreports.pipeline.shards import DEFAULT_SHARD_CHARS
from cityreports.report.runner import add_run_arguments, run_command
from cityreports.report.sharded import TABLE_FORMATS, extract_sharded


def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="parse a corpus and write tidy CSV tables",
        description="Read every report in CORPUS (a folder, recursively, or a manifest CSV), "
        "normalise it and write documents/blocks/sentences/anomalies/claims tables to --out.",
    )
    p.add_argument("corpus", nargs="?", default=None,
                   help="corpus folder or manifest CSV (default: the bundled corpus)")
    p.add_argument("--out", required=True, help="output folder for the CSV tables")
    p.add_argument("--workers", type=int, default=None,
                   help="parse in N processes (default 1; with --scheduler local: N Dask "
                   "workers, default one per CPU)")
    p.add_argument("--scheduler", default=None, metavar="local|tcp://HOST:8786",
                   help="map the shards over a Dask cluster: a new LocalCluster ('local') or "
                   "the scheduler at an address (its workers must see --out)")
    p.add_argument("--format", default="csv", choices=TABLE_FORMATS,
                   help="CSV files, Parquet datasets partitioned by shard (in OUT/parquet/), "
                   "or both (default csv)")
    p.add_argument("--shard-size", type=int, default=DEFAULT_SHARD_CHARS, metavar="CHARS",
                   help="characters of text per shard (default %(default)d): peak memory "
                   "follows the shard size, not the corpus")
    p.add_argument("--strict", action="store_true", help="fail on the first unreadable file")
    p.add_argument("--text-field", default=None, help="text field of JSON/JSONL/CSV records")
    p.add_argument("--no-tokens", action="store_true", help="skip segmentation of sentences")
    p.add_argument("--no-claims", action="store_true", help="skip the quantitative claims")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=_extract)


def _extract(args: argparse.Namespace) -> int:
    # the documents are parsed and written shard by shard (in workers or on a Dask cluster)
    summary = extract_sharded(
        args.corpus,
        args.out,
        workers=args.workers,
        scheduler=args.scheduler,
        fmt=args.format,
        shard_chars=args.shard_size,
        strict=args.strict,
        text_field=args.text_field,
        segment=not args.no_tokens,
        claims=not args.no_claims,
        progress=not args.no_progress,
    )
    for skipped in summary.skipped:
        print(f"cityreports: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    print(
        f"cityreports: {summary.n_documents} documents, {len(summary.skipped)} skipped "
        f"-> {summary.out}",
        file=sys.stderr,
    )
    return 0


def _add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="execute every notebook headlessly and regenerate figures and tables",
        description="Execute notebooks/NN_*.ipynb with papermill on the bundled corpus (or "
        "--corpus); executed copies go to build/notebooks, tables to build/tables, figures "
        "to figures/.",
    )
    add_run_arguments(p)
    p.set_defaults(func=run_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cityreports",
        description="Themes, rhetoric shifts and quantitative claims in Chinese smart-city "
        "reports.",
    )
    parser.add_argument("--version", action="version", version=f"cityreports {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_extract(sub)
    _add_run(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CityReportsError as exc:
        print(f"cityreports: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
