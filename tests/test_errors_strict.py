"""`Strict: true` brings back what the errors family leaves out by default (issue: errors that matter)."""
from __future__ import annotations

import shutil

from helpers import REPO, run_analysis, write_database

CASE = REPO / "tests" / "checks" / "errors" / "unchecked-result.defaults.c"
CHECKS = "-*,clangcheck-errors-unchecked-result"


def reported(tmp_path, config: str) -> list[tuple[int, str]]:
    source = tmp_path / CASE.name
    shutil.copy(CASE, source)
    outcome = run_analysis(write_database(tmp_path, [source], ["-std=c11"]), checks=CHECKS, config=config)
    return sorted((f.location.line, f.args[0]) for f in outcome.findings if f.level == "warning")


def test_default_reports_what_maintainers_act_on(tmp_path):
    assert reported(tmp_path, "{}") == [(17, "fflush"), (20, "write")]


def test_strict_adds_mutexes_shutdown_and_the_standard_streams_but_never_a_dying_macro(tmp_path):
    strict = "{CheckOptions: {clangcheck-errors-unchecked-result.Strict: true}}"
    assert reported(tmp_path, strict) == [(14, "pthread_mutex_lock"), (15, "pthread_mutex_unlock"), (16, "fflush"),
                                          (17, "fflush"), (18, "shutdown"), (20, "write"),
                                          (33, "pthread_join")]
