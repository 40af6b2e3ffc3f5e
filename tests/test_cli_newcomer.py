"""A newcomer's first day (issue 17): a failing check never ends the run, merge over unrelated
folders, clang-tidy's single-dash options, explain/list-checks, regions and rule links.

Every run parses real C/C++ files with real libclang; failing checks are real plugin classes
registered through the `clangcheck.checks` entry-point group, the way an outside family is.
"""
from __future__ import annotations

import json
import os
import re
from html import unescape
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers import REPO, run_cli

LEAK = "clangcheck-ownership-leak"
UNCHECKED = "clangcheck-errors-unchecked-result"
RACE = "clangcheck-concurrency-data-race"
BOOM_RUN = "clangcheck-test-boom-run"
BOOM_LINK = "clangcheck-test-boom-link"

SOURCE = """#include <stdlib.h>
#include <unistd.h>
#include <thread>

int counter = 0;
void work() { counter++; }

int race() {
    std::thread t(work);
    int seen = counter;
    t.join();
    return seen;
}

int send_all(int fd, const char *buf, unsigned long n) {
    char *copy = (char *)malloc(n);
    write(fd, buf, n);
    return 0;
}
"""

# A real outside family: one check whose per-TU pass has a bug, one whose link has one.
PLUGIN = '''
from clangcheck.check import Check


class BoomRun(Check):
    id = "clangcheck-test-boom-run"
    summary = "raises in its per-TU pass"

    def run(self, unit):
        return iter([[f for f in unit.functions if f.name == "no-such-function"][0]])


class BoomLink(Check):
    id = "clangcheck-test-boom-link"
    summary = "raises in its link"
    summary_schema = tuple[str, ...]

    def summarize(self, unit):
        return tuple(f.name for f in unit.functions)

    def link(self, summaries):
        names = [n for s in summaries for n in s if n == "no-such-function"]
        raise IndexError(f"list index out of range ({names[0] if names else 'no names'})")


CHECKS = (BoomLink, BoomRun)
'''


def plugin_env(tmp_path: Path, module: str = "boom_checks", source: str = PLUGIN) -> dict[str, str]:
    """A folder on PYTHONPATH holding the plugin module and its distribution's entry point."""
    site = tmp_path / "site"
    info = site / f"{module}-0.1.dist-info"
    info.mkdir(parents=True)
    (site / f"{module}.py").write_text(source)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[clangcheck.checks]\n{module} = {module}\n")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clangcheck", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=600, stdin=subprocess.DEVNULL, env=env)


def rule_ids(text: str) -> set[str]:
    return {line.rsplit("[", 1)[1].rstrip("]").split(",")[0] for line in text.splitlines()
            if ": warning: " in line or ": error: " in line}


# --- 1. one failing check never ends the run ----------------------------------------------------------
def test_a_check_raising_in_its_per_tu_pass_and_in_its_link_costs_only_that_check(tmp_path):
    project = helpers.project(tmp_path / "src", SOURCE)
    source = project / "a.cpp"
    result = cli("analyze", str(project), "--no-cache", "-j", "1", "--sarif", "out.sarif", "--html", "out.html",
                 cwd=tmp_path, env=plugin_env(tmp_path))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "internal error" in line]
    assert f"clangcheck: error: internal error in {BOOM_RUN} ({source}): IndexError: list index out of range" in errors
    assert (f"clangcheck: error: internal error in {BOOM_LINK} (program library): "
            "IndexError: list index out of range (no names)") in errors
    assert len(errors) == 3 and errors[-1].startswith("2 internal errors in")  # the two lines and the statistics
    assert {LEAK, UNCHECKED, RACE} <= rule_ids(result.stdout)  # per-TU and link findings of the other checks

    from report_tools import schema_errors

    log = json.loads((tmp_path / "out.sarif").read_text())
    assert schema_errors(log) == []
    run = log["runs"][0]
    assert {LEAK, UNCHECKED, RACE} <= {r["ruleId"] for r in run["results"]}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = {n["associatedRule"]["id"]: n for n in invocation["toolExecutionNotifications"]}
    assert set(notes) == {BOOM_RUN, BOOM_LINK}
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for check_id, note in notes.items():
        assert note["level"] == "error" and note["descriptor"] == {"id": "internal-error"}
        assert rules[note["associatedRule"]["index"]] == check_id
        assert note["exception"]["kind"] == "IndexError"
        assert note["message"]["text"].startswith(f"internal error in {check_id} (")
    assert notes[BOOM_RUN]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a.cpp"
    assert "locations" not in notes[BOOM_LINK]  # the link is about the whole program, no one file

    html = (tmp_path / "out.html").read_text()
    assert f"internal error in {BOOM_RUN}" in html and f"internal error in {BOOM_LINK}" in html
    assert "unchecked-result" in html and "data-race" in html


