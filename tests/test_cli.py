"""The command line as users meet it: exit codes, one-line errors, config discovery, output format."""
from __future__ import annotations

import json
from pathlib import Path

import helpers
from helpers import REPO, add_entry, run_cli

SOURCE = """#include <unistd.h>
void bad(int fd, const char *b, unsigned long n) {
    write(fd, b, n);
}
"""


def project(tmp_path: Path, source: str = SOURCE) -> Path:
    return helpers.project(tmp_path, source)


def test_text_output_is_clang_tidy_format_and_exit_1(tmp_path):
    result = run_cli("analyze", str(project(tmp_path)), "-j", "1")
    assert result.returncode == 1, result.stderr
    path = tmp_path / "a.cpp"
    assert result.stdout == (
        f"{path}:3:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]\n"
        "    3 |     write(fd, b, n);\n"
        "      |     ^\n"
    )
    assert "1 warning generated" in result.stderr


def test_no_findings_exit_0_and_quiet(tmp_path):
    result = run_cli("analyze", str(project(tmp_path, "int f() { return 1; }\n")), "--quiet")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_checks_glob_disables(tmp_path):
    result = run_cli("analyze", str(project(tmp_path)), "--checks=-*")
    assert result.returncode == 0 and result.stdout == ""


def test_clang_tidy_file_discovery_and_warnings_as_errors(tmp_path):
    project(tmp_path)
    (tmp_path / ".clang-tidy").write_text("Checks: '-*,clangcheck-errors-*'\nWarningsAsErrors: 'clangcheck-errors-*'\n")
    result = run_cli("analyze", str(tmp_path))
    assert "error: the result of 'write' is ignored [clangcheck-errors-unchecked-result,-warnings-as-errors]" in result.stdout
    assert "1 warning treated as errors" in result.stderr
    assert result.returncode == 1
    (tmp_path / ".clang-tidy").write_text("Checks: '-*,bugprone-*'\n")
    assert run_cli("analyze", str(tmp_path)).returncode == 0  # a clang-tidy module list turns ours off


def test_fail_on_errors_mirrors_clang_tidy(tmp_path):
    result = run_cli("analyze", str(project(tmp_path)), "--fail-on", "errors")
    assert result.returncode == 0 and "warning:" in result.stdout
    result = run_cli("analyze", str(tmp_path), "--fail-on", "errors", "--warnings-as-errors=clangcheck-*")
    assert result.returncode == 1


def test_nolint_suppresses_and_is_counted(tmp_path):
    result = run_cli("analyze", str(project(tmp_path, SOURCE.replace("n);", "n);  // NOLINT"))))
    assert result.returncode == 0 and result.stdout == ""
    assert "Suppressed 1 warnings (1 NOLINT)" in result.stderr


def test_unmatched_nolintbegin_is_an_error(tmp_path):
    src = SOURCE.replace("    write", "    // NOLINTBEGIN(clangcheck-errors-*)\n    write")
    result = run_cli("analyze", str(project(tmp_path, src)))
    assert "error: unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment [clang-tidy-nolint]" in result.stdout


def one_line_error(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_missing_database_is_one_line(tmp_path):
    line = one_line_error(run_cli("analyze", str(tmp_path / "nope")))
    assert line.startswith("clangcheck: error: no compile_commands.json found")


def test_malformed_database_names_line_and_column(tmp_path):
    (tmp_path / "compile_commands.json").write_text('[\n {"file": "a.cpp",\n  "directory" "." }\n]')
    line = one_line_error(run_cli("analyze", str(tmp_path)))
    assert "compile_commands.json:3:" in line and "malformed JSON" in line


def test_bad_clang_tidy_is_one_line(tmp_path):
    project(tmp_path)
    (tmp_path / ".clang-tidy").write_text("Checks: [unclosed\n")
    line = one_line_error(run_cli("analyze", str(tmp_path)))
    assert ".clang-tidy" in line


def test_missing_source_skips_entry_not_run(tmp_path):
    project(tmp_path)
    add_entry(tmp_path, "gone.cpp")
    result = run_cli("analyze", str(tmp_path))
    assert result.returncode == 1 and "gone.cpp" in result.stderr and "source file not found" in result.stderr
    assert "warning: the result of 'write'" in result.stdout


def test_parse_error_is_reported_once_and_others_go_on(tmp_path):
    project(tmp_path)
    add_entry(tmp_path, "broken.cpp", "int f( { return }\n#include \"nowhere.h\"\n")  # errors, then a fatal one
    result = run_cli("analyze", str(tmp_path))
    assert result.returncode == 3
    errors = [l for l in result.stderr.splitlines() if "broken.cpp" in l]
    assert len(errors) == 1 and "parse-error" in errors[0] and "more)" in errors[0]
    assert "warning: the result of 'write'" in result.stdout


def test_plugin_flags_never_reach_libclang(tmp_path):
    project(tmp_path)
    db = json.loads((tmp_path / "compile_commands.json").read_text())
    db[0]["arguments"][1:1] = ["-fplugin=/nonexistent/evil.so", "-Xclang", "-load", "-Xclang", "/nonexistent/evil2.so"]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    result = run_cli("analyze", str(tmp_path))
    # had libclang seen the flags it would fail to open the plugins and report a parse error (exit 3)
    assert result.returncode == 1, result.stderr
    assert "dropped '-fplugin=/nonexistent/evil.so'" in result.stderr


def test_verbose_names_resource_dir(tmp_path):
    result = run_cli("analyze", str(project(tmp_path)), "--verbose")
    assert "resource dir:" in result.stderr and "libclang: clang version 18" in result.stderr


def test_bad_resource_dir_is_one_line(tmp_path):
    line = one_line_error(run_cli("analyze", str(project(tmp_path)), "--resource-dir", str(tmp_path)))
    assert "not a clang resource directory" in line


def test_list_checks_and_explain():
    result = run_cli("list-checks")
    assert result.returncode == 0
    assert any(l.startswith("enabled   clangcheck-errors-unchecked-result") for l in result.stdout.splitlines())
    result = run_cli("list-checks", "--checks=-*")
    assert all(l.startswith("disabled") for l in result.stdout.splitlines())
    result = run_cli("explain", "clangcheck-errors-unchecked-result")
    assert result.returncode == 0 and "## What it does" in result.stdout
    assert one_line_error(run_cli("explain", "clangcheck-nope")).endswith("(see: clangcheck list-checks)")


def test_bundled_example_runs(tmp_path):
    result = run_cli("analyze", str(REPO / "compile_commands" / "sockets"), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "[clangcheck-" in result.stdout and "Traceback" not in result.stderr


def test_unwritable_output_files_are_one_line_errors(tmp_path):
    project(tmp_path)
    (tmp_path / "plain-file").write_text("not a directory")
    blocked = str(tmp_path / "plain-file" / "out")
    for option in ("--sarif", "--html", "--summaries-out"):
        line = one_line_error(run_cli("analyze", str(tmp_path), "--no-cache", option, blocked))
        assert "plain-file" in line, line
