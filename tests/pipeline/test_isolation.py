"""Every document is parsed in isolation: a stage that raises or hangs skips that document with
a one-line reason naming it, and every other document is kept as it would be alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cityreports.errors import InputError, ParameterError
from cityreports.pipeline import parse as parse_module
from cityreports.pipeline import parse_corpus, parse_documents
from cityreports.pipeline.parallel import WorkerPool, check_workers, cpu_count
from cityreports.pipeline.parse import (
    ParseOptions,
    check_time_limit,
    document_location,
    one_line,
    parse_isolated,
)
from cityreports.records import RawDocument

from .hostile import BOOM, GOOD, SLOW, write_corpus

ROOT = Path(__file__).resolve().parents[2]


def _raw(text: str, *, doc_id: str = "d", path: str = "d.txt", fmt: str = "txt") -> RawDocument:
    return RawDocument(doc_id, path, fmt, "utf-8", "0" * 64, text)


def _same_documents(a, b) -> bool:
    return [(d.doc_id, d.norm.text, d.blocks, d.sentences, d.meta, d.claims) for d in a] == [
        (d.doc_id, d.norm.text, d.blocks, d.sentences, d.meta, d.claims) for d in b]


@pytest.mark.parametrize("stage", ["normalize", "segment_blocks", "split_sentences",
                                   "extract_metadata", "claims_and_diagnostics",
                                   "find_enumerations", "document_fingerprint"])
def test_an_exception_in_any_stage_becomes_a_one_line_skip(monkeypatch, stage):
    def fail(*args, **kwargs):
        raise ValueError("broken\non two lines")

    monkeypatch.setattr(parse_module, stage, fail)
    result = parse_isolated(_raw("智慧城市。"), segmenter=None,
                            options=ParseOptions(claims=True, fingerprint=True))
    assert result.doc is None and result.skipped.path == "d.txt"
    reason = result.skipped.reason
    assert reason.endswith("failed: ValueError: broken on two lines") and "\n" not in reason


def test_a_record_is_named_by_its_file_and_number():
    assert document_location(_raw("x", doc_id="f#3", path="c/f.jsonl", fmt="jsonl")) == \
        "c/f.jsonl#3"
    assert document_location(_raw("x", doc_id="notes#3", path="c/notes#3.txt")) == \
        "c/notes#3.txt"


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_and_hanging_documents_are_skipped_and_the_others_kept(tmp_path, sabotaged,
                                                                       workers):
    alone = parse_corpus(write_corpus(tmp_path / "alone"))
    corpus = write_corpus(tmp_path / "c", **{"m_boom.txt": f"{BOOM}了。智慧城市。\n",
                                             "n_slow.txt": f"{SLOW}。智慧城市。\n"})
    parsed = parse_corpus(corpus, workers=workers, time_limit=1)
    assert sorted((Path(s.path).name, s.reason) for s in parsed.skipped) == [
        ("m_boom.txt", "claims failed: RuntimeError: sabotaged second line"),
        ("n_slow.txt", "time limit (1 s) exceeded during claims"),
    ]
    assert _same_documents(parsed, alone)
    assert parsed.duplicate_group == alone.duplicate_group


def test_strict_raises_for_the_first_failing_document(tmp_path, sabotaged):
    corpus = write_corpus(tmp_path / "c", **{"m_boom.txt": f"{BOOM}。\n"})
    with pytest.raises(InputError, match="m_boom.txt: claims failed"):
        parse_corpus(corpus, strict=True)


def test_a_worker_that_dies_costs_only_its_document(tmp_path, monkeypatch):
    real = parse_module.claims_and_diagnostics

    def claims(doc, **kwargs):
        if BOOM in doc.norm.text:
            os._exit(3)
        return real(doc, **kwargs)

    monkeypatch.setattr(parse_module, "claims_and_diagnostics", claims)
    alone = parse_corpus(write_corpus(tmp_path / "alone"))
    corpus = write_corpus(tmp_path / "c", **{"m_boom.txt": f"{BOOM}。\n"})
    parsed = parse_corpus(corpus, workers=2)
    assert [(Path(s.path).name, s.reason) for s in parsed.skipped] == [
        ("m_boom.txt", "worker process died (exit 3)")]
    assert _same_documents(parsed, alone)


def test_a_worker_its_own_timer_cannot_stop_is_killed(tmp_path, monkeypatch):
    real = parse_module.claims_and_diagnostics

    def claims(doc, **kwargs):
        if SLOW in doc.norm.text:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(120)
        return real(doc, **kwargs)

    monkeypatch.setattr(parse_module, "claims_and_diagnostics", claims)
    monkeypatch.setattr("cityreports.pipeline.parallel.KILL_GRACE", 0.5)
    corpus = write_corpus(tmp_path / "c", **{"n_slow.txt": f"{SLOW}。\n"})
    parsed = parse_corpus(corpus, workers=2, time_limit=0.5)
    assert [(Path(s.path).name, s.reason) for s in parsed.skipped] == [
        ("n_slow.txt", "time limit (0.5 s) exceeded")]
    assert len(parsed) == len(GOOD)


def test_the_time_limit_holds_outside_the_main_thread(tmp_path, sabotaged):
    corpus = write_corpus(tmp_path / "c", **{"n_slow.txt": f"{SLOW}。\n"})
    with ThreadPoolExecutor(1) as threads:
        parsed = threads.submit(parse_corpus, corpus, time_limit=1).result(timeout=90)
    assert [Path(s.path).name for s in parsed.skipped] == ["n_slow.txt"]
    assert len(parsed) == len(GOOD)


WATCHED = textwrap.dedent("""
    import sys, time
    from cityreports.pipeline import parse as p
    from cityreports.pipeline.parallel import WorkerPool
    from cityreports.records import RawDocument
    p.extract_claims = lambda doc, **kw: time.sleep(600)
    pool = WorkerPool(2, p.ParseOptions(claims=True, time_limit=None))
    print(*(w.process.pid for w in pool._workers), flush=True)
    raws = [RawDocument(str(i), "x.txt", "txt", "utf-8", "0", "智慧城市。") for i in range(4)]
    list(pool.results(raws))
