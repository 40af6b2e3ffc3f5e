"""--with-clang-tidy: the real clang-tidy runs the other checks of the same configuration, one report for both."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from clangcheck.toolchain import clang_tidy_executable
from helpers import run_cli
from report_tools import multitool_errors, schema_errors

SOURCE = """#include <unistd.h>

void send_all(int fd, const char *buf, unsigned long n) {
    int *p = 0;
    write(fd, buf, n);
    (void)p;
}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    if clang_tidy_executable() is None:
        pytest.fail("clang-tidy is a dependency of clangcheck (the clang-tidy wheel) and must be found")
    (tmp_path / "a.cpp").write_text(SOURCE)
    # a relative directory, as the bundled examples have: clang-tidy itself needs absolute ones
    db = [{"directory": ".", "file": "a.cpp", "arguments": ["c++", "-std=c++17", "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    (tmp_path / ".clang-tidy").write_text("Checks: '-*,clangcheck-errors-unchecked-result,modernize-use-nullptr'\n"
                                          "WarningsAsErrors: 'modernize-*'\n")
    return tmp_path


def test_both_tools_in_one_text_sarif_and_fixes_output(project):
    result = run_cli("analyze", str(project), "--with-clang-tidy", "--no-cache", "--sarif", "out.sarif",
                     "--export-fixes", "fixes.yaml", cwd=project)
    assert result.returncode == 1, result.stderr
    path = project / "a.cpp"
    lines = [line for line in result.stdout.splitlines() if ": warning: " in line or ": error: " in line]
    assert lines == [
        f"{path}:4:14: error: use nullptr [modernize-use-nullptr,-warnings-as-errors]",
        f"{path}:5:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]",
    ]
    log = json.loads((project / "out.sarif").read_text())
    assert schema_errors(log) == []
    (run,) = log["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"clangcheck-errors-unchecked-result", "modernize-use-nullptr"}
    assert rules["modernize-use-nullptr"]["helpUri"] == "https://clang.llvm.org/extra/clang-tidy/checks/modernize/use-nullptr.html"
    tidy = next(r for r in run["results"] if r["ruleId"] == "modernize-use-nullptr")
    assert tidy["level"] == "error"
    (change,) = tidy["fixes"][0]["artifactChanges"]
    assert change["replacements"][0]["insertedContent"]["text"] == "nullptr"
    diagnostics = yaml.safe_load((project / "fixes.yaml").read_text())["Diagnostics"]
    fix = next(d for d in diagnostics if d["DiagnosticName"] == "modernize-use-nullptr")
    assert fix["DiagnosticMessage"]["Replacements"][0]["ReplacementText"] == "nullptr"
    assert fix["Level"] == "Error"
    assert multitool_errors(project / "out.sarif") == []


def test_configuration_without_clang_tidy_checks_runs_only_us(project):
    (project / ".clang-tidy").write_text("Checks: '-*,clangcheck-errors-unchecked-result'\n")
    result = run_cli("analyze", str(project), "--with-clang-tidy", "--no-cache", cwd=project)
    assert result.returncode == 1 and "enables no clang-tidy check" in result.stderr
    assert result.stdout.count("warning:") == 1
