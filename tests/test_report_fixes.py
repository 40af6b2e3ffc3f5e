"""--export-fixes: clang-tidy's YAML, applied by the real clang-apply-replacements; the fixed file still parses."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import clang.cindex as ci
import yaml

from clangcheck.findings import Finding, FixIt, Location, Note, Replacement
from clangcheck.report import fixes
from clangcheck.report.context import Report
from helpers import resource_dir, run_analysis, run_cli
from report_tools import require, sockets_outputs

SOURCE = """#include <unistd.h>
#include <cstdio>

void send_all(int fd, const char *buf, unsigned long n) {
    write(fd, buf, n);
    std::fopen("log.txt", "r");
}
"""


def apply_replacements_tool() -> str:
    exe = shutil.which("clang-apply-replacements") or str(Path(sys.executable).parent / "clang-apply-replacements")
    return require(exe if Path(exe).is_file() else None, "clang-apply-replacements", "pip install clang-apply-replacements")


def project(tmp_path: Path) -> Path:
    (tmp_path / "a.cpp").write_text(SOURCE)
    db = [{"directory": str(tmp_path), "file": "a.cpp", "arguments": ["c++", "-std=c++17", "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    return tmp_path / "compile_commands.json"


def report_with_fix(tmp_path: Path) -> Report:
    """The engine's real findings on a real file, the first given a fix-it a check could offer."""
    outcome = run_analysis(project(tmp_path), checks="-*,clangcheck-errors-unchecked-result")
    first, second = outcome.findings
    assert "'write'" in first.message and "'fopen'" in second.message
    offset = SOURCE.index("write(")
    fixed = replace(first, fixits=(FixIt("cast the result to void", (Replacement(first.location.file, offset, 0, "(void)"),)),),
                    notes=(Note(Location(first.location.file, 4, 6), "in 'send_all'"),), promoted=True, level="error")
    return Report(findings=[fixed, second], source_root=str(tmp_path), default_build_directory=str(tmp_path),
                  main_source_file=first.location.file)


def test_yaml_has_clang_tidys_schema(tmp_path):
    report = report_with_fix(tmp_path)
    document = yaml.safe_load(fixes.render(report))
    path = str(tmp_path / "a.cpp")
    assert document["MainSourceFile"] == path
    first, second = document["Diagnostics"]
    assert first["DiagnosticName"] == "clangcheck-errors-unchecked-result"
    assert first["Level"] == "Error" and second["Level"] == "Warning"  # WarningsAsErrors
    message = first["DiagnosticMessage"]
    assert message == {"Message": "the result of 'write' is ignored", "FilePath": path,
                       "FileOffset": SOURCE.index("write("),
                       "Replacements": [{"FilePath": path, "Offset": SOURCE.index("write("), "Length": 0,
                                         "ReplacementText": "(void)"}]}
    assert first["Notes"] == [{"Message": "in 'send_all'", "FilePath": path, "FileOffset": SOURCE.index("send_all"),
                               "Replacements": []}]
    assert second["DiagnosticMessage"]["Replacements"] == []  # findings without a fix are exported too
    assert first["BuildDirectory"] == str(tmp_path)


