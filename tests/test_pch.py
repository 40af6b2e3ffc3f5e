"""Shared precompiled prefixes change speed, never findings."""
from __future__ import annotations

import shutil
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
    assert with_pch.pch_units == with_pch.units > 1
    assert with_pch.findings == without.findings and with_pch.findings


@pytest.mark.parametrize("kind", ["c++", "qt", "c"])
def test_every_case_file_identical_with_and_without_pch(tmp_path, kind):
    """All case files of a kind in one database (same flags), so they share prefixes."""
    chosen = [c for c in CASES if (c.suffix == ".c") == (kind == "c")
              and ("qt" in directives(c, "RUN-WITH")) == (kind == "qt") and not directives(c, "RUN-ARGS")]
    if len(chosen) < 2:
        pytest.skip(f"fewer than two {kind} case files")
    args = ["-std=c11"] if kind == "c" else ["-std=c++17"]
    if kind == "qt":
        args += [*require_qt(), "-fPIC"]
    sources = []
    for case in chosen:
        target = tmp_path / case.parent.name / case.name
        target.parent.mkdir(exist_ok=True)
        shutil.copy(case, target)
        sources.append(target)
    with_pch, without = findings_both_ways(write_database(tmp_path, sources, args))
    assert with_pch.pch_units >= 2
    assert with_pch.findings == without.findings


def project(tmp_path: Path, n: int = 2, language: str = "c++") -> Path:
    suffix = "cpp" if language == "c++" else "c"
    sources = []
    for i in range(n):
        src = tmp_path / f"u{i}.{suffix}"
        src.write_text(f"#include <stdio.h>\n#include <stdlib.h>\nint f{i}(void) {{ fopen(\"x\", \"r\"); return 0; }}\n")
        sources.append(src)
    return write_database(tmp_path, sources, ["-std=c++17" if language == "c++" else "-std=c11"])


def jobs_of(database: Path):
    db = load_database(str(database))
    settings = RunSettings(resource_dir=resource_dir())
    return [make_job(e, ConfigResolver(config="{}").for_file(e.file), settings, project_root(db)) for e in db.entries]


def test_a_group_of_one_gets_no_prefix(tmp_path):
    assert pch.plan(jobs_of(project(tmp_path, n=1)), str(tmp_path)) == {}


def test_define_before_include_and_forced_includes_get_no_prefix(tmp_path):
    (tmp_path / "a.cpp").write_text("#define _GNU_SOURCE\n#include <stdio.h>\n")
    (tmp_path / "b.cpp").write_text("#include <stdio.h>\n")
    assert pch.leading_external_includes(str(tmp_path / "a.cpp"), (), str(tmp_path), str(tmp_path)) == ()
    assert pch.leading_external_includes(str(tmp_path / "b.cpp"), ("-include", "x.h"), str(tmp_path), str(tmp_path)) is None
    (tmp_path / "c.cpp").write_text("#if FOO\n#include <stdio.h>\n#endif\n")
    assert pch.leading_external_includes(str(tmp_path / "c.cpp"), (), str(tmp_path), str(tmp_path)) == ()


def test_project_header_is_followed_to_its_system_includes(tmp_path):
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "own.h").write_text("// own\n#ifndef OWN_H\n#define OWN_H\n#include <vector>\n#include \"more.h\"\nint x;\n#include <map>\n#endif\n")
    (tmp_path / "inc" / "more.h").write_text("#pragma once\n#include <string>\n")
    (tmp_path / "a.cpp").write_text('#include "own.h"\n#include <set>\n')
    found = pch.leading_external_includes(str(tmp_path / "a.cpp"), ("-I", "inc"), str(tmp_path), str(tmp_path))
    assert found == ("vector", "string")  # stops at `int x;`: <map> and <set> come after code


def test_mixed_c_and_cpp_get_separate_prefixes(tmp_path):
    c_db = project(tmp_path / "c" if (tmp_path / "c").mkdir() is None else tmp_path, language="c")
    cpp_db = project(tmp_path / "cpp" if (tmp_path / "cpp").mkdir() is None else tmp_path, language="c++")
    plan = pch.plan(jobs_of(c_db) + jobs_of(cpp_db), str(tmp_path))
    assert len({p.path for p in plan.values()}) == 2
    assert {p.language for p in plan.values()} == {"c", "c++"}


def test_changed_header_and_truncated_pch_fall_back_or_rebuild(tmp_path):
    (tmp_path / "sys").mkdir()
    (tmp_path / "sys" / "lib.h").write_text("#pragma once\nint lib_value(void);\n")
    sources = []
    for i in range(2):
        src = tmp_path / f"u{i}.cpp"
        src.write_text(f"#include <lib.h>\n#include <stdio.h>\nint f{i}() {{ fopen(\"x\", \"r\"); return lib_value(); }}\n")
        sources.append(src)
    # lib.h is external (-isystem outside the project root is not required: angle includes are what counts)
    database = write_database(tmp_path, sources, ["-std=c++17", "-isystem", str(tmp_path / "sys")])
    jobs = jobs_of(database)
    cache = tmp_path / "cache"
    plan = pch.plan(jobs, str(cache))
    usable = pch.prepare(plan, {j.entry.file: j.entry.directory for j in jobs}, 1, ContentHashes())
    assert len(usable) == 2
    path = next(iter(usable.values()))
    # a header changes between the PCH build and a TU's parse: the TU falls back, same findings
    (tmp_path / "sys" / "lib.h").write_text("#pragma once\nint lib_value(void);\nint more(void);\n")
    from dataclasses import replace

    plain = analyze_unit(jobs[0])
    with_stale = analyze_unit(replace(jobs[0], pch=path))
    assert not with_stale.failures and with_stale.findings == plain.findings
    assert any("precompiled prefix not usable" in n for n in with_stale.notes)
    # the next plan sees the change and rebuilds; a truncated PCH is rebuilt too
    hashes = ContentHashes()
    assert not pch._still_valid(path, hashes)
    pch.prepare(plan, {j.entry.file: j.entry.directory for j in jobs}, 1, hashes)
    assert pch._still_valid(path, ContentHashes())
    Path(path).write_bytes(Path(path).read_bytes()[:1000])
    assert not pch._still_valid(path, ContentHashes())
    truncated = analyze_unit(replace(jobs[1], pch=path))
    assert not truncated.failures and truncated.findings == analyze_unit(jobs[1]).findings