""")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


#: ``extract --workers N``'s executor, its workers asleep in a task.
WATCHED_EXECUTOR = textwrap.dedent("""
    import time
    from cityreports.pipeline.distributed import ProcessExecutor
    with ProcessExecutor(2) as executor:
        tasks = executor.map_unordered(time.sleep, [600, 600, 600])
        pool = executor._running()
        pool.submit(time.sleep, 0).result()  # the workers are up
        print(*sorted(pool._processes), flush=True)
        list(tasks)
""")


@pytest.mark.parametrize("script", [WATCHED, WATCHED_EXECUTOR], ids=["pool", "executor"])
def test_workers_die_with_their_parent(script):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              text=True, env=env)
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_running(pid) for pid in workers)
    time.sleep(1)  # the workers are busy in the stage that never returns
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)


def test_pool_closes_every_worker():
    with WorkerPool(2, ParseOptions(time_limit=None)) as pool:
        processes = [w.process for w in pool._workers]
        assert all(p.is_alive() for p in processes)
    assert not any(p.is_alive() for p in processes)


@pytest.mark.parametrize(("value", "expected"), [(None, None), (0, None), (60, 60.0),
                                                 (0.5, 0.5)])
def test_time_limit_values(value, expected):
    assert check_time_limit(value) == expected


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), "60", True])
def test_bad_time_limits_are_refused(value):
    with pytest.raises(ParameterError, match="time_limit"):
        check_time_limit(value)


def test_workers_are_capped_at_the_cpu_count():
    with pytest.warns(UserWarning, match="capped"):
        assert check_workers(999) == cpu_count()
    assert check_workers(1) == 1
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ParameterError, match="workers"):
            check_workers(bad)


@pytest.mark.parametrize(("text", "expected"),
                         [("a\nb\r\tc", "a b c"), ("x" * 300, "x" * 199 + "…"), ("  ", "")])
def test_one_line(text, expected):
    assert one_line(text) == expected


@pytest.mark.parametrize("source", ["", "  "])
def test_an_empty_corpus_path_is_an_error(source):
    with pytest.raises(ParameterError, match="corpus"):
        parse_corpus(source)


def test_large_documents_cross_the_process_boundary_both_ways():
    """Documents and results far over a pipe's buffer, several per worker (no deadlock)."""
    raws = [_raw(f"第{i}份报告\n\n" + "智慧城市建设取得新进展，数字经济增长12%。\n" * 12_000,
                 doc_id=f"d{i}", path=f"d{i}.txt") for i in range(5)]
    one = parse_documents(raws)
    two = parse_documents(raws, workers=2, time_limit=600)
    assert _same_documents(two, one) and len(two) == 5
