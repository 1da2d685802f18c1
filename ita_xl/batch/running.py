"""Running a batch's chunks: inline, in a ``ProcessPoolExecutor`` or on a Dask cluster, the same
task (:func:`~ita_xl.batch.task.run_chunk`) in each. At most a few chunks are in flight, so memory
stays flat whatever the number of agencies; a worker that dies fails its chunk's agencies, and the
pool's workers end with the batch's process.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from ita_xl.batch import reports
from ita_xl.batch.records import FAILED, Job, Options, Outcome
from ita_xl.batch.task import run_chunk, warm_up
from ita_xl.errors import InputError


def chunks_of(items: Iterator[Job | Outcome | InputError], size: int, sink: Callable) -> Iterator[list[Job]]:
    """Group jobs into chunks; failed agencies and bad inputs go straight to ``sink``."""
    chunk: list[Job] = []
    for item in items:
        if isinstance(item, Job):
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        else:
            sink(item)
    if chunk:
        yield chunk


def run_inline(chunks: Iterator[list[Job]], opts: Options, done: Callable) -> None:
    try:
        for chunk in chunks:
            done(run_chunk(chunk, opts))
    finally:
        reports.close_converter()  # a worker's LibreOffice ends with the worker


def run_pool(chunks: Iterator[list[Job]], opts: Options, done: Callable, workers: int) -> None:
    limit = 2 * workers  # chunks in flight: enough to keep workers busy, few enough to stay flat
    warm_up(opts)  # once here rather than once per worker: forked workers share it
    with ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),)) as pool:
        pending: dict[Future, list[Job]] = {}
        try:
            # Start the workers before the first input is read: forked later, each would carry a
            # copy of whatever the reading side holds at that moment.
            pool.submit(warm_up, opts).result()
            for chunk in chunks:
                pending[pool.submit(run_chunk, chunk, opts)] = chunk
                while len(pending) >= limit:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for f in finished:
                        done(_result(f, pending.pop(f)))
            for f in list(pending):
                done(_result(f, pending.pop(f)))
        except BaseException:
            _stop_workers(pool)
            raise


def _end_with_parent(parent: int) -> None:
    """A pool worker's initializer: the worker ends when the batch's process is gone (killed -9,
    nothing else tells it), and its LibreOffice with it (the helper watches the worker in turn).
    POSIX, where an orphan gets another parent; a thread, as the worker is busy with its jobs."""
    if os.name != "posix":
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="ita-xl-parent-watch").start()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers now, waiting until they are gone.

    ``shutdown(wait=False)`` alone leaves workers running the chunks already handed to them (a
    worker survives the KeyboardInterrupt of a task): they would go on writing into the staging
    folder after the caller cleaned it. Killed mid-write, a worker leaves at most a staged file,
    which the caller removes once this returns.
    """
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    procs = list((getattr(pool, "_processes", None) or {}).values())
    if terminate is not None:
        terminate()
    else:
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
    for proc in procs:
        proc.join(timeout=10)


def _result(future, chunk: list[Job]) -> list[Outcome]:
    try:
        return future.result()
    except Exception as exc:  # a worker died (killed, out of memory): its agencies failed  # noqa: BLE001
        return [
            Outcome(
                (j.case.org.id if j.case else ""), (j.case.org.name if j.case else Path(j.source).stem),
                (j.case.org.org_type if j.case else ""), (j.case.org.province if j.case else ""),
                j.source, j.out, FAILED, f"worker failed: {type(exc).__name__}: {exc}",
            )
            for j in chunk
        ]


def run_dask(chunks: Iterator[list[Job]], opts: Options, done: Callable, address) -> None:
    """The same task on a Dask cluster: ``address`` is ``tcp://host:port`` or a ``Client``.

    Workers must see the output folder at the same path (a shared file system).
    """
    from distributed import Client, as_completed  # noqa: PLC0415 (optional dependency)

    client = address if isinstance(address, Client) else Client(address)
    try:
        limit = 2 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        chunk_of: dict[str, list[Job]] = {}
        for chunk in chunks:
            fut = client.submit(run_chunk, chunk, opts, pure=False)
            chunk_of[fut.key] = chunk
            running.add(fut)
            while running.count() >= limit:
                f = next(running)
                done(_result(f, chunk_of.pop(f.key)))
        for f in running:
            done(_result(f, chunk_of.pop(f.key)))
    finally:
        if client is not address:
            client.close()

