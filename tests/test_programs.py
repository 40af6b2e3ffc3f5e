"""Many programs in one compile database: linked apart, and the link independent of input order."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from clangcheck.compdb import cmake_target
from clangcheck.programs import LIBRARY, LinkFacts, partition
from helpers import REPO, run_analysis
from test_cases import CASES, case_arguments

CONCURRENCY = "-*,clangcheck-concurrency-*"


def facts(entry=False, defines=(), uses=(), target=""):
    return LinkFacts(entry, tuple(defines), tuple(uses), target)


def test_each_main_roots_a_program_of_what_it_uses_transitively():
    units = {
        "/p/tools/main.cpp": facts(True, ["c:@F@main#"], ["c:@F@parse#"]),
        "/p/tests/main.cpp": facts(True, ["c:@F@main#"], ["c:@F@parse#", "class:Fixture"]),
        "/p/lib/parse.cpp": facts(False, ["c:@F@parse#"], ["c:@F@lex#"]),
        "/p/lib/lex.cpp": facts(False, ["c:@F@lex#"]),
        "/p/tests/fixture.cpp": facts(False, ["c:@S@Fixture@F@setUp#", "class:Fixture"]),
        "/p/plugins/extra.cpp": facts(False, ["c:@F@extra#"], ["c:@F@lex#"]),
    }
    programs = {p.name: p.files for p in partition(units)}
    assert programs == {
        "main (tools)": ("/p/lib/lex.cpp", "/p/lib/parse.cpp", "/p/tools/main.cpp"),
        "main (tests)": ("/p/lib/lex.cpp", "/p/lib/parse.cpp", "/p/tests/fixture.cpp", "/p/tests/main.cpp"),
        # the plugin no main reaches uses lex: its library unit is linked whole, lex and parse included
        LIBRARY: ("/p/lib/lex.cpp", "/p/lib/parse.cpp", "/p/plugins/extra.cpp"),
    }


def test_another_programs_main_file_is_never_linked_in_and_targets_break_ties():
    units = {
        "/p/a/main.cpp": facts(True, ["c:@F@main#", "c:@F@usage#"], ["c:@F@usage#", "c:@F@log#"], target="a"),
        "/p/b/main.cpp": facts(True, ["c:@F@main#", "c:@F@log#"], ["c:@F@usage#"], target="b"),
        "/p/a/log.cpp": facts(False, ["c:@F@log#"], target="a"),
        "/p/b/log.cpp": facts(False, ["c:@F@log#"], target="b"),
    }
    programs = {p.name: p.files for p in partition(units)}
    # b/main.cpp's use of usage() does not pull in a/main.cpp; b/log.cpp serves nobody
    assert programs == {"a": ("/p/a/log.cpp", "/p/a/main.cpp"), "b": ("/p/b/main.cpp",), "b (library)": ("/p/b/log.cpp",)}


def test_tus_no_main_reaches_form_libraries_of_what_uses_what_and_order_does_not_matter():
    units = {"/p/c.c": facts(False, ["c:@F@c"], ["c:@F@a"]), "/p/a.c": facts(False, ["c:@F@a"]),
             "/p/b.c": facts(False, ["c:@F@b"]), "/p/d.c": facts(False, ["c:@F@d"], target="t"),
             "/p/e.c": facts(False, ["c:@F@e"], target="t")}
    assert [p.files for p in partition(units)] == [("/p/a.c", "/p/c.c"), ("/p/b.c",), ("/p/d.c", "/p/e.c")]
    shuffled = dict(reversed(list(units.items())))
    assert partition(shuffled) == partition(units)


def test_cmake_target_from_the_object_path():
    assert cmake_target("src/CMakeFiles/relay-server.dir/main.cpp.o") == "relay-server"
    assert cmake_target("main.o") == ""


def write_db(folder: Path, sources: dict[str, str], args=("-std=c++17", "-pthread")) -> Path:
    entries = []
    for name, text in sources.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        entries.append({"directory": str(folder), "file": str(path), "arguments": ["c++", *args, "-c", name]})
    (folder / "compile_commands.json").write_text(json.dumps(entries))
    return folder / "compile_commands.json"


RACY_MAIN = """#include <thread>
static int {v};
namespace {{ void {fn}() {{ ++{v}; }} }}
int main() {{ std::thread t({fn}); ++{v}; t.join(); return {v}; }}
"""


def test_two_programs_with_the_same_names_keep_their_own_races(tmp_path):
    """Both `main`s, both `main.cpp`s: linked as one, one program's main replaced the other's."""
    db = write_db(tmp_path, {"tools/main.cpp": RACY_MAIN.format(v="counter", fn="work"),
                             "tests/main.cpp": RACY_MAIN.format(v="hits", fn="tick")})
    outcome = run_analysis(db, checks=CONCURRENCY)
    races = sorted((Path(f.location.file).parent.name, f.location.line, f.args[0]) for f in outcome.findings
                   if f.check_id == "clangcheck-concurrency-data-race")
    assert races == [("tests", 3, "hits"), ("tools", 3, "counter")]
    assert sorted(p.name for p in outcome.programs) == ["main (tests)", "main (tools)"]


def test_same_named_statics_of_two_files_are_two_variables(tmp_path):
    """A static written by a thread in one tool; the other tool's own static of that name is
    written by its main only: no race there, and none joins the two."""
    db = write_db(tmp_path, {
        "tools/main.cpp": RACY_MAIN.format(v="counter", fn="work"),
        "dump/main.cpp": "#include <thread>\nstatic int counter;\nnamespace { void work() { } }\n"
                         "int main() { std::thread t(work); ++counter; t.join(); return counter; }\n",
    })
    outcome = run_analysis(db, checks=CONCURRENCY)
    assert {Path(f.location.file).parent.name for f in outcome.findings if f.level == "warning"} == {"tools"}
    keys = {a.key for unit in outcome.link_units for s in unit.summaries.values()
            for fn in s.functions for a in fn.accesses if a.name == "counter"}
    assert len(keys) == 2 and all(str(tmp_path) in k for k in keys)


def test_library_code_is_linked_into_each_program_that_uses_it(tmp_path):
    lib = "int total;\nvoid bump() { ++total; }\n"
    user = "#include <thread>\nvoid bump();\nint main() {{ {body} }}\n"
    db = write_db(tmp_path, {
        "lib/bump.cpp": lib,
        "threaded/main.cpp": user.format(body="std::thread t(bump); bump(); t.join(); return 0;"),
        "serial/main.cpp": user.format(body="bump(); bump(); return 0;"),
    })
    outcome = run_analysis(db, checks=CONCURRENCY, jobs=2)
    programs = {p.name: [Path(f).parent.name for f in p.files] for p in outcome.programs}
    assert programs == {"main (serial)": ["lib", "serial"], "main (threaded)": ["lib", "threaded"]}
    races = [f for f in outcome.findings if f.check_id == "clangcheck-concurrency-data-race"]
    assert [(Path(f.location.file).name, f.args[0]) for f in races] == [("bump.cpp", "total")]  # once, not per program


TASK = "struct Task { virtual void run() = 0; virtual ~Task() {} };\nvoid start_task(Task *t);\n"


def test_library_code_no_main_reaches_is_linked_with_the_thread_pool_a_tool_reaches(tmp_path):
    db = write_db(tmp_path, {
        "lib/pool.cpp": "#include <thread>\n" + TASK + "void start_task(Task *t) { std::thread th([t] { t->run(); }); th.detach(); }\n",
        "lib/logger.cpp": TASK + "struct Logger : Task {\n  int opened = 0;\n  void run() override { ++opened; }\n"
                          "  void open() { start_task(this); ++opened; }\n};\nvoid open_log(Logger &l) { l.open(); }\n",
        "tools/main.cpp": TASK + "struct Noop : Task { void run() override {} };\nint main() { static Noop n; start_task(&n); }\n",
    })
    outcome = run_analysis(db, checks=CONCURRENCY)
    races = {(Path(f.location.file).name, f.args[0]) for f in outcome.findings if f.check_id == "clangcheck-concurrency-data-race"}
    assert ("logger.cpp", "opened") in races
    assert {p.name: len(p.files) for p in outcome.programs} == {"main": 2, LIBRARY: 2}


# --- the case files as one database ------------------------------------------------------------------
GLOBAL_CHECKS = {"concurrency": CONCURRENCY, "ownership": "-*,clangcheck-ownership-member-not-released"}


def case_database(folder: Path, cases: list[Path]) -> dict[str, dict]:
    """Each case file in its own folder (their names repeat across families), with its own flags."""
    entries = {}
    for case in cases:
        args = case_arguments(case)
        if args is None:
            continue
        target = folder / case.parent.name / case.name.replace(".", "_") / case.name
        target.parent.mkdir(parents=True)
        shutil.copy(case, target)
        compiler = "cc" if case.suffix == ".c" else "c++"
        entries[str(target)] = {"directory": str(target.parent), "file": str(target),
                                "arguments": [compiler, *args, "-c", case.name]}
    return entries


def findings_of(outcome) -> list[tuple]:
    return sorted((f.location.file, f.location.line, f.location.column, f.check_id, f.message,
                   tuple((n.location.file, n.location.line, n.message) for n in f.notes))
                  for f in outcome.findings)


@pytest.mark.parametrize("family", sorted(GLOBAL_CHECKS))
def test_case_files_as_one_database_report_what_each_reports_alone(family, tmp_path):
    cases = [c for c in CASES if c.parent.name == family]
    entries = case_database(tmp_path / "src", cases)
    assert len(entries) >= 5
    together = tmp_path / "together"
    together.mkdir()
    (together / "compile_commands.json").write_text(json.dumps(list(entries.values())))
    cache = tmp_path / "cache"
    whole = run_analysis(together / "compile_commands.json", checks=GLOBAL_CHECKS[family], cache_dir=cache, jobs=2)
    assert not whole.failures
    alone_findings = []
    for i, entry in enumerate(entries.values()):
        folder = tmp_path / f"alone{i}"
        folder.mkdir()
        (folder / "compile_commands.json").write_text(json.dumps([entry]))
        alone_findings += findings_of(run_analysis(folder / "compile_commands.json", checks=GLOBAL_CHECKS[family],
                                                   cache_dir=cache))
    assert findings_of(whole) == sorted(alone_findings)


def test_the_link_does_not_depend_on_input_order_jobs_or_cache_state(tmp_path):
    cases = [c for c in CASES if c.parent.name == "concurrency"]
    entries = list(case_database(tmp_path / "src", cases).values())
    db = tmp_path / "db" / "compile_commands.json"
    db.parent.mkdir()
    cache = tmp_path / "cache"
    db.write_text(json.dumps(entries))
    reference = findings_of(run_analysis(db, checks=CONCURRENCY, cache_dir=cache, jobs=1))
    assert reference
    shuffled = list(entries)
    random.Random(7).shuffle(shuffled)
    db.write_text(json.dumps(shuffled))
    assert findings_of(run_analysis(db, checks=CONCURRENCY, jobs=2)) == reference  # cold, other order, -j 2
    for entry in sorted(cache.rglob("*.entry"))[::3]:
        entry.unlink()  # those TUs are recomputed and their summaries arrive last
    assert findings_of(run_analysis(db, checks=CONCURRENCY, cache_dir=cache, jobs=2)) == reference
