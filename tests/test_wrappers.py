"""A program's own thread and lock layer, in other TUs than its callers: starts through a
trampoline struct and a wrapper of the wrapper, joins and locks through wrappers, the routine's
argument as the shared object (tests/data/wrappers)."""
from __future__ import annotations

import shutil
from pathlib import Path

from helpers import REPO, run_analysis, run_cli, write_database

DATA = REPO / "tests" / "data" / "wrappers"
SOURCES = ("workers.c", "pool.c", "app.c")


def analyze(tmp_path: Path, order=SOURCES):
    for name in (*SOURCES, "workers.h"):
        shutil.copy(DATA / name, tmp_path / name)
    db = write_database(tmp_path, [tmp_path / n for n in order], ["-x", "c", "-std=c11"])
    outcome = run_analysis(db, checks="-*,clangcheck-concurrency-*")
    assert not outcome.failures, outcome.failures
    return outcome.findings


def line_of(text: str, name: str = "app.c") -> int:
    lines = (DATA / name).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_threads_started_joined_and_locked_through_wrappers(tmp_path: Path) -> None:
    findings = analyze(tmp_path)
    found = {(Path(f.location.file).name, f.location.line, f.check_id) for f in findings}
    assert found == {
        # started by worker_spawn (a trampoline calls the routine through the struct it filled) and
        # by pool_run (which passes its parameter on to worker_spawn)
        ("app.c", line_of("hits = hits + 1;"), "clangcheck-concurrency-data-race"),
        # the routine's argument is the object both threads write
        ("app.c", line_of("*total = *total + 1;"), "clangcheck-concurrency-data-race"),
        # guard_enter locks what its parameter points to; leave_early_bad returns holding it
        ("app.c", _leave_early_line(), "clangcheck-concurrency-lock-not-released"),
    }
    by_line = {f.location.line: f for f in findings}
    race = by_line[line_of("hits = hits + 1;")]
    assert race.message == "'hits' is written by two instances of thread 'count_bad' at once without a common lock"
    starts = {n.location.line for n in race.notes if "is started here" in n.message}
    assert starts == {line_of("if (worker_spawn(count_bad")}  # both starts are in that condition
    byref = by_line[line_of("*total = *total + 1;")]
    assert byref.message.startswith("'total' is written by two instances of thread 'add_bad'")
    leak = by_line[_leave_early_line()]
    assert leak.message == "'lock' is locked here by 'guard_enter' and not released on every path out of 'leave_early_bad'"
    assert [n.location.line for n in leak.notes] == [line_of("return -1;")]


def _leave_early_line() -> int:
    lines = (DATA / "app.c").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "leave_early_bad(int stop)" in line)
    return next(i for i, line in enumerate(lines[start:], start + 1) if "guard_enter(lock);" in line)


def test_the_result_does_not_depend_on_the_order_of_the_database(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = analyze(tmp_path / "a")
    second = analyze(tmp_path / "b", tuple(reversed(SOURCES)))
    key = lambda fs: sorted((Path(f.location.file).name, f.location.line, f.check_id, f.message) for f in fs)
    assert key(first) == key(second) and first


def test_verbose_counts_thread_starts_and_a_threadless_program_gets_a_notice(tmp_path: Path) -> None:
    from helpers import run_cli

    for name in (*SOURCES, "workers.h"):
        shutil.copy(DATA / name, tmp_path / name)
    write_database(tmp_path, [tmp_path / n for n in SOURCES], ["-x", "c", "-std=c11"])
    run = run_cli("analyze", ".", "--checks=-*,clangcheck-concurrency-*", "--verbose", cwd=tmp_path)
    assert "clangcheck: program app: 3 TUs, main in app.c; 8 thread starts (7 through the program's own wrappers)" \
        in run.stderr, run.stderr
    assert "no thread start was found" not in run.stderr

    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "main.c").write_text(
        "#include <pthread.h>\n"
        "extern int run_later(void (*job)(void));\n"
        "static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
        "static int n;\n"
        "static void job(void) { pthread_mutex_lock(&m); n++; pthread_mutex_unlock(&m); }\n"
        "int main(void) { run_later(job); pthread_mutex_lock(&m); n++; pthread_mutex_unlock(&m); return 0; }\n")
    write_database(alone, [alone / "main.c"], ["-x", "c", "-std=c11"])
    run = run_cli("analyze", str(alone), "--checks=-*,clangcheck-concurrency-*")
    assert run.returncode == 0, run.stderr
    notices = [line for line in run.stderr.splitlines() if "no thread start was found" in line]
    assert notices == ["clangcheck: note: program main locks mutexes but no thread start was found in it, so no "
                       "data race can be reported for it (threads started by an API clangcheck does not know?)"], run.stderr


def test_the_threadless_notice_is_one_line_for_all_programs(tmp_path: Path) -> None:
    """Several tools of one database lock mutexes and start no thread: one line names them all."""
    files = []
    for i in range(7):
        (tmp_path / f"tool{i}.c").write_text(
            "#include <pthread.h>\n"
            "static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;\n"
            "static int n;\n"
            "int main(void) { pthread_mutex_lock(&m); n++; pthread_mutex_unlock(&m); return n; }\n")
        files.append(tmp_path / f"tool{i}.c")
    write_database(tmp_path, files, ["-x", "c", "-std=c11"])
    run = run_cli("analyze", str(tmp_path), "--checks=-*,clangcheck-concurrency-*")
    assert run.returncode == 0, run.stderr
    notices = [line for line in run.stderr.splitlines() if "no thread start was found" in line]
    assert len(notices) == 1, run.stderr
    assert notices[0].startswith("clangcheck: note: programs tool0, tool1, tool2, tool3, tool4 and 2 more lock mutexes "
                                 "but no thread start was found in them, so no data race can be reported for them"), notices
