"""`clangcheck-tidy`: a clang-tidy executable for every place that already calls clang-tidy.

It takes clang-tidy's command line as run-clang-tidy, CMake's CMAKE_CXX_CLANG_TIDY, IDEs and
pre-commit hooks pass it (source files, `-p`, `--checks`, `--config`, compile arguments after
`--`, ...), runs our checks on the given files and the real clang-tidy for the other checks of
the same configuration, and answers in clang-tidy's format with clang-tidy's exit codes.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Sequence

import yaml

from clangcheck import __version__

EXIT_OK, EXIT_ERROR = 0, 1  # clang-tidy: 1 for bad options, compiler errors, warnings-as-errors


class TidyError(Exception):
    """Printed as clang-tidy prints its errors: `Error: ...`, exit 1."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="clangcheck-tidy", allow_abbrev=False,
                                description="clang-tidy with clangcheck's checks added (same options, same output)")
    p.add_argument("files", nargs="*", metavar="SOURCE")

    def option(name: str, **kwargs) -> None:
        p.add_argument(f"-{name}", f"--{name}", dest=name.replace("-", "_"), **kwargs)

    p.add_argument("-p", dest="build_path", metavar="BUILD_PATH")
    option("checks", default=None)
    option("config", default=None)
    option("config-file", default=None)
    option("header-filter", default=None)
    option("exclude-header-filter", default=None)
    option("warnings-as-errors", default=None)
    option("export-fixes", default=None)
    option("fix", action="store_true")
    option("fix-errors", action="store_true")
    option("fix-notes", action="store_true")
    option("quiet", action="store_true")
    option("use-color", nargs="?", const="true", default=None)
    option("extra-arg", action="append", default=[])
    option("extra-arg-before", action="append", default=[])
    option("list-checks", action="store_true")
    option("dump-config", action="store_true")
    option("verify-config", action="store_true")
    option("version", action="store_true")
    option("system-headers", nargs="?", const="true", default=None)  # accepted; system headers are never analyzed
    option("format-style", default=None)  # accepted for compatibility; fixes are applied as given
    option("line-filter", default=None)
    option("allow-no-checks", action="store_true")
    return p


def _split_dashdash(argv: list[str]) -> tuple[list[str], list[str] | None]:
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, None


def _normalize(args: argparse.Namespace) -> None:
    # `-p=build` (run-clang-tidy spells it so): argparse keeps the '=' for one-letter options
    if args.build_path and args.build_path.startswith("="):
        args.build_path = args.build_path[1:]


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    own, compile_args = _split_dashdash(raw)
    args = _parser().parse_args(own)
    _normalize(args)
    try:
        return _run(args, compile_args)
    except TidyError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR


def _resolver(args):
    from clangcheck.config import ConfigError, ConfigResolver

    try:
        return ConfigResolver(checks=args.checks, config=args.config, config_file=args.config_file,
                              header_filter=args.header_filter, warnings_as_errors=args.warnings_as_errors)
    except ConfigError as exc:
        raise TidyError(str(exc)) from None


def _run(args: argparse.Namespace, compile_args: list[str] | None) -> int:
    from clangcheck.toolchain import clang_tidy_executable

    tidy = clang_tidy_executable()
    if args.version:
        print(f"clangcheck-tidy (clangcheck {__version__})")
        if tidy:
            sys.stdout.write(subprocess.run([tidy, "--version"], capture_output=True, text=True).stdout)
        return EXIT_OK
    resolver = _resolver(args)
    probe = os.path.abspath(args.files[0]) if args.files else os.path.join(os.getcwd(), "dummy.cpp")
    try:
        config = resolver.for_file(probe)
    except Exception as exc:  # ConfigError from a discovered file
        raise TidyError(str(exc)) from None
    if args.list_checks:
        return _list_checks(config, tidy)
    if args.dump_config:
        return _dump_config(config, tidy)
    if args.verify_config:
        return _verify_config(config, tidy)
    if not args.files:
        raise TidyError("no input files specified.")
    return _analyze(args, compile_args, resolver, tidy)


