"""Issue 17's last items: lost coverage said in one line (Qt's generated files), TUs with non-fatal
compiler errors analyzed as clang-tidy does, and run-clang-tidy's scoping (FILE_REGEX, --program).

Every run parses real C/C++ files with real libclang; the Qt test configures a real CMake project.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import run_cli

LEAK = "clangcheck-ownership-leak"
MEMBER = "clangcheck-ownership-member-not-released"
LEAKY = """void leaky(int n) {
    int *p = new int(n);
    if (n > 1) return;
    delete p;
}
"""
ERRORS_AND_LEAK = "int broken() {\n    return undeclared_x;\n}\n" + LEAKY


def _database(folder: Path, sources: dict[str, str], extra: list[dict] | None = None,
              args: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, text in sources.items():
        (folder / name).write_text(text)
        entries.append({"directory": str(folder), "file": str(folder / name),
                        "arguments": ["c++", "-std=c++17", *args, "-c", name]})
    (folder / "compile_commands.json").write_text(json.dumps(entries + (extra or [])))
    return folder


# -- non-fatal compiler errors ---------------------------------------------------------------

def test_non_fatal_error_is_reported_and_the_tu_still_analyzed(tmp_path):
    folder = _database(tmp_path, {"a.cpp": ERRORS_AND_LEAK})
    sarif = tmp_path / "out.sarif"
    first = run_cli("analyze", str(folder), "-j", "1", "--sarif", str(sarif), "--verbose")
    assert first.returncode == 1, first.stderr
    assert f"{folder / 'a.cpp'}:2:12: error: use of undeclared identifier 'undeclared_x' [clang-diagnostic-error]" \
        in first.stdout
    assert f"{folder / 'a.cpp'}:6:16: warning: potential leak of 'p'" in first.stdout and f"[{LEAK}]" in first.stdout
    assert "1 warning and 1 error generated." in first.stderr
    assert "Found compiler errors in 1 file" in first.stderr and "could not be analyzed" not in first.stderr
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    error = next(r for r in results if r["ruleId"] == "clang-diagnostic-error")
    assert error["level"] == "error" and error["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    as_json = run_cli("analyze", str(folder), "-j", "1", "--format", "json", "--html", str(tmp_path / "r.html"))
    found = [(f["check"], f["level"]) for f in json.loads(as_json.stdout)["findings"]]
    assert ("clang-diagnostic-error", "error") in found and (LEAK, "warning") in found
    assert "clang-diagnostic-error" in (tmp_path / "r.html").read_text()
    # a warm run reuses the cached result, errors included: the cache hides nothing
    warm = run_cli("analyze", str(folder), "-j", "1", "--verbose", "--fail-on", "errors")
    assert "(1 of 1 TUs reused)" in warm.stderr, warm.stderr
    assert warm.returncode == 1 and "[clang-diagnostic-error]" in warm.stdout and f"[{LEAK}]" in warm.stdout


def test_fatal_error_keeps_the_tu_a_failure(tmp_path):
    folder = _database(tmp_path, {"a.cpp": ERRORS_AND_LEAK, "b.cpp": '#include "nowhere.h"\nint f();\n'})
    result = run_cli("analyze", str(folder), "-j", "1")
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if "b.cpp" in line]
    assert lines == [f"clangcheck: error: {folder / 'b.cpp'}: parse-error: "
                     f"{folder / 'b.cpp'}:1:10: error: 'nowhere.h' file not found"]
    assert "lack" not in result.stderr  # not a generated header: no build would make it
    assert f"[{LEAK}]" in result.stdout


# -- generated files ---------------------------------------------------------------------------

def test_generated_files_lost_are_one_line_at_the_end(tmp_path):
    autogen = tmp_path / "build" / "app_autogen"
    folder = _database(tmp_path, {"ok.cpp": "int f() { return 1; }\n",
                                  "window.cpp": '#include "ui_window.h"\nint g() { return 2; }\n'},
                       extra=[{"directory": str(tmp_path), "file": str(autogen / "mocs_compilation.cpp"),
                               "arguments": ["c++", "-c", "mocs_compilation.cpp"]}],
                       args=(f"-I{autogen / 'include'}",))
    result = run_cli("analyze", str(folder), "-j", "1", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.splitlines()[-1] == (
        "clangcheck: warning: 2 TUs lack Qt's generated files (moc/uic/rcc output): build the project once, "
        "or its autogen targets (cmake --build . --target app_autogen)")
    assert "window.cpp" not in result.stderr and "source file not found" not in result.stderr
    assert "2 translation units of 3 could not be analyzed." in result.stderr
    verbose = run_cli("analyze", str(folder), "-j", "1", "--verbose", cwd=tmp_path)
    assert "'ui_window.h' file not found" in verbose.stderr  # one by one only when asked


def _qt_cmake() -> str:
    cmake = shutil.which("cmake")
    if cmake is None:
        pytest.skip("cmake not installed")
    if not any(Path(p, "Qt6Widgets").is_dir() for p in ("/usr/lib/x86_64-linux-gnu/cmake", "/usr/lib/cmake",
                                                          "/usr/lib/aarch64-linux-gnu/cmake")):
        pytest.skip("Qt 6 Widgets CMake package not installed (apt-get install qt6-base-dev)")
    return cmake


QT_CMAKE = """cmake_minimum_required(VERSION 3.16)
project(qtapp LANGUAGES CXX)
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTOUIC ON)
find_package(Qt6 REQUIRED COMPONENTS Core Widgets)
add_executable(app main.cpp window.cpp window.h window.ui)
target_link_libraries(app PRIVATE Qt6::Widgets)
"""
QT_WINDOW_H = """#pragma once
#include <QWidget>
namespace Ui { class Window; }
class Window : public QWidget {
    Q_OBJECT
public:
    explicit Window(QWidget *parent = nullptr);
signals:
    void poked();
private:
    Ui::Window *ui;
};
"""
QT_WINDOW_CPP = """#include "window.h"
#include "ui_window.h"
Window::Window(QWidget *parent) : QWidget(parent), ui(new Ui::Window) { ui->setupUi(this); }
int leaky(int n) {
    int *p = new int(n);
    if (n > 1) return 0;
    delete p;
    return 1;
}
"""
QT_UI = """<?xml version="1.0" encoding="UTF-8"?>
<ui version="4.0"><class>Window</class><widget class="QWidget" name="Window">
<property name="windowTitle"><string>w</string></property></widget><resources/><connections/></ui>
"""
QT_MAIN = """#include <QApplication>
#include "window.h"
int main(int argc, char **argv) { QApplication app(argc, argv); Window w; w.show(); return app.exec(); }
"""


def test_qt_cmake_project_configured_not_built_then_autogen(tmp_path):
    cmake = _qt_cmake()
    src = tmp_path / "src"
    src.mkdir()
    for name, text in {"CMakeLists.txt": QT_CMAKE, "window.h": QT_WINDOW_H, "window.cpp": QT_WINDOW_CPP,
                       "window.ui": QT_UI, "main.cpp": QT_MAIN}.items():
        (src / name).write_text(text)
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    configure = subprocess.run([cmake, "-S", str(src), "-B", str(tmp_path / "build"), *generator,
                                "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"], capture_output=True, text=True, timeout=120)
    if configure.returncode != 0:
        pytest.skip(f"cmake could not configure a Qt 6 project: {configure.stderr.strip().splitlines()[-1:]}")
    before = run_cli("analyze", "build", "-j", "2", cwd=tmp_path)
    assert before.returncode == 3, before.stderr
    assert before.stderr.splitlines()[-1] == (
        "clangcheck: warning: 2 TUs lack Qt's generated files (moc/uic/rcc output): build the project once, "
        "or its autogen targets (cmake --build build --target app_autogen)"), before.stderr
    built = subprocess.run([cmake, "--build", "build", "--target", "app_autogen"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    after = run_cli("analyze", "build", "-j", "2", "--verbose", cwd=tmp_path)
    assert "compile database:" in after.stderr and "(3 TUs)" in after.stderr, after.stderr
    assert "lack" not in after.stderr and "could not be analyzed" not in after.stderr, after.stderr
    assert after.returncode == 1 and f"window.cpp:6:16: warning: potential leak of 'p'" in after.stdout, after.stdout


# -- scoping -----------------------------------------------------------------------------------

CONN_H = "struct Frame { int n; };\nstruct Conn {\n    Conn();\n    ~Conn();\n    Frame *pending;\n};\n"


def _conn_project(tmp_path: Path) -> Path:
    (tmp_path / "conn.h").write_text(CONN_H)
    return _database(tmp_path, {"a.cpp": '#include "conn.h"\nConn::Conn() : pending(new Frame{0}) {}\n',
                                "b.cpp": '#include "conn.h"\nConn::~Conn() {}\n' + LEAKY})


def test_file_regex_analyzes_matching_files_with_the_others_cached_summaries(tmp_path):
    folder = _conn_project(tmp_path)
    checks = f"--checks=-*,{MEMBER},{LEAK}"
    alone = run_cli("analyze", str(folder), r"a\.cpp$", checks, "--verbose", "-j", "1")
    assert "FILE_REGEX selects 1 of them" in alone.stderr, alone.stderr
    assert alone.returncode == 0 and alone.stdout == ""  # b.cpp's destructor was never seen
    full = run_cli("analyze", str(folder), checks, "-j", "1")
    assert f"[{MEMBER}]" in full.stdout and "b.cpp" in full.stdout, full.stdout
    scoped = run_cli("analyze", "-p", str(folder), r"/a\.c", "zzz", checks, "-j", "1")
    assert scoped.returncode == 1 and f"a.cpp:2:" in scoped.stdout and f"[{MEMBER}]" in scoped.stdout
    assert "potential leak" not in scoped.stdout  # b.cpp's leak is b.cpp's own report


def test_file_regex_that_matches_nothing_or_is_broken_is_one_line(tmp_path):
    folder = _conn_project(tmp_path)
    for regex, message in (("nothing_here", "matches 'nothing_here'"), ("(", "FILE_REGEX '('")):
        result = run_cli("analyze", str(folder), regex)
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
        assert message in result.stderr and "Traceback" not in result.stderr


PROGRAM = """int helper_{name}(int n) {{
    int *p = new int(n);
    if (n > 1) return 0;
    delete p;
    return 1;
}}
int main() {{ return helper_{name}(2); }}
"""


def test_program_analyzes_one_program_and_names_them_when_unknown(tmp_path):
    folder = _database(tmp_path, {"server.cpp": PROGRAM.format(name="server"),
                                  "client.cpp": PROGRAM.format(name="client")})
    one = run_cli("analyze", str(folder), "--program", "server", "--verbose", "-j", "1")
    assert one.returncode == 1, one.stderr
    assert "server.cpp:3:" in one.stdout and "client.cpp" not in one.stdout
    assert "clangcheck: program client: 1 TUs" in one.stderr  # the partition is of every TU
    unknown = run_cli("analyze", str(folder), "--program", "daemon", "-j", "1")
    assert unknown.returncode == 2
    assert unknown.stderr.splitlines()[-1] == (
        "clangcheck: error: unknown program 'daemon'; the database's programs are: 'client', 'server'")
    both = run_cli("analyze", str(folder), "--program", "server", "server")
    assert both.returncode == 2 and "give one" in both.stderr


def test_entries_whose_source_is_not_built_are_sarif_notifications(tmp_path):
    autogen = tmp_path / "build" / "app_autogen"
    folder = _database(tmp_path, {"ok.cpp": "int f() { return 1; }\n"},
                       extra=[{"directory": str(tmp_path), "file": str(autogen / "mocs_compilation.cpp"),
                               "arguments": ["c++", "-c", "mocs_compilation.cpp"]}])
    result = run_cli("analyze", str(folder), "-j", "1", "--sarif", "out.sarif", "--format", "json", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    invocation = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["not-built"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        "app_autogen/mocs_compilation.cpp")
    assert "build the project once, or its autogen target (app_autogen)" in notes[0]["message"]["text"]
    failures = json.loads(result.stdout)["failures"]
    assert [(f["kind"], os.path.basename(f["file"])) for f in failures] == [("not-built", "mocs_compilation.cpp")]


BROKEN_TOOL = "int main() { return broken_call(); }\n#include <no_such_header_anywhere.h>\n"


def test_program_reports_only_its_own_tus_failures(tmp_path):
    """A summarize that raises in the client's TU belongs to the client; a TU that did not parse
    belongs to no known program, so it is still said."""
    from test_cli_newcomer import plugin_env

    source = '''
from clangcheck.check import Check


class BoomSummary(Check):
    id = "clangcheck-test-boom-summary"
    summary = "raises summarizing the client"
    summary_schema = tuple[str, ...]

    def summarize(self, unit):
        if any(f.name == "helper_client" for f in unit.functions):
            raise ValueError("client summary")
        return tuple(f.name for f in unit.functions)

    def link(self, summaries):
        return iter(())


CHECKS = (BoomSummary,)
'''
    env = plugin_env(tmp_path, "boom_summary", source)
    folder = _database(tmp_path / "db", {"server.cpp": PROGRAM.format(name="server"),
                                         "client.cpp": PROGRAM.format(name="client")})
    import subprocess
    import sys

    def run(*args):
        return subprocess.run([sys.executable, "-m", "clangcheck", "analyze", str(folder), "-j", "1",
                               "--checks=*,clangcheck-test-boom-summary", *args],
                              capture_output=True, text=True, env=env, timeout=600, stdin=subprocess.DEVNULL)

    everything = run()
    assert everything.returncode == 3 and "internal error in clangcheck-test-boom-summary" in everything.stderr
    server = run("--program", "server")
    assert server.returncode == 1, server.stderr  # findings, and no failure of its own
    assert "internal error" not in server.stderr and "server.cpp:3:" in server.stdout
    client = run("--program", "client")
    assert client.returncode == 3 and "internal error in clangcheck-test-boom-summary" in client.stderr
    (folder / "tool.cpp").write_text(BROKEN_TOOL)
    db = json.loads((folder / "compile_commands.json").read_text())
    db.append({"directory": str(folder), "file": str(folder / "tool.cpp"), "arguments": ["c++", "-c", "tool.cpp"]})
    (folder / "compile_commands.json").write_text(json.dumps(db))
    unparsed = run("--program", "server")
    assert unparsed.returncode == 3 and "tool.cpp: parse-error" in unparsed.stderr
