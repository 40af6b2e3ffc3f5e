"""clangcheck-tidy driven the way clang-tidy's callers drive it."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


SOURCE = """#include <cassert>
#include <unistd.h>
void f(int fd) {
    write(fd, "x", 1);
    int *p = 0;
    (void)p;
}
"""
CHECKS = "--checks=-*,clangcheck-errors-*,modernize-use-nullptr"


def tidy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clangcheck.tidy", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300, stdin=subprocess.DEVNULL)


def test_compile_arguments_after_dashdash_merges_both_tools(tmp_path):
    (tmp_path / "a.cpp").write_text(SOURCE)
    result = tidy("a.cpp", CHECKS, "--", "-std=c++17", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]" in result.stdout
    assert "warning: use nullptr [modernize-use-nullptr]" in result.stdout
    assert "2 warnings generated." in result.stderr


def test_warnings_as_errors_exit_code(tmp_path):
    (tmp_path / "a.cpp").write_text(SOURCE)
    result = tidy("a.cpp", CHECKS, "--warnings-as-errors=clangcheck-*", "--", "-std=c++17", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: the result of 'write' is ignored [clangcheck-errors-unchecked-result,-warnings-as-errors]" in result.stdout
    assert "1 warning treated as errors" in result.stderr


def test_p_build_path_and_equals_spelling(tmp_path):
    (tmp_path / "a.cpp").write_text(SOURCE)
    (tmp_path / "build").mkdir()
    db = [{"directory": str(tmp_path), "file": str(tmp_path / "a.cpp"), "arguments": ["c++", "-std=c++17", "-c", "a.cpp"]}]
    (tmp_path / "build" / "compile_commands.json").write_text(json.dumps(db))
    for spelling in (["-p", "build"], ["-p=build"]):
        result = tidy(*spelling, CHECKS, "-quiet", "a.cpp", cwd=tmp_path)
        assert result.returncode == 0 and "[clangcheck-errors-unchecked-result]" in result.stdout, result.stderr


def test_fix_applies_a_fixit_and_the_finding_is_gone(tmp_path):
    source = "#include <cassert>\n#include <sys/socket.h>\nvoid f(int fd) {\n    assert(listen(fd, 5) == 0);\n}\n"
    (tmp_path / "a.cpp").write_text(source)
    checks = "--checks=-*,clangcheck-errors-side-effect-in-assert"
    before = tidy("a.cpp", checks, "--", "-std=c++17", cwd=tmp_path)
    assert "[clangcheck-errors-side-effect-in-assert]" in before.stdout, before.stdout + before.stderr
    fixed = tidy("a.cpp", checks, "--fix", "--", "-std=c++17", cwd=tmp_path)
    assert "applied" in fixed.stderr, fixed.stderr
    assert (tmp_path / "a.cpp").read_text() != source
    after = tidy("a.cpp", checks, "--", "-std=c++17", cwd=tmp_path)
    assert after.returncode == 0 and "side-effect-in-assert" not in after.stdout, after.stdout


def test_list_dump_verify_and_no_input(tmp_path):
    listed = tidy(CHECKS, "--list-checks", cwd=tmp_path)
    assert listed.stdout.splitlines()[0] == "Enabled checks:"
    assert "    modernize-use-nullptr" in listed.stdout and "    clangcheck-errors-unchecked-result" in listed.stdout
    dumped = tidy(CHECKS, "--dump-config", cwd=tmp_path)
    assert "clangcheck-errors-unchecked-result.CheckedFunctions" in dumped.stdout and dumped.stdout.startswith("---")
    assert tidy("--checks=-*,clangcheck-errors-*", "--verify-config", cwd=tmp_path).returncode == 0
    bad = tidy("--checks=-*,clangcheck-no-such-check", "--verify-config", cwd=tmp_path)
    assert bad.returncode == 1 and "unknown check 'clangcheck-no-such-check'" in bad.stderr
    none = tidy(CHECKS, cwd=tmp_path)
    assert none.returncode == 1 and "Error: no input files specified." in none.stderr


@pytest.mark.skipif(shutil.which("cmake") is None and not os.environ.get("CI"), reason="cmake not installed")
def test_cmake_cxx_clang_tidy_build_log_shows_both_tools(tmp_path):
    tidy_exe = Path(sys.executable).parent / "clangcheck-tidy"
    assert tidy_exe.exists(), "clangcheck-tidy console script is installed with the package"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.cpp").write_text(SOURCE)
    (tmp_path / "src" / "CMakeLists.txt").write_text(
        "cmake_minimum_required(VERSION 3.16)\nproject(demo CXX)\nset(CMAKE_CXX_STANDARD 17)\n"
        "add_library(demo OBJECT a.cpp)\n")
    configure = subprocess.run(
        ["cmake", "-S", str(tmp_path / "src"), "-B", str(tmp_path / "build"),
         f"-DCMAKE_CXX_CLANG_TIDY={tidy_exe};{CHECKS}"], capture_output=True, text=True, timeout=300)
    assert configure.returncode == 0, configure.stderr
    build = subprocess.run(["cmake", "--build", str(tmp_path / "build")], capture_output=True, text=True, timeout=600)
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert "[clangcheck-errors-unchecked-result]" in log and "[modernize-use-nullptr]" in log


def _run_clang_tidy() -> str | None:
    return next((shutil.which(n) for n in ("run-clang-tidy", "run-clang-tidy-18", "run-clang-tidy-14") if shutil.which(n)), None)


@pytest.mark.skipif(_run_clang_tidy() is None and not os.environ.get("CI"),
                    reason="run-clang-tidy not installed (Debian: apt-get install clang-tidy-14)")
def test_run_clang_tidy_drives_clangcheck_tidy(tmp_path):
    runner = _run_clang_tidy()
    assert runner, "CI installs Debian clang-tidy-14 for its run-clang-tidy"
    (tmp_path / "a.cpp").write_text(SOURCE)
    db = [{"directory": str(tmp_path), "file": str(tmp_path / "a.cpp"), "arguments": ["c++", "-std=c++17", "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    result = subprocess.run([runner, "-clang-tidy-binary", "clangcheck-tidy", CHECKS.replace("--checks", "-checks"),
                             "-p", str(tmp_path)], capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    log = result.stdout + result.stderr
    assert "[clangcheck-errors-unchecked-result]" in log and "[modernize-use-nullptr]" in log, log


def test_cross_tu_facts_come_from_the_cache_of_a_full_run(tmp_path):
    """The destructor lives in b.cpp: checking a.cpp alone learns it from the cached summaries."""
    (tmp_path / "conn.h").write_text("struct Frame { int n; };\nstruct Conn {\n    Conn();\n    ~Conn();\n    Frame *pending;\n};\n")
    (tmp_path / "a.cpp").write_text('#include "conn.h"\nConn::Conn() : pending(new Frame{0}) {}\n')
    (tmp_path / "b.cpp").write_text('#include "conn.h"\nConn::~Conn() {}\n')
    db = [{"directory": str(tmp_path), "file": str(tmp_path / n), "arguments": ["c++", "-std=c++17", "-c", n]}
          for n in ("a.cpp", "b.cpp")]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    checks = "--checks=-*,clangcheck-ownership-member-not-released"
    alone = tidy("-p", str(tmp_path), checks, "a.cpp", cwd=tmp_path)
    assert "member-not-released" not in alone.stdout  # the destructor was never seen
    full = subprocess.run([sys.executable, "-m", "clangcheck", "analyze", str(tmp_path), checks, "--config={}"],
                          capture_output=True, text=True, timeout=300)
    assert "[clangcheck-ownership-member-not-released]" in full.stdout, full.stdout + full.stderr
    after = tidy("-p", str(tmp_path), checks, "a.cpp", cwd=tmp_path)
    assert "a.cpp:2:" in after.stdout and "[clangcheck-ownership-member-not-released]" in after.stdout, after.stderr
