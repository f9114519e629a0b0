"""Command line: ``cityreports extract CORPUS --out DIR`` and ``cityreports run``."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cityreports._version import package_version
from cityreports.errors import CityReportsError, InputError, ParameterError
from cityreports.ingest.files import DEFAULT_MAX_BYTES, check_max_bytes
from cityreports.pipeline.corpus import corpus_path
from cityreports.pipeline.distributed import check_scheduler
from cityreports.pipeline.parallel import cpu_count
from cityreports.pipeline.parse import DEFAULT_TIME_LIMIT, check_time_limit, one_line
from cityreports.pipeline.shards import DEFAULT_SHARD_CHARS
from cityreports.report.output import StagedFolder
from cityreports.report.runner import add_run_arguments, run_command
from cityreports.report.sharded import TABLE_FORMATS, extract_sharded, is_extract_folder
from cityreports.report.texts import stage_texts


def _add_extract_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", nargs="?", default=None,
                   help="corpus folder or manifest CSV (default: the bundled corpus)")
    p.add_argument("--out", required=True, help="output folder for the CSV tables (new, empty "
                   "or the tables of an earlier run, which it replaces)")
    p.add_argument("--workers", type=int, default=None, help="parse in N processes (default 1; "
                   "at most the number of CPUs; with --scheduler local: N Dask workers, default "
                   "one per CPU)")
    p.add_argument("--scheduler", default=None, metavar="local|tcp://HOST:8786",
                   help="map the shards over a Dask cluster: a new LocalCluster ('local') or "
                   "the scheduler at an address (its workers must see --out)")
    p.add_argument("--format", default="csv", choices=TABLE_FORMATS,
                   help="CSV files, Parquet datasets partitioned by shard (in OUT/parquet/), "
                   "or both (default csv)")
    p.add_argument("--shard-size", type=int, default=DEFAULT_SHARD_CHARS, metavar="CHARS",
                   help="characters of text per shard (default %(default)d): peak memory "
                   "follows the shard size, not the corpus")
    p.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                   help="skip a document whose parse takes longer (default %(default)g s; "
                   "0: no limit)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="BYTES",
                   help="skip a file larger than this (default %(default)d)")
    p.add_argument("--allow-outside", action="store_true",
                   help="read manifest paths and symlinks that lead outside the corpus folder "
                   "(refused by default)")
    p.add_argument("--strict", action="store_true", help="fail on the first unreadable file")
    p.add_argument("--text-field", default=None, help="text field of JSON/JSONL/CSV records")
    p.add_argument("--no-tokens", action="store_true", help="skip segmentation of sentences")
    p.add_argument("--no-claims", action="store_true", help="skip the quantitative claims")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--dfm", action="store_true",
                   help="also write the document-feature matrix of content tokens to OUT/dfm "
                   "(Matrix Market + features.csv + docvars.csv, for R's Matrix and quanteda)")
    p.add_argument("--texts", default=None, metavar="DIR",
                   help="also write each document's raw text (what offsets index) to DIR (new, "
                   "empty or an earlier --texts folder, which it replaces right after --out)")


def _say(text: str) -> None:
    """One line on stderr (a file name with a line break in it stays on the line)."""
    print(f"cityreports: {one_line(text, limit=4000)}", file=sys.stderr)


def _workers(requested: int) -> int:
    """``--workers`` capped at the number of CPUs, with a note."""
    cpus = cpu_count()
    if requested > cpus:
        _say(f"note: --workers {requested} capped at {cpus}, the number of CPUs")
        return cpus
    return requested


def _check_out_of_corpus(out: Path, corpus: Path, *, name: str = "out") -> None:
    """Refuse an output folder that holds the corpus (replacing it would delete the corpus)."""
    source = Path(os.path.realpath(corpus))
    if source == out or out in source.parents:
        raise ParameterError(name, f"{out} holds the corpus; write the outputs elsewhere")


def _check_texts_apart(texts: Path, out: Path) -> None:
    """Refuse a texts folder that is, holds or lies in the output folder (each replaces its
    folder as a whole, so one would delete the other)."""
    if texts == out or out in texts.parents or texts in out.parents:
        raise ParameterError("texts", f"{texts} and --out {out} overlap; give a folder beside "
                             "the tables")


def _extract(args: argparse.Namespace) -> int:
    # every option is checked and --out prepared before any file is read
    corpus_arg = corpus_path(args.corpus)
    time_limit = check_time_limit(args.time_limit)
    max_bytes = check_max_bytes(args.max_bytes)
    scheduler = check_scheduler(args.scheduler)
    if args.workers is not None and args.workers < 1:
        raise ParameterError("workers", f"must be >= 1, got {args.workers}")
    workers = args.workers if args.workers is None or scheduler else _workers(args.workers)
    if not corpus_arg.exists():
        raise InputError(str(corpus_arg), "no such file or folder")
    out_path = Path(os.path.realpath(args.out))
    _check_out_of_corpus(out_path, corpus_arg)
    if args.texts is not None and args.texts.strip():
        texts_path = Path(os.path.realpath(args.texts))
        _check_out_of_corpus(texts_path, corpus_arg, name="texts")
        _check_texts_apart(texts_path, out_path)
    with contextlib.ExitStack() as stack:
        # --texts is a folder of its own (not inside --out): staged the same way and put in
        # place right after the tables, so a killed run leaves each folder either old or new
        texts = stack.enter_context(stage_texts(args.texts)) if args.texts is not None else None
        staged = stack.enter_context(
            StagedFolder(args.out, name="out", replaceable=is_extract_folder))
        # shard by shard: every per-document table is written as its shard is parsed
        summary = extract_sharded(
            corpus_arg,
            staged.path,
            workers=workers,
            scheduler=scheduler,
            fmt=args.format,
            shard_chars=args.shard_size,
            strict=args.strict,
            text_field=args.text_field,
            segment=not args.no_tokens,
            claims=not args.no_claims,
            time_limit=time_limit,
            progress=not args.no_progress,
            dfm=args.dfm,
            texts=texts,
            max_bytes=max_bytes,
            allow_outside=args.allow_outside,
        )
        for skipped in summary.skipped:
            _say(f"skipped {skipped.path}: {skipped.reason}")
        out = staged.commit()
        if texts is not None:
            texts.commit()
    _say(f"{summary.n_documents} documents, {len(summary.skipped)} skipped -> {out}")
    return 0


#: The subcommands: (name, help, description, adds its arguments, runs it).
_COMMANDS = (
    ("extract", "parse a corpus and write tidy CSV tables",
     "Read every report in CORPUS (a folder, recursively, or a manifest CSV), normalise it and "
     "write documents/blocks/sentences/anomalies/claims tables to --out. The tables are written "
     "to a temporary folder beside --out that replaces it when complete: an interrupted run "
     "leaves the previous tables as they were.",
     _add_extract_arguments, _extract),
    ("run", "execute every notebook headlessly and regenerate figures and tables",
     "Execute notebooks/NN_*.ipynb with papermill on the bundled corpus (or --corpus); "
     "executed copies go to build/notebooks, tables to build/tables, figures to figures/.",
     add_run_arguments, run_command),
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cityreports",
        description="Themes, rhetoric shifts and quantitative claims in Chinese smart-city "
        "reports.",
    )
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, summary, description, add_arguments, command in _COMMANDS:
        p = sub.add_parser(name, help=summary, description=description)
        add_arguments(p)
        p.set_defaults(func=command)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when it is asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"cityreports {package_version()}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CityReportsError as exc:
        _say(f"error: {exc}")
        return 2
    except OSError as exc:  # e.g. the disk filled up while the tables were written
        _say(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
