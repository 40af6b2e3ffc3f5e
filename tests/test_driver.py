"""Crash isolation: a TU whose worker dies or hangs is reported and the run goes on."""
from __future__ import annotations

import faulthandler
import os
import signal
import time
from pathlib import Path

from clangcheck.compdb import CompileEntry
from clangcheck.driver import run_units
from clangcheck.worker import UnitJob, analyze_unit, clang_arguments
from helpers import resource_dir, run_analysis, write_database


def job_for(path: Path) -> UnitJob:
    entry = CompileEntry(file=str(path), directory=str(path.parent), arguments=("-std=c++17",), language="c++", index=0)
    return UnitJob(entry=entry, resource_dir=resource_dir(), check_ids=("clangcheck-errors-unchecked-result",))


def crashing_analyzer(job: UnitJob):
    """Dies like libclang does on a bad TU: a real SIGSEGV in the worker process."""
    name = os.path.basename(job.entry.file)
    if name.startswith("crash"):
        faulthandler.disable()  # pytest's handler would print the child's stack: expected here
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hang"):
        time.sleep(60)
    return analyze_unit(job)


def test_segfault_and_hang_are_isolated(tmp_path):
    names = ["ok1.cpp", "crash.cpp", "hang.cpp", "ok2.cpp"]
    for name in names:
        (tmp_path / name).write_text("#include <unistd.h>\nvoid f(int fd) { close(fd); write(fd, 0, 0); }\n")
    results = []
    start = time.monotonic()
    run_units([job_for(tmp_path / n) for n in names], workers=2, timeout=3, on_result=results.append,
              analyze=crashing_analyzer)
    assert time.monotonic() - start < 30
    by_file = {Path(r.file).name: r for r in results}
    assert sorted(by_file) == sorted(names)
    assert [f.kind for f in by_file["crash.cpp"].failures] == ["crash"]
    assert "SIGSEGV" in by_file["crash.cpp"].failures[0].message
    assert [f.kind for f in by_file["hang.cpp"].failures] == ["timeout"]
    for ok in ("ok1.cpp", "ok2.cpp"):
        assert not by_file[ok].failures and len(by_file[ok].findings) == 1


def test_internal_error_is_a_failure_not_a_crash_of_the_run(tmp_path):
    (tmp_path / "a.cpp").write_text("int f();\n")
    results = []

    def broken(job):
        raise ValueError("boom")

    run_units([job_for(tmp_path / "a.cpp")], workers=1, timeout=30, on_result=results.append, analyze=broken)
    assert results[0].failures[0].kind == "error" and "ValueError: boom" in results[0].failures[0].message


def test_resource_dir_is_always_passed(tmp_path):
    job = job_for(tmp_path / "a.cpp")
    args = clang_arguments(job)
    assert args[-2:] == ["-resource-dir", resource_dir()]


def test_header_finding_seen_from_two_tus_is_reported_once(tmp_path):
    (tmp_path / "util.h").write_text("#include <unistd.h>\ninline void flush(int fd) { write(fd, \"x\", 1); }\n")
    sources = []
    for name in ("a.cpp", "b.cpp"):
        (tmp_path / name).write_text('#include "util.h"\nvoid use_' + name[0] + "(int fd) { flush(fd); }\n")
        sources.append(tmp_path / name)
    outcome = run_analysis(write_database(tmp_path, sources, ["-std=c++17"]), checks="-*,clangcheck-errors-*", jobs=2)
    assert [(Path(f.location.file).name, f.location.line) for f in outcome.findings] == [("util.h", 2)]
    outcome = run_analysis(tmp_path / "compile_commands.json", checks="-*,clangcheck-errors-*", header_filter="^$")
    assert outcome.findings == [] and outcome.suppressed_headers == 1


def test_jobs_give_the_same_findings(tmp_path):
    sources = []
    for i in range(4):
        path = tmp_path / f"t{i}.cpp"
        path.write_text(f"#include <unistd.h>\nvoid f{i}(int fd) {{ write(fd, 0, {i}); }}\n")
        sources.append(path)
    db = write_database(tmp_path, sources, ["-std=c++17"])
    one = run_analysis(db, checks="-*,clangcheck-errors-*", jobs=1).findings
    two = run_analysis(db, checks="-*,clangcheck-errors-*", jobs=2).findings
    assert one == two and len(one) == 4
