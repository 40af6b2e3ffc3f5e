"""Baselines: a SARIF log of accepted findings; later runs report only what is new since then.

Findings are matched by their `clangcheck/v1` fingerprint (check, message template and arguments,
function, normalized code line), never by line number, so edits above a finding keep it known.
Equal fingerprints are counted: a second identical finding in the same function is new.
"""
from __future__ import annotations

from collections import Counter

from clangcheck.findings import Finding
from clangcheck.report import sarif
from clangcheck.report.context import Report


def fingerprints(log: dict) -> Counter:
    """How many results of each (rule, fingerprint) the baseline holds."""
    counts: Counter = Counter()
    for run in log.get("runs", []):
        for result in run.get("results", []):
            value = result.get("partialFingerprints", {}).get(sarif.FINGERPRINT_KEY)
            if value:
                counts[(result.get("ruleId"), value)] += 1
    return counts


def new_findings(report: Report, log: dict) -> list[Finding]:
    """The findings not in the baseline, in their original order."""
    known = fingerprints(log)
    fresh = []
    for finding in report.findings:
        key = (finding.check_id, report.fingerprint(finding))
        if known[key] > 0:
            known[key] -= 1
        else:
            fresh.append(finding)
    return fresh
