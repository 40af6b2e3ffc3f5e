"""`--with-clang-tidy`: the real clang-tidy runs the configuration's other checks; one report for both.

Our ids go to us, the rest to clang-tidy, with the very configuration clangcheck resolved for each
file (passed with --config, so both tools agree even without a .clang-tidy file). clang-tidy needs
absolute directories, so it reads a sanitized copy of the database. Its diagnostics and fix-its come
back through its --export-fixes YAML, read by the same reader as ours.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from clangcheck.analysis import DEFAULT_HEADER_FILTER, RunOutcome
from clangcheck.compdb import CompileEntry, LoadedDatabase
from clangcheck.config import TidyConfig
from clangcheck.findings import AnalysisFailure, Finding
from clangcheck.report import fixes
from clangcheck.report.context import Report
from clangcheck.report.rules import is_ours
from clangcheck.toolchain import clang_tidy_executable


def tidy_config(config: TidyConfig) -> str:
    """The resolved configuration as clang-tidy's --config JSON."""
    return json.dumps({
        "Checks": config.checks.replace("\n", ","),
        "WarningsAsErrors": config.warnings_as_errors.replace("\n", ","),
        "HeaderFilterRegex": config.header_filter_regex if config.header_filter_regex is not None else DEFAULT_HEADER_FILTER,
        "SystemHeaders": config.system_headers,
        "CheckOptions": {k: v for k, v in sorted(config.check_options.items())},
    })


def listed_checks(exe: str, config_json: str) -> list[str]:
    """clang-tidy's own checks this configuration enables (none: clang-tidy is not run)."""
    out = subprocess.run([exe, "--list-checks", f"--config={config_json}"], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        return []
    return sorted(line.strip() for line in out.stdout.splitlines()[1:] if line.strip() and not is_ours(line.strip()))


def write_database(entries: list[CompileEntry], directory: str) -> None:
    """A compile database clang-tidy accepts: absolute directory and file, the sanitized arguments."""
    rows = [{"directory": os.path.abspath(e.directory), "file": os.path.abspath(e.file),
             "arguments": ["clang++" if e.language == "c++" else "clang", *e.arguments, "-c", os.path.abspath(e.file)]}
            for e in entries]
    with open(os.path.join(directory, "compile_commands.json"), "w", encoding="utf-8") as handle:
        json.dump(rows, handle, indent=1)


def _run_one(exe: str, entry: CompileEntry, config_json: str, workdir: str, timeout: float,
             report: Report) -> tuple[list[Finding], list[AnalysisFailure]]:
    export = os.path.join(workdir, f"fixes-{entry.index}.yaml")
    command = [exe, "-p", workdir, f"--config={config_json}", "--quiet", f"--export-fixes={export}", entry.file]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return [], [AnalysisFailure(entry.file, "timeout", f"clang-tidy took over {timeout:g} s")]
    if proc.returncode < 0 or proc.returncode > 1:
        last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        return [], [AnalysisFailure(entry.file, "crash", f"clang-tidy: {last}")]
    if not os.path.isfile(export):
        return [], []
    return fixes.read(export, report.sources), []


def run(report: Report, outcome: RunOutcome, database: LoadedDatabase, jobs: int, timeout: float
        ) -> tuple[list[Finding], list[AnalysisFailure], list[str]]:
    """clang-tidy's findings, failures and the ids of the checks it ran."""
    exe = clang_tidy_executable()
    if exe is None:
        return [], [AnalysisFailure(database.path, "error", "--with-clang-tidy: no clang-tidy found (pip install clang-tidy)")], []
    configs = {e.file: outcome.configs.get(e.file, TidyConfig()) for e in database.entries}
    texts = {file: tidy_config(config) for file, config in configs.items()}
    checks = {text: listed_checks(exe, text) for text in sorted(set(texts.values()))}
    work = [e for e in database.entries if checks[texts[e.file]]]
    findings: list[Finding] = []
    failures: list[AnalysisFailure] = []
    with tempfile.TemporaryDirectory(prefix="clangcheck-tidy-") as workdir:
        write_database(work, workdir)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = pool.map(lambda e: (e, _run_one(exe, e, texts[e.file], workdir, timeout, report)), work)
            for entry, (found, failed) in results:
                config = configs[entry.file]
                failures.extend(failed)
                for finding in found:
                    if is_ours(finding.check_id):
                        continue
                    if config.is_warning_as_error(finding.check_id) and not finding.check_id.startswith("clang-diagnostic-"):
                        finding = replace(finding, level="error", promoted=True)
                    findings.append(finding)
    ran = sorted({c for ids in checks.values() for c in ids})
    return findings, failures, ran


def merge_into(report: Report, outcome: RunOutcome, database: LoadedDatabase, args: argparse.Namespace,
               note_when_unused: bool = True) -> None:
    """Add clang-tidy's findings to the report and the run outcome (deduplicated, in clang-tidy's order)."""
    found, failed, ran = run(report, outcome, database, getattr(args, "jobs", 1), getattr(args, "timeout", 600.0))
    seen = {f.dedup_key() for f in report.findings}
    for finding in found:
        if finding.dedup_key() not in seen:
            seen.add(finding.dedup_key())
            report.findings.append(finding)
    report.findings.sort(key=Finding.sort_key)
    report.failures = sorted(report.failures + failed, key=lambda f: (f.file, f.kind))
    report.rule_ids = sorted(set(report.rule_ids) | set(ran))
    outcome.failures = list(report.failures)
    if not ran and not failed and note_when_unused:
        print("clangcheck: note: --with-clang-tidy: the configuration enables no clang-tidy check", file=sys.stderr)
