"""SARIF: valid against the 2.1.0 schema and GitHub's ingestion rules, stable, and carrying what code scanning uses."""
from __future__ import annotations

import json
from pathlib import Path

from clangcheck.docs_pages import check_page
from clangcheck.findings import AnalysisFailure, Finding, FixIt, Location, Note, Replacement
from clangcheck.report import sarif
from clangcheck.report.context import Report
from clangcheck.report.fingerprints import line_hashes
import helpers
from helpers import REPO, add_entry, run_cli
from report_tools import multitool_errors, multitool_results, schema_errors, sockets_outputs

SOURCE = """#include <unistd.h>
#include <stdlib.h>

int send_all(int fd, const char *buf, unsigned long n) {
    char *copy = (char *)malloc(n);
    write(fd, buf, n);
    return 0;
}
"""


def project(tmp_path: Path, source: str = SOURCE) -> Path:
    return helpers.project(tmp_path, source)


def crafted_report(tmp_path: Path) -> Report:
    """Findings with a path, a fix-it, a file outside the source root and a failure, on a real file."""
    path = project(tmp_path / "src") / "a.cpp"
    outside = tmp_path / "outside.h"
    outside.write_text("int outside();\n")
    line = SOURCE.splitlines()[5]
    offset = SOURCE.index("write(")
    findings = [
        Finding("clangcheck-errors-unchecked-result", Location(str(path), 6, 5), "the result of '{}' is ignored",
                ("write",), function="send_all",
                notes=(Note(Location(str(path), 5, 18), "allocated here"),
                       Note(Location(str(path), 7, 5), "leaves here")),
                fixits=(FixIt("cast to void", (Replacement(str(path), offset, 0, "(void)"),)),)),
        Finding("clangcheck-errors-unchecked-result", Location(str(outside), 1, 5), "the result of '{}' is ignored",
                ("outside",), level="error", promoted=True),
    ]
    assert line.strip().startswith("write(")
    return Report(findings=findings, failures=[AnalysisFailure(str(path.parent / "b.cpp"), "timeout", "took over 600 s")],
                  rule_ids=["clangcheck-errors-unchecked-result"], source_root=str(path.parent),
                  command_line=("clangcheck", "analyze", "."), working_directory=str(tmp_path), units=2,
                  category="shard-1")