def _tidy_checks(config, tidy: str | None) -> list[str]:
    if tidy is None:
        return []
    from clangcheck.report.clang_tidy import listed_checks, tidy_config

    return listed_checks(tidy, tidy_config(config))


def _list_checks(config, tidy: str | None) -> int:
    from clangcheck.registry import enabled_checks

    ours = [cls.id for cls in enabled_checks(config)]
    theirs = _tidy_checks(config, tidy)
    if not ours and not theirs:
        raise TidyError("no checks enabled.")
    print("Enabled checks:")
    for check_id in sorted(set(ours) | set(theirs)):
        print(f"    {check_id}")
    print()
    if tidy is None:
        print("note: clang-tidy not found: only clangcheck's checks are listed", file=sys.stderr)
    return EXIT_OK


def _dump_config(config, tidy: str | None) -> int:
    """One `.clang-tidy` for both tools: clang-tidy's own dump plus our options and their values."""
    from clangcheck.registry import all_checks, enabled_checks

    dumped: dict = {}
    if tidy is not None:
        from clangcheck.report.clang_tidy import tidy_config

        out = subprocess.run([tidy, "--dump-config", f"--config={tidy_config(config)}"], capture_output=True, text=True)
        dumped = yaml.safe_load(out.stdout) or {} if out.returncode == 0 else {}
    dumped.setdefault("Checks", config.checks.replace("\n", ","))
    dumped.setdefault("WarningsAsErrors", config.warnings_as_errors)
    options = dict(dumped.get("CheckOptions") or {})
    enabled = {cls.id for cls in enabled_checks(config)}
    for check_id, cls in all_checks().items():
        if check_id in enabled:
            for opt in cls.options:
                options[f"{check_id}.{opt.name}"] = config.option(check_id, opt.name, opt.default)
    dumped["CheckOptions"] = dict(sorted(options.items()))
    sys.stdout.write("---\n" + yaml.safe_dump(dumped, sort_keys=False, default_flow_style=False) + "...\n")
    return EXIT_OK


def _verify_config(config, tidy: str | None) -> int:
    from clangcheck.registry import all_checks

    known = set(all_checks())
    if tidy is not None:
        out = subprocess.run([tidy, "--list-checks", "--checks=*"], capture_output=True, text=True)
        known |= {line.strip() for line in out.stdout.splitlines()[1:] if line.strip()}
    problems = []
    for glob in config.checks.replace("\n", ",").split(","):
        name = glob.strip().lstrip("-")
        if name and "*" not in name and name not in known:
            problems.append(f"command-line option '-checks': warning: unknown check '{name}'")
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print("No config errors detected.")
    return EXIT_ERROR if problems else EXIT_OK


def _database(args: argparse.Namespace, compile_args: list[str] | None):
    from clangcheck.compdb import CompileDatabaseError, database_from_entries, load_database

    files = [os.path.abspath(f) for f in args.files]
    if compile_args is not None:  # a fixed compilation database, as CMake passes it
        argv = compile_args if compile_args and not compile_args[0].startswith("-") else ["clang++", *compile_args]
        raw = [{"directory": os.getcwd(), "file": f, "arguments": [*argv, f]} for f in files]
        return database_from_entries(raw, os.path.join(os.getcwd(), "compile_commands.json")), files
    start = args.build_path or _search_upwards(os.path.dirname(files[0]))
    if start is None:
        raise TidyError(f"could not find compile_commands.json for {args.files[0]} (use -p or pass compile "
                        "arguments after --)")
    try:
        return load_database(start), files
    except CompileDatabaseError as exc:
        raise TidyError(str(exc)) from None


