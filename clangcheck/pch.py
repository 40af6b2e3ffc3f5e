"""Shared precompiled prefixes: parse the library headers that many TUs include once, not per TU.

A prefix is a PCH of external headers (system, Qt, third-party: anything outside the project
root) put in front of a TU with `-include-pch`. The rule that keeps a TU's meaning:

- every header of the prefix is one the TU itself includes at file scope, unconditionally
  (not inside `#if`, braces such as `extern "C" {`, or after a `#include_next`), so the prefix
  declares nothing the TU would not see and defines no macro it would not have;
- nothing the TU reads before it would have included those headers can tell the difference: no
  project `#define`/`#undef` of an identifier the moved headers mention, no project identifier
  or `#if` test that names a macro they define, no pragma other than `once`/diagnostics and no
  include inside braces of a header they contain, unless that header was already included there
  anyway (`clangcheck.includes` reads all of this as text, through clang's own search path);
- headers read again on purpose (`<assert.h>`, `<cassert>`) are never moved; a TU with
  `-include`/`-imacros` gets no prefix.

Library headers are taken to be self-contained (each includes what it needs), as every PCH setup
assumes (CMake's `target_precompile_headers` puts one PCH in front of every TU of a target).

TUs are grouped by everything that changes how headers parse (their exact compile arguments and
language); within a group, TUs are clustered so that the headers they share are worth a PCH:
each TU's coverable headers are weighed by the text they pull in, and clusters merge while
parsing the shared part once saves more than building and loading the PCH costs.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import os
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from clangcheck.includes import HeaderIndex, Named, SearchPath, Step, fresh_view, refine, scan_project, search_path

MIN_GROUP = 2
REREAD = frozenset({"assert.h", "cassert"})  # meant to be read again after NDEBUG changes
# in bytes of header text (≈ 13 MB of headers parse per second here): what building one PCH
# costs beyond parsing its headers, and what each TU pays to load one
BUILD_COST = 512 * 1024
LOAD_COST = 128 * 1024
_FORCED = ("-include", "-imacros", "-include-pch", "--include")
_NEVER = float("inf")


@dataclass(frozen=True)
class Prefix:
    """One precompiled prefix: the headers, the arguments it is built with, where it lives."""

    headers: tuple[str, ...]  # as spelled in `#include` lines
    arguments: tuple[str, ...]
    language: str
    path: str


def coverable(steps: list[Step], index: HeaderIndex, search: SearchPath) -> list[Named]:
    """The external headers of one TU a prefix may hold, in the TU's order (see the module doc).

    A file of a header's closure *conflicts* at the first step that would see it differently if
    it were read at the front: a step before the TU reads it that uses one of its macros,
    defines an identifier it mentions, pins the order, or includes it inside braces. A set of
    headers may move to the front when none of their files conflicts before the last of them
    is named.
    """
    position: dict[str, int] = {}
    seen: set[str] = set()
    conflict: dict[str, int] = {}
    interest = set()
    for kind, value in steps:
        if kind == "named" and os.path.basename(value.path) not in REREAD:
            interest |= index.closure(search, value.path)
    macro_files: dict[str, list[str]] = defaultdict(list)
    for path in interest:
        for macro in index.macros(path):
            macro_files[macro].append(path)

    def mark(j: int, files) -> None:
        for path in files:
            if path not in seen and path not in conflict:
                conflict[path] = j

    named: list[Named] = []
    for j, (kind, value) in enumerate(steps):
        if kind == "named":
            if value.path not in position:
                position[value.path] = j
                named.append(value)
            seen |= index.closure(search, value.path)
        elif kind == "use":
            for name in value & macro_files.keys():
                mark(j, macro_files[name])
        elif kind == "define":
            mark(j, [p for p in interest - seen - conflict.keys() if not value.isdisjoint(index.identifiers(p))])
        elif kind == "nested":
            mark(j, index.closure(search, value) & interest)
        elif kind == "pin":
            mark(j, interest)
    chosen: list[Named] = []
    earliest = _NEVER  # the first conflict among the chosen headers' files
    for header in named:
        if os.path.basename(header.path) in REREAD:
            continue
        first = min((conflict.get(p, _NEVER) for p in index.closure(search, header.path)), default=_NEVER)
        at = position[header.path]
        if first >= at and earliest >= at:
            chosen.append(header)
            earliest = min(earliest, first)
    return chosen


def plan(jobs: list, cache_dir: str) -> dict[str, Prefix]:
    """Which TU (by main file) uses which prefix; TUs without one are absent."""
    groups: dict[tuple, list] = defaultdict(list)
    for job in jobs:
        if not any(a in _FORCED or a.startswith(("-include", "-imacros")) for a in job.entry.arguments):
            groups[(job.entry.language, job.entry.directory, job.entry.arguments, job.extra_args_before,
                    job.extra_args, job.resource_dir)].append(job)
    fresh_view()
    index = HeaderIndex()
    assignment: dict[str, Prefix] = {}
    for members in groups.values():
        if len(members) < MIN_GROUP:
            continue
        first = members[0]
        arguments = (*first.extra_args_before, *first.entry.arguments, *first.extra_args)
        search = search_path(first.entry.language, arguments, first.entry.directory, first.resource_dir)
        ordered = sorted(members, key=lambda j: j.entry.file)
        # a first walk finds the headers and the macros their `#if`s test; once clang has said
        # which of those it defines, a second walk follows the branches the command line decides
        scans = [scan_project(job.entry.file, search, job.project_root) for job in ordered]
        named = sorted({v.path for scan in scans for kind, v in scan.steps if kind == "named"})
        tested = set().union(*(scan.tested for scan in scans))
        search = refine(search, index, named, first.entry.language, arguments, first.entry.directory,
                        first.resource_dir, tested)
        covered = {job.entry.file: coverable(scan_project(job.entry.file, search, job.project_root).steps, index, search)
                   for job in ordered}
        for files, headers in _clusters(covered, lambda paths: _weight(index, search, paths)):
            build_arguments = (*arguments, "-resource-dir", first.resource_dir)
            digest = hashlib.sha256(json.dumps([headers, build_arguments, first.entry.directory]).encode()).hexdigest()
            prefix = Prefix(headers, build_arguments, first.entry.language,
                            os.path.join(cache_dir, "pch", digest[:32] + ".pch"))
            for file in files:
                assignment[file] = prefix
    return assignment


def _weight(index: HeaderIndex, search: SearchPath, paths: frozenset[str]) -> int:
    """Bytes of header text the headers pull in: what parsing them costs, roughly."""
    files: set[str] = set()
    for path in paths:
        files |= index.closure(search, path)
    return sum(index.size(f) for f in files)


def _clusters(covered: dict[str, list[Named]], weight) -> list[tuple[list[str], tuple[str, ...]]]:
    """Clusters of TUs and the headers each shares, merged greedily while the merge saves work.

    A cluster of n TUs sharing headers of weight w saves n·(w − LOAD_COST) − (w + BUILD_COST)
    over parsing them per TU; merging two clusters shares only what both have in common.
    """
    by_set: dict[frozenset[str], list[str]] = defaultdict(list)
    for file, headers in covered.items():
        if headers:
            by_set[frozenset(h.path for h in headers)].append(file)
    weights: dict[frozenset[str], int] = {}

    def gain(members: list[str], shared: frozenset[str]) -> int:
        if len(members) < MIN_GROUP or not shared:
            return 0
        if shared not in weights:
            weights[shared] = weight(shared)
        w = weights[shared]
        return max(0, len(members) * (w - LOAD_COST) - (w + BUILD_COST))

    clusters: dict[int, tuple[list[str], frozenset[str]]] = {}
    for number, (shared, members) in enumerate(sorted(by_set.items(), key=lambda item: sorted(item[1]))):
        clusters[number] = (members, shared)
    heap: list[tuple[int, int, int]] = []

    def offer(a: int, b: int) -> None:
        (ma, sa), (mb, sb) = clusters[a], clusters[b]
        shared = sa & sb
        if shared:
            saved = gain(ma + mb, shared) - gain(ma, sa) - gain(mb, sb)
            if saved > 0:
                heapq.heappush(heap, (-saved, a, b))

    numbers = sorted(clusters)
    for i, a in enumerate(numbers):
        for b in numbers[i + 1:]:
            offer(a, b)
    next_number = len(numbers)
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters:
            continue
        (ma, sa), (mb, sb) = clusters.pop(a), clusters.pop(b)
        others = sorted(clusters)
        clusters[next_number] = (ma + mb, sa & sb)
        for other in others:
            offer(other, next_number)
        next_number += 1
    result = []
    for members, shared in clusters.values():
        if gain(members, shared) > 0:
            first = covered[sorted(members)[0]]
            result.append((sorted(members), tuple(h.spelling for h in first if h.path in shared)))
    return result


def _build(prefix: Prefix, directory: str) -> tuple[str, list[str]] | None:
    """Runs in a child process: parse the prefix as a header and save it; None if it does not parse."""
    from clangcheck.model import libclang as lc
    from clangcheck.paths import absolute_path

    os.chdir(directory)
    os.makedirs(os.path.dirname(prefix.path), exist_ok=True)
    header = prefix.path[:-4] + (".hpp" if prefix.language == "c++" else ".h")
    with open(header, "w") as handle:
        handle.write("".join(f"#include {h}\n" for h in prefix.headers))
    kind = "c++-header" if prefix.language == "c++" else "c-header"
    try:
        tu = lc.parse(header, ["-x", kind, *prefix.arguments])
    except lc.ParseError:
        return None
    if lc.first_error(tu) is not None:
        return None
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(prefix.path), prefix=".tmp-", suffix=".pch")
    os.close(fd)
    tu.save(tmp)
    os.replace(tmp, prefix.path)
    return prefix.path, sorted({absolute_path(i.include.name) for i in tu.get_includes() if i.include is not None})


def _stamp_file(path: str) -> str:
    return path + ".json"


def prepare(assignment: dict[str, Prefix], directories: dict[str, str], workers: int, hashes) -> dict[str, str]:
    """Build (or reuse) every planned prefix; returns main file -> usable PCH path.

    A prefix is reused when its recorded inputs (every header it read, by content) are unchanged
    and the PCH file still has the checksum it was written with; otherwise it is rebuilt. One that
    fails to build is dropped: its TUs parse without it.
    """
    import multiprocessing as mp

    prefixes = {p.path: p for p in assignment.values()}
    usable: dict[str, str] = {}
    to_build = []
    for path, prefix in prefixes.items():
        if _still_valid(path, hashes):
            usable[path] = path
        else:
            to_build.append(prefix)
    if to_build:
        directory_of = {p.path: directories[next(f for f, q in assignment.items() if q.path == p.path)] for p in to_build}
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=mp.get_context("fork")) as pool:
            futures = {pool.submit(_build, p, directory_of[p.path]): p for p in to_build}
            for future, prefix in futures.items():
                try:
                    built = future.result()
                except Exception:  # a crash while building: those TUs parse without a prefix
                    built = None
                if built is None:
                    continue
                path, inputs = built
                _record(path, inputs, hashes)
                usable[path] = path
    return {main: p.path for main, p in assignment.items() if p.path in usable}


def _sha256(path: str) -> str | None:
    """The PCH's own checksum, read fresh (it changes within a run when rebuilt)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _record(path: str, inputs: list[str], hashes) -> None:
    stamps = [s for s in (hashes.stamp(i) for i in inputs) if s is not None]
    data = {"pch_sha256": _sha256(path), "inputs": [s.__dict__ for s in stamps]}
    with open(_stamp_file(path), "w") as handle:
        json.dump(data, handle)


def _recorded(path: str) -> tuple[str, list] | None:
    from clangcheck.cache import FileStamp

    try:
        with open(_stamp_file(path)) as handle:
            data = json.load(handle)
        return data["pch_sha256"], [FileStamp(**s) for s in data["inputs"]]
    except (OSError, ValueError, TypeError, KeyError):
        return None


def inputs_unchanged(path: str, hashes) -> bool:
    """Every header the PCH was built from is as it was. Checked again by each TU: clang does not
    validate system headers against a PCH, it would silently use the old declarations."""
    recorded = _recorded(path)
    return recorded is not None and all(hashes.unchanged(s) for s in recorded[1])


def _still_valid(path: str, hashes) -> bool:
    recorded = _recorded(path)
    if recorded is None or _sha256(path) != recorded[0]:
        return False  # never built, truncated or replaced on disk
    return inputs_unchanged(path, hashes)