def test_bundled_example_log_is_schema_valid_and_github_shaped():
    log = json.loads((sockets_outputs() / "sockets.sarif").read_text())
    assert schema_errors(log) == []
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    assert run["automationDetails"]["id"] == "clangcheck/"
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.endswith("/") and root.startswith("file:///")
    assert run["results"], "the sockets example has planted defects"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not uri.startswith(("/", "./", "file:")) and uri.startswith("compile_commands/sockets/")
        region = physical["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= region.keys()
        assert (region["endLine"], region["endColumn"]) > (region["startLine"], region["startColumn"])
        file = REPO / uri
        assert result["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(file.read_text())[region["startLine"]]
        assert len(result["partialFingerprints"]["clangcheck/v1"]) == 32
        assert region["snippet"]["text"] == file.read_text().splitlines()[region["startLine"] - 1]
        for flow in result.get("codeFlows", []):
            for step in flow["threadFlows"][0]["locations"]:
                assert step["location"]["message"]["text"]


def test_rule_metadata_comes_from_the_check_class_and_its_doc_page():
    log = json.loads((sockets_outputs() / "sockets.sarif").read_text())
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    rule = rules["clangcheck-errors-unchecked-result"]
    page = check_page("clangcheck-errors-unchecked-result")
    assert rule["help"]["markdown"] == page and rule["help"]["text"] == page
    assert rule["fullDescription"]["text"].startswith("Reports a call whose result reports failure")
    assert rule["name"] == "UncheckedResult"
    assert "external/cwe/cwe-252" in rule["properties"]["tags"]
    assert rule["properties"]["precision"] == "high" and rule["properties"]["problem.severity"] == "warning"
    assert rule["defaultConfiguration"]["level"] == "warning"


def test_bundled_example_passes_the_multitool_with_githubs_rules():
    assert multitool_errors(sockets_outputs() / "sockets.sarif") == []


def test_paths_fixes_failures_and_outside_files(tmp_path):
    report = crafted_report(tmp_path)
    text = sarif.render(report)
    log = json.loads(text)
    assert schema_errors(log) == []
    run = log["runs"][0]
    assert run["automationDetails"]["id"] == "shard-1/"
    inside, outside = run["results"]
    flow = inside["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["message"]["text"] for s in flow] == [
        "allocated here", "leaves here", "the result of 'write' is ignored"]
    assert [r["id"] for r in inside["relatedLocations"]] == [1, 2]
    change = inside["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"] == {"uri": "a.cpp", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"][0]["insertedContent"]["text"] == "(void)"
    region = inside["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (5, 10)  # the token 'write'
    assert outside["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert "primaryLocationLineHash" not in outside["partialFingerprints"]  # GitHub cannot hash it either
    assert outside["level"] == "error" and outside["properties"] == {"warningsAsErrors": True}
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "timeout" in note["message"]["text"]
    (tmp_path / "crafted.sarif").write_text(text)
    assert multitool_errors(tmp_path / "crafted.sarif") == []


def test_utf16_columns_for_non_ascii_lines(tmp_path):
    source = 'void f(int fd) { const char *s = "é€😀"; write(fd, s, 1); }\n'
    path = tmp_path / "u.cpp"
    path.write_text("#include <unistd.h>\n" + source)
    byte_column = source.encode().index(b"write") + 1
    report = Report(findings=[Finding("x-y", Location(str(path), 2, byte_column), "m")], source_root=str(tmp_path))
    region = json.loads(sarif.render(report))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == len(source[: source.index("write")].encode("utf-16-le")) // 2 + 1
    assert region["endColumn"] == region["startColumn"] + 5


def test_two_runs_are_byte_identical_and_category_and_failures_come_from_the_cli(tmp_path):
    project(tmp_path)
    add_entry(tmp_path, "bad.cpp", "#include \"nowhere.h\"\n")  # a fatal error: the TU fails
    outputs = []
    for _ in range(2):
        result = run_cli("analyze", str(tmp_path), "--sarif", "out.sarif", "--sarif-category", "linux/debug",
                         "--no-cache", "-j", "2", cwd=tmp_path)
        assert result.returncode == 3, result.stderr
        outputs.append((tmp_path / "out.sarif").read_bytes())
    assert outputs[0] == outputs[1]
    log = json.loads(outputs[0])
    assert schema_errors(log) == []
    run = log["runs"][0]
    assert run["automationDetails"]["id"] == "linux/debug/"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]} == {"a.cpp"}
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == ["bad.cpp"]
    assert run["invocations"][0]["commandLine"].startswith("clangcheck analyze ")


def test_source_root_option(tmp_path):
    project(tmp_path / "proj")
    result = run_cli("analyze", str(tmp_path / "proj"), "--sarif", "o.sarif", "--source-root", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    run = json.loads((tmp_path / "o.sarif").read_text())["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "proj/a.cpp"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_data_race_has_one_thread_flow_per_thread_context(tmp_path):
    source = tmp_path / "race.cpp"
    source.write_text("int counter;\nvoid run() { ++counter; }\nint peek() { return counter; }\nvoid start() {\n    spawn(run);\n}\n")
    where = lambda line, col: f"{source}:{line}:{col}"  # noqa: E731
    worker = {"id": "c:@F@start#start0", "name": "thread 'run'", "entry": "run", "start": where(5, 5), "multiple": True}
    main = {"id": "main", "name": "the main thread", "entry": "", "start": None, "multiple": False}
    write = {"location": where(2, 16), "kind": "written", "context": worker["id"], "function": "run", "locks": ["mu"]}
    read = {"location": where(3, 21), "kind": "read", "context": "main", "function": "peek", "locks": []}

    def race(contexts, accesses, extra=()):
        return Finding("clangcheck-concurrency-data-race", Location(str(source), 2, 16), "'{}' is raced", ("counter",),
                       notes=(Note(Location(str(source), 2, 16), "written here"), Note(Location(str(source), 3, 21), "read here")),
                       properties=(("location", json.dumps({"key": "c:@counter", "name": "counter"})),
                                   ("contexts", json.dumps(contexts)), ("accesses", json.dumps(accesses)), *extra))

    findings = [race([worker, main], [write, read]),
                race([worker], [write, dict(write, location=where(2, 16), kind="written")]),  # two instances of one thread
                race([], [write, read], extra=(("future-key", "{}"),))]  # contexts missing: still two flows
    report = Report(findings=findings, rule_ids=["clangcheck-concurrency-data-race"], source_root=str(tmp_path))
    text = sarif.render(report)
    log = json.loads(text)
    assert schema_errors(log) == []
    results = log["runs"][0]["results"]
    (flow,) = results[0]["codeFlows"]
    threads = flow["threadFlows"]
    assert [t["message"]["text"] for t in threads] == ["thread 'run'", "the main thread"]
    assert [t["id"] for t in threads] == [worker["id"], "main"]
    started, written = threads[0]["locations"]
    assert started["location"]["message"]["text"] == "thread 'run' is started here"
    assert started["location"]["physicalLocation"]["region"]["startLine"] == 5
    assert written["location"]["message"]["text"] == "counter is written here in thread 'run', holding 'mu'"
    assert written["state"] == {"locks held": {"text": "mu"}}
    (read_step,) = threads[1]["locations"]
    assert read_step["location"]["physicalLocation"]["region"]["startLine"] == 3
    assert read_step["location"]["message"]["text"] == "counter is read here in the main thread, holding no lock"
    twins = results[1]["codeFlows"][0]["threadFlows"]
    assert [t["message"]["text"] for t in twins] == ["thread 'run'", "another instance of thread 'run'"]
    assert len({t["id"] for t in twins}) == 2
    assert [t["message"]["text"] for t in results[2]["codeFlows"][0]["threadFlows"]] == ["a thread", "the main thread"]
    (tmp_path / "race.sarif").write_text(text)
    assert multitool_errors(tmp_path / "race.sarif") == []


def test_bundled_example_races_carry_thread_flows():
    log = json.loads((sockets_outputs() / "sockets.sarif").read_text())
    races = [r for r in log["runs"][0]["results"] if r["ruleId"] == "clangcheck-concurrency-data-race"]
    assert races, "the sockets example has planted data races"
    for result in races:
        threads = result["codeFlows"][0]["threadFlows"]
        names = [t["message"]["text"] for t in threads]
        assert len(threads) == 2 and "the main thread" in names and any(n.startswith("thread '") for n in names)
        for thread in threads:
            assert thread["locations"][-1]["kinds"] == ["memory"]


def test_security_severity_declared_by_a_check_class_tags_the_rule_as_security(monkeypatch):
    from clangcheck.registry import all_checks
    from clangcheck.report.rules import rule

    check_id = "clangcheck-errors-unchecked-result"
    plain = rule.__wrapped__(check_id)
    assert "security-severity" not in plain["properties"] and "security" not in plain["properties"]["tags"]
    monkeypatch.setattr(all_checks()[check_id], "security_severity", "7.5", raising=False)
    declared = rule.__wrapped__(check_id)["properties"]
    assert declared["security-severity"] == "7.5"
    assert declared["tags"][0] == "security" and "external/cwe/cwe-252" in declared["tags"]
    assert declared["problem.severity"] == "warning"  # still shown as a quality severity outside security views


def test_bundled_example_passes_the_multitool_with_githubs_rules_without_a_warning():
    results = multitool_results(sockets_outputs() / "sockets.sarif")
    assert [(r.get("level", "warning"), r["ruleId"]) for r in results] == []


def test_driver_and_every_bundled_rule_link_to_the_project_and_the_checks_page():
    from clangcheck.registry import all_checks
    from clangcheck.report.rules import DOCS_URL, PROJECT_URL

    run = json.loads((sockets_outputs() / "sockets.sarif").read_text())["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == PROJECT_URL
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(all_checks())
    for check_id, descriptor in rules.items():
        assert descriptor["helpUri"] == f"{DOCS_URL}/checks/{check_id}.md"
        assert (REPO / descriptor["helpUri"][len(DOCS_URL) - len("docs"):]).is_file()  # the page is in the repo
