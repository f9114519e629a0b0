"""Sharded extract (issue 13): the same tables whatever the shards, the order they finish in,
the number of workers or the scheduler; Parquet datasets that read back as the CSV tables."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityreports.analyses.dfm import dfm
from cityreports.cli import main
from cityreports.dedup.fingerprints import document_fingerprint
from cityreports.errors import ParameterError
from cityreports.pipeline.corpus import parse_corpus
from cityreports.pipeline.distributed import (
    ProcessExecutor,
    SerialExecutor,
    check_scheduler,
    make_executor,
)
from cityreports.pipeline.shards import (
    CROSS_DOCUMENT_CHECKS,
    check_shard_chars,
    cross_document_checks,
    grouped_doc_ids,
    groups_from_fingerprints,
    plan_shards,
    report_statements,
    shard_limit,
)
from cityreports.quant.checks import run_checks
from cityreports.quant.claims import extract_claims
from cityreports.quant.enumerations import find_enumerations
from cityreports.records import RawDocument
from cityreports.report.parquet import unified_schema
from cityreports.report.sharded import (
    check_format,
    extract_sharded,
    is_extract_folder,
    read_parquet_table,
)
from cityreports.report.tables import (
    extract_tables,
    run_report,
    write_csv,
    write_report,
    write_tables,
)

from ..conftest import DATA, DEVCORPUS
from .hostile import write_corpus

TABLES = ("documents", "blocks", "sentences", "anomalies", "repairs", "claims",
          "claim_diagnostics", "enumerations", "checks")
FILES = (*(f"{name}.csv" for name in TABLES), "report.json")


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


class _Reordered(SerialExecutor):
    """Runs the shards here, then hands the results back reversed or shuffled."""

    def __init__(self, order: str) -> None:
        self.order = order
        self.yielded: list[int] = []

    def map_unordered(self, fn, items):
        results = list(super().map_unordered(fn, items))
        if self.order == "reversed":
            results.reverse()
        else:
            random.Random(13).shuffle(results)
        for index, result in results:
            self.yielded.append(index)
            yield index, result


@pytest.fixture(scope="module")
def bundled_tables(tmp_path_factory) -> dict[str, bytes]:
    """The tables of the bundled corpus from one process and the default shards."""
    out = tmp_path_factory.mktemp("serial") / "out"
    extract_sharded(DATA, out)
    return _outputs(out)


@pytest.mark.parametrize(
    ("shard_chars", "executor"),
    [(1, "reversed"), (1, "shuffled"), (4000, "reversed"), (10**9, "shuffled"),
     (1, "processes")],
)
def test_shards_their_order_and_workers_do_not_change_the_tables(
        bundled_tables, tmp_path, shard_chars, executor):
    runner = ProcessExecutor(2) if executor == "processes" else _Reordered(executor)
    summary = extract_sharded(DATA, tmp_path / "out", shard_chars=shard_chars, executor=runner)
    if executor != "processes":
        assert sorted(runner.yielded) == list(range(summary.n_shards))
    assert _outputs(tmp_path / "out") == bundled_tables


@pytest.fixture(scope="module")
def bundled_both(tmp_path_factory) -> Path:
    """CSV and Parquet tables of the bundled corpus, one document per shard."""
    out = tmp_path_factory.mktemp("both") / "out"
    extract_sharded(DATA, out, fmt="both", shard_chars=1)
    return out


@pytest.mark.parametrize("name", TABLES)
def test_parquet_tables_read_back_as_the_csv_tables(bundled_both, tmp_path, name):
    write_csv(read_parquet_table(bundled_both, name), tmp_path / "back.csv")
    assert (tmp_path / "back.csv").read_bytes() == (bundled_both / f"{name}.csv").read_bytes()


def test_parquet_datasets_are_partitioned_by_shard(bundled_both):
    shards = {p.name for p in (bundled_both / "parquet" / "blocks").iterdir()}
    assert shards == {f"shard={i:05d}" for i in range(5)}  # five documents, one per shard
    # the last partition of checks holds the checks across the documents of a group
    across = {p.name for p in (bundled_both / "parquet" / "checks").iterdir()} - shards
    assert across == {"shard=00005"}


def test_parquet_only_writes_no_csv_and_the_same_rows(bundled_both, tmp_path):
    extract_sharded(DATA, tmp_path / "out", fmt="parquet")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["parquet", "report.json"]
    for name in TABLES:
        write_csv(read_parquet_table(tmp_path / "out", name), tmp_path / "back.csv")
        assert (tmp_path / "back.csv").read_bytes() == (bundled_both / f"{name}.csv").read_bytes()


DFM_FILES = ("dfm/dfm.mtx", "dfm/features.csv", "dfm/docvars.csv")


@pytest.fixture(scope="module")
def dev_corpus():
    """The dev corpus parsed in memory (tokens, claims)."""
    return parse_corpus(DEVCORPUS / "docs", segment=True)


@pytest.fixture(scope="module")
def dev_runs(tmp_path_factory, dev_corpus) -> dict[str, Path]:
    """The dev corpus extracted in one process, on a Dask LocalCluster of 2 processes (CSV and
    Parquet), and parsed in memory with its tables written as DataFrames."""
    base = tmp_path_factory.mktemp("dev")
    docs = DEVCORPUS / "docs"
    assert main(["extract", str(docs), "--out", str(base / "one"), "--no-progress",
                 "--dfm"]) == 0
    assert main(["extract", str(docs), "--out", str(base / "dask"), "--no-progress", "--dfm",
                 "--scheduler", "local", "--workers", "2", "--format", "both",
                 "--shard-size", "100000"]) == 0
    tables = extract_tables(dev_corpus)
    write_tables(tables, base / "memory")
    write_report(run_report(dev_corpus, tables), base / "memory" / "report.json")
    dfm(dev_corpus).export_dfm(base / "memory" / "dfm")
    return {"one": base / "one", "dask": base / "dask", "memory": base / "memory"}


@pytest.mark.parametrize("name", [*FILES, *DFM_FILES])
@pytest.mark.parametrize("run", ["dask", "memory"])
def test_a_dask_local_cluster_writes_the_one_process_tables(dev_runs, run, name):
    assert (dev_runs[run] / name).read_bytes() == (dev_runs["one"] / name).read_bytes()


@pytest.mark.parametrize("name", TABLES)
def test_dev_corpus_parquet_reads_back_as_the_one_process_csv(dev_runs, tmp_path, name):
    write_csv(read_parquet_table(dev_runs["dask"], name), tmp_path / "back.csv")
    assert (tmp_path / "back.csv").read_bytes() == (dev_runs["one"] / f"{name}.csv").read_bytes()


def _in_memory_tables(corpus_dir: Path, out: Path) -> dict[str, bytes]:
    """The tables of the whole corpus parsed in memory and written as DataFrames."""
    corpus = parse_corpus(corpus_dir, segment=True)
    tables = extract_tables(corpus)
    write_tables(tables, out)
    write_report(run_report(corpus, tables), out / "report.json")
    return _outputs(out)


@pytest.mark.parametrize(
    "bad",
    [{}, {"m_empty.txt": ""}, {"z_binary.json": "{\"text\": 5}", "z_odd.txt": "=1+2\r\n－3"}],
)
def test_shards_write_the_tables_of_the_corpus_parsed_in_memory(tmp_path, bad):
    corpus = write_corpus(tmp_path / "c", **bad)
    extract_sharded(corpus, tmp_path / "sharded", shard_chars=1)
    assert _outputs(tmp_path / "sharded") == _in_memory_tables(corpus, tmp_path / "memory")


def test_an_empty_corpus_writes_every_table_with_its_header(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "z_unreadable.txt").write_bytes(b"")
    summary = extract_sharded(corpus, tmp_path / "sharded", fmt="both", dfm=True)
    assert summary.n_documents == 0 and len(summary.skipped) == 1
    assert _outputs(tmp_path / "sharded") == _in_memory_tables(corpus, tmp_path / "memory")
    assert len(read_parquet_table(tmp_path / "sharded", "claims")) == 0
    assert (tmp_path / "sharded" / "dfm" / "dfm.mtx").is_file()


# --------------------------------------------------------------------------- the parts


def _raw(doc_id: str, n: int) -> RawDocument:
    return RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "0" * 64, "字" * n)


@settings(max_examples=60, deadline=None)
@given(sizes=st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), st.integers(0, 50),
                             max_size=30),
       limit=st.integers(1, 120), seed=st.integers(0, 1000))
def test_shards_cut_the_documents_in_order_into_runs_of_bounded_size(sizes, limit, seed):
    raws = [_raw(d, n) for d, n in sizes.items()]
    random.Random(seed).shuffle(raws)
    shards = plan_shards(raws, shard_chars=limit)
    assert [s.index for s in shards] == list(range(len(shards)))
    assert [r.doc_id for s in shards for r in s.raws] == sorted(sizes)
    remaining = sum(sizes.values())
    for shard, following in zip(shards, [*shards[1:], None][: len(shards)], strict=True):
        own = shard_limit(remaining, limit)
        assert own <= limit
        assert shard.raws and (shard.n_chars <= own or len(shard.raws) == 1)
        if following is not None:  # the next document did not fit
            assert shard.n_chars + len(following.raws[0].raw_text) > own
        remaining -= shard.n_chars
    assert remaining == 0
    assert [[r.doc_id for r in s.raws] for s in plan_shards(reversed(raws), shard_chars=limit)] \
        == [[r.doc_id for r in s.raws] for s in shards]


def test_the_last_shards_are_small_so_that_workers_finish_together():
    # 1000 characters in documents of 10, shards of 100: full shards until half of what
    # remains is less than 100, then half of the rest, never below an eighth (12)
    raws = [_raw(f"d{i:03d}", 10) for i in range(100)]
    sizes = [s.n_chars for s in plan_shards(raws, shard_chars=100)]
    assert sizes == [100] * 9 + [50, 20, 10, 10, 10]
    # a corpus smaller than an eighth of the shard size is one shard
    assert [s.n_chars for s in plan_shards(raws[:3], shard_chars=240)] == [30]


@pytest.mark.parametrize(
    ("check", "value"),
    [(check_shard_chars, 0), (check_shard_chars, 2.5), (check_shard_chars, True),
     (check_scheduler, "localhost:8786"), (check_scheduler, "dask"), (check_scheduler, ""),
     (check_format, "xlsx"), (check_format, "CSV")],
)
def test_bad_options_raise_a_parameter_error(check, value):
    with pytest.raises(ParameterError):
        check(value)


@pytest.mark.parametrize(
    ("workers", "scheduler", "kind"),
    [(None, None, "SerialExecutor"), (1, None, "SerialExecutor"), (2, None, "ProcessExecutor"),
     (2, "local", "DaskExecutor"), (None, "tcp://10.0.0.1:8786", "DaskExecutor")],
)
def test_the_executor_follows_workers_and_scheduler(workers, scheduler, kind):
    assert type(make_executor(workers=workers, scheduler=scheduler)).__name__ == kind


I64, F64, S, N = pa.int64(), pa.float64(), pa.string(), pa.null()


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ([(3, [("a", I64, 0)]), (2, [("a", I64, 0)])], I64),
        # whole numbers in one part, nothing in another: a float column (pandas' rule)
        ([(3, [("a", I64, 0)]), (2, [("a", N, 2)])], F64),
        ([(3, [("a", I64, 0)]), (2, [("a", F64, 1)])], F64),
        # a nullable integer column with gaps of its own stays integer
        ([(3, [("a", I64, 1)]), (2, [("a", N, 2)])], I64),
        # an empty part says nothing about the type
        ([(3, [("a", I64, 0)]), (0, [("a", N, 0)])], I64),
        ([(3, [("a", pa.large_string(), 0)]), (2, [("a", S, 0)])], S),
        ([(3, [("a", pa.list_(N), 0)]), (2, [("a", pa.list_(S), 0)])], pa.list_(S)),
        ([(3, [("a", N, 3)])], N),
        ([(3, [("a", pa.bool_(), 0)]), (2, [("a", N, 2)])], pa.bool_()),
    ],
)
def test_parts_get_the_type_of_the_whole_corpus(parts, expected):
    assert unified_schema(parts).field("a").type == expected


def test_a_column_some_parts_lack_is_added(tmp_path):
    schema = unified_schema([(2, [("a", I64, 0)]), (1, [("a", I64, 0), ("tokens", S, 0)])])
    assert schema.names == ["a", "tokens"]


def test_groups_from_fingerprints_are_the_corpus_groups(bundled_corpus):
    fingerprints = {d.doc_id: document_fingerprint(d) for d in bundled_corpus}
    groups = groups_from_fingerprints(fingerprints)
    assert groups.duplicate == dict(bundled_corpus.duplicate_group)
    assert groups.event == dict(bundled_corpus.event_group)
    assert len(set(groups.event.values())) < len(groups.event)  # the two expo reports


def test_cross_document_checks_are_the_cross_document_rows_of_run_checks(dev_corpus):
    """Reduced from the statements and claims of the grouped documents only."""
    expected = run_checks(dev_corpus)
    expected = expected[expected["check"].isin(CROSS_DOCUMENT_CHECKS)].reset_index(drop=True)
    grouped = [d for d in dev_corpus if d.doc_id in grouped_doc_ids(dev_corpus.duplicate_group)]
    claims = {d.doc_id: extract_claims(d) for d in dev_corpus}
    across = cross_document_checks(
        {d.doc_id: find_enumerations(d) for d in grouped},
        {d.doc_id: claims[d.doc_id] for d in grouped},
        dev_corpus.duplicate_group,
        report_statements(list(dev_corpus), claims),
    )
    assert set(expected["check"]) >= {"target_vs_outcome"}
    pd.testing.assert_frame_equal(across, expected)


@pytest.mark.parametrize(
    ("files", "replaceable"),
    [
        ([], True),
        (["report.json", "claims.csv"], True),
        (["report.json", "claims.csv", "parquet/claims/shard=00000/part-0.parquet"], True),
        (["report.json", "parquet/claims/shard=00000/part-0.parquet"], True),
        (["parquet/claims/shard=00000/part-0.parquet"], False),  # no report.json
        (["report.json", "notes.txt"], False),
        (["report.json", "parquet/notes.txt"], False),
        (["report.json", "parquet/claims/part-0.parquet"], False),
    ],
)
def test_an_extract_folder_is_recognised_before_it_is_replaced(tmp_path, files, replaceable):
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert is_extract_folder(tmp_path) is replaceable


def test_a_second_run_replaces_a_parquet_output(tmp_path):
    out = tmp_path / "out"
    args = ["extract", str(DATA), "--out", str(out), "--no-progress", "--no-claims"]
    assert main([*args, "--format", "both"]) == 0
    assert main([*args, "--format", "csv"]) == 0
    assert not (out / "parquet").exists() and (out / "blocks.csv").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no work folder left over


def test_a_bad_scheduler_is_a_one_line_error(tmp_path, capsys):
    assert main(["extract", str(DATA), "--out", str(tmp_path / "o"), "--no-progress",
                 "--scheduler", "8786"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'scheduler'" in err
    assert not (tmp_path / "o").exists()
