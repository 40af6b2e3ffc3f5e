"""One analysis run: database -> jobs -> workers -> link -> filtered, deduplicated findings."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from clangcheck.compdb import CompileEntry, LoadedDatabase
from clangcheck.macro_notes import merged
from clangcheck.config import ConfigResolver, TidyConfig
from clangcheck.driver import run_units
from clangcheck.findings import AnalysisFailure, Finding, Location, UnitResult
from clangcheck.nolint import NOLINT_CHECK_NAME, NolintIndex
from clangcheck.programs import Program, UnitLink, partition
from clangcheck.registry import all_checks, enabled_checks
from clangcheck.worker import CheckFailure, UnitJob, check_failure

# Findings in the project's own headers are shown unless HeaderFilterRegex says otherwise: the
# default of clang-tidy 22 (llvm-project PR #164165). Library and system headers never are.
DEFAULT_HEADER_FILTER = ".*"


@dataclass
class RunSettings:
    resource_dir: str
    jobs: int = os.cpu_count() or 1
    timeout: float = 600.0
    extra_args_before: tuple[str, ...] = ()
    extra_args: tuple[str, ...] = ()
    cache_dir: str | None = None  # None: no cache
    shard: tuple[int, int] | None = None  # (K, N): analyze the K-th of N stable parts; no global link
    dask: str | None = None  # None: local processes; 'local': a Dask LocalCluster; else a scheduler address
    pch: bool = True  # share precompiled prefixes of system headers between TUs (clangcheck.pch)


@dataclass
class RunOutcome:
    findings: list[Finding] = field(default_factory=list)
    failures: list[AnalysisFailure] = field(default_factory=list)
    suppressed_nolint: int = 0
    suppressed_headers: int = 0
    suppressed_by: dict[str, int] = field(default_factory=dict)  # "HeaderFilterRegex 'src/' (from …)" -> count
    configs: dict[str, TidyConfig] = field(default_factory=dict)  # main file -> its config
    units: int = 0
    cache_hits: int = 0
    pch_units: int = 0  # TUs parsed with a shared precompiled prefix
    notes: list[str] = field(default_factory=list)
    link_units: list[UnitLink] = field(default_factory=list)  # what --summaries-out writes for merge
    programs: list[Program] = field(default_factory=list)  # the database's programs, as linked
    program_facts: dict[str, list[str]] = field(default_factory=dict)  # program name -> checks' facts (--verbose)
    notices: list[str] = field(default_factory=list)  # one line each, always printed


def project_root(database: LoadedDatabase) -> str:
    """The common directory of every source file and the database: where the project's headers live."""
    paths = [os.path.dirname(e.file) for e in database.entries] + [os.path.dirname(database.path)]
    return os.path.commonpath(paths)


def in_shard(entry: CompileEntry, database: LoadedDatabase, k: int, n: int) -> bool:
    """Stable 1/N split by the file's path relative to the database: adding files moves no other file."""
    relative = os.path.relpath(entry.file, os.path.dirname(database.path))
    return int(hashlib.sha256(relative.encode()).hexdigest(), 16) % n == k - 1


def make_job(entry: CompileEntry, config: TidyConfig, settings: RunSettings, root: str) -> UnitJob:
    checks = enabled_checks(config)
    options = {cls.id: {o.name: config.option(cls.id, o.name, o.default) for o in cls.options} for cls in checks}
    return UnitJob(
        entry=entry, resource_dir=settings.resource_dir, check_ids=tuple(cls.id for cls in checks),
        check_options=options, project_root=root,
        extra_args_before=settings.extra_args_before, extra_args=settings.extra_args,
    )


class HeaderFilter:
    """clang-tidy's rule: the main file is always reported, a header when HeaderFilterRegex matches it."""

    def __init__(self, config: TidyConfig):
        include = config.header_filter_regex if config.header_filter_regex is not None else DEFAULT_HEADER_FILTER
        self.include = re.compile(include) if include else None
        self.exclude = re.compile(config.exclude_header_filter_regex) if config.exclude_header_filter_regex else None
        self._hidden_by = f"HeaderFilterRegex '{include}' ({_origin(config.header_filter_origin, '--header-filter')})"
        self._excluded_by = (f"ExcludeHeaderFilterRegex '{config.exclude_header_filter_regex}' "
                             f"({_origin(config.exclude_header_filter_origin, '')})")

    def shows(self, path: str) -> bool:
        return self.hidden_by(path) is None

    def hidden_by(self, path: str) -> str | None:
        """None when the header's findings are shown; else which setting hides them, and from where."""
        if self.include is None or not self.include.search(path):
            return self._hidden_by
        if self.exclude is not None and self.exclude.search(path):
            return self._excluded_by
        return None


