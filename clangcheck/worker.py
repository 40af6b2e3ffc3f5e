"""The per-TU job: parse, build the model, run the enabled checks, summarize. Runs in a child process."""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field

from clangcheck.compdb import CompileEntry, autogen_targets, generated_file
from clangcheck.findings import AnalysisFailure, Finding, Location, UnitResult
from clangcheck.macro_notes import MacroDefinitions, with_macro_note
from clangcheck.paths import absolute_path


@dataclass(frozen=True)
class UnitJob:
    """Everything a worker needs for one TU, as plain data (it crosses a process boundary)."""

    entry: CompileEntry
    resource_dir: str
    check_ids: tuple[str, ...]
    check_options: dict[str, dict[str, str]] = field(default_factory=dict)  # check id -> option -> value
    project_root: str = "/"  # headers under it are the project's own: modelled like the main file
    extra_args_before: tuple[str, ...] = ()
    extra_args: tuple[str, ...] = ()
    pch: str | None = None  # a precompiled prefix of this TU's leading system headers (clangcheck.pch)


@dataclass(frozen=True)
class CheckFailure(AnalysisFailure):
    """A bug in one check: its `run`, `summarize` or `link` raised. Only that check's results for
    that TU (or its whole link) are lost; the run goes on and ends with exit code 3."""

    check_id: str = ""
    phase: str = ""  # "run", "summarize" or "link"
    exception: str = ""  # "IndexError: list index out of range"


COMPILER_ERROR = "clang-diagnostic-error"  # clang-tidy's name for every compiler error it reports
_NOT_FOUND = re.compile(r"^'(.+)' file not found")


@dataclass(frozen=True)
class GeneratedFileFailure(AnalysisFailure):
    """A TU whose parse stopped at a missing file the build generates (`ui_main.h`, `moc_x.cpp`):
    said once for all such TUs, with the fix (build once, or the autogen targets)."""

    missing: str = ""  # the include as written
    autogen: tuple[str, ...] = ()  # CMake `<target>_autogen` targets named by the TU's include paths


def check_failure(check_id: str, scope: str, phase: str, exc: BaseException, file: str = "") -> CheckFailure:
    """The failure of one check step; `scope` names the TU or program, as the error line shows it."""
    text = f"{type(exc).__name__}: {exc}"
    return CheckFailure(file, "error", f"internal error in {check_id} ({scope}): {text}",
                        check_id=check_id, phase=phase, exception=text)


def clang_arguments(job: UnitJob, use_pch: bool = True) -> list[str]:
    """The argument list handed to libclang: the sanitized entry plus our own resource dir."""
    pch = ["-include-pch", job.pch] if job.pch and use_pch else []
    return [*pch, *job.extra_args_before, *job.entry.arguments, *job.extra_args, "-resource-dir", job.resource_dir]


def project_predicate(job: UnitJob):
    """Which headers are the project's own (modelled like the main file); the rest is external.

    Qt and other libraries are often included with -I, not -isystem, so clang's notion of a
    system header is not enough: a header belongs to the project when it lies under the common
    root of the compile database's sources.
    """
    root = job.project_root.rstrip(os.sep) + os.sep

    def analyzed(path: str) -> bool:
        return root != os.sep and os.path.abspath(path).startswith(root)

    return analyzed


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _parse(job: UnitJob, name: str, result: UnitResult):
    """Parse with the shared prefix when it is still good; otherwise, or when it fails, without."""
    from clangcheck import pch
    from clangcheck.cache import ContentHashes
    from clangcheck.model import libclang as lc

    if not job.pch:
        return lc.parse(name, clang_arguments(job, use_pch=False))
    tu = None
    if pch.inputs_unchanged(job.pch, ContentHashes()):
        try:
            tu = lc.parse(name, clang_arguments(job))
        except lc.ParseError:
            pass  # a damaged PCH file: libclang refuses the whole parse
        if tu is not None and lc.first_error(tu) is None:
            return tu
    plain = lc.parse(name, clang_arguments(job, use_pch=False))
    if tu is None or _error_count(plain) < _error_count(tu):  # else the TU's own errors, not the prefix's
        result.notes.append(f"{job.entry.file}: precompiled prefix not usable, parsed without it")
    return plain


def _error_count(tu) -> int:
    from clangcheck.model import libclang as lc

    error = lc.first_error(tu)
    return error[0] if error is not None else 0


def _diagnostic_text(diagnostic) -> str:
    """A diagnostic as clang prints it: `file:line:col: error: message`."""
    where = diagnostic.location
    prefix = f"{where.file.name}:{where.line}:{where.column}: " if where.file else ""
    return f"{prefix}error: {diagnostic.spelling}"