def test_a_failed_check_is_not_cached_and_fails_again(tmp_path):
    project = helpers.project(tmp_path / "src", SOURCE)
    env = plugin_env(tmp_path)
    for _ in range(2):
        result = cli("analyze", str(project), "-j", "1", f"--checks=-*,{BOOM_RUN},{UNCHECKED}",
                     cwd=tmp_path, env=env)
        assert result.returncode == 3, result.stderr
        assert f"internal error in {BOOM_RUN}" in result.stderr and UNCHECKED in result.stdout


def test_the_concurrency_link_of_a_qt_worker_with_only_qts_own_slots_reports_and_exits_normally(tmp_path):
    """The real IndexError of issue 17: `deleteLater` connected to a worker moved to a QThread."""
    qt = list(helpers.require_qt()) + ["-fPIC", "-std=c++17"]
    source = tmp_path / "controller.cpp"
    source.write_text("""#include <QObject>
#include <QThread>
#include <unistd.h>
class Worker : public QObject {};
struct Controller {
    Controller() : worker(new Worker) {
        worker->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        thread.start();
    }
    QThread thread;
    Worker *worker;
};
void log(int fd) { write(fd, "x", 1); }
""")
    helpers.write_database(tmp_path, [source], qt)
    result = run_cli("analyze", str(tmp_path), "--no-cache", "-j", "1", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert rule_ids(result.stdout) == {UNCHECKED}


# --- 3. merge over sources that share no folder but / -------------------------------------------------
MAIN_CPP = """#include <thread>
#include <unistd.h>
int counter = 0;
void work() { counter++; }
int read_counter();
int main() {
    std::thread t(work);
    int v = read_counter();
    t.join();
    write(1, "x", 1);
    return v;
}
"""
LIB_CPP = """#include <stdlib.h>
extern int counter;
int read_counter() { return counter; }
void leak(unsigned n) { char *p = (char *)malloc(n); if (p) p[0] = 1; }
"""


@pytest.fixture
def unrelated(tmp_path):
    """A program whose two TUs live under /tmp and under /var/tmp; the database in a third folder."""
    import shutil
    import tempfile

    other = Path(tempfile.mkdtemp(prefix="clangcheck-other-", dir="/var/tmp"))
    try:
        main, lib = tmp_path / "app" / "main.cpp", other / "lib" / "lib.cpp"
        for path, text in ((main, MAIN_CPP), (lib, LIB_CPP)):
            path.parent.mkdir(parents=True)
            path.write_text(text)
        build = tmp_path / "build"
        build.mkdir()
        helpers.write_database(build, [main, lib], ["-std=c++17"])
        yield build, main, lib
    finally:
        shutil.rmtree(other, ignore_errors=True)


def shards(build: Path, cwd: Path, env: dict | None = None) -> list[str]:
    """Both shards' SARIF logs and summaries, as a CI matrix writes them."""
    names = []
    for k in (1, 2):
        result = cli("analyze", str(build), "--no-cache", "-j", "1", "--shard", f"{k}/2", "--sarif", f"s{k}.sarif",
                     "--summaries-out", f"s{k}.sum", "--quiet", cwd=cwd, env=env)
        assert result.returncode in (0, 1, 3) and "Traceback" not in result.stderr, result.stderr
        names.append(f"s{k}")
    return names


def uris(log: dict) -> set[str]:
    """Each result's file as an absolute URI, resolved through its run's `originalUriBaseIds`."""
    from urllib.parse import urljoin

    found = set()
    for run in log["runs"]:
        bases = {k: v["uri"] for k, v in run.get("originalUriBaseIds", {}).items()}
        for r in run["results"]:
            artifact = r["locations"][0]["physicalLocation"]["artifactLocation"]
            found.add(urljoin(bases[artifact["uriBaseId"]], artifact["uri"]) if "uriBaseId" in artifact else artifact["uri"])
    return found


def assert_valid(path: Path) -> dict:
    from report_tools import schema_errors

    log = json.loads(path.read_text())
    assert schema_errors(log) == []
    for run in log["runs"]:
        assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///"
    return log


def test_merge_without_summaries_over_unrelated_folders_uses_a_root_base(unrelated, tmp_path):
    build, main, lib = unrelated
    shards(build, tmp_path)
    result = cli("merge", "s1.sarif", "s2.sarif", "-o", "merged.sarif", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    log = assert_valid(tmp_path / "merged.sarif")
    assert uris(log) == {main.as_uri(), lib.as_uri()}
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert all(a["uriBaseId"] == "%SRCROOT%" and not a["uri"].startswith(("/", "file:")) for a in artifacts)


def test_merge_with_summaries_over_unrelated_folders_links_the_race_across_them(unrelated, tmp_path):
    build, main, lib = unrelated
    shards(build, tmp_path)
    result = cli("merge", "s1.sarif", "s2.sarif", "--summaries", "s1.sum", "s2.sum", "-o", "merged.sarif", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{main}:4:15: warning: 'counter' is updated in thread 'work'" in result.stdout
    log = assert_valid(tmp_path / "merged.sarif")
    (run,) = log["runs"]
    assert {r["ruleId"] for r in run["results"]} == {RACE, LEAK, UNCHECKED}
    assert uris(log) == {main.as_uri(), lib.as_uri()}
    from report_tools import multitool_errors

    assert multitool_errors(tmp_path / "merged.sarif") == []


def test_merge_with_summaries_whose_link_raises_reports_it_and_exits_3(unrelated, tmp_path):
    build, main, lib = unrelated
    env = plugin_env(tmp_path)
    shards(build, tmp_path, env)
    result = cli("merge", "s1.sarif", "s2.sarif", "--summaries", "s1.sum", "s2.sum", "-o", "merged.sarif",
                 cwd=tmp_path, env=env)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert (f"clangcheck: error: internal error in {BOOM_LINK} (program main): "
            "IndexError: list index out of range (no names)") in result.stderr.splitlines()
    log = assert_valid(tmp_path / "merged.sarif")
    (run,) = log["runs"]
    assert RACE in {r["ruleId"] for r in run["results"]}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    linked = [n for n in invocation["toolExecutionNotifications"] if n["associatedRule"]["id"] == BOOM_LINK]
    assert len(linked) == 1 and rules[linked[0]["associatedRule"]["index"]] == BOOM_LINK
    per_tu = [n for n in invocation["toolExecutionNotifications"] if n["associatedRule"]["id"] == BOOM_RUN]
    assert {"/" + n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in per_tu} == {str(main), str(lib)}
    assert all(rules[n["associatedRule"]["index"]] == BOOM_RUN for n in per_tu)


def test_baseline_over_unrelated_folders_round_trips(unrelated, tmp_path):
    build, main, lib = unrelated
    first = cli("analyze", str(build), "--no-cache", "--write-baseline", "base.sarif", "--html", "r.html",
                "--quiet", cwd=tmp_path)
    assert first.returncode == 1 and "Traceback" not in first.stderr, first.stderr
    assert uris(assert_valid(tmp_path / "base.sarif")) == {main.as_uri(), lib.as_uri()}
    assert str(lib) in (tmp_path / "r.html").read_text()
    again = cli("analyze", str(build), "--no-cache", "--baseline", "base.sarif", "--sarif", "new.sarif",
                cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == "", again.stderr
    assert assert_valid(tmp_path / "new.sarif")["runs"][0]["results"] == []


# --- 4. clang-tidy's single-dash long options, and what suppressed a header's findings -------------------
HEADER = """#pragma once
#include <unistd.h>
inline void ping(int fd) { write(fd, "x", 1); }
"""
MAIN_WITH_HEADER = """#include "inc/h.h"
#include <stdio.h>
int main() { ping(1); FILE *f = fopen("/etc/passwd", "r"); return 0; }
"""


def header_project(tmp_path: Path, header_filter: str | None = "nomatch") -> Path:
    src = helpers.project(tmp_path / "src", MAIN_WITH_HEADER)
    (src / "inc").mkdir()
    (src / "inc" / "h.h").write_text(HEADER)
    config = "Checks: '-*,clangcheck-*'\n" + (f"HeaderFilterRegex: '{header_filter}'\n" if header_filter is not None else "")
    (src / ".clang-tidy").write_text(config)
    return src


def test_normalizing_keeps_short_options_and_joins_dash_values():
    from clangcheck.cli import _parser, single_dash_long_options

    parser = _parser()
    assert single_dash_long_options(
        ["analyze", "-header-filter=.*", "-checks", "-*,x", "-p", "b", "-j", "2", "-j3", "-j=4", "-quiet",
         "--extra-arg", "-Wall", "-export-fixes=f.yaml", "-warnings-as-errors=*", "-p=c", "--", "-quiet"], parser) == [
        "analyze", "--header-filter=.*", "--checks=-*,x", "-p", "b", "-j", "2", "-j3", "-j", "4", "--quiet",
        "--extra-arg=-Wall", "--export-fixes=f.yaml", "--warnings-as-errors=*", "-p", "c", "--", "-quiet"]
    assert single_dash_long_options(["list-checks", "-checks=-*"], parser) == ["list-checks", "--checks=-*"]
    assert single_dash_long_options(["--version"], parser) == ["--version"]


def test_the_statistics_name_the_header_filter_and_its_file_and_its_advice_works(tmp_path):
    src = header_project(tmp_path)
    result = run_cli("analyze", str(src), "--no-cache", cwd=tmp_path)
    assert result.returncode == 1 and "h.h" not in result.stdout
    lines = result.stderr.splitlines()
    assert "Suppressed 1 warnings (1 in non-user code)." in lines
    assert f"  1 in non-user code hidden by HeaderFilterRegex 'nomatch' (from {src / '.clang-tidy'})" in lines
    assert "Use -header-filter=.* to display errors from all non-system headers." in lines
    advised = run_cli("analyze", str(src), "--no-cache", "-header-filter=.*", cwd=tmp_path)
    assert advised.returncode == 1, advised.stderr
    assert f"{src / 'inc' / 'h.h'}:3:28: warning: the result of 'write' is ignored [{UNCHECKED}]" in advised.stdout
    assert "Suppressed" not in advised.stderr


def test_a_header_filter_from_the_command_line_says_so(tmp_path):
    src = header_project(tmp_path, header_filter=None)
    result = run_cli("analyze", "-p", str(src), "--no-cache", "-header-filter", "zzz", "-j", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert ("  1 in non-user code hidden by HeaderFilterRegex 'zzz' (from the command line, --header-filter)"
            in result.stderr.splitlines())


def test_an_exclude_header_filter_is_named_with_its_file_and_no_wrong_advice(tmp_path):
    src = header_project(tmp_path, header_filter=None)
    (src / ".clang-tidy").write_text("Checks: '-*,clangcheck-*'\nExcludeHeaderFilterRegex: 'inc/'\n")
    result = run_cli("analyze", str(src), "--no-cache", cwd=tmp_path)
    assert (f"  1 in non-user code hidden by ExcludeHeaderFilterRegex 'inc/' (from {src / '.clang-tidy'})"
            in result.stderr.splitlines())
    assert "Use -header-filter" not in result.stderr


def test_clang_tidy_spellings_of_checks_warnings_as_errors_fixes_quiet_and_p(tmp_path):
    src = header_project(tmp_path)
    result = run_cli("analyze", "-p=" + str(src), "--no-cache", "-checks=-*,clangcheck-errors-*",
                     "-warnings-as-errors=clangcheck-errors-*", "-export-fixes=fixes.yaml", "-quiet", "-j2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""  # -quiet: no statistics
    assert rule_ids(result.stdout) == {UNCHECKED}
    assert f"error: the result of 'fopen' is stored in 'f' but never read [{UNCHECKED},-warnings-as-errors]" in result.stdout
    assert (tmp_path / "fixes.yaml").read_text().startswith("---")
    spaced = run_cli("analyze", str(src), "--no-cache", "-checks", "-*,clangcheck-ownership-*", "-quiet", cwd=tmp_path)
    assert spaced.returncode == 1 and rule_ids(spaced.stdout) == {LEAK}, spaced.stderr


def test_two_different_databases_or_none_is_a_one_line_error(tmp_path):
    src = header_project(tmp_path)
    both = run_cli("analyze", str(src), "-p", str(tmp_path), cwd=tmp_path)
    assert both.returncode == 2 and both.stderr.count("\n") == 1 and "give one" in both.stderr
    none = run_cli("analyze", "-quiet", cwd=tmp_path)
    assert none.returncode == 2 and none.stderr.startswith("clangcheck: error: no compile database")


# --- 5. explain by a tail of the id, list-checks in columns, the README's table of checks ------------------
def test_explain_takes_a_unique_tail_of_an_id():
    for name, check_id in (("leak", LEAK), ("data-race", RACE), ("ownership-leak", LEAK), (RACE, RACE)):
        result = run_cli("explain", name)
        assert result.returncode == 0 and result.stdout.startswith(f"# {check_id}\n"), result.stderr


def test_explain_of_a_misspelt_id_suggests_close_ones_in_one_line():
    result = run_cli("explain", "lek")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"clangcheck: error: unknown check 'lek'; did you mean {LEAK}?\n"
    far = run_cli("explain", "xyzzy")
    assert far.returncode == 2 and far.stderr == "clangcheck: error: unknown check 'xyzzy' (see: clangcheck list-checks)\n"


def test_explain_of_an_ambiguous_tail_names_the_candidates(tmp_path):
    twin = "from clangcheck.check import Check\n\n\nclass Leak(Check):\n    id = 'clangcheck-test-leak'\n" \
           "    summary = 'a second leak check'\n\n\nCHECKS = (Leak,)\n"
    result = cli("explain", "leak", cwd=tmp_path, env=plugin_env(tmp_path, "twin_checks", twin))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"clangcheck: error: 'leak' names 2 checks: {LEAK}, clangcheck-test-leak; "
                             "give the full id\n")


def test_list_checks_prints_aligned_columns():
    from clangcheck.registry import all_checks

    lines = run_cli("list-checks", "--checks=-*,clangcheck-errors-*").stdout.splitlines()
    assert len(lines) == len(all_checks())
    starts = {line.index("clangcheck-") for line in lines}
    summaries = {line.index(all_checks()[line.split()[1]].summary) for line in lines}
    assert len(starts) == 1 and len(summaries) == 1
    assert {line.split()[0] for line in lines} == {"enabled", "disabled"}


def test_the_readme_table_lists_every_registered_check_with_a_description():
    from clangcheck.registry import all_checks

    rows = {}
    for line in (REPO / "README.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`clangcheck-") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = cells[1]
    assert sorted(rows) == sorted(all_checks())
    assert all(len(text) > 20 for text in rows.values())


# --- 6. regions cover the whole expression ------------------------------------------------------------------
REGION_SOURCE = """#include <cstdio>
#include <unistd.h>
int first(const char *path) {
    std::FILE *f = std::fopen(path, "r");
    return f ? 1 : 0;
}
void ping(int fd) {
    write(fd, "ping",
          4);
}
int *make() { int *p = new int[8]; return nullptr; }
"""


def test_sarif_and_html_regions_span_the_call_from_its_extent(tmp_path):
    src = helpers.project(tmp_path / "src", REGION_SOURCE)
    result = run_cli("analyze", str(src), "--no-cache", "--sarif", "out.sarif", "--html", "out.html",
                     "--format", "json", "--quiet", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    run = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]
    regions = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]):
               r["locations"][0]["physicalLocation"]["region"] for r in run["results"]}
    fopen = regions[(LEAK, 4)]
    line = REGION_SOURCE.splitlines()[3]
    assert (fopen["startColumn"], fopen["endLine"], fopen["endColumn"]) == (
        line.index("std::fopen") + 1, 4, line.index(";") + 1)  # all of `std::fopen(path, "r")`, not `std`
    write = regions[(UNCHECKED, 8)]
    assert (write["startColumn"], write["endLine"], write["endColumn"]) == (5, 9, 13)  # through the `)` on line 9
    assert write["snippet"]["text"] == '    write(fd, "ping",\n          4);'
    new = regions[(LEAK, 11)]
    assert new["endColumn"] - new["startColumn"] == len("new int[8]")
    ends = {(f["check"], f["line"]): f.get("end") for f in json.loads(result.stdout)["findings"]}
    assert ends[(UNCHECKED, 8)] == {"line": 9, "column": 13}
    from test_report_html import dump_dom

    dom = dump_dom(tmp_path / "out.html", tmp_path)
    underlined = re.findall(r'<span class="[^"]*\brange range-warning\b[^"]*">([^<]*)</span>', dom)
    # every finding's whole expression, the call on two lines without the second line's indentation
    assert unescape("".join(underlined)) == 'std::fopen(path, "r")' + 'write(fd, "ping",' + '4)' + 'new int[8]'


LOOP_SOURCE = """#include <stdlib.h>
int scan(int n) {
    char *p = 0;
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0)
            p = (char *)malloc(10);
        if (p && i == 7)
            return 1;
        if (i % 3 == 2) { free(p); p = 0; }
    }
    free(p);
    return 0;
}
"""


def notes_of(output: str, line: int) -> list[tuple[int, str]]:
    """The (line, text) notes that follow the warning at `line`, in the order printed."""
    notes, inside = [], False
    for text in output.splitlines():
        found = re.match(r".*?:(\d+):\d+: (warning|note): (.*)$", text)
        if not found:
            continue
        if found.group(2) == "warning":
            inside = int(found.group(1)) == line
        elif inside:
            notes.append((int(found.group(1)), re.sub(r" \[.*\]$", "", found.group(3))))
    return notes


def test_path_notes_follow_one_iteration_and_say_where_the_loop_goes_round(tmp_path):
    src = helpers.project(tmp_path / "src", LOOP_SOURCE, name="loop.cpp")
    result = run_cli("analyze", str(src), "--no-cache", f"--checks=-*,{LEAK}", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    # the return leaks the block of this iteration: the witness starts at its allocation, not one
    # iteration earlier
    assert notes_of(result.stdout, 8) == [
        (6, "allocated here"), (7, "assuming 'p && i == 7' is true"), (8, "this return leaves 'p' unowned")]
    # a path that does go round says so where it goes back, so the notes read in source order
    assert notes_of(result.stdout, 6) == [
        (6, "allocated here"), (7, "assuming 'p && i == 7' is false"), (9, "assuming 'i % 3 == 2' is false"),
        (4, "looping back to the head of the loop"), (4, "assuming 'i < n' is true"),
        (5, "assuming 'i % 3 == 0' is true"), (6, "the next iteration allocates again while 'p' is unowned")]


TWICE_SOURCE = """#include <thread>
int counter = 0;
int total = 0;
void work() {
    for (int i = 0; i < 1000; i++)
        counter++;
    total = counter;
}
int main() {
    std::thread a(work), b(work);
    a.join();
    b.join();
    return counter;
}
"""


def test_a_race_of_one_line_with_itself_is_said_once_and_an_increment_is_an_update(tmp_path):
    src = helpers.project(tmp_path / "src", TWICE_SOURCE, name="twice.cpp")
    result = run_cli("analyze", str(src), "--no-cache", f"--checks=-*,{RACE}", "--format", "json",
                     "--sarif", "out.sarif", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    found = {f["line"]: f for f in json.loads(result.stdout)["findings"]}
    assert found[6]["message"] == "'counter' is updated by two instances of thread 'work' at once without a common lock"
    assert [n["message"] for n in found[6]["notes"]][:1] == [
        "updated here in each instance of thread 'work', holding no lock"]
    assert not any("another instance" in n["message"] for n in found[6]["notes"])
    assert found[7]["message"] == "'total' is written by two instances of thread 'work' at once without a common lock"
    results = {r["locations"][0]["physicalLocation"]["region"]["startLine"]: r
               for r in json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]}
    flows = results[6]["codeFlows"][0]["threadFlows"]
    assert [f["locations"][-1]["location"]["message"]["text"] for f in flows] == [
        "counter is updated here in thread 'work', holding no lock",
        "counter is updated here in another instance of thread 'work', holding no lock"]