def _origin(source: str, flag: str) -> str:
    """Where a setting came from, as a user would go and change it."""
    if source == "<command-line>":
        return f"from the command line, {flag}"
    if source == "<command-line-config>":
        return "from --config"
    return f"from {source}" if source else "the default"


class UnknownProgram(Exception):
    """`--program NAME` names none of the database's programs; `names` are the ones it has."""

    def __init__(self, name: str, names: list[str]):
        super().__init__(name)
        self.name, self.names = name, names


class Collector:
    """Takes unit results as they arrive; applies NOLINT once per file and deduplicates headers.

    With `hold`, per-TU findings wait in `held` until `release` names the TUs to report (one
    program's, known only once every TU's link facts are in)."""

    def __init__(self, configs: dict[str, TidyConfig], hold: bool = False):
        self.configs = configs
        self.held: dict[str, list[Finding]] | None = {} if hold else None
        self.outcome = RunOutcome(configs=configs)
        self._seen: set[tuple] = set()
        self._nolint: dict[str, NolintIndex] = {}
        self.units: dict[str, UnitLink] = {}  # main file -> what the global phase needs of the TU
        self._filters: dict[int, HeaderFilter] = {}
        self.foreign: set[str] = set()  # main files of TUs whose summaries came only from the cache
        # check id -> the TUs its summarize failed on: no link of a program holding one (a part of it)
        self.unsummarized: dict[str, set[str]] = {}
        # (check, message, macro body) -> the findings its expansions gave: one is reported
        self._macro_groups: dict[tuple, list[Finding]] = {}

    def _header_filter(self, config: TidyConfig) -> HeaderFilter:
        key = id(config)
        if key not in self._filters:
            self._filters[key] = HeaderFilter(config)
        return self._filters[key]

    def nolint(self, path: str) -> NolintIndex:
        index = self._nolint.get(path)
        if index is None:
            try:
                with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                    text = handle.read()
            except OSError:
                text = ""
            index = self._nolint[path] = NolintIndex(text)
        return index

    def add(self, result: UnitResult) -> None:
        self.outcome.units += 1
        self.outcome.failures.extend(result.failures)
        for f in result.failures:
            if isinstance(f, CheckFailure) and f.phase == "summarize":
                self.unsummarized.setdefault(f.check_id, set()).add(result.file)
        self.outcome.notes.extend(result.notes)
        self.add_unit(UnitLink(result.file, result.link, dict(result.summaries)))
        if self.held is not None:
            self.held[result.file] = list(result.findings)
            return
        config = self.configs.get(result.file)
        for finding in result.findings:
            self.add_finding(finding, config, result.file)

    def release(self, files: Sequence[str]) -> None:
        """Report the held findings of these TUs."""
        for file in files:
            for finding in (self.held or {}).pop(file, []):
                self.add_finding(finding, self.configs.get(file), file)

    def add_unit(self, unit: UnitLink) -> None:
        if unit.summaries or unit.link is not None:
            self.units[unit.file] = unit

    def check_ids(self) -> list[str]:
        """The whole-program checks some TU has a summary for."""
        return sorted({c for unit in self.units.values() for c in unit.summaries})

    def add_finding(self, finding: Finding, config: TidyConfig | None, main_file: str | None = None) -> None:
        key = finding.dedup_key()
        if key in self._seen:
            return
        self._seen.add(key)
        if finding.location.file != main_file and finding.location.file not in self.configs and config is not None:
            reason = self._header_filter(config).hidden_by(finding.location.file)
            if reason is not None:
                self.outcome.suppressed_headers += 1
                self.outcome.suppressed_by[reason] = self.outcome.suppressed_by.get(reason, 0) + 1
                return
        if finding.level != "error" and self.nolint(finding.location.file).suppresses(
            finding.location.line, finding.check_id, finding.location.column
        ):
            self.outcome.suppressed_nolint += 1
            return
        if config is not None and config.is_warning_as_error(finding.check_id) and finding.level == "warning":
            finding = replace(finding, level="error", promoted=True)
        if finding.macro is not None:
            self._macro_groups.setdefault((finding.check_id, finding.message, finding.macro), []).append(finding)
            return
        self.outcome.findings.append(finding)

    def finish(self) -> RunOutcome:
        self.outcome.findings += [merged(group) for _, group in sorted(self._macro_groups.items(), key=lambda kv: str(kv[0]))]
        self._macro_groups.clear()
        for path, index in sorted(self._nolint.items()):
            if not index.blocks_consulted:
                continue
            for problem in index.problems:
                self.outcome.findings.append(Finding(
                    NOLINT_CHECK_NAME, Location(path, problem.line, problem.column), "{}", (problem.message,), level="error"))
        self.outcome.findings.sort(key=Finding.sort_key)
        self.outcome.failures.sort(key=lambda f: (f.file, f.kind))
        return self.outcome