def test_clang_apply_replacements_round_trip(tmp_path):
    tool = apply_replacements_tool()
    report = report_with_fix(tmp_path)
    fixes_dir = tmp_path / "fixes"
    fixes_dir.mkdir()
    (fixes_dir / "a.yaml").write_text(fixes.render(report))
    result = subprocess.run([tool, str(fixes_dir)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    fixed = (tmp_path / "a.cpp").read_text()
    assert fixed == SOURCE.replace("    write(", "    (void)write(")
    unit = ci.Index.create().parse(str(tmp_path / "a.cpp"), args=["-std=c++17", f"-resource-dir={resource_dir()}"])
    assert [d.spelling for d in unit.diagnostics if d.severity >= ci.Diagnostic.Error] == []
    outcome = run_analysis(tmp_path / "compile_commands.json", checks="-*,clangcheck-errors-unchecked-result")
    assert [f.message for f in outcome.findings] == ["the result of 'fopen' is ignored"]  # the fixed one is gone


def test_reader_gives_back_what_the_writer_wrote(tmp_path):
    report = report_with_fix(tmp_path)
    odd = Finding("x-y", report.findings[1].location, "{}", ("it's\n\"odd\"\ttext: [a] #b",))
    report.findings.append(odd)
    (tmp_path / "f.yaml").write_text(fixes.render(report))
    back = fixes.read(str(tmp_path / "f.yaml"))
    assert [(f.check_id, f.location, f.message, f.level) for f in back] == [
        (f.check_id, f.location, f.message, f.level) for f in report.findings]
    assert back[0].fixits[0].replacements == report.findings[0].fixits[0].replacements
    assert back[0].notes == report.findings[0].notes


def test_own_applier_refuses_conflicts_and_applies_from_the_end(tmp_path):
    path = tmp_path / "x.cpp"
    path.write_text("int a = 1;\n")
    fixes.apply([Replacement(str(path), 8, 1, "42"), Replacement(str(path), 0, 3, "long")])
    assert path.read_text() == "long a = 42;\n"
    try:
        fixes.apply([Replacement(str(path), 0, 4, "int"), Replacement(str(path), 2, 2, "x")])
    except ValueError as exc:
        assert "conflicting" in str(exc)
    else:
        raise AssertionError("overlapping edits were applied")


def test_cli_writes_fixes_only_when_there_are_findings(tmp_path):
    project(tmp_path)
    result = run_cli("analyze", str(tmp_path), "--export-fixes", "out.yaml", "--no-cache",
                     "--checks=-*,clangcheck-errors-unchecked-result", cwd=tmp_path)
    assert result.returncode == 1 and (tmp_path / "out.yaml").is_file()
    assert len(yaml.safe_load((tmp_path / "out.yaml").read_text())["Diagnostics"]) == 2
    (tmp_path / "out.yaml").unlink()
    result = run_cli("analyze", str(tmp_path), "--export-fixes", "out.yaml", "--checks=-*", "--no-cache", cwd=tmp_path)
    assert result.returncode == 0 and not (tmp_path / "out.yaml").exists()


def test_bundled_example_exports_every_finding():
    out = sockets_outputs()
    document = yaml.safe_load((out / "fixes.yaml").read_text())
    assert len(document["Diagnostics"]) == (out / "stdout.txt").read_text().count(": warning: ")
    for diag in document["Diagnostics"]:
        message = diag["DiagnosticMessage"]
        data = Path(message["FilePath"]).read_bytes()
        line_start = data.rfind(b"\n", 0, message["FileOffset"]) + 1
        assert 0 <= message["FileOffset"] - line_start < len(data)


def test_cli_export_of_a_real_checks_fix_it_applies_and_the_finding_is_gone(tmp_path):
    """End to end: a check's own fix-it (side-effect-in-assert hoists the call) through the CLI and the real tool."""
    tool = apply_replacements_tool()
    source = ("#include <cassert>\n#include <unistd.h>\n"
              "void f(int fd, const char *buf, size_t n) {\n"
              "    assert(write(fd, buf, n) == static_cast<ssize_t>(n));\n"
              "}\n")
    (tmp_path / "a.cpp").write_text(source)
    db = [{"directory": ".", "file": "a.cpp", "arguments": ["c++", "-std=c++17", "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    checks = "--checks=-*,clangcheck-errors-side-effect-in-assert"
    (tmp_path / "fixes").mkdir()
    result = run_cli("analyze", str(tmp_path), checks, "--no-cache", "--export-fixes", "fixes/a.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    (diag,) = yaml.safe_load((tmp_path / "fixes" / "a.yaml").read_text())["Diagnostics"]
    assert diag["DiagnosticMessage"]["Replacements"], "the check's safe fix-it is exported"
    applied = subprocess.run([tool, str(tmp_path / "fixes")], capture_output=True, text=True, timeout=120)
    assert applied.returncode == 0, applied.stderr
    fixed = (tmp_path / "a.cpp").read_text()
    assert fixed != source and "write(fd, buf, n)" in fixed
    unit = ci.Index.create().parse(str(tmp_path / "a.cpp"), args=["-std=c++17", f"-resource-dir={resource_dir()}"])
    assert [d.spelling for d in unit.diagnostics if d.severity >= ci.Diagnostic.Error] == []
    again = run_cli("analyze", str(tmp_path), checks, "--no-cache", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, ""), again.stdout
