"""Parse many documents, each in isolation, in this process or in worker processes.

Every document goes through :func:`~cityreports.pipeline.parse.parse_isolated`: a failure or a
document over its time limit is skipped and the others are kept. With ``workers > 1`` the
documents are parsed by a :class:`WorkerPool`: one document at a time per worker, each under a
deadline; a worker that dies or stops answering is replaced and only its document is skipped.
Workers die with their parent (Linux: ``PR_SET_PDEATHSIG``; elsewhere a watcher thread).

The workers send back each document without its raw text (the parent has it) and each
sentence's tokens as one string, so that little crosses the process boundary.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from cityreports.errors import InputError, ParameterError
from cityreports.pipeline.parse import (
    DocumentResult,
    ParseOptions,
    can_interrupt_here,
    document_location,
    parse_isolated,
    time_limit_reason,
)
from cityreports.records import ParsedDocument, RawDocument, Skipped
from cityreports.text.tokens import Segmenter

#: Called with each run of parsed documents, in order, as soon as it is parsed.
OnParsed = Callable[[Sequence[ParsedDocument]], None]

#: A worker whose own timer did not stop a document is killed this long after the time limit
#: (the timer interrupts Python code and regular expressions; this catches the rest).
KILL_GRACE = 5.0


@dataclass
class Parsed:
    """Parsed documents in input order, the documents skipped, and their fingerprints."""

    documents: list[ParsedDocument] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fingerprints: dict[str, object] = field(default_factory=dict)


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_workers(workers: int) -> int:
    """``workers`` capped at :func:`cpu_count` (with a warning); below 1 raises."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError("workers", f"must be an integer >= 1, got {workers!r}")
    cpus = cpu_count()
    if workers > cpus:
        warnings.warn(f"workers={workers} capped at {cpus}, the number of CPUs", stacklevel=2)
        return cpus
    return workers


def _segmenter(options: ParseOptions) -> Segmenter | None:
    """A Segmenter with its dictionary loaded (before any deadline runs), if one is needed."""
    if not options.segment:
        return None
    segmenter = Segmenter()
    segmenter.tokens("智慧城市")
    return segmenter


# --- what crosses the process boundary -------------------------------------------------------


def _pack_tokens(tokens: tuple[str, ...]) -> str | tuple[str, ...]:
    """One sentence's tokens as one string (tokens never hold a space), for a small pickle."""
    joined = " ".join(tokens)
    if not tokens or joined.count(" ") != len(tokens) - 1:
        return tokens  # no tokens, or a token with a space: sent as it is
    return joined


