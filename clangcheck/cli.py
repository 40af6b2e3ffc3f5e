"""Command line: `clangcheck analyze PATH`, `clangcheck list-checks`, `clangcheck explain ID`.

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, 3 some TUs could not be
analyzed (takes precedence over 1: the findings are incomplete).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

from clangcheck import __version__
from clangcheck.report.outputs import add_output_arguments, write_outputs

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_FAILURES = 0, 1, 2, 3


class UserError(Exception):
    """A problem with the user's input or configuration: one line, exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clangcheck",
        description="Find leaks, data races and unhandled errors in C/C++ and Qt code, the clang-tidy way.",
    )
    parser.add_argument("--version", action="version", version=f"clangcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("--checks", help="clang-tidy check globs, appended to the .clang-tidy Checks (e.g. '-*,clangcheck-errors-*')")
    config.add_argument("--config", help="inline .clang-tidy YAML/JSON; replaces file discovery")
    config.add_argument("--config-file", help="path of a .clang-tidy file to use instead of discovery")

    analyze = sub.add_parser("analyze", parents=[config], help="analyze every TU of a compile database")
    analyze.add_argument("path", metavar="PATH",
                         help="build dir with compile_commands.json, the JSON file, or a source tree whose build*/ has one")
    analyze.add_argument("--header-filter", help="regex of headers whose findings are shown (overrides HeaderFilterRegex)")
    analyze.add_argument("--warnings-as-errors", help="check globs turned into errors (appended to WarningsAsErrors)")
    analyze.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel TUs (default: all cores)")
    analyze.add_argument("--timeout", type=float, default=600.0, help="seconds per TU before it is abandoned (default 600)")
    analyze.add_argument("--cache-dir", help="per-TU result cache (default: .clangcheck-cache beside the database)")
    analyze.add_argument("--no-cache", action="store_true", help="analyze every TU, read and write no cache")
    analyze.add_argument("--shard", metavar="K/N", type=_shard,
                         help="analyze the K-th of N stable parts of the TUs (CI matrix); link them with merge")
    analyze.add_argument("--summaries-out", metavar="FILE",
                         help="write the per-TU summaries for `clangcheck merge --summaries` to link")
    analyze.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                         help="run the per-TU phase on this Dask cluster (pip install clangcheck[dask])")
    analyze.add_argument("--dask", action="store_true", help="run the per-TU phase on a local Dask cluster of --jobs workers")
    analyze.add_argument("--pch", choices=("auto", "off"), default="auto",
                         help="share a precompiled prefix of system headers between TUs that include them (default auto)")
    analyze.add_argument("--resource-dir", help="clang resource directory (builtin headers); found automatically")
    analyze.add_argument("--extra-arg", action="append", default=[], help="argument appended to every compile command")
    analyze.add_argument("--extra-arg-before", action="append", default=[], help="argument prepended to every compile command")
    analyze.add_argument("--fail-on", choices=("findings", "errors"), default="findings",
                         help="exit 1 on any finding (default) or, like clang-tidy, only on warnings-as-errors")
    analyze.add_argument("--quiet", action="store_true", help="no statistics on stderr")
    add_output_arguments(analyze)
    analyze.add_argument("--verbose", action="store_true", help="say which toolchain and configuration are used")

    listing = sub.add_parser("list-checks", parents=[config], help="list checks and whether the configuration enables them")
    listing.add_argument("--for-file", default=None, help="show the configuration that applies to this file (default: cwd)")

    sub.add_parser("tidy", help="clang-tidy's command line with our checks added (same as clangcheck-tidy)", add_help=False)
    explain = sub.add_parser("explain", help="print a check's documentation")
    explain.add_argument("check_id", metavar="CHECK-ID")

    merge = sub.add_parser("merge", help="merge SARIF logs (shards) into one: one run per tool and category")
    merge.add_argument("inputs", metavar="SARIF", nargs="+", help="SARIF logs written by analyze --sarif")
    merge.add_argument("-o", "--output", required=True, metavar="FILE", help="the merged SARIF log")
    merge.add_argument("--summaries", nargs="+", default=[], metavar="FILE",
                       help="summaries written by sharded runs (--summaries-out): run the whole-program checks over all")
    return parser


