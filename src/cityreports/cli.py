"""Command line: ``cityreports extract CORPUS --out DIR`` and ``cityreports run``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cityreports import __version__
from cityreports.errors import CityReportsError
from cityreports.pipeline import parse_corpus
from cityreports.report.runner import add_run_arguments, run_command
from cityreports.report.tables import (
    DocumentTables,
    claim_tables,
    documents_table,
    run_report,
    write_report,
    write_tables,
)
from cityreports.report.texts import write_texts


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
    p.add_argument("--workers", type=int, default=1, help="parse in N processes (default 1)")
    p.add_argument("--strict", action="store_true", help="fail on the first unreadable file")
    p.add_argument("--text-field", default=None, help="text field of JSON/JSONL/CSV records")
    p.add_argument("--no-tokens", action="store_true", help="skip segmentation of sentences")
    p.add_argument("--no-claims", action="store_true", help="skip the quantitative claims")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--texts", default=None, metavar="DIR",
                   help="also write each document's raw text (what offsets index) to DIR")
    p.set_defaults(func=_extract)


def _extract(args: argparse.Namespace) -> int:
    # the per-document tables are rendered while the workers parse the rest of the corpus
    per_document = DocumentTables()
    corpus = parse_corpus(
        args.corpus,
        workers=args.workers,
        strict=args.strict,
        text_field=args.text_field,
        progress=not args.no_progress,
        segment=not args.no_tokens,
        on_parsed=per_document.add,
    )
    for skipped in corpus.skipped:
        print(f"cityreports: skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    tables = {"documents": documents_table(corpus)}
    if not args.no_claims:
        tables.update(claim_tables(corpus))
    out = Path(args.out)
    write_tables(tables, out)
    per_document.write(out)
    write_report(run_report(corpus, {**tables, **per_document.rows}), out / "report.json")
    if args.texts:
        write_texts((doc.raw for doc in corpus), args.texts)
    print(
        f"cityreports: {len(corpus)} documents, {len(corpus.skipped)} skipped -> {out}",
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
