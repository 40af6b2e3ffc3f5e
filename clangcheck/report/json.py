"""`--format json`: one document for scripts (schema in docs/reports.md, "version": 1)."""
from __future__ import annotations

from clangcheck import __version__
from clangcheck.findings import Finding, Location
from clangcheck.report import environment
from clangcheck.report.context import Report

SCHEMA_VERSION = 1


def _place(location: Location) -> dict:
    return {"file": location.file, "line": location.line, "column": location.column}


def _finding(report: Report, finding: Finding) -> dict:
    view: dict = {"check": finding.check_id, "level": finding.level, "promoted": finding.promoted,
                  "message": finding.message, **_place(finding.location)}
    if finding.end is not None:
        view["end"] = {"line": finding.end.line, "column": finding.end.column}
    view["function"] = finding.function
    view["fingerprint"] = report.fingerprint(finding)
    view["notes"] = [{"message": n.message, **_place(n.location)} for n in finding.notes]
    view["fixits"] = [{"title": f.title, "safe": f.safe, "replacements": [
        {"file": r.file, "offset": r.offset, "length": r.length, "text": r.text} for r in f.replacements]}
        for f in finding.fixits]
    return view


def _failure(failure) -> dict:
    view = {"file": failure.file, "kind": failure.kind, "message": failure.message}
    if getattr(failure, "check_id", ""):  # a check that raised (clangcheck.worker.CheckFailure)
        view["check"] = failure.check_id
    return view


def build(report: Report) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "clangcheck", "version": __version__},
        "units": report.units,
        "findings": [_finding(report, f) for f in report.findings],
        "failures": [_failure(f) for f in report.failures],
    }


def render(report: Report) -> str:
    return environment().get_template("report.json.j2").render(document=build(report))
