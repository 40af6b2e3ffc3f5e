"""SARIF 2.1.0 for GitHub code scanning and SARIF viewers (templates/sarif.json.j2).

GitHub's rules (see docs/reports.md): repo-relative URIs, regions with start/end line and column,
`partialFingerprints.primaryLocationLineHash` computed like codeql-action, one run per category.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from clangcheck import __version__
from clangcheck.findings import AnalysisFailure, Finding, Location
from clangcheck.report import environment
from clangcheck.report.context import Report
from clangcheck.report.rules import PROJECT_URL, rule
from clangcheck.report.structure import RaceFacts, holding, path_steps, race_facts

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "clangcheck"
FINGERPRINT_KEY = "clangcheck/v1"
LINE_HASH_KEY = "primaryLocationLineHash"


def category_id(category: str) -> str:
    """runAutomationDetails.id: GitHub takes everything up to the last '/' as the category."""
    category = category or TOOL_NAME
    return category if category.endswith("/") else category + "/"


def _region(report: Report, start: Location, end: Location | None, snippet: bool = True) -> dict:
    sources = report.sources
    end = report.extent_end(start, end)
    region: dict = {
        "startLine": start.line,
        "startColumn": sources.utf16_column(start.file, start.line, start.column),
        "endLine": end.line,
        "endColumn": sources.utf16_column(end.file, end.line, end.column),
    }
    if snippet:
        text = "\n".join(sources.line(start.file, n) for n in range(start.line, end.line + 1))
        if text:
            region["snippet"] = {"text": text}
    return region


def _location(report: Report, start: Location, end: Location | None = None, message: str | None = None,
              snippet: bool = True) -> dict:
    physical = {"artifactLocation": report.artifact_location(start.file),
                "region": _region(report, start, end, snippet)}
    location: dict = {"physicalLocation": physical}
    if message is not None:
        location["message"] = {"text": message}
    return location


def _fixes(report: Report, finding: Finding) -> list[dict]:
    fixes = []
    for fixit in finding.fixits:
        by_file: dict[str, list] = defaultdict(list)
        for r in fixit.replacements:
            by_file[r.file].append({"deletedRegion": {"byteOffset": r.offset, "byteLength": r.length},
                                    "insertedContent": {"text": r.text}})
        changes = [{"artifactLocation": report.artifact_location(f), "replacements": reps}
                   for f, reps in sorted(by_file.items())]
        fixes.append({"description": {"text": fixit.title or "apply the fix-it"}, "artifactChanges": changes})
    return fixes


def _result(report: Report, finding: Finding, rule_index: int) -> dict:
    result: dict = {
        "ruleId": finding.check_id,
        "ruleIndex": rule_index,
        "level": "error" if finding.level == "error" else "warning",
        "message": {"text": finding.message},
        "locations": [_location(report, finding.location, finding.end)],
    }
    fingerprints = {}
    line_hash = None
    if report.relative_path(finding.location.file) is not None:
        line_hash = report.sources.line_hash(finding.location.file, finding.location.line)
    if line_hash:
        fingerprints[LINE_HASH_KEY] = line_hash
    fingerprints[FINGERPRINT_KEY] = report.fingerprint(finding)
    result["partialFingerprints"] = fingerprints
    race = race_facts(finding) if finding.properties else None
    if race is not None:
        result["codeFlows"] = [_race_flow(report, race)]
    elif finding.notes:
        steps = [_location(report, n.location, finding.end if n.location == finding.location else None, n.message)
                 for n, _ in path_steps(finding)]
        result["codeFlows"] = [{"threadFlows": [{"locations": [{"location": s} for s in steps]}]}]
    if finding.notes:
        result["relatedLocations"] = [dict(_location(report, n.location, None, n.message, snippet=False), id=i)
                                      for i, n in enumerate(finding.notes, 1)]
    fixes = _fixes(report, finding)
    if fixes:
        result["fixes"] = fixes
    if finding.promoted:
        result["properties"] = {"warningsAsErrors": True}
    return result


def _race_flow(report: Report, race: RaceFacts) -> dict:
    """One threadFlow per thread context, named by it: the thread's start site, then its access.

    Two accesses from one context that runs more than once are two instances: two thread flows.
    """
    contexts = {c.id: c for c in race.contexts}
    flows: list[dict] = []
    for access in race.accesses:
        context = contexts[access.context]
        instance = sum(1 for f in flows if f["properties"]["name"] == context.name)  # two starts of one entry too
        name = context.name if not instance else f"another instance of {context.name}"
        steps = []
        if context.start is not None:
            steps.append({"location": _location(report, context.start, None, f"{context.name} is started here"),
                          "kinds": ["call"]})
        steps.append({"location": _location(report, access.location, None,
                                            f"{race.variable} is {access.kind} here in {name}, {holding(access.locks)}"),
                      "kinds": ["memory"],
                      "state": {"locks held": {"text": ", ".join(access.locks) or "none"}}})
        flows.append({"id": context.id + (f"#{instance + 1}" if instance else ""), "message": {"text": name},
                      "locations": steps, "properties": {"context": context.id, "name": context.name}})
    return {"message": {"text": f"{race.variable}: {len(flows)} threads"}, "threadFlows": flows}


def _notification(report: Report, failure: AnalysisFailure, rule_index: dict[str, int]) -> dict:
    """A TU that could not be analyzed, or a check that raised (`associatedRule` names that check)."""
    check_id = getattr(failure, "check_id", "")  # clangcheck.worker.CheckFailure
    note: dict = {
        "level": "error",
        "message": {"text": failure.message if check_id else f"{failure.kind}: {failure.message}"},
    }
    if failure.file:
        note["locations"] = [{"physicalLocation": {"artifactLocation": report.artifact_location(failure.file)}}]
    note["descriptor"] = {"id": "internal-error" if check_id else failure.kind}
    if check_id:
        note["associatedRule"] = {"id": check_id, **({"index": rule_index[check_id]} if check_id in rule_index else {})}
        kind, _, message = failure.exception.partition(": ")
        note["exception"] = {"kind": kind, "message": message}
    return note


def build_run(report: Report) -> dict:
    """One run: our driver with a rule per check that ran, and every finding as a result."""
    ids = sorted(set(report.rule_ids) | {f.check_id for f in report.findings}
                 | {f.check_id for f in report.failures if getattr(f, "check_id", "")})
    index = {check_id: i for i, check_id in enumerate(ids)}
    driver: dict = {"name": TOOL_NAME, "semanticVersion": __version__, "informationUri": PROJECT_URL}
    driver["rules"] = [rule(check_id) for check_id in ids]
    invocation: dict = {
        "executionSuccessful": not report.failures,
        "commandLine": " ".join(report.command_line),
        "arguments": list(report.command_line[1:]),
        "workingDirectory": {"uri": Path(report.working_directory).as_uri() + "/"},
    }
    if report.failures:
        invocation["toolExecutionNotifications"] = [_notification(report, f, index) for f in report.failures]
    return {
        "tool": {"driver": driver},
        "automationDetails": {"id": category_id(report.category)},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": directory_uri(report.source_root)}},
        "columnKind": "utf16CodeUnits",
        "invocations": [invocation],
        "results": [_result(report, f, index[f.check_id]) for f in report.findings],
    }


def directory_uri(path: str) -> str:
    """An absolute directory as a `file://` URI ending in '/' (SARIF §3.14.14); `/` is `file:///`."""
    uri = Path(os.path.abspath(path)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def source_root(run: dict) -> str:
    """The directory a run's `%SRCROOT%` names (the inverse of `directory_uri`); `/` when it has none."""
    uri = str(run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", ""))
    parts = urlparse(uri)
    if parts.scheme != "file" or not parts.path.startswith("/"):
        return "/"
    return url2pathname(parts.path).rstrip("/") or "/"


def render_log(runs: list[dict]) -> str:
    return environment().get_template("sarif.json.j2").render(schema=SCHEMA_URI, runs=runs)


def render(report: Report) -> str:
    return render_log([build_run(report)])


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        log = json.load(handle)
    if not isinstance(log, dict) or not isinstance(log.get("runs"), list):
        raise ValueError(f"{path}: not a SARIF log (no 'runs' array)")
    return log


def _result_key(result: dict) -> tuple:
    """Two shards that analyzed the same header report the same result: same rule, fingerprints, place."""
    prints = result.get("partialFingerprints", {})
    location = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = location.get("region", {})
    where = (location.get("artifactLocation", {}).get("uri"), region.get("startLine"), region.get("startColumn"))
    return (result.get("ruleId"), prints.get(FINGERPRINT_KEY), prints.get(LINE_HASH_KEY), where,
            json.dumps(result.get("message"), sort_keys=True))


def merge(logs: list[dict]) -> list[dict]:
    """Runs of several logs merged into one run per tool and category, results deduplicated."""
    merged: dict[tuple, dict] = {}
    seen: dict[tuple, set] = defaultdict(set)
    for log in logs:
        for run in log["runs"]:
            driver = run.get("tool", {}).get("driver", {})
            key = (driver.get("name"), _category(run))
            target = merged.get(key)
            if target is None:
                target = merged[key] = {k: v for k, v in run.items() if k not in ("results", "invocations")}
                if "automationDetails" in run:
                    target["automationDetails"] = {"id": key[1] + "/"}
                target["tool"] = {"driver": dict(driver, rules=[])}
                target["invocations"], target["results"] = [], []
            rules = target["tool"]["driver"]["rules"]
            ids = [r["id"] for r in rules]
            for r in driver.get("rules", []):
                if r["id"] not in ids:
                    rules.append(r)
                    ids.append(r["id"])
            own_rules = [r["id"] for r in driver.get("rules", [])]
            target["invocations"].extend(run.get("invocations", []))
            for result in run.get("results", []):
                result_key = _result_key(result)
                if result_key in seen[key]:
                    continue
                seen[key].add(result_key)
                result = dict(result)
                if "ruleIndex" in result and result["ruleIndex"] < len(own_rules):
                    result["ruleId"] = result.get("ruleId", own_rules[result["ruleIndex"]])
                target["results"].append(result)
    runs = []
    for key in sorted(merged, key=lambda k: (str(k[0]), str(k[1]))):
        run = merged[key]
        rules = sorted(run["tool"]["driver"]["rules"], key=lambda r: r["id"])
        run["tool"]["driver"]["rules"] = rules
        position = {r["id"]: i for i, r in enumerate(rules)}
        for result in run["results"]:
            if result.get("ruleId") in position:
                result["ruleIndex"] = position[result["ruleId"]]
        run["results"].sort(key=_sort_key)
        if run["invocations"]:
            run["invocations"] = [_merged_invocation(run["invocations"], position)]
        else:
            del run["invocations"]
        runs.append(run)
    return runs


def _category(run: dict) -> str:
    """GitHub's category: the automation id up to its last '/' (shards 'linux/1', 'linux/2' share 'linux')."""
    return str(run.get("automationDetails", {}).get("id", "")).rpartition("/")[0]


def _merged_invocation(invocations: list[dict], position: dict[str, int]) -> dict:
    """One invocation for the merged run: successful only if every shard was; a notification's
    `associatedRule` points into the merged rules."""
    merged = dict(invocations[0])
    merged["executionSuccessful"] = all(i.get("executionSuccessful", True) for i in invocations)
    notes = [dict(n) for i in invocations for n in i.get("toolExecutionNotifications", [])]
    for note in notes:
        rule_ref = note.get("associatedRule")
        if isinstance(rule_ref, dict) and rule_ref.get("id") in position:
            note["associatedRule"] = dict(rule_ref, index=position[rule_ref["id"]])
    if notes:
        merged["toolExecutionNotifications"] = notes
    else:
        merged.pop("toolExecutionNotifications", None)
    return merged


def _sort_key(result: dict) -> tuple:
    location = (result.get("locations") or [{}])[0].get("physicalLocation", {})
    region = location.get("region", {})
    return (str(location.get("artifactLocation", {}).get("uri", "")), region.get("startLine", 0),
            region.get("startColumn", 0), str(result.get("ruleId", "")), json.dumps(result.get("message"), sort_keys=True))
