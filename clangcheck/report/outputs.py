"""Which reports a run writes, from the command line: the text on stdout and the files asked for.

`write_outputs` may narrow `outcome.findings` (to the findings new since `--baseline`) and widen
it (clang-tidy's findings with `--with-clang-tidy`), so the exit code and statistics the CLI prints
afterwards describe what was reported.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from clangcheck.analysis import RunOutcome, project_root
from clangcheck.compdb import LoadedDatabase, MissingGenerated
from clangcheck.findings import AnalysisFailure
from clangcheck.registry import enabled_checks
from clangcheck.report import text, write_text
from clangcheck.report.context import Report, git_toplevel


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `analyze` that choose outputs (SARIF, HTML, fixes, baselines, ...)."""
    group = parser.add_argument_group("outputs (docs/reports.md)")
    group.add_argument("--format", choices=("text", "json"), default="text",
                       help="what stdout carries: clang-tidy's text (default) or one JSON document")
    group.add_argument("--sarif", metavar="FILE", help="write a SARIF 2.1.0 log (GitHub code scanning)")
    group.add_argument("--sarif-category", metavar="CATEGORY", default="",
                       help="SARIF automationDetails.id, to upload several runs (shards, configurations) side by side")
    group.add_argument("--source-root", metavar="DIR",
                       help="root that SARIF/HTML paths are relative to (default: the git top level, "
                            "else the compile database's common directory)")
    group.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    group.add_argument("--export-fixes", metavar="FILE",
                       help="write clang-tidy's fixes YAML (for clang-apply-replacements); only when there are findings")
    group.add_argument("--baseline", metavar="SARIF",
                       help="report only findings whose fingerprint is not in this SARIF log (new since then)")
    group.add_argument("--write-baseline", metavar="FILE", help="write every finding as a SARIF baseline")
    group.add_argument("--with-clang-tidy", action="store_true",
                       help="also run the real clang-tidy for the configuration's non-clangcheck checks and merge its findings")


def _source_root(args: argparse.Namespace, database: LoadedDatabase) -> str:
    if getattr(args, "source_root", None):
        return os.path.abspath(args.source_root)
    return git_toplevel(os.path.dirname(os.path.abspath(database.path))) or project_root(database)


def unread_failures(unread: Sequence[MissingGenerated]) -> list[AnalysisFailure]:
    """Entries never parsed because their source is build output not made yet (`moc_x.cpp`,
    `*_autogen/mocs_compilation.cpp`): each a failure of its own in SARIF and HTML, as a TU that
    did not parse is, so code scanning shows the lost coverage too."""
    failures = []
    for entry in unread:
        targets = f", or its autogen target ({', '.join(entry.autogen)})" if entry.autogen else ""
        failures.append(AnalysisFailure(entry.file, "not-built",
                                        f"not analyzed: the source is build output not made yet; "
                                        f"build the project once{targets}"))
    return failures


def make_report(outcome: RunOutcome, args: argparse.Namespace, database: LoadedDatabase,
                unread: Sequence[MissingGenerated] = ()) -> Report:
    rule_ids = {cls.id for config in outcome.configs.values() for cls in enabled_checks(config)}
    entries = database.entries
    return Report(
        findings=list(outcome.findings),
        failures=list(outcome.failures) + unread_failures(unread),
        rule_ids=sorted(rule_ids),
        source_root=_source_root(args, database),
        command_line=("clangcheck", *sys.argv[1:]),
        working_directory=os.getcwd(),
        units=outcome.units,
        build_directories={e.file: e.directory for e in entries},
        default_build_directory=os.path.dirname(os.path.abspath(database.path)),
        main_source_file=entries[0].file if len(entries) == 1 else "",
        category=getattr(args, "sarif_category", "") or "",
    )


def write_outputs(outcome: RunOutcome, args: argparse.Namespace, database: LoadedDatabase,
                  unread: Sequence[MissingGenerated] = ()) -> None:
    """Text (or JSON) on stdout always; each requested file beside it. `unread`: the entries whose
    source is build output not made yet (notifications in SARIF and HTML)."""
    report = make_report(outcome, args, database, unread)
    if getattr(args, "with_clang_tidy", False):
        from clangcheck.report import clang_tidy

        clang_tidy.merge_into(report, outcome, database, args)
    if getattr(args, "write_baseline", None):
        from clangcheck.report import sarif

        write_text(args.write_baseline, sarif.render(report))
    if getattr(args, "baseline", None):
        from clangcheck.report import baseline, sarif

        try:
            log = sarif.load(args.baseline)
        except (OSError, ValueError) as exc:
            print(f"clangcheck: error: --baseline: {exc}", file=sys.stderr)
            raise SystemExit(2) from None
        report.findings = baseline.new_findings(report, log)
    outcome.findings = list(report.findings)
    if getattr(args, "format", "text") == "json":
        from clangcheck.report import json as json_report

        sys.stdout.write(json_report.render(report))
    else:
        sys.stdout.write(text.render(report.findings))
    if getattr(args, "sarif", None):
        from clangcheck.report import sarif

        write_text(args.sarif, sarif.render(report))
    if getattr(args, "html", None):
        from clangcheck.report import html

        write_text(args.html, html.render(report))
    if getattr(args, "export_fixes", None) and report.findings:
        from clangcheck.report import fixes

        write_text(args.export_fixes, fixes.render(report))
