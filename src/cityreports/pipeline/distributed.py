"""Map a function over shards: in this process, in worker processes, or on a Dask cluster.

Every executor has the same two calls: :meth:`warm` runs a function once in every worker
(e.g. to load jieba while the files are read) and :meth:`map_unordered` yields ``(index,
result)`` for every item as it finishes, in any order, with at most ``in_flight`` items
handed out at a time, so that the items of a long corpus are neither all copied to the
workers at once nor kept alive after they are done. Callers put results back in index order;
nothing about an output may depend on the order in which results arrive.

* :class:`SerialExecutor` - this process, one item after the other.
* :class:`ProcessExecutor` - ``workers`` local processes (:mod:`concurrent.futures`); each
  item runs in the main thread of a worker, where per-document time limits can interrupt it.
* :class:`DaskExecutor` - a ``dask.distributed`` cluster: a new ``LocalCluster`` of
  ``workers`` processes (``scheduler="local"``) or the scheduler at an address
  (``tcp://host:8786``), whose workers must import the same cityreports and share the output
  folder's file system.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from cityreports.errors import ParameterError
from cityreports.pipeline.parallel import die_with_parent

__all__ = [
    "DaskExecutor",
    "ProcessExecutor",
    "SerialExecutor",
    "check_scheduler",
    "make_executor",
]

#: Items handed out per worker at a time: one running, one waiting, so no worker idles.
IN_FLIGHT_PER_WORKER = 2

_ADDRESS = re.compile(r"^(?:tcp|tls|inproc|ucx|ws|wss)://\S+$")


def check_scheduler(scheduler: str | None) -> str | None:
    """``scheduler`` if it is None, ``"local"`` or a scheduler address (``tcp://host:8786``)."""
    if scheduler is None or scheduler == "local" or _ADDRESS.match(scheduler):
        return scheduler
    raise ParameterError(
        "scheduler", f"expected 'local' or an address like tcp://host:8786, got {scheduler!r}"
    )


class SerialExecutor:
    """Items one after the other in this process."""

    workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def warm(self, fn: Callable[[], object]) -> None:
        """Nothing to warm: the first item loads what it needs."""

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any]
    ) -> Iterator[tuple[int, Any]]:
        for index, item in enumerate(items):
            yield index, fn(item)


def _bounded(
    submit: Callable[[Any], Future], items: Iterable[Any], in_flight: int
) -> Iterator[tuple[int, Any]]:
    """Submit ``items`` with at most ``in_flight`` pending; yield ``(index, result)``."""
    pending: dict[Future, int] = {}
    source = iter(enumerate(items))
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < in_flight:
                try:
                    index, item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending[submit(item)] = index
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=pending.__getitem__):
                index = pending.pop(future)
                yield index, future.result()
    finally:
        for future in pending:
            future.cancel()


class ProcessExecutor:
    """``workers`` local worker processes; started on entry, stopped on exit. The workers die
    with this process (:func:`~cityreports.pipeline.parallel.die_with_parent`): a killed
    ``extract --workers N`` leaves no worker parsing on."""

    def __init__(self, workers: int) -> None:
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ParameterError("workers", f"must be an integer >= 1, got {workers!r}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessExecutor:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=die_with_parent,
                                         initargs=(os.getpid(),))
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _running(self) -> ProcessPoolExecutor:
        if self._pool is None:
            raise RuntimeError("use the executor in a with block")
        return self._pool

    def warm(self, fn: Callable[[], object]) -> None:
        """Start ``fn`` in every worker (without waiting): the workers launch and load
        meanwhile."""
        pool = self._running()
        for _ in range(self.workers):
            pool.submit(fn)

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any]
    ) -> Iterator[tuple[int, Any]]:
        pool = self._running()
        return _bounded(lambda item: pool.submit(fn, item), items,
                        self.workers * IN_FLIGHT_PER_WORKER)


class DaskExecutor:
    """A ``dask.distributed`` client: of a new ``LocalCluster`` of ``workers`` single-threaded
    processes (``scheduler="local"``) or of the cluster at the address ``scheduler``."""

    def __init__(self, scheduler: str = "local", *, workers: int = 2) -> None:
        self.scheduler = check_scheduler(scheduler) or "local"
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ParameterError("workers", f"must be an integer >= 1, got {workers!r}")
        self.workers = workers
        self._cluster = None
        self._client = None
        self._warming: list = []

    def __enter__(self) -> DaskExecutor:
        # dask.distributed is heavy (a second to import) and only needed here
        from dask.distributed import Client, LocalCluster

        if self.scheduler == "local":
            self._cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        else:
            self._client = Client(self.scheduler)
            self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._warming = []
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _running(self):
        if self._client is None:
            raise RuntimeError("use the executor in a with block")
        return self._client

    def warm(self, fn: Callable[[], object]) -> None:
        """Start ``fn`` on every worker (without waiting for it)."""
        client = self._running()
        self._warming = [
            client.submit(fn, workers=[address], allow_other_workers=False, pure=False)
            for address in client.scheduler_info().get("workers", {})
        ]

    def map_unordered(
        self, fn: Callable[[Any], Any], items: Iterable[Any]
    ) -> Iterator[tuple[int, Any]]:
        # dask.distributed is imported in __enter__ already; as_completed comes with it
        from dask.distributed import as_completed

        client = self._running()
        source = iter(enumerate(items))
        index_of: dict[str, int] = {}
        running = as_completed()

        def submit_next() -> bool:
            for index, item in source:
                # the item travels with its task (a shard is well under a megabyte), so the
                # scheduler gives it to whichever worker is free
                future = client.submit(fn, item, pure=False)
                index_of[future.key] = index
                running.add(future)
                return True
            return False

        for _ in range(self.workers * IN_FLIGHT_PER_WORKER):
            if not submit_next():
                break
        for future in running:
            index = index_of.pop(future.key)
            result = future.result()
            future.release()
            submit_next()
            yield index, result


def make_executor(*, workers: int | None = None, scheduler: str | None = None):
    """The executor for ``workers`` and ``scheduler``: Dask when a scheduler is given (a
    ``LocalCluster`` of ``workers`` processes, by default one per CPU), else ``workers``
    local processes when more than one, else this process."""
    scheduler = check_scheduler(scheduler)
    if scheduler is not None:
        return DaskExecutor(scheduler, workers=workers or cpu_count())
    if workers is None or workers == 1:
        return SerialExecutor()
    return ProcessExecutor(workers)


def cpu_count() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1

