"""Baselines (line shifts keep findings known), `clangcheck merge` of shard logs, and --format json."""
from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli
from report_tools import schema_errors

SOURCE = """#include <unistd.h>

void send_all(int fd, const char *buf, unsigned long n) {
    write(fd, buf, n);
}

void twice(int fd) {
    write(fd, "a", 1);
}
"""
CHECKS = "--checks=-*,clangcheck-errors-unchecked-result"


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        db.append({"directory": ".", "file": name, "arguments": ["c++", "-std=c++17", "-c", name]})
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    return tmp_path


def analyze(tmp_path: Path, *args: str):
    result = run_cli("analyze", str(tmp_path), CHECKS, "--no-cache", *args, cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_shifted_lines_are_not_new_but_a_new_finding_is(tmp_path):
    project(tmp_path, {"a.cpp": SOURCE})
    first = analyze(tmp_path, "--write-baseline", "base.sarif")
    assert first.returncode == 1 and first.stdout.count("warning:") == 2
    assert schema_errors(json.loads((tmp_path / "base.sarif").read_text())) == []
    shifted = SOURCE.replace("#include <unistd.h>\n", "#include <unistd.h>\n// a comment\n\n\nstatic int unused;\n")
    (tmp_path / "a.cpp").write_text(shifted)
    again = analyze(tmp_path, "--baseline", "base.sarif")
    assert (again.returncode, again.stdout) == (0, "")  # nothing new: exit 0
    assert "0 warnings generated" in again.stderr
    grown = shifted.replace('    write(fd, "a", 1);\n', '    write(fd, "a", 1);\n    write(fd, "b", 1);\n')
    (tmp_path / "a.cpp").write_text(grown)
    new = analyze(tmp_path, "--baseline", "base.sarif", "--sarif", "new.sarif")
    assert new.returncode == 1
    (line,) = [line for line in new.stdout.splitlines() if "warning:" in line]
    assert line.startswith(f"{tmp_path / 'a.cpp'}:13:5: warning: the result of 'write' is ignored")
    assert len(json.loads((tmp_path / "new.sarif").read_text())["runs"][0]["results"]) == 1


def test_identical_findings_in_one_function_are_counted(tmp_path):
    project(tmp_path, {"a.cpp": "#include <unistd.h>\nvoid f(int fd) {\n    write(fd, \"a\", 1);\n}\n"})
    analyze(tmp_path, "--write-baseline", "base.sarif")
    (tmp_path / "a.cpp").write_text("#include <unistd.h>\nvoid f(int fd) {\n    write(fd, \"a\", 1);\n    write(fd, \"a\", 1);\n}\n")
    result = analyze(tmp_path, "--baseline", "base.sarif")
    assert result.stdout.count("warning:") == 1


def test_bad_baseline_is_a_usage_error(tmp_path):
    project(tmp_path, {"a.cpp": SOURCE})
    (tmp_path / "base.sarif").write_text("{}")
    result = analyze(tmp_path, "--baseline", "base.sarif")
    assert result.returncode == 2 and "--baseline" in result.stderr


def test_merge_shards_deduplicates_and_keeps_one_run_per_category(tmp_path):
    header = "#include <unistd.h>\ninline void h(int fd) { write(fd, \"h\", 1); }\n"
    project(tmp_path, {"h.h": header, "a.cpp": '#include "h.h"\nvoid a(int fd) { write(fd, "a", 1); }\n',
                       "b.cpp": '#include "h.h"\nvoid b(int fd) { write(fd, "b", 1); }\n'})
    db = json.loads((tmp_path / "compile_commands.json").read_text())
    db = [e for e in db if e["file"] != "h.h"]
    for i, entry in enumerate(db):
        (tmp_path / f"shard{i}").mkdir()
        (tmp_path / f"shard{i}" / "compile_commands.json").write_text(json.dumps([dict(entry, directory=str(tmp_path))]))
        result = run_cli("analyze", str(tmp_path / f"shard{i}"), CHECKS, "--no-cache", "--source-root", str(tmp_path),
                         "--sarif", f"s{i}.sarif", "--sarif-category", "linux", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
    shards = [json.loads((tmp_path / f"s{i}.sarif").read_text()) for i in range(2)]
    assert all(len(s["runs"][0]["results"]) == 2 for s in shards)  # each shard sees the header's finding
    result = run_cli("merge", "s0.sarif", "s1.sarif", "-o", "all.sarif", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    merged = json.loads((tmp_path / "all.sarif").read_text())
    assert schema_errors(merged) == []
    (run,) = merged["runs"]
    assert run["automationDetails"]["id"] == "linux/"
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"])
    assert uris == ["a.cpp", "b.cpp", "h.h"]
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    assert len(run["invocations"]) == 1 and run["invocations"][0]["executionSuccessful"] is True
    again = run_cli("merge", "all.sarif", "s0.sarif", "-o", "again.sarif", cwd=tmp_path)
    assert again.returncode == 0 and json.loads((tmp_path / "again.sarif").read_text())["runs"][0]["results"] == run["results"]
    assert run_cli("merge", "missing.sarif", "-o", "x.sarif", cwd=tmp_path).returncode == 2


def test_json_format_schema(tmp_path):
    project(tmp_path, {"a.cpp": SOURCE})
    result = analyze(tmp_path, "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1 and document["tool"]["name"] == "clangcheck"
    assert document["units"] == 1 and document["failures"] == []
    first = document["findings"][0]
    assert set(first) == {"check", "level", "promoted", "message", "file", "line", "column", "end", "function",
                          "fingerprint", "notes", "fixits"}
    assert (first["file"], first["line"], first["column"]) == (str(tmp_path / "a.cpp"), 4, 5)
    assert first["end"]["line"] == 4 and first["end"]["column"] > 5  # the call's extent
    assert first["function"] == "send_all" and first["level"] == "warning" and first["promoted"] is False


def test_merge_keeps_categories_and_tools_apart():
    from clangcheck.report import sarif

    def log(tool: str, category: str, uri: str) -> dict:
        result = {"ruleId": "r", "ruleIndex": 0, "message": {"text": "m"},
                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": 1}}}],
                  "partialFingerprints": {"clangcheck/v1": uri}}
        return {"runs": [{"tool": {"driver": {"name": tool, "rules": [{"id": "r"}]}},
                          "automationDetails": {"id": category}, "results": [result]}]}

    runs = sarif.merge([log("clangcheck", "linux/", "a.cpp"), log("clangcheck", "mac/", "a.cpp"),
                        log("clangcheck", "linux/", "b.cpp"), log("other", "linux/", "a.cpp")])
    assert [(r["tool"]["driver"]["name"], r["automationDetails"]["id"], len(r["results"])) for r in runs] == [
        ("clangcheck", "linux/", 2), ("clangcheck", "mac/", 1), ("other", "linux/", 1)]
    assert schema_errors(json.loads(sarif.render_log(runs))) == []