def _dask_target(args) -> str | None:
    if not (args.scheduler or args.dask):
        return None
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UserError("Dask is not installed: pip install 'clangcheck[dask]'") from None
    return args.scheduler or "local"


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not K/N") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"'{text}': K must be between 1 and N")
    return k, n


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw[:1] == ["tidy"]:  # `clangcheck tidy …` is `clangcheck-tidy …`: clang-tidy's own command line
        from clangcheck.tidy import main as tidy_main

        return tidy_main(raw[1:])
    for stream in (sys.stdout, sys.stderr):  # file names that are not UTF-8 print as their own bytes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    args = _parser().parse_args(raw)
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "list-checks":
            return _list_checks(args)
        if args.command == "merge":
            return _merge(args)
        return _explain(args)
    except UserError as exc:
        print(f"clangcheck: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("clangcheck: interrupted", file=sys.stderr)
        return 130


def _resolver(args):
    from clangcheck.config import ConfigError, ConfigResolver

    try:
        return ConfigResolver(
            checks=args.checks, config=args.config, config_file=args.config_file,
            header_filter=getattr(args, "header_filter", None),
            warnings_as_errors=getattr(args, "warnings_as_errors", None),
        )
    except ConfigError as exc:
        raise UserError(str(exc)) from None


def _analyze(args) -> int:
    from clangcheck.analysis import RunSettings, analyze
    from clangcheck.compdb import CompileDatabaseError, load_database
    from clangcheck.config import ConfigError
    from clangcheck.toolchain import ToolchainError, find_resource_dir

    if args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    try:
        resource = find_resource_dir(args.resource_dir)
    except ToolchainError as exc:
        raise UserError(str(exc)) from None
    try:
        database = load_database(args.path)
    except CompileDatabaseError as exc:
        raise UserError(str(exc)) from None
    resolver = _resolver(args)
    for warning in database.warnings:
        print(f"clangcheck: warning: {warning}", file=sys.stderr)
    if not database.entries:
        raise UserError(f"{database.path}: no usable entries")
    if args.verbose:
        from clangcheck.model.libclang import clang_version

        print(f"clangcheck: libclang: {clang_version()}", file=sys.stderr)
        print(f"clangcheck: resource dir: {resource.path} (from {resource.origin})", file=sys.stderr)
        print(f"clangcheck: compile database: {database.path} ({len(database.entries)} TUs)", file=sys.stderr)
    cache_dir = None if args.no_cache else (args.cache_dir or os.path.join(os.path.dirname(database.path), ".clangcheck-cache"))
    settings = RunSettings(resource_dir=resource.path, jobs=args.jobs, timeout=args.timeout,
                           extra_args_before=tuple(args.extra_arg_before), extra_args=tuple(args.extra_arg),
                           cache_dir=cache_dir, shard=args.shard, dask=_dask_target(args), pch=args.pch == "auto")
    progress = _progress(len(database.entries))
    try:
        outcome = analyze(database, resolver, settings, on_progress=progress.update_one)
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    finally:
        progress.close()
    if args.verbose:
        if cache_dir:
            print(f"clangcheck: cache: {cache_dir} ({outcome.cache_hits} of {outcome.units} TUs reused)", file=sys.stderr)
        print(f"clangcheck: precompiled prefix used by {outcome.pch_units} of {outcome.units} TUs", file=sys.stderr)
        for note in outcome.notes:
            print(f"clangcheck: {note}", file=sys.stderr)
        for file, config in sorted(outcome.configs.items()):
            sources = ", ".join(config.sources) or "defaults"
            print(f"clangcheck: {file}: config from {sources}", file=sys.stderr)
    try:
        write_outputs(outcome, args, database)
    except OSError as exc:  # an output file that cannot be written
        raise UserError(f"{exc.filename}: {exc.strerror}") from None
    if args.summaries_out:
        from clangcheck.summaries import SummaryFileError, write_summaries

        try:
            write_summaries(args.summaries_out, outcome.summaries)
        except SummaryFileError as exc:
            raise UserError(f"--summaries-out: {exc}") from None
    for failure in outcome.failures:
        print(f"clangcheck: error: {failure.file}: {failure.kind}: {failure.message}", file=sys.stderr)
    if not args.quiet:
        _statistics(outcome)
    if outcome.failures:
        return EXIT_FAILURES
    if args.fail_on == "errors":
        return EXIT_FINDINGS if any(f.level == "error" for f in outcome.findings) else EXIT_OK
    return EXIT_FINDINGS if outcome.findings else EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _statistics(outcome) -> None:
    """clang-tidy's summary lines on stderr, worded as clang-tidy words them."""
    print(f"{_plural(len(outcome.findings), 'warning')} generated.", file=sys.stderr)
    suppressed = outcome.suppressed_headers + outcome.suppressed_nolint
    if suppressed:
        parts = []
        if outcome.suppressed_headers:
            parts.append(f"{outcome.suppressed_headers} in non-user code")
        if outcome.suppressed_nolint:
            parts.append(f"{outcome.suppressed_nolint} NOLINT")
        print(f"Suppressed {suppressed} warnings ({', '.join(parts)}).", file=sys.stderr)
        if outcome.suppressed_headers:
            print("Use -header-filter=.* to display errors from all non-system headers.", file=sys.stderr)
    promoted = sum(1 for f in outcome.findings if f.promoted)
    if promoted:
        print(f"{_plural(promoted, 'warning')} treated as errors", file=sys.stderr)
    if outcome.failures:
        print(f"{_plural(len(outcome.failures), 'translation unit')} of {outcome.units} could not be analyzed.",
              file=sys.stderr)


class _Progress:
    """A tqdm bar on a terminal; nothing when stderr is a file or a CI log."""

    def __init__(self, total: int):
        self.bar = None
        if sys.stderr.isatty() and os.environ.get("CI") is None:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers are forked
            self.bar = tqdm(total=total, unit="TU", file=sys.stderr, leave=False)

    def update_one(self, result) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(os.path.basename(result.file), refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _progress(total: int) -> _Progress:
    return _Progress(total)


def _list_checks(args) -> int:
    from clangcheck.config import ConfigError
    from clangcheck.registry import all_checks, enabled_checks

    try:
        config = _resolver(args).for_file(os.path.abspath(args.for_file or os.path.join(os.getcwd(), "x.cpp")))
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    enabled = {cls.id for cls in enabled_checks(config)}
    for check_id, cls in all_checks().items():
        mark = "enabled " if check_id in enabled else "disabled"
        maturity = "" if cls.maturity == "stable" else f" ({cls.maturity})"
        print(f"{mark}  {check_id}{maturity}  {cls.summary}")
    return EXIT_OK


def _explain(args) -> int:
    from clangcheck.docs_pages import check_page
    from clangcheck.registry import all_checks

    if args.check_id not in all_checks():
        raise UserError(f"unknown check '{args.check_id}' (see: clangcheck list-checks)")
    page = check_page(args.check_id)
    if page is None:
        raise UserError(f"no documentation page for {args.check_id}")
    sys.stdout.write(page)
    return EXIT_OK


def _merge(args) -> int:
    from clangcheck.report import sarif, write_text

    logs = []
    for path in args.inputs:
        try:
            logs.append(sarif.load(path))
        except (OSError, ValueError) as exc:
            raise UserError(f"{path}: {exc}") from None
    linked = _link_summaries(args.summaries, logs)
    if linked is not None:
        logs.append(linked)
    try:
        write_text(args.output, sarif.render_log(sarif.merge(logs)))
    except OSError as exc:
        raise UserError(f"{args.output}: {exc.strerror}") from None
    return EXIT_OK


def _link_summaries(paths: list[str], logs: list[dict]) -> dict | None:
    """The global phase the shards skipped, over every shard's summaries, as one more SARIF log."""
    if not paths:
        return None
    from clangcheck.analysis import Collector, link_checks
    from clangcheck.report import sarif, text
    from clangcheck.report.context import Report
    from clangcheck.summaries import SummaryFileError, read_summaries

    collector = Collector({})
    for path in paths:
        try:
            for check_id, summaries in read_summaries(path).items():
                collector.summaries.setdefault(check_id, []).extend(summaries)
        except SummaryFileError as exc:
            raise UserError(str(exc)) from None
    link_checks(collector)
    outcome = collector.finish()
    sys.stdout.write(text.render(outcome.findings))
    first = logs[0]["runs"][0] if logs and logs[0].get("runs") else {}
    root = first.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri", "file:///")
    report = Report(findings=outcome.findings, rule_ids=sorted(collector.summaries),
                    source_root=root.removeprefix("file://") or "/",
                    category=first.get("automationDetails", {}).get("id", ""),
                    command_line=("clangcheck", *sys.argv[1:]), working_directory=os.getcwd())
    return json.loads(sarif.render(report))