def _unpack_tokens(packed: str | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(packed.split(" ")) if isinstance(packed, str) else packed


def _pack(result: DocumentResult) -> tuple:
    """``result`` without the raw document (the parent has it)."""
    doc = result.doc
    if doc is None:
        return (None, result.skipped)
    parts = (doc.norm, doc.blocks, doc.sentences, doc.meta, tuple(map(_pack_tokens, doc.tokens)),
             doc.claims, doc.enumerations, doc.claim_diagnostics)
    return (parts, result.fingerprint)


def _unpack(raw: RawDocument, packed: tuple) -> DocumentResult:
    parts, extra = packed
    if parts is None:
        return DocumentResult(skipped=extra)
    norm, blocks, sentences, meta, tokens, claims, enumerations, diagnostics = parts
    doc = ParsedDocument(raw=raw, norm=norm, blocks=blocks, sentences=sentences, meta=meta,
                         tokens=tuple(map(_unpack_tokens, tokens)), claims=claims,
                         enumerations=enumerations, claim_diagnostics=diagnostics)
    return DocumentResult(doc=doc, fingerprint=extra)


# --- worker processes ------------------------------------------------------------------------


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends, even in the middle of a document."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="cityreports-parent-watch", daemon=True).start()


def _worker_main(conn, parent: int, options: ParseOptions) -> None:
    """Parse the documents ``conn`` sends, one at a time, until None or the parent goes."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops the workers
    segmenter = _segmenter(options)
    conn.send(READY)  # deadlines count from here, not from the start-up (jieba takes seconds)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, raw = task
        conn.send((index, _pack(parse_isolated(raw, segmenter=segmenter, options=options))))


def progress_bar(**options):
    """A tqdm progress bar (``tqdm.auto``: a widget in Jupyter), imported only when one is
    shown: its import (with asyncio) costs 50 ms of every run that shows none."""
    from tqdm.auto import tqdm

    return tqdm(**options)


#: What a worker sends once it is ready to parse.
READY = "ready"


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    in_flight: deque[int] = field(default_factory=deque)  # at most one document
    ready: bool = False
    head_started: float = 0.0  # when it was sent the document in flight


class WorkerPool:
    """``workers`` processes that parse documents under ``options`` (see module doc).

    Start it early (the workers load jieba meanwhile), use :meth:`results` once, and close it
    (``with`` does): closing stops and reaps every worker.
    """

    def __init__(self, workers: int, options: ParseOptions) -> None:
        if workers < 1:
            raise ParameterError("workers", f"must be >= 1, got {workers}")
        self.options = options
        self._context = multiprocessing.get_context()
        self._workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self._workers.append(self._start())
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(theirs, os.getpid(), self.options),
            name="cityreports-parse", daemon=True,
        )
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker: ask politely, then kill what is still running."""
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        end = time.monotonic() + 2.0
        for worker in self._workers:
            worker.process.join(max(0.0, end - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers = []

    def _kill_limit(self) -> float | None:
        limit = self.options.time_limit
        if limit is None:
            return None
        return limit + (KILL_GRACE + limit if _workers_can_interrupt() else 0.0)

    def _dispatch(self, worker: _Worker, raws: Sequence[RawDocument], pending: deque[int]) -> None:
        """Send ``worker`` (idle, so reading its pipe) the next pending document."""
        if not pending or worker.in_flight:
            return
        index = pending.popleft()
        worker.in_flight.append(index)
        worker.head_started = time.monotonic()
        try:
            worker.conn.send((index, raws[index]))
        except OSError:
            pass  # the worker is gone: found by the caller

    def results(self, raws: Sequence[RawDocument]) -> Iterator[tuple[int, DocumentResult]]:
        """``(index, result)`` of every document, in the order they finish.

        A worker gets its next document as soon as it sends a result (before the caller sees
        that result), and only then: a worker is never sent a document while it is busy, so
        that neither side ever waits to write to the other.
        """
        pending = deque(range(len(raws)))
        kill_after = self._kill_limit()
        while pending or any(w.in_flight for w in self._workers):
            for worker in self._workers:
                if worker.ready:
                    self._dispatch(worker, raws, pending)
            waiting = [w for w in self._workers if w.in_flight or not w.ready]
            timed = [w.head_started for w in waiting if w.in_flight]
            timeout = None
            if kill_after is not None and timed:
                timeout = max(0.0, min(timed) + kill_after - time.monotonic())
            ready = set(multiprocessing.connection.wait(
                [w.conn for w in waiting] + [w.process.sentinel for w in waiting], timeout))
            for worker in waiting:
                lost = None
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        while worker.conn.poll():
                            message = worker.conn.recv()
                            if message == READY:
                                worker.ready = True
                                self._dispatch(worker, raws, pending)
                                continue
                            index, packed = message
                            worker.in_flight.popleft()
                            self._dispatch(worker, raws, pending)
                            yield index, _unpack(raws[index], packed)
                    except (EOFError, OSError):
                        pass
                    if not worker.process.is_alive():
                        code = worker.process.exitcode
                        how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
                        if not worker.in_flight:  # died before it took a document
                            raise ChildProcessError(f"a parse worker failed to start ({how})")
                        lost = f"worker process died ({how})"
                if (lost is None and kill_after is not None and worker.in_flight
                        and time.monotonic() - worker.head_started > kill_after):
                    lost = time_limit_reason(self.options.time_limit or 0.0)
                if lost is not None:
                    index = self._replace(worker, pending)
                    yield index, DocumentResult(
                        skipped=Skipped(document_location(raws[index]), lost))

    def _replace(self, worker: _Worker, pending: deque[int]) -> int:
        """Kill ``worker`` and start another; its other documents go back to ``pending``.

        Returns the document it was parsing.
        """
        head, *rest = worker.in_flight
        pending.extendleft(reversed(rest))
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers[self._workers.index(worker)] = self._start()
        return head


def _workers_can_interrupt() -> bool:
    """Whether a worker's own timer stops a document (else the parent kills the worker)."""
    return hasattr(signal, "setitimer")


# --- parsing many documents ------------------------------------------------------------------


def _here(
    raws: Sequence[RawDocument], options: ParseOptions
) -> Iterator[tuple[int, DocumentResult]]:
    """Results of parsing ``raws`` in this process, in order."""
    segmenter = _segmenter(options)
    for index, raw in enumerate(raws):
        yield index, parse_isolated(raw, segmenter=segmenter, options=options)


def _in_order(
    results: Iterable[tuple[int, DocumentResult]],
) -> Iterator[list[tuple[int, DocumentResult]]]:
    """Runs of ``(index, result)`` in index order, each as soon as it is complete."""
    waiting: dict[int, DocumentResult] = {}
    following = 0
    for index, result in results:
        waiting[index] = result
        run = []
        while following in waiting:
            run.append((following, waiting.pop(following)))
            following += 1
        if run:
            yield run


def parse_many(
    raws: Sequence[RawDocument],
    *,
    options: ParseOptions,
    workers: int = 1,
    pool: WorkerPool | None = None,
    progress: bool = False,
    strict: bool = False,
    on_parsed: OnParsed | None = None,
) -> Parsed:
    """Parse ``raws``, each in isolation (see module doc); ``on_parsed`` is called with each
    run of parsed documents, in input order, while the rest are being parsed.

    ``pool`` (closed by the caller) parses them when given; else a new pool of ``workers``
    when ``workers > 1``, or this process (one worker process when this is not the main
    thread and a time limit is set: only the main thread can be interrupted). ``strict``
    raises :class:`~cityreports.errors.InputError` for the first document skipped.
    """
    parsed = Parsed()
    needs_pool = workers > 1 or (options.time_limit is not None and not can_interrupt_here())
    own = WorkerPool(workers, options) if pool is None and needs_pool and raws else None
    source = pool or own
    bar = progress_bar(total=len(raws), desc="parse", unit="doc") if progress else None
    try:
        results = source.results(raws) if source is not None else _here(raws, options)
        for run in _in_order(results):
            docs = []
            for _, result in run:
                if result.skipped is not None:
                    if strict:
                        raise InputError(result.skipped.path, result.skipped.reason)
                    parsed.skipped.append(result.skipped)
                    continue
                docs.append(result.doc)
                if result.fingerprint is not None:
                    parsed.fingerprints[result.doc.doc_id] = result.fingerprint
            parsed.documents.extend(docs)
            if docs and on_parsed is not None:
                on_parsed(docs)
            if bar is not None:
                bar.update(len(run))
    finally:
        if bar is not None:
            bar.close()
        if own is not None:
            own.close()
    return parsed


def parse_documents(
    raws: Sequence[RawDocument],
    *,
    workers: int = 1,
    progress: bool = False,
    segment: bool = False,
    claims: bool = False,
    time_limit: float | None = None,
) -> list[ParsedDocument]:
    """Parse documents, in ``workers`` processes when more than one is asked for.

    ``segment=True`` also segments every sentence with a :class:`~cityreports.text.tokens.Segmenter`
    (one per process), so segmentation runs in parallel too; ``claims=True`` finds claims and
    enumerations. A document that fails raises :class:`~cityreports.errors.InputError` (use
    :func:`~cityreports.pipeline.corpus.parse_corpus` to skip it and keep the others).
    """
    workers = check_workers(workers)
    options = ParseOptions(segment=segment, claims=claims, time_limit=time_limit)
    return parse_many(raws, options=options, workers=workers, progress=progress,
                      strict=True).documents
