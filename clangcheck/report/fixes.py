"""clang-tidy's `--export-fixes` YAML: written for clang-apply-replacements, read back from clang-tidy.

Format: clang/include/clang/Tooling/DiagnosticsYaml.h (MainSourceFile, Diagnostics with
DiagnosticName, DiagnosticMessage {Message, FilePath, FileOffset, Replacements}, Notes, Level,
BuildDirectory). Offsets are byte offsets. Diagnostics without a fix carry `Replacements: []`.
"""
from __future__ import annotations

import os
from collections import defaultdict
from typing import Iterable

import yaml

from clangcheck.findings import Finding, FixIt, Note, Replacement
from clangcheck.report import environment
from clangcheck.report.context import Report, Sources


def _replacements(fixit: FixIt) -> list[dict]:
    return [{"file": r.file, "offset": r.offset, "length": r.length, "text": r.text} for r in fixit.replacements]


def _diagnostic(report: Report, finding: Finding) -> dict:
    safe = [f for f in finding.fixits if f.safe]
    chosen = safe[0] if safe else None
    notes = [{"message": n.message, "file": n.location.file, "offset": report.sources.offset(n.location),
              "replacements": []} for n in finding.notes]
    # other fix-its (unsafe or alternatives) hang off notes, as clang-tidy attaches fixes to notes
    for fixit in finding.fixits:
        if fixit is not chosen:
            notes.append({"message": fixit.title or "possible fix", "file": finding.location.file,
                          "offset": report.sources.offset(finding.location), "replacements": _replacements(fixit)})
    return {
        "name": finding.check_id,
        "message": finding.message,
        "file": finding.location.file,
        "offset": report.sources.offset(finding.location),
        "replacements": _replacements(chosen) if chosen else [],
        "notes": notes,
        "level": "Error" if finding.level == "error" else "Warning",
        "build_directory": report.build_directory(finding.location.file),
    }


def render(report: Report) -> str:
    env = environment()
    diagnostics = [_diagnostic(report, f) for f in report.findings]
    return env.get_template("fixes.yaml.j2").render(main_source_file=report.main_source_file, diagnostics=diagnostics)


def read(path: str, sources: Sources | None = None) -> list[Finding]:
    """Findings from an export-fixes file (clang-tidy's, or ours); the old flat layout is accepted too."""
    sources = sources or Sources()
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle) or {}
    findings = []
    for diag in document.get("Diagnostics") or []:
        message = diag.get("DiagnosticMessage") or diag  # pre-2019 layout: fields on the diagnostic itself
        build = diag.get("BuildDirectory") or os.getcwd()
        location = _location(sources, message, build)
        if location is None:
            continue
        notes = []
        for raw in diag.get("Notes") or []:
            where = _location(sources, raw, build)
            if where is not None:
                notes.append(Note(where, str(raw.get("Message", ""))))
        fixits = []
        replacements = _read_replacements(message.get("Replacements"), build)
        if replacements:
            fixits.append(FixIt("apply fix-it", replacements))
        for raw in diag.get("Notes") or []:
            extra = _read_replacements(raw.get("Replacements"), build)
            if extra:
                fixits.append(FixIt(str(raw.get("Message", "")), extra, safe=False))
        level = "error" if str(diag.get("Level", "Warning")) == "Error" else "warning"
        findings.append(Finding(str(diag["DiagnosticName"]), location, "{}", (str(message.get("Message", "")),),
                                notes=tuple(notes), fixits=tuple(fixits), level=level))
    return findings


def _absolute(path: str, build: str) -> str:
    return os.path.normpath(os.path.join(build, path))


def _location(sources: Sources, message: dict, build: str):
    path = message.get("FilePath")
    if not path:
        return None
    return sources.location_at(_absolute(str(path), build), int(message.get("FileOffset", 0)))


def _read_replacements(raw: list | None, build: str) -> tuple[Replacement, ...]:
    return tuple(Replacement(_absolute(str(r["FilePath"]), build), int(r["Offset"]), int(r["Length"]),
                             str(r.get("ReplacementText") or "")) for r in raw or [])


def apply(replacements: Iterable[Replacement]) -> list[str]:
    """Apply replacements to files (bytes, from the end, skipping exact duplicates); returns changed files.

    Overlapping different edits are refused as clang-apply-replacements refuses them.
    """
    by_file: dict[str, set[Replacement]] = defaultdict(set)
    for r in replacements:
        by_file[r.file].add(r)
    for path, edits in by_file.items():
        ordered = sorted(edits, key=lambda r: (r.offset, r.length))
        for before, after in zip(ordered, ordered[1:]):
            if before.offset + before.length > after.offset:
                raise ValueError(f"{path}: conflicting replacements at offsets {before.offset} and {after.offset}")
    changed = []
    for path, edits in sorted(by_file.items()):
        with open(path, "rb") as handle:
            data = handle.read()
        for r in sorted(edits, key=lambda r: (r.offset, r.length), reverse=True):
            data = data[: r.offset] + r.text.encode("utf-8") + data[r.offset + r.length:]
        with open(path, "wb") as handle:
            handle.write(data)
        changed.append(path)
    return changed
