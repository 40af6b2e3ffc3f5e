"""The per-TU job: parse, build the model, run the enabled checks, summarize. Runs in a child process."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from clangcheck.compdb import CompileEntry
from clangcheck.findings import AnalysisFailure, Finding, Location, UnitResult
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

    if job.pch:
        if pch.inputs_unchanged(job.pch, ContentHashes()):
            try:
                tu = lc.parse(name, clang_arguments(job))
                if lc.first_error(tu) is None:
                    return tu
            except lc.ParseError:
                pass  # a damaged PCH file: libclang refuses the whole parse
        result.notes.append(f"{job.entry.file}: precompiled prefix not usable, parsed without it")
    return lc.parse(name, clang_arguments(job, use_pch=False))


def analyze_unit(job: UnitJob) -> UnitResult:
    """Analyze one TU. Exceptions become an AnalysisFailure; crashes are caught by the driver."""
    from clangcheck.model import libclang as lc
    from clangcheck.model.builder import build_unit
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
    error = lc.first_error(tu)
    if error is not None:
        count, first = error
        more = f" (and {count - 1} more)" if count > 1 else ""
        result.failures.append(AnalysisFailure(entry.file, "parse-error", f"{first}{more}"))
        return result
    # absolute: the names are relative to the compile's directory, the cache reads them from elsewhere
    result.included_files = sorted({absolute_path(inc.include.name) for inc in tu.get_includes() if inc.include is not None})
    unit = build_unit(tu, name, project_predicate(job), entry.language)
    known = all_checks()
    for check_id in job.check_ids:
        check = known[check_id](job.check_options.get(check_id, {}))
        for problem in check.problems:
            result.findings.append(Finding("clang-tidy-config", Location(entry.file, 1, 1), "{}", (problem,), level="error"))
        result.findings.extend(check.run(unit))
        if check.is_global():
            result.summaries.append((check_id, check.summarize(unit)))
    result.seconds = time.monotonic() - start
    return result


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