def analyze(
    database: LoadedDatabase,
    resolver: ConfigResolver,
    settings: RunSettings,
    on_progress: Callable[[UnitResult], None] = lambda r: None,
    context: Sequence[CompileEntry] = (),
    program: str | None = None,
) -> RunOutcome:
    """Analyze the database's entries. `context` entries are not analyzed: their cached summaries
    (where the cache has them) join the global phase, as clangcheck-tidy does for one file.
    `program`: every TU goes through the per-TU phase (which partitions them), then only that
    program is linked and reported; UnknownProgram when the database has none of that name."""
    # of every file the run knows, analyzed or not: every shard and every scoped run must agree
    # on it, or the cache keys of the same TU would differ
    root = project_root(replace(database, entries=[*database.entries, *context]))
    entries = [e for e in database.entries if settings.shard is None or in_shard(e, database, *settings.shard)]
    configs = {entry.file: resolver.for_file(entry.file) for entry in entries}
    jobs = [make_job(entry, configs[entry.file], settings, root) for entry in entries]
    collector = Collector(configs, hold=program is not None)
    cache = None
    if settings.cache_dir:
        from clangcheck.cache import ResultCache
        from clangcheck.model.libclang import clang_version

        cache = ResultCache(settings.cache_dir, clang_version())
    if context and cache is not None:
        context_jobs = [make_job(e, resolver.for_file(e.file), settings, root) for e in context]
        _add_cached_summaries(collector, cache, context_jobs)
    hashes = cache.hashes if cache is not None else None
    with _pch_directory(settings) as pch_dir:
        return _run(jobs, collector, cache, settings, on_progress,
                    lambda misses: _with_prefixes(misses, pch_dir, settings, hashes), program)


def _add_cached_summaries(collector: "Collector", cache, context_jobs: list[UnitJob]) -> None:
    """Summaries of TUs analyzed earlier (a full run filled the cache)."""
    for job in context_jobs:
        cached = cache.get(job)
        if cached is None:
            continue
        collector.add_unit(UnitLink(cached.file, cached.link, dict(cached.summaries)))
        collector.foreign.add(job.entry.file)


@contextmanager
def _pch_directory(settings: RunSettings):
    """PCHs live in the cache; without one, in a directory of this run's own."""
    if not settings.pch:
        yield None
    elif settings.cache_dir:
        yield settings.cache_dir
    else:
        with tempfile.TemporaryDirectory(prefix="clangcheck-pch-") as tmp:
            yield tmp


def _with_prefixes(jobs: list[UnitJob], pch_dir: str | None, settings: RunSettings, hashes) -> list[UnitJob]:
    """The jobs that must be parsed, as they will run: with a shared prefix once it is built (or
    reused from an earlier run), else without. Planned only for these: cache hits need none."""
    if pch_dir is None:
        return jobs
    from clangcheck import pch
    from clangcheck.cache import ContentHashes

    planned = pch.plan(jobs, pch_dir)
    if not planned:
        return jobs
    usable = pch.prepare(planned, settings.jobs, hashes or ContentHashes())
    return [replace(job, pch=usable.get(job.entry.file)) for job in jobs]


