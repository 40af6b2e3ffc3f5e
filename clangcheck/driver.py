"""Scheduling: one forked child per TU, N at a time, so a libclang crash or hang costs one TU.

A child sends its `UnitResult` back through a pipe and exits. A child that dies without a
result (segfault, abort, out of memory) or outlives `timeout` is reported as an analysis
failure of that TU and the run goes on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable

from clangcheck.findings import AnalysisFailure, UnitResult
from clangcheck.worker import UnitJob, analyze_safely, analyze_unit


@dataclass
class _Running:
    process: mp.process.BaseProcess
    conn: Connection
    job: UnitJob
    started: float


def analyze_isolated(job: UnitJob, timeout: float) -> UnitResult:
    """One TU in a fresh child process: what a Dask task runs (Dask workers are daemonic and
    multi-threaded, so they may neither start multiprocessing children nor fork safely)."""
    try:
        done = subprocess.run([sys.executable, "-m", "clangcheck.worker"], input=pickle.dumps(job),
                              capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return UnitResult(job.entry.file, failures=[AnalysisFailure(
            job.entry.file, "timeout", f"analysis timed out after {timeout:g} s")])
    if done.returncode != 0:
        return UnitResult(job.entry.file, failures=[AnalysisFailure(
            job.entry.file, "crash", f"libclang crashed ({_signal_name(done.returncode)})")])
    return pickle.loads(done.stdout)


def run_units_dask(jobs: Iterable[UnitJob], scheduler: str | None, workers: int, timeout: float,
                   on_result: Callable[[UnitResult], None]) -> None:
    """The per-TU phase as Dask tasks: on `scheduler` (tcp://host:port) or a local cluster of `workers`.

    A TU whose worker dies is retried once elsewhere (the scheduler's allowed-failures), then
    reported as failed; the run completes either way.
    """
    import dask
    from distributed import Client, LocalCluster, as_completed

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None) if scheduler is None else None
        client = Client(cluster if cluster is not None else scheduler)
        try:
            futures = {client.submit(analyze_isolated, job, timeout, pure=False, key=f"clangcheck-{i}"): job
                       for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker after the retry, or a lost connection
                    result = UnitResult(job.entry.file, failures=[AnalysisFailure(
                        job.entry.file, "crash", f"Dask task failed: {type(exc).__name__}: {exc}".splitlines()[0])])
                on_result(result)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def _child(conn: Connection, job: UnitJob, analyze: Callable[[UnitJob], UnitResult]) -> None:
    conn.send(analyze_safely(job, analyze))
    conn.close()
    os._exit(0)  # skip interpreter teardown: nothing of the parent's must run twice


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _load_analysis_modules() -> None:
    """Import the checks, the model and libclang once, in the parent: every forked child would
    otherwise import them again (≈ 10 ms per TU)."""
    from clangcheck.model import libclang as lc
    from clangcheck.model import builder  # noqa: F401 - imported for the children
    from clangcheck.registry import all_checks

    all_checks()
    lc.load()


def run_units(
    jobs: Iterable[UnitJob],
    workers: int,
    timeout: float,
    on_result: Callable[[UnitResult], None],
    analyze: Callable[[UnitJob], UnitResult] = analyze_unit,
    start_method: str = "fork",
) -> None:
    """Run every job in its own child process, at most `workers` at once; results in completion order.

    `fork` is the cheapest; inside a multi-threaded host (a Dask worker) use `forkserver`, which
    forks children from a clean single-threaded server process.
    """
    ctx = mp.get_context(start_method)
    queue = deque(jobs)
    if start_method == "fork" and queue:
        _load_analysis_modules()
    running: dict[Connection, _Running] = {}
    while queue or running:
        while queue and len(running) < max(1, workers):
            job = queue.popleft()
            parent_conn, child_conn = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(child_conn, job, analyze), daemon=True)
            process.start()
            child_conn.close()
            running[parent_conn] = _Running(process, parent_conn, job, time.monotonic())
        ready = wait(list(running), timeout=0.5)
        for conn in ready:
            run = running.pop(conn)  # type: ignore[arg-type]
            try:
                result = conn.recv()  # type: ignore[union-attr]
            except (EOFError, OSError):
                run.process.join(5)
                result = UnitResult(run.job.entry.file, failures=[AnalysisFailure(
                    run.job.entry.file, "crash", f"libclang crashed ({_signal_name(run.process.exitcode)})")])
            conn.close()  # type: ignore[union-attr]
            run.process.join(5)
            on_result(result)
        now = time.monotonic()
        for conn, run in list(running.items()):
            if now - run.started > timeout:
                run.process.kill()
                run.process.join(5)
                conn.close()
                del running[conn]
                on_result(UnitResult(run.job.entry.file, failures=[AnalysisFailure(
                    run.job.entry.file, "timeout", f"analysis timed out after {timeout:g} s")]))
