"""Shared precompiled prefixes change speed, never findings."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from clangcheck import pch
from clangcheck.analysis import RunSettings, make_job, project_root
from clangcheck.cache import ContentHashes
from clangcheck.compdb import load_database
from clangcheck.config import ConfigResolver
from clangcheck.worker import analyze_unit
from helpers import REPO, require_qt, resource_dir, write_database
from test_cases import CASES, directives


def findings_both_ways(database: Path, checks: str = "clangcheck-*"):
    from clangcheck.analysis import analyze

    db = load_database(str(database))
    results = []
    for use_pch in (True, False):
        settings = RunSettings(resource_dir=resource_dir(), jobs=2, pch=use_pch)
        outcome = analyze(db, ConfigResolver(checks=checks, config="{}"), settings)
        assert not outcome.failures, outcome.failures
        results.append(outcome)
    return results


@pytest.mark.parametrize("example", ["sockets", "qt-localsocket"])
def test_bundled_examples_identical_with_and_without_pch(example):
    if example.startswith("qt"):
        require_qt()
    with_pch, without = findings_both_ways(REPO / "compile_commands" / example)
    assert with_pch.pch_units >= 2  # the planner may leave a TU alone when sharing would not pay
    assert with_pch.findings == without.findings and with_pch.findings


@pytest.mark.parametrize("kind", ["c++", "qt", "c"])
def test_every_case_file_identical_with_and_without_pch(tmp_path, kind, monkeypatch):
    """All case files of a kind in one database, so they share prefixes. Each is a target of its
    own (its own -D and -I), so what they share is shared across targets. A prefix for every
    shared header, worth it or not: this is about meaning, not the cost model."""
    monkeypatch.setattr(pch, "BUILD_COST", 0)
    monkeypatch.setattr(pch, "LOAD_COST", 0)
    chosen = [c for c in CASES if (c.suffix == ".c") == (kind == "c")
              and ("qt" in directives(c, "RUN-WITH")) == (kind == "qt") and not directives(c, "RUN-ARGS")]
    if len(chosen) < 2:
        pytest.skip(f"fewer than two {kind} case files")
    args = ["-std=c11"] if kind == "c" else ["-std=c++17"]
    if kind == "qt":
        args += [*require_qt(), "-fPIC"]
    entries = []
    for i, case in enumerate(chosen):
        target = tmp_path / case.parent.name / case.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(case, target)
        entries.append({"directory": str(tmp_path), "file": str(target),
                        "arguments": ["clang++", *args, f"-DCLANGCHECK_CASE_{i}", f"-I{target.parent}", "-c", str(target)]})
    database = tmp_path / "compile_commands.json"
    database.write_text(json.dumps(entries))
    with_pch, without = findings_both_ways(database)
    assert with_pch.pch_units >= len(chosen) // 2
    assert with_pch.findings == without.findings


C_HEADERS = ("stdio.h", "stdlib.h", "string.h", "pthread.h", "signal.h", "unistd.h", "sys/socket.h")
CXX_HEADERS = ("cstdio", "string", "vector", "map", "memory")


def project(tmp_path: Path, n: int = 2, language: str = "c++") -> Path:
    """n TUs naming the same library headers: for C++ enough to make a shared prefix pay for
    two TUs; C headers are light, so C needs more TUs before one pays."""
    suffix = "cpp" if language == "c++" else "c"
    headers = "".join(f"#include <{h}>\n" for h in (CXX_HEADERS if language == "c++" else C_HEADERS))
    sources = []
    for i in range(n):
        src = tmp_path / f"u{i}.{suffix}"
        src.write_text(f"{headers}int f{i}(void) {{ fopen(\"x\", \"r\"); return 0; }}\n")
        sources.append(src)
    return write_database(tmp_path, sources, ["-std=c++17" if language == "c++" else "-std=c11"])


def jobs_of(database: Path):
    db = load_database(str(database))
    settings = RunSettings(resource_dir=resource_dir())
    return [make_job(e, ConfigResolver(config="{}").for_file(e.file), settings, project_root(db)) for e in db.entries]


def test_a_group_of_one_gets_no_prefix(tmp_path):
    assert pch.plan(jobs_of(project(tmp_path, n=1)), str(tmp_path)) == {}


def coverable_of(tmp_path: Path, source: str, args: tuple[str, ...] = ("-std=c++17",), name: str = "a.cpp") -> list[str]:
    """The headers a prefix may hold for one TU, as spelled."""
    from clangcheck import includes

    main = tmp_path / name
    main.write_text(source)
    language = "c" if name.endswith(".c") else "c++"
    includes.fresh_view()
    search = includes.search_path(language, args, str(tmp_path), resource_dir())
    index = includes.HeaderIndex()
    first = includes.scan_project(str(main), search, str(tmp_path))
    named = [v.path for kind, v in first.steps if kind == "named"]
    search = includes.refine(search, index, named, language, args, resource_dir(), first.tested)
    steps = includes.scan_project(str(main), search, str(tmp_path)).steps
    return [h.spelling for h in pch.coverable(steps, index, search)]


def test_a_header_that_would_see_a_project_macro_stays_in_place(tmp_path):
    # <stdio.h> reads _GNU_SOURCE (through features.h): moved in front it would not see it
    assert coverable_of(tmp_path, "#define _GNU_SOURCE\n#include <stdio.h>\n") == []
    # a project macro no library header mentions changes nothing
    assert coverable_of(tmp_path, "#define MY_PROJECT_EXPORT\n#include <stdio.h>\n") == ["<stdio.h>"]


def test_project_code_using_a_macro_before_its_header_pins_the_header(tmp_path):
    # NULL would be defined (by <stddef.h>) before this line if the header moved to the front
    assert coverable_of(tmp_path, "void *p = NULL;\n#include <stddef.h>\n") == []
    # already defined by a header read earlier: moving the second one changes nothing
    assert coverable_of(tmp_path, "#include <stdio.h>\nvoid *p = NULL;\n#include <stddef.h>\n") == ["<stdio.h>", "<stddef.h>"]


def test_branches_the_command_line_decides_are_followed(tmp_path):
    source = "#if USE_STDIO\n#include <stdio.h>\n#endif\n#ifdef OTHER\n#include <stdlib.h>\n#endif\n"
    assert coverable_of(tmp_path, source) == []
    assert coverable_of(tmp_path, source, ("-std=c++17", "-DUSE_STDIO=1")) == ["<stdio.h>"]
    # a macro the project itself sets is undecided from there on
    assert coverable_of(tmp_path, "#define USE_STDIO 1\n" + source, ("-std=c++17", "-DUSE_STDIO=1")) == []


def test_includes_in_braces_and_pragmas_stay_in_place(tmp_path):
    assert coverable_of(tmp_path, 'extern "C" {\n#include <stdio.h>\n}\n#include <stdio.h>\n') == []
    # <cstdio> reads <stdio.h>, which this TU first reads inside extern "C"
    assert coverable_of(tmp_path, 'extern "C" {\n#include <stdio.h>\n}\n#include <cstdio>\n') == []
    assert coverable_of(tmp_path, "#pragma pack(1)\n#include <stdio.h>\n") == []
    assert coverable_of(tmp_path, "#pragma once\n#include <stdio.h>\n") == ["<stdio.h>"]


def test_assert_is_never_moved_and_forced_includes_get_no_prefix(tmp_path):
    assert coverable_of(tmp_path, "#include <cassert>\n#include <vector>\n") == ["<vector>"]
    database = project(tmp_path)
    jobs = [replace(j, entry=replace(j.entry, arguments=(*j.entry.arguments, "-include", "x.h"))) for j in jobs_of(database)]
    assert pch.plan(jobs, str(tmp_path)) == {}


def test_project_headers_are_followed_past_code(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "own.h").write_text("// own\n#ifndef OWN_H\n#define OWN_H\n#include <vector>\n#include \"more.h\"\n"
                                           "struct Own { int x; };\n#include <map>\n#endif\n")
    (tmp_path / "inc" / "more.h").write_text("#pragma once\n#include <string>\n")
    found = coverable_of(tmp_path, '#include "own.h"\n#include <set>\nint y;\n', ("-std=c++17", "-Iinc"))
    assert found == ["<vector>", "<string>", "<map>", "<set>"]


def test_tus_that_name_the_same_headers_in_another_order_share_a_prefix(tmp_path):
    heavy = ["<vector>", "<map>", "<string>", "<memory>", "<functional>"]
    sources = []
    for i, order in enumerate([heavy, heavy[::-1], heavy[1:] + heavy[:1]]):
        src = tmp_path / f"u{i}.cpp"
        src.write_text("".join(f"#include {h}\n" for h in order) + f"int f{i}() {{ return 0; }}\n")
        sources.append(src)
    plan = pch.plan(jobs_of(write_database(tmp_path, sources, ["-std=c++17"])), str(tmp_path / "cache"))
    assert len(plan) == 3 and len({p.path for p in plan.values()}) == 1
    assert sorted(next(iter(plan.values())).headers) == sorted(heavy)


@pytest.mark.parametrize("expression, expected", [
    ("__cplusplus >= 201103L", True), ("__cplusplus > 201703L && UNKNOWN_MACRO", False),
    ("defined(UNKNOWN_MACRO) || __cplusplus", True), ("UNKNOWN_MACRO > 3", None), ("!defined(__cplusplus)", False),
    ("__cplusplus / 100 == 2017", True), ("1 / 0", None), ("__has_include(<x>)", None), ("-1 < 0", True),
])
def test_if_expressions_are_decided_only_by_what_is_known(expression, expected):
    from clangcheck.includes import KnownMacros, _truth

    assert _truth(expression, KnownMacros({"__cplusplus": 201703})) is expected


def test_mixed_c_and_cpp_get_separate_prefixes(tmp_path):
    c_db = project(tmp_path / "c" if (tmp_path / "c").mkdir() is None else tmp_path, n=8, language="c")
    cpp_db = project(tmp_path / "cpp" if (tmp_path / "cpp").mkdir() is None else tmp_path, language="c++")
    plan = pch.plan(jobs_of(c_db) + jobs_of(cpp_db), str(tmp_path))
    assert len({p.path for p in plan.values()}) == 2
    assert {p.language for p in plan.values()} == {"c", "c++"}


def test_changed_header_and_truncated_pch_fall_back_or_rebuild(tmp_path):
    (tmp_path / "sys").mkdir()
    (tmp_path / "sys" / "lib.h").write_text("#pragma once\nint lib_value(void);\n")
    (tmp_path / "project").mkdir()
    sources = []
    for i in range(2):
        src = tmp_path / "project" / f"u{i}.cpp"
        src.write_text(f"#include <lib.h>\n#include <cstdio>\n#include <string>\n#include <vector>\n#include <map>\n"
                       f"int f{i}() {{ fopen(\"x\", \"r\"); return lib_value(); }}\n")
        sources.append(src)
    # lib.h is external: outside the project's root (the common root of its sources)
    database = write_database(tmp_path / "project", sources, ["-std=c++17", "-isystem", str(tmp_path / "sys")])
    jobs = jobs_of(database)
    cache = tmp_path / "cache"
    plan = pch.plan(jobs, str(cache))
    usable = pch.prepare(plan, 1, ContentHashes())
    assert len(usable) == 2
    path = next(iter(usable.values()))
    # a header changes between the PCH build and a TU's parse: the TU falls back, same findings
    (tmp_path / "sys" / "lib.h").write_text("#pragma once\nint lib_value(void);\nint more(void);\n")
    plain = analyze_unit(jobs[0])
    with_stale = analyze_unit(replace(jobs[0], pch=path))
    assert not with_stale.failures and with_stale.findings == plain.findings
    assert any("precompiled prefix not usable" in n for n in with_stale.notes)
    # the next plan sees the change and rebuilds; a truncated PCH is rebuilt too
    hashes = ContentHashes()
    assert not pch._still_valid(path, hashes)
    pch.prepare(plan, 1, hashes)
    assert pch._still_valid(path, ContentHashes())
    Path(path).write_bytes(Path(path).read_bytes()[:1000])
    assert not pch._still_valid(path, ContentHashes())
    truncated = analyze_unit(replace(jobs[1], pch=path))
    assert not truncated.failures and truncated.findings == analyze_unit(jobs[1]).findings


def targets(tmp_path: Path, flags: list[list[str]], headers=CXX_HEADERS) -> list:
    """One TU per entry of `flags`, each a target of its own: its own project include directory
    (with a header of its own) and build directory, the same library headers."""
    entries = []
    for i, extra in enumerate(flags):
        own = tmp_path / f"target{i}"
        (own / "build").mkdir(parents=True)
        (own / "own.h").write_text(f"#pragma once\nint own{i}(void);\n")
        src = own / "main.cpp"
        src.write_text("".join(f"#include <{h}>\n" for h in headers)
                       + f'#include "own.h"\nint f{i}() {{\n  std::vector<int> v;\n#ifdef TARGET_{i}_LIB\n'
                       + '  fopen("x", "r");\n#endif\n' + f'  return own{i}();\n}}\n')
        entries.append({"directory": str(own / "build"), "file": str(src),
                        "arguments": ["clang++", "-std=c++17", f"-I{own}", *extra, "-c", str(src)]})
    database = tmp_path / "compile_commands.json"
    database.write_text(json.dumps(entries))
    return jobs_of(database)


def prefixes_of(plan: dict) -> list[set[str]]:
    """The TUs (by their target's folder) each prefix serves."""
    groups: dict[str, set[str]] = {}
    for file, prefix in plan.items():
        groups.setdefault(prefix.path, set()).add(Path(file).parent.name)
    return sorted(groups.values(), key=sorted)


def test_targets_that_differ_where_no_shared_header_can_see_share_one_prefix(tmp_path):
    jobs = targets(tmp_path, [["-DCOMMON=1", f"-DTARGET_{i}_LIB", *(["-Wall"] if i % 2 else [])] for i in range(4)])
    plan = pch.plan(jobs, str(tmp_path / "cache"))
    assert prefixes_of(plan) == [{"target0", "target1", "target2", "target3"}]
    built = next(iter(plan.values())).arguments
    assert "-DCOMMON=1" in built and not any(a.startswith("-DTARGET_") for a in built)
    usable = pch.prepare(plan, 1, ContentHashes())
    for job in jobs:
        # clang accepts the PCH in every target (a TU may define macros its PCH lacks), and the
        # TU still sees its own macros: the finding inside `#ifdef TARGET_i_LIB` is reported
        with_prefix = analyze_unit(replace(job, pch=usable[job.entry.file]))
        assert not with_prefix.failures and not with_prefix.notes
        assert with_prefix.findings == analyze_unit(job).findings and with_prefix.findings


def test_a_macro_the_shared_headers_read_keeps_targets_apart(tmp_path):
    # libstdc++ tests _GLIBCXX_ASSERTIONS: its headers read differently with it
    jobs = targets(tmp_path, [[], [], ["-D_GLIBCXX_ASSERTIONS"], ["-D_GLIBCXX_ASSERTIONS"]])
    assert prefixes_of(pch.plan(jobs, str(tmp_path / "cache"))) == [{"target0", "target1"}, {"target2", "target3"}]
    # defined the same way everywhere, it is one configuration again
    jobs = targets(tmp_path / "same", [["-D_GLIBCXX_ASSERTIONS"]] * 3)
    assert prefixes_of(pch.plan(jobs, str(tmp_path / "cache"))) == [{"target0", "target1", "target2"}]


def test_an_include_directory_that_shadows_a_library_header_keeps_targets_apart(tmp_path):
    from clangcheck import includes

    jobs = targets(tmp_path, [[]] * 4)
    search = includes.search_path("c++", pch._arguments(jobs[0]), jobs[0].entry.directory, resource_dir())
    real = includes.resolve(search, "<", "bits/stl_tree.h", None)  # read by <map>
    shadow = tmp_path / "shadow"
    (shadow / "bits").mkdir(parents=True)
    shutil.copy(real, shadow / "bits" / "stl_tree.h")
    jobs[2:] = [replace(j, entry=replace(j.entry, arguments=(f"-I{shadow}", *j.entry.arguments))) for j in jobs[2:]]
    assert prefixes_of(pch.plan(jobs, str(tmp_path / "cache"))) == [{"target0", "target1"}, {"target2", "target3"}]


def test_flags_that_change_the_language_keep_targets_apart(tmp_path):
    jobs = targets(tmp_path, [[], [], ["-fno-exceptions"], ["-fno-exceptions"]])
    assert prefixes_of(pch.plan(jobs, str(tmp_path / "cache"))) == [{"target0", "target1"}, {"target2", "target3"}]


def test_command_line_macros_are_read_in_order():
    arguments = ("-DA", "-D", "B=2", "-UA", "-DF(x)=x", "-DC=", "-I", "inc")
    assert pch._macros(arguments) == {"A": None, "B": "=2", "F": "(x)=x", "C": "="}
    assert pch._keeping_macros(arguments, frozenset({"B"})) == ("-D", "B=2", "-I", "inc")
    assert pch._hard_flags(("-std=c++17", "-DX", "-Iinc", "-isystem", "/q", "-Wall", "-fPIC", "--sysroot=sys"))[0] \
        == ("-std=c++17", "-fPIC", "--sysroot=sys")
    assert pch._hard_flags(("--sysroot=sys",))[1] and not pch._hard_flags(("--sysroot=/sys",))[1]


def test_closures_follow_include_cycles_and_branches(tmp_path):
    from clangcheck import includes

    for name, text in {"a.h": "#include <b.h>\n", "b.h": "#include <a.h>\n#include <c.h>\n",
                       "c.h": "#if FEATURE\n#include <d.h>\n#endif\n", "d.h": "int d;\n"}.items():
        (tmp_path / name).write_text(text)
    includes.fresh_view()
    index = includes.HeaderIndex()
    unknown = includes.SearchPath((), (str(tmp_path),))
    off = includes.SearchPath((), (str(tmp_path),), includes.KnownMacros({"FEATURE": 0}))
    names = lambda search, header: sorted(Path(p).name for p in index.closure(search, str(tmp_path / header)))
    assert names(unknown, "c.h") == ["c.h", "d.h"]
    assert names(unknown, "a.h") == names(unknown, "b.h") == ["a.h", "b.h", "c.h", "d.h"]
    assert names(off, "b.h") == ["a.h", "b.h", "c.h"] and names(off, "c.h") == ["c.h"]


@pytest.mark.parametrize("library_header, shared", [
    # finds extra.h only with -Iextra: the targets without it can share, those with it too
    ("#if __has_include(<extra.h>)\n#define HAVE_EXTRA 1\n#endif\n", [{"target0", "target1"}, {"target2", "target3"}]),
    # where it leads is not read as text: no target shares with another
    ("#define CONFIG_HEADER <stddef.h>\n#include CONFIG_HEADER\n", []),
])
def test_a_header_whose_reading_depends_on_files_it_does_not_name_keeps_targets_apart(tmp_path, library_header, shared):
    (tmp_path / "sys").mkdir()
    (tmp_path / "sys" / "lib.h").write_text("#pragma once\n" + library_header + "#include <vector>\n")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "extra.h").write_text("#pragma once\n")
    base = ["-isystem", str(tmp_path / "sys")]
    # the library lies outside the project's root, the common root of its sources
    jobs = targets(tmp_path / "project", [base, base, [f"-I{tmp_path / 'extra'}", "-DEXTRA_BUILD", *base], [f"-I{tmp_path / 'extra'}", "-DEXTRA_BUILD", *base]],
                   headers=("lib.h", *CXX_HEADERS))
    assert prefixes_of(pch.plan(jobs, str(tmp_path / "cache"))) == shared


