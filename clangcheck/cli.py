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
    analyze.add_argument("path", metavar="PATH", nargs="?",
                         help="build dir with compile_commands.json, the JSON file, or a source tree whose build*/ has one")
    analyze.add_argument("-p", dest="build_path", metavar="BUILD", help="the same as PATH, as clang-tidy spells it")
    analyze.add_argument("file_regex", metavar="FILE_REGEX", nargs="*", default=[],
                         help="analyze only files whose path matches one of these (searched, as run-clang-tidy does); "
                              "the other TUs' cached summaries still join the whole-program checks")
    analyze.add_argument("--program", metavar="NAME",
                         help="analyze and report one program of the database (names: --verbose)")
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


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def single_dash_long_options(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """clang-tidy's spellings (`-header-filter=.*`, `-checks -*,x`, `-quiet`, `-p=build`) as argparse's.

    A single-dash token naming one of the subcommand's long options gets its second dash; a
    value-taking option followed by a value that starts with '-' (`-checks -*,bugprone-*`) is
    joined to it with '=', as clang-tidy reads it; `-x=value` of a short option is split. Short
    options (`-j 2`, `-j2`) and everything after `--` stay as they are.
    """
    commands = _subcommands(parser)
    start = next((i for i, token in enumerate(argv) if token in commands), None)
    if start is None:
        return list(argv)
    longs: dict[str, bool] = {}  # long name -> takes exactly one value
    shorts: set[str] = set()  # short options that take a value
    for action in commands[argv[start]]._actions:
        for option in action.option_strings:
            if option.startswith("--"):
                longs[option[2:]] = action.nargs is None
            elif action.nargs is None and action.option_strings:
                shorts.add(option)
    out, rest = list(argv[: start + 1]), argv[start + 1:]
    i = 0
    while i < len(rest):
        token = rest[i]
        if token == "--":
            out += rest[i:]
            break
        if token.startswith("-") and not token.startswith("--") and token.partition("=")[0][1:] in longs:
            token = "-" + token
        name, eq, value = token.partition("=")
        if token.startswith("--") and not eq and longs.get(name[2:]) and i + 1 < len(rest):
            out.append(f"{token}={rest[i + 1]}")  # the next token is its value, whatever it starts with
            i += 2
            continue
        if name in shorts and eq:
            out += [name, value]
        else:
            out.append(token)
        i += 1
    return out


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
    parser = _parser()
    args = _parse(parser, single_dash_long_options(raw, parser))
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


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """argparse, plus FILE_REGEXes after options (`analyze build -j 2 'src/'`): argparse takes a
    variable positional once, at its first place, and leaves what follows an option over."""
    args, extra = parser.parse_known_args(argv)
    if extra and args.command == "analyze" and not any(token.startswith("-") for token in extra):
        args.file_regex = [*args.file_regex, *extra]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


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
    from clangcheck.analysis import RunSettings, UnknownProgram, analyze
    from clangcheck.compdb import CompileDatabaseError, load_database
    from clangcheck.config import ConfigError
    from clangcheck.toolchain import ToolchainError, find_resource_dir

    if args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    if args.build_path and args.path and args.path != args.build_path:
        if _names_a_database(args.path):
            raise UserError(f"two compile databases: PATH '{args.path}' and -p '{args.build_path}'; give one")
        args.file_regex = [args.path, *args.file_regex]  # with -p, as in run-clang-tidy: a FILE_REGEX
    args.path = args.build_path or args.path
    if not args.path:
        raise UserError("no compile database: give PATH (a build dir or compile_commands.json) or -p BUILD")
    if args.program is not None and args.file_regex:
        raise UserError("--program and FILE_REGEX both choose what to analyze; give one")
    if args.program is not None and args.shard:
        raise UserError("--program links its program whole: it cannot be combined with --shard")
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
        lost = f" ({_generated_line(database.missing_generated, database)})" if database.missing_generated else ""
        raise UserError(f"{database.path}: no usable entries{lost}")
    selected, context = _scoped(database, args.file_regex)
    if args.verbose:
        from clangcheck.model.libclang import clang_version

        print(f"clangcheck: libclang: {clang_version()}", file=sys.stderr)
        print(f"clangcheck: resource dir: {resource.path} (from {resource.origin})", file=sys.stderr)
        print(f"clangcheck: compile database: {database.path} ({len(database.entries)} TUs)", file=sys.stderr)
        if args.file_regex:
            print(f"clangcheck: FILE_REGEX selects {len(selected.entries)} of them", file=sys.stderr)
    cache_dir = None if args.no_cache else (args.cache_dir or os.path.join(os.path.dirname(database.path), ".clangcheck-cache"))
    settings = RunSettings(resource_dir=resource.path, jobs=args.jobs, timeout=args.timeout,
                           extra_args_before=tuple(args.extra_arg_before), extra_args=tuple(args.extra_arg),
                           cache_dir=cache_dir, shard=args.shard, dask=_dask_target(args), pch=args.pch == "auto")
    progress = _progress(len(selected.entries))
    try:
        outcome = analyze(selected, resolver, settings, on_progress=progress.update_one, context=context,
                          program=args.program)
    except ConfigError as exc:
        raise UserError(str(exc)) from None
    except UnknownProgram as exc:
        names = ", ".join(f"'{name}'" for name in exc.names) or "none (no TU was analyzed)"
        raise UserError(f"unknown program '{exc.name}'; the database's programs are: {names}") from None
    finally:
        progress.close()
    if args.verbose:
        if cache_dir:
            print(f"clangcheck: cache: {cache_dir} ({outcome.cache_hits} of {outcome.units} TUs reused)", file=sys.stderr)
        print(f"clangcheck: precompiled prefix used by {outcome.pch_units} of {outcome.units} TUs", file=sys.stderr)
        for note in outcome.notes:
            print(f"clangcheck: {note}", file=sys.stderr)
        for program in outcome.programs:
            root = f", main in {os.path.relpath(program.entry)}" if program.entry else ""
            facts = "".join(f"; {fact}" for fact in outcome.program_facts.get(program.name, ()))
            print(f"clangcheck: program {program.name}: {len(program.files)} TUs{root}{facts}", file=sys.stderr)
        for file, config in sorted(outcome.configs.items()):
            sources = ", ".join(config.sources) or "defaults"
            print(f"clangcheck: {file}: config from {sources}", file=sys.stderr)
    try:
        write_outputs(outcome, args, database, selected.missing_generated)
    except OSError as exc:  # an output file that cannot be written
        raise UserError(f"{exc.filename}: {exc.strerror}") from None
    if args.summaries_out:
        from clangcheck.summaries import SummaryFileError, write_summaries

        try:
            write_summaries(args.summaries_out, outcome.link_units)
        except SummaryFileError as exc:
            raise UserError(f"--summaries-out: {exc}") from None
    lost = generated_losses(selected, outcome.failures)
    _print_failures(outcome.failures, verbose=args.verbose)
    for notice in outcome.notices:
        print(f"clangcheck: note: {notice}", file=sys.stderr)
    if not args.quiet:
        _statistics(outcome, len(selected.missing_generated))
    if lost:  # last, where it is read: one line for every TU a build would give back
        print(f"clangcheck: warning: {_generated_line(lost, database)}", file=sys.stderr)
    if outcome.failures or selected.missing_generated:
        return EXIT_FAILURES
    if args.fail_on == "errors":
        return EXIT_FINDINGS if any(f.level == "error" for f in outcome.findings) else EXIT_OK
    return EXIT_FINDINGS if outcome.findings else EXIT_OK


def _names_a_database(path: str) -> bool:
    """A positional beside -p that is a compile database (or its folder) is a second one, not a regex."""
    from clangcheck.compdb import DATABASE_NAME

    return path.endswith(".json") and os.path.isfile(path) or os.path.isfile(os.path.join(path, DATABASE_NAME))


def _scoped(database, patterns: list[str]):
    """The entries FILE_REGEX selects (all without one) and the others, whose cached summaries
    still join the global phase."""
    import re
    from dataclasses import replace

    if not patterns:
        return database, []
    try:
        regexes = [re.compile(p) for p in patterns]
    except re.error as exc:
        raise UserError(f"FILE_REGEX '{exc.pattern}': {exc}") from None
    chosen = [e for e in database.entries if any(r.search(e.file) for r in regexes)]
    if not chosen:
        raise UserError(f"no file of {database.path} matches {' '.join(repr(p) for p in patterns)}")
    others = [e for e in database.entries if e not in chosen]
    unread = [m for m in database.missing_generated if any(r.search(m.file) for r in regexes)]
    return replace(database, entries=chosen, missing_generated=unread), others


def generated_losses(database, failures) -> list:
    """Every TU lost to a file the build generates: entries whose source is build output, and TUs
    whose parse stopped at a generated header (`ui_main.h`, `moc_x.cpp`)."""
    from clangcheck.compdb import MissingGenerated
    from clangcheck.worker import GeneratedFileFailure

    parsed = [MissingGenerated(f.file, f.missing, f.autogen) for f in failures if isinstance(f, GeneratedFileFailure)]
    return [*database.missing_generated, *parsed]


def _generated_line(lost: list, database) -> str:
    """The count, what is missing and the fix, in one line."""
    from clangcheck.compdb import qt_generated

    if any(qt_generated(loss.missing) for loss in lost):
        what = "Qt's generated files (moc/uic/rcc output)"
    else:
        what = f"generated files (such as '{os.path.basename(lost[0].missing)}')"
    rcc = [loss for loss in lost if os.path.basename(loss.missing).startswith("qrc_")]
    targets = sorted({target for loss in lost if loss not in rcc for target in loss.autogen})
    fix = "build the project once"
    if targets:
        fix += f", or its autogen targets ({_autogen_command(targets, database)})"
        if rcc:  # CMake's autogen targets run moc and uic; rcc runs only in the target's own build
            fix += f"; {_plural(len(rcc), 'TU')} of rcc output (qrc_*.cpp) only come with a build"
    elif rcc:
        fix += " (rcc output, qrc_*.cpp, is made only by a build)"
    return f"{_plural(len(lost), 'TU')} {'lacks' if len(lost) == 1 else 'lack'} {what}: {fix}"


def _autogen_command(targets: list[str], database) -> str:
    """A command to paste: the targets by name, or CMake's global `autogen` target when there are many."""
    import shlex

    build = shlex.quote(os.path.relpath(os.path.dirname(database.path)))
    if len(targets) <= 4:
        return f"cmake --build {build} --target {' '.join(targets)}"
    return f"cmake -DCMAKE_GLOBAL_AUTOGEN_TARGET=ON {build} && cmake --build {build} --target autogen"


def _print_failures(failures, verbose: bool = False) -> None:
    """One line each: a TU that could not be analyzed, or a check that failed (it names itself).
    TUs lost to generated files are said together at the end; one by one only with --verbose."""
    from clangcheck.worker import CheckFailure, GeneratedFileFailure

    for failure in failures:
        if isinstance(failure, GeneratedFileFailure) and not verbose:
            continue
        if isinstance(failure, CheckFailure):
            print(f"clangcheck: error: {failure.message}", file=sys.stderr)
        else:
            print(f"clangcheck: error: {failure.file}: {failure.kind}: {failure.message}", file=sys.stderr)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _statistics(outcome, unread: int = 0) -> None:
    """clang-tidy's summary lines on stderr, worded as clang-tidy words them. `unread`: entries
    never parsed (their source is build output not made yet)."""
    from clangcheck.worker import COMPILER_ERROR

    errors = sum(1 for f in outcome.findings if f.check_id == COMPILER_ERROR)
    warnings = _plural(len(outcome.findings) - errors, "warning")
    print(f"{warnings} and {_plural(errors, 'error')} generated." if errors else f"{warnings} generated.",
          file=sys.stderr)
    suppressed = outcome.suppressed_headers + outcome.suppressed_nolint
    if suppressed:
        parts = []
        if outcome.suppressed_headers:
            parts.append(f"{outcome.suppressed_headers} in non-user code")
        if outcome.suppressed_nolint:
            parts.append(f"{outcome.suppressed_nolint} NOLINT")
        print(f"Suppressed {suppressed} warnings ({', '.join(parts)}).", file=sys.stderr)
        for reason, count in sorted(outcome.suppressed_by.items()):
            print(f"  {count} in non-user code hidden by {reason}", file=sys.stderr)
        if any(reason.startswith("HeaderFilterRegex") for reason in outcome.suppressed_by):
            print("Use -header-filter=.* to display errors from all non-system headers.", file=sys.stderr)
    promoted = sum(1 for f in outcome.findings if f.promoted)
    if promoted:
        print(f"{_plural(promoted, 'warning')} treated as errors", file=sys.stderr)
    from clangcheck.worker import CheckFailure

    broken = [f for f in outcome.failures if isinstance(f, CheckFailure)]
    if len(broken) < len(outcome.failures) or unread:
        units = len(outcome.failures) - len(broken) + unread
        print(f"{_plural(units, 'translation unit')} of {outcome.units + unread} could not be analyzed.",
              file=sys.stderr)
    if errors:
        erring = len({f.location.file for f in outcome.findings if f.check_id == COMPILER_ERROR})
        print(f"Found compiler errors in {_plural(erring, 'file')}: analyzed anyway, as clang-tidy does.",
              file=sys.stderr)
    if broken:
        checks = sorted({f.check_id for f in broken})
        print(f"{_plural(len(broken), 'internal error')} in {', '.join(checks)}: their findings are incomplete.",
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
    rows = [("enabled" if check_id in enabled else "disabled",
             check_id + ("" if cls.maturity == "stable" else f" ({cls.maturity})"), cls.summary)
            for check_id, cls in all_checks().items()]
    width = max((len(name) for _, name, _ in rows), default=0)
    for mark, name, summary in rows:
        print(f"{mark:<8}  {name:<{width}}  {summary}")
    return EXIT_OK


def resolve_check_id(name: str, known: Sequence[str]) -> str:
    """An exact id, or the one id ending in `-<name>` (`leak`, `ownership-leak`); else a one-line
    error naming the candidates or the closest ids."""
    import difflib

    if name in known:
        return name
    matches = [check_id for check_id in known if check_id.endswith("-" + name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UserError(f"'{name}' names {len(matches)} checks: {', '.join(matches)}; give the full id")
    keys: dict[str, str] = {}  # 'ownership-leak' and 'leak' -> 'clangcheck-ownership-leak'
    for check_id in known:
        tail = check_id.removeprefix("clangcheck-")
        keys.setdefault(tail, check_id)
        keys.setdefault(tail.split("-", 1)[-1], check_id)
    query = name.removeprefix("clangcheck-")  # the shared prefix would make every id look close
    close = [keys[m] for m in difflib.get_close_matches(query, list(keys), n=3, cutoff=0.6)]
    close = list(dict.fromkeys(close + [c for c in known if query and query in c.removeprefix("clangcheck-")]))[:3]
    hint = f"; did you mean {' or '.join(close)}?" if close else " (see: clangcheck list-checks)"
    raise UserError(f"unknown check '{name}'{hint}")


def _explain(args) -> int:
    from clangcheck.docs_pages import check_page
    from clangcheck.registry import all_checks

    check_id = resolve_check_id(args.check_id, list(all_checks()))
    page = check_page(check_id)
    if page is None:
        raise UserError(f"no documentation page for {check_id}")
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
    failed = linked is not None and not linked["runs"][0]["invocations"][0]["executionSuccessful"]
    return EXIT_FAILURES if failed else EXIT_OK


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
            for unit in read_summaries(path):
                collector.add_unit(unit)
        except SummaryFileError as exc:
            raise UserError(str(exc)) from None
    link_checks(collector)
    outcome = collector.finish()
    sys.stdout.write(text.render(outcome.findings))
    _print_failures(outcome.failures)
    first = logs[0]["runs"][0] if logs and logs[0].get("runs") else {}
    report = Report(findings=outcome.findings, failures=outcome.failures, rule_ids=collector.check_ids(),
                    source_root=sarif.source_root(first),
                    category=first.get("automationDetails", {}).get("id", ""),
                    command_line=("clangcheck", *sys.argv[1:]), working_directory=os.getcwd())
    return json.loads(sarif.render(report))