def _run(jobs: list[UnitJob], collector: "Collector", cache, settings: RunSettings, on_progress,
         prepare: Callable[[list[UnitJob]], list[UnitJob]], program: str | None = None) -> RunOutcome:
    keys: dict[str, UnitJob] = {}  # main file -> the job as the cache keys it
    for job in jobs:
        cached = cache.get(job) if cache is not None else None
        if cached is not None:
            collector.add(cached)
            on_progress(cached)
        else:
            keys[job.entry.file] = job
    to_run = prepare(list(keys.values())) if keys else []

    def on_result(result: UnitResult) -> None:
        if cache is not None:
            cache.put(keys[result.file], result)
        collector.add(result)
        on_progress(result)

    if settings.dask is None:
        run_units(to_run, settings.jobs, settings.timeout, on_result)
    else:
        from clangcheck.driver import run_units_dask

        address = None if settings.dask == "local" else settings.dask
        run_units_dask(to_run, address, settings.jobs, settings.timeout, on_result)
    if settings.shard is None:  # a shard sees part of the program: `clangcheck merge` links all of them
        link_checks(collector, program)
    outcome = collector.finish()
    outcome.link_units = list(collector.units.values())
    outcome.pch_units = sum(1 for job in to_run if job.pch)
    outcome.cache_hits = cache.hits if cache is not None else 0
    return outcome


def link_checks(collector: Collector, only: str | None = None) -> None:
    """The global phase: whole-program checks, once per program of the database (clangcheck.programs),
    over the summaries of its TUs in a fixed order, so no finding joins facts of two programs and
    the result does not depend on the order TUs arrived in. A finding seen in several programs
    (library code) is reported once.

    A check that raises loses its own link findings in that program, as one failure; the other
    checks still link. A check whose summary is missing for some TU of a program is not linked in
    that program: over part of the program it would report what the missing TU explains (a destructor, a lock, a join).

    `only`: link and report that program alone (its TUs' held findings are released)."""
    known = all_checks()
    check_ids = collector.check_ids()
    programs = partition({f: unit.link for f, unit in collector.units.items()})
    collector.outcome.programs = programs
    if only is not None:
        programs = _chosen_program(programs, only)
        collector.release(programs[0].files)
        _keep_failures_of(collector, set(programs[0].files))
    grouped: dict[str, list[str]] = {}  # a notice template -> the programs it holds for
    for program in programs:
        units = [collector.units[f] for f in program.files]
        for check_id in check_ids:
            if not collector.unsummarized.get(check_id, set()).isdisjoint(program.files):
                continue
            summaries = [unit.summaries[check_id] for unit in units if check_id in unit.summaries]
            if not summaries:
                continue
            try:
                check = known[check_id](_link_options(known[check_id], collector, program))
                found = list(check.link(summaries))
                fact, notice = check.describe_program(summaries, program.name)
            except Exception as exc:  # noqa: BLE001 - a bug of one check; reported, the run goes on
                collector.outcome.failures.append(check_failure(check_id, f"program {program.name}", "link", exc))
                continue
            if fact and fact not in collector.outcome.program_facts.setdefault(program.name, []):
                collector.outcome.program_facts[program.name].append(fact)
            if notice and "{programs}" in notice:
                grouped.setdefault(notice, []).append(program.name or "main")
            elif notice and notice not in collector.outcome.notices:
                collector.outcome.notices.append(notice)
            for finding in found:
                if finding.location.file in collector.foreign:
                    continue  # it belongs to that TU's own report
                collector.add_finding(finding, collector.configs.get(finding.location.file))
    collector.outcome.notices += [_for_programs(template, names) for template, names in grouped.items()]


def _keep_failures_of(collector: Collector, files: set[str]) -> None:
    """`--program`: drop the failures of TUs the partition put in other programs. A TU that did
    not parse has no link facts, so which program it belongs to is unknown: its failure stays."""
    collector.outcome.failures = [f for f in collector.outcome.failures
                                  if not f.file or f.file in files or f.file not in collector.units]


def _link_options(cls, collector: "Collector", program: Program) -> dict[str, str]:
    """The check's options (`CheckOptions`) as the configuration of the program's first TU sets them:
    a link reads them as the TU phase does."""
    config = next((collector.configs[f] for f in program.files if f in collector.configs), None)
    if config is None:
        return {}
    return {o.name: config.option(cls.id, o.name, o.default) for o in cls.options}


def _for_programs(template: str, names: list[str], shown: int = 5) -> str:
    """One line for all the programs a notice holds for (19 programs of one database: one line)."""
    if len(names) == 1:
        return template.format(programs=f"program {names[0]}", s="s", it="it")
    listed = ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")
    return template.format(programs=f"programs {listed}", s="", it="them")


def _chosen_program(programs: list[Program], name: str) -> list[Program]:
    chosen = [p for p in programs if p.name == name]
    if not chosen:
        raise UnknownProgram(name, [p.name for p in programs])
    return chosen