def test_a_relative_cache_directory_still_serves_prefixes(tmp_path):
    from helpers import run_cli

    (tmp_path / "p").mkdir()
    database = project(tmp_path / "p", n=3)
    result = run_cli("analyze", str(database.parent), "--cache-dir", "rel-cache", "-j", "1", "--verbose", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "precompiled prefix used by 3 of 3 TUs" in result.stderr and "not usable" not in result.stderr
    assert list((tmp_path / "rel-cache" / "pch").glob("*.pch"))


def test_targets_follow_library_headers_through_one_view_unless_their_own_directory_shadows_one(tmp_path):
    from clangcheck import includes

    jobs = targets(tmp_path, [[]] * 3)
    (tmp_path / "target2" / "stl_tree.h").write_text("#pragma once\n")  # a name <map> includes, as bits/stl_tree.h only
    (tmp_path / "target2" / "bits").mkdir()
    includes.fresh_view()
    index = includes.HeaderIndex()

    def view_of(job):
        search = includes.search_path("c++", pch._arguments(job), job.entry.directory, resource_dir())
        named = [includes.resolve(search, "<", "map", None)]
        return search, includes.library_view(search, index, named, job.project_root)

    (full0, view0), (full1, view1) = view_of(jobs[0]), view_of(jobs[1])
    assert full0 is not full1 and view0 is view1  # own -I directories differ, the library view is one
    assert str(tmp_path / "target0") not in view0.angle + view0.quote
    full2, view2 = view_of(jobs[2])
    assert view2 is view0  # target2's stl_tree.h is not what <map> names (bits/stl_tree.h)
    shutil.copy(includes.resolve(full2, "<", "bits/stl_tree.h", None), tmp_path / "target2" / "bits" / "stl_tree.h")
    includes.fresh_view()
    assert view_of(jobs[2])[1] is view_of(jobs[2])[0]  # now it shadows one: target2 keeps its own search


def test_includes_are_found_through_dot_dot_and_subdirectories(tmp_path):
    from clangcheck import includes

    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "sub" / "x.h").write_text("")
    (tmp_path / "b" / "y.h").write_text("")
    includes.fresh_view()
    search = includes.SearchPath((), (str(tmp_path / "a"), str(tmp_path / "b")))
    assert includes.resolve(search, "<", "sub/x.h", None) == str(tmp_path / "a" / "sub" / "x.h")
    assert includes.resolve(search, "<", "../b/y.h", None) == str(tmp_path / "b" / "y.h")
    assert includes.resolve(search, "<", "y.h", None) == str(tmp_path / "b" / "y.h")
    assert includes.resolve(search, "<", "sub/none.h", None) is None
