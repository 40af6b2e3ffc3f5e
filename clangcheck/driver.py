"""Scheduling: one forked child per TU, N at a time, so a libclang crash or hang costs one TU.

A child sends its `UnitResult` back through a pipe and exits. A child that dies without a
result (segfault, abort, out of memory) or outlives `timeout` is reported as an analysis
failure of that TU and the run goes on.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable

from clangcheck.findings import AnalysisFailure, UnitResult
from clangcheck.worker import UnitJob, analyze_unit


@dataclass
class _Running:
    process: mp.process.BaseProcess
    conn: Connection
    job: UnitJob
    started: float


def _child(conn: Connection, job: UnitJob, analyze: Callable[[UnitJob], UnitResult]) -> None:
    try:
        result = analyze(job)
    except Exception as exc:  # a bug of ours on one TU must not hide the others
        last = traceback.extract_tb(exc.__traceback__)[-1]
        result = UnitResult(job.entry.file, failures=[AnalysisFailure(
            job.entry.file, "error", f"internal error: {type(exc).__name__}: {exc} ({os.path.basename(last.filename)}:{last.lineno})")])
    conn.send(result)
    conn.close()
    os._exit(0)  # skip interpreter teardown: nothing of the parent's must run twice


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def run_units(
    jobs: Iterable[UnitJob],
    workers: int,
    timeout: float,
    on_result: Callable[[UnitResult], None],
    analyze: Callable[[UnitJob], UnitResult] = analyze_unit,
) -> None:
    """Run every job in its own child process, at most `workers` at once; results in completion order."""
    ctx = mp.get_context("fork")
    queue = deque(jobs)
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