def _search_upwards(directory: str) -> str | None:
    """clang-tidy looks for compile_commands.json in every parent of the first input file."""
    while True:
        if os.path.isfile(os.path.join(directory, "compile_commands.json")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _analyze(args: argparse.Namespace, compile_args: list[str] | None, resolver, tidy: str | None) -> int:
    from dataclasses import replace as dc_replace

    from clangcheck.analysis import RunSettings, analyze
    from clangcheck.report import clang_tidy, fixes, text
    from clangcheck.report.outputs import make_report
    from clangcheck.toolchain import ToolchainError, find_resource_dir

    database, files = _database(args, compile_args)
    wanted = set(files)
    missing = [f for f in files if f not in {e.file for e in database.entries}]
    for warning in database.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    selected = dc_replace(database, entries=[e for e in database.entries if e.file in wanted])
    try:
        resource = find_resource_dir()
    except ToolchainError as exc:
        raise TidyError(str(exc)) from None
    cache_dir = None if compile_args is not None else os.path.join(os.path.dirname(database.path), ".clangcheck-cache")
    settings = RunSettings(resource_dir=resource.path, jobs=1, cache_dir=cache_dir,
                           extra_args_before=tuple(args.extra_arg_before), extra_args=tuple(args.extra_arg))
    others = [e for e in database.entries if e.file not in wanted]  # their cached summaries: cross-TU facts
    outcome = analyze(selected, resolver, settings, context=others) if selected.entries else None
    report_args = argparse.Namespace(jobs=1, timeout=600.0, source_root=None, sarif_category="")
    if outcome is None:
        from clangcheck.analysis import RunOutcome

        outcome = RunOutcome()
    report = make_report(outcome, report_args, selected if selected.entries else database)
    if tidy is not None and selected.entries:
        clang_tidy.merge_into(report, outcome, selected, report_args, note_when_unused=False)
    elif tidy is None:
        print("note: clang-tidy not found: its own checks were skipped (pip install clang-tidy)", file=sys.stderr)
    for path in missing:
        print(f"Error while processing {path}.", file=sys.stderr)
        print(f"error: no compile command for {path} [clang-diagnostic-error]", file=sys.stderr)
    compile_errors = (bool(missing) or any(f.kind == "parse-error" for f in outcome.failures)
                      or any(f.check_id == "clang-diagnostic-error" for f in outcome.findings))
    for failure in outcome.failures:
        print(f"{failure.message}", file=sys.stderr)
    sys.stdout.write(text.render(report.findings))
    if args.export_fixes and report.findings:
        from clangcheck.report import write_text

        try:
            write_text(args.export_fixes, fixes.render(report))
        except OSError as exc:
            raise TidyError(f"cannot write {args.export_fixes}: {exc.strerror}") from None
    if args.fix or args.fix_errors or args.fix_notes:
        _apply_fixes(report.findings, compile_errors and not args.fix_errors)
    promoted = sum(1 for f in report.findings if f.promoted)
    warnings = len(report.findings)
    if warnings:
        print(f"{warnings} warning{'s' if warnings != 1 else ''} generated.", file=sys.stderr)
    if not args.quiet:
        suppressed = outcome.suppressed_nolint + outcome.suppressed_headers
        if suppressed:
            print(f"Suppressed {suppressed} warnings ({outcome.suppressed_headers} in non-user code, "
                  f"{outcome.suppressed_nolint} NOLINT).", file=sys.stderr)
    if promoted:
        print(f"{promoted} warning{'s' if promoted != 1 else ''} treated as errors", file=sys.stderr)
        return EXIT_ERROR
    if compile_errors and not args.fix_errors:
        return EXIT_ERROR
    return EXIT_OK


def _apply_fixes(findings, bail_out: bool) -> None:
    from clangcheck.report import fixes

    replacements = [r for f in findings for fix in f.fixits for r in fix.replacements]
    total = sum(1 for f in findings for _ in f.fixits)
    if bail_out:
        print("Found compiler errors, but -fix-errors was not specified.\nFixes have NOT been applied.", file=sys.stderr)
        return
    if not replacements:
        return
    fixes.apply(replacements)
    print(f"clang-tidy applied {total} of {total} suggested fixes.", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