def _fatal_failure(job: UnitJob, fatal, errors: int) -> AnalysisFailure:
    """A fatal error ends the parse (clang stops there, a missing #include): what follows it was
    never read, so the TU is a failure, not a partial analysis that would miss its findings."""
    more = f" (and {errors - 1} more)" if errors > 1 else ""
    text = f"{_diagnostic_text(fatal)}{more}"
    missing = _NOT_FOUND.match(fatal.spelling)
    if missing and generated_file(missing.group(1)):
        return GeneratedFileFailure(job.entry.file, "parse-error", text, missing=missing.group(1),
                                    autogen=autogen_targets(job.entry.arguments))
    return AnalysisFailure(job.entry.file, "parse-error", text)


def _error_findings(errors, main_file: str) -> list[Finding]:
    """Non-fatal errors, reported as clang-tidy reports them while it analyzes the TU anyway."""
    findings = []
    for diagnostic in errors:
        where = diagnostic.location
        location = (Location(absolute_path(where.file.name), where.line, where.column) if where.file
                    else Location(main_file, 1, 1))  # a driver error (a bad flag) has no place
        findings.append(Finding(COMPILER_ERROR, location, "{}", (diagnostic.spelling,), level="error"))
    return findings


def analyze_unit(job: UnitJob) -> UnitResult:
    """Analyze one TU. Exceptions become an AnalysisFailure; crashes are caught by the driver."""
    from clangcheck.model import libclang as lc
    from clangcheck.model.builder import build_unit
    from clangcheck.programs import link_facts
    from clangcheck.registry import all_checks

    start = time.monotonic()
    entry = job.entry
    result = UnitResult(file=entry.file)
    try:
        os.chdir(entry.directory)
    except OSError as exc:
        result.failures.append(AnalysisFailure(entry.file, "error", f"cannot enter directory {entry.directory}: {exc.strerror}"))
        return result
    # libclang takes UTF-8 names; a path with other bytes is given relative to the directory we are in
    name = entry.file if _utf8(entry.file) else os.path.relpath(entry.file)
    try:
        tu = _parse(job, name, result)
    except lc.ParseError as exc:
        result.failures.append(AnalysisFailure(entry.file, "parse-error", str(exc)))
        return result
    errors = [d for d in tu.diagnostics if d.severity >= lc.ci.Diagnostic.Error]
    fatal = next((d for d in errors if d.severity >= lc.ci.Diagnostic.Fatal), None)
    if fatal is not None:
        result.failures.append(_fatal_failure(job, fatal, len(errors)))
        return result
    result.findings.extend(_error_findings(errors, entry.file))
    # absolute: the names are relative to the compile's directory, the cache reads them from elsewhere
    result.included_files = sorted({absolute_path(inc.include.name) for inc in tu.get_includes() if inc.include is not None})
    unit = build_unit(tu, name, project_predicate(job), entry.language)
    result.link = link_facts(unit, entry.target)
    known = all_checks()
    analyzed = project_predicate(job)
    macros = MacroDefinitions([entry.file, *(f for f in result.included_files if analyzed(f))])
    for check_id in job.check_ids:
        check = known[check_id](job.check_options.get(check_id, {}))
        for problem in check.problems:
            result.findings.append(Finding("clang-tidy-config", Location(entry.file, 1, 1), "{}", (problem,), level="error"))
        ok, findings = _guarded(result, check_id, "run", lambda: list(check.run(unit)))
        if ok:
            result.findings.extend(with_macro_note(f, macros) for f in findings)
        if check.is_global():
            ok, summary = _guarded(result, check_id, "summarize", lambda: check.summarize(unit))
            if ok:
                result.summaries.append((check_id, summary))
    result.seconds = time.monotonic() - start
    return result


def _guarded(result: UnitResult, check_id: str, phase: str, step):
    """One check's step on this TU; a bug in it costs that check's result here, not the others'."""
    try:
        return True, step()
    except Exception as exc:  # noqa: BLE001 - any bug of one check; reported, never swallowed
        result.failures.append(check_failure(check_id, result.file, phase, exc, result.file))
        return False, None


def analyze_safely(job: UnitJob, analyze=analyze_unit) -> UnitResult:
    """A bug of ours on one TU becomes that TU's failure, with where it happened, not a lost run."""
    import traceback

    try:
        return analyze(job)
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{os.path.basename(last.filename)}:{last.lineno}"
        return UnitResult(job.entry.file, failures=[AnalysisFailure(
            job.entry.file, "error", f"internal error: {type(exc).__name__}: {exc} ({where})")])


def main() -> None:
    """`python -m clangcheck.worker`: a pickled UnitJob on stdin, the pickled UnitResult on stdout."""
    import pickle
    import sys

    job = pickle.loads(sys.stdin.buffer.read())
    result = analyze_safely(job)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
