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

TUs are grouped into families by the arguments clang requires a PCH to match (language, target,
standard, -f and -O options: everything but macros, include directories and warnings); each
exact argument list in a family is a *variant* with its own search path and macros. TUs are then
clustered so that the headers they share are worth a PCH: each TU's coverable headers are
weighed by the text they pull in, and clusters merge while parsing the shared part once saves
more than building and loading the PCH costs. Clusters of different variants merge only when
the shared headers read alike for all of them (`_read_alike`): every include finds the same
file, and no macro their command lines differ in is named in any file the headers pull in. The
prefix is built without those macros; each TU adds its own (clang accepts a PCH built without a
macro the TU defines).
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

from clangcheck import codec
from clangcheck.compdb import argument_groups, flag_kind, macro_flag
from clangcheck.includes import (HeaderIndex, Named, SearchPath, Step, fresh_view, library_view, refine, scan_project,
                                 search_path, searching)
from clangcheck.sealed import SealError, authentic, authenticate, read_bounded, write_atomically
from clangcheck.stored import FileStamp

MIN_GROUP = 2
_PATH_FLAGS = ("--sysroot", "-isysroot", "-ivfsoverlay", "-B", "--gcc-toolchain", "--gcc-install-dir",
               "-fmodule-map-file", "-iprefix", "-iwithprefix", "-iframework", "-F")
_ABSENT = object()
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
    directory: str  # where it is built: the arguments' relative paths are relative to it


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
            for name in value:
                mark(j, index.defining(name, interest))
        elif kind == "define":
            for name in value:
                mark(j, index.mentioning(name, interest))
        elif kind == "nested":
            mark(j, index.closure(search, value) & interest)
        elif kind == "pin":
            mark(j, interest)
    chosen: list[Named] = []
    earliest = _NEVER  # the first conflict among the chosen headers' files
    for header in named:
        if os.path.basename(header.path) in REREAD:
            continue
        first = min((conflict.get(p, _NEVER) for p in index.closure(search, header.path)), default=_NEVER) \
            if conflict else _NEVER
        at = position[header.path]
        if first >= at and earliest >= at:
            chosen.append(header)
            earliest = min(earliest, first)
    return chosen


def plan(jobs: list, cache_dir: str) -> dict[str, Prefix]:
    """Which TU (by main file) uses which prefix; TUs without one are absent. PCH paths are
    absolute: each TU is parsed, and each prefix built, in its own build directory."""
    families: dict[tuple, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for job in jobs:
        arguments = _arguments(job)
        if any(a in _FORCED or a.startswith(("-include", "-imacros")) for a in arguments):
            continue
        hard, relative = _hard_flags(arguments)
        family = (job.entry.language, job.resource_dir, hard, job.entry.directory if relative else None)
        families[family][(job.entry.directory, arguments)].append(job)
    fresh_view()
    index = HeaderIndex()
    assignment: dict[str, Prefix] = {}
    for family in families.values():
        if sum(len(members) for members in family.values()) < MIN_GROUP:
            continue
        variant_of: dict[str, _Variant] = {}
        covered: dict[str, list[Named]] = {}
        for members in family.values():
            variant, found = _survey(members, index)
            covered.update(found)
            variant_of.update(dict.fromkeys(found, variant))
        weights: dict[tuple, int] = {}
        agreed: dict[tuple, bool] = {}
        checked: dict = {}

        def weight(members: list[str], shared: frozenset[str]) -> int:
            search = variant_of[members[0]].search
            if (search, shared) not in weights:
                weights[search, shared] = _weight(index, search, shared)
            return weights[search, shared]

        def compatible(members: list[str], shared: frozenset[str]) -> bool:
            variants = list(dict.fromkeys(variant_of[m] for m in members))
            key = (frozenset(variants), shared)
            if key not in agreed:
                agreed[key] = _read_alike(variants, shared, index, checked)
            return agreed[key]

        for files, headers in _clusters(covered, weight, compatible):
            variants = list(dict.fromkeys(variant_of[f] for f in files))
            first = variants[0]
            build_arguments = (*_keeping_macros(first.arguments, _common_macros(variants)),
                               "-resource-dir", first.job.resource_dir)
            directory = first.job.entry.directory
            digest = hashlib.sha256(json.dumps([headers, build_arguments, directory]).encode()).hexdigest()
            prefix = Prefix(headers, build_arguments, first.job.entry.language,
                            os.path.join(os.path.abspath(cache_dir), "pch", digest[:32] + ".pch"), directory)
            for file in files:
                assignment[file] = prefix
    return assignment


@dataclass(eq=False)
class _Variant:
    """TUs compiled with the same arguments: one search path, one set of command-line macros."""

    job: object  # the first of them (a UnitJob)
    arguments: tuple[str, ...]
    macros: dict[str, str | None]  # as -D/-U leave them; None: undefined
    search: SearchPath


def _arguments(job) -> tuple[str, ...]:
    return (*job.extra_args_before, *job.entry.arguments, *job.extra_args)


def _survey(members: list, index: HeaderIndex) -> tuple[_Variant, dict[str, list[Named]]]:
    """The variant these TUs share and the headers a prefix may hold for each of them."""
    first = members[0]
    arguments = _arguments(first)
    full = search_path(first.entry.language, arguments, first.entry.directory, first.resource_dir)
    ordered = sorted(members, key=lambda j: j.entry.file)
    # a first walk finds the headers and the macros their `#if`s test; once clang has said
    # which of those it defines, a second walk follows the branches the command line decides
    scans = [scan_project(job.entry.file, full, job.project_root) for job in ordered]
    external = sorted({v if kind == "nested" else v.path for scan in scans for kind, v in scan.steps
                       if kind in ("named", "nested")})
    tested = set().union(*(scan.tested for scan in scans))
    # library headers are followed without the target's own directories when those hold none
    # of the files they name: targets then share closures
    view = library_view(full, index, external, first.project_root)
    view = refine(view, index, external, first.entry.language, arguments, first.resource_dir, tested)
    project = searching(full.quote, full.angle, view.known)
    covered = {job.entry.file: coverable(scan_project(job.entry.file, project, job.project_root).steps, index, view)
               for job in ordered}
    return _Variant(first, arguments, _macros(arguments), view), covered


def _hard_flags(arguments: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The arguments a PCH must be built with exactly (clang rejects it otherwise, or headers
    would read differently: language, target, -f and -O options), and whether one of them names
    a relative path (then it means something else in another build directory).

    Left out are the flags a shared prefix can differ in when no header of it can tell
    (`_read_alike` checks): macros, include directories, warnings.
    """
    hard: list[str] = []
    relative = False
    for group in argument_groups(list(arguments)):
        if flag_kind(group) != "other":
            continue
        head = group[0]
        hard.extend(group)
        if head.startswith(_PATH_FLAGS):
            value = group[1] if len(group) == 2 else head.split("=", 1)[1] if "=" in head else head[2:]
            relative = relative or not os.path.isabs(value)
    return tuple(hard), relative


def _macros(arguments: tuple[str, ...]) -> dict[str, str | None]:
    """The command line's macros as clang leaves them: flags apply in order."""
    macros: dict[str, str | None] = {}
    for group in argument_groups(list(arguments)):
        macro = macro_flag(group)
        if macro is not None:
            macros[macro[0]] = macro[1]
    return macros


def _common_macros(variants: list[_Variant]) -> frozenset[str]:
    """The macros every variant's command line leaves the same way."""
    first, *others = variants
    return frozenset(n for n, v in first.macros.items() if all(o.macros.get(n, _ABSENT) == v for o in others))


def _keeping_macros(arguments: tuple[str, ...], names: frozenset[str]) -> tuple[str, ...]:
    """The arguments without the -D/-U flags of macros not in `names`."""
    kept: list[str] = []
    for group in argument_groups(list(arguments)):
        macro = macro_flag(group)
        if macro is None or macro[0] in names:
            kept.extend(group)
    return tuple(kept)


def _read_alike(variants: list[_Variant], shared: frozenset[str], index: HeaderIndex, checked: dict) -> bool:
    """Whether one prefix of `shared`, built with the first variant's arguments less the macros
    they differ in, is what each variant would read itself: every include and `__has_include`
    of the headers' files finds the same file (none includes through a macro), and no macro the
    command lines differ in is named in any of them.
    (clang accepts such a PCH: a TU may define macros its PCH was not built with.) `checked`
    remembers the files already found plain, and alike per pair of variants."""
    if len(variants) == 1:
        return True
    first = variants[0]
    common = _common_macros(variants)
    plain = checked.setdefault("plain", set())  # files that include nothing through a macro
    for variant in variants:
        files = index.closure_of_all(variant.search, shared)
        for path in files - plain:
            if index.file(path) is None or index.file(path).computed:
                return False
            plain.add(path)
        if variant.search is not first.search:  # one library view: the same files, surely
            alike = checked.setdefault((variant, first), set())
            for path in files - alike:
                if (index.children(variant.search, path) != index.children(first.search, path)
                        or index.answers(variant.search, path) != index.answers(first.search, path)):
                    return False
                alike.add(path)
        if any(index.mentioning(name, files) for name in variant.macros.keys() - common):
            return False
    return True


def _weight(index: HeaderIndex, search: SearchPath, paths: frozenset[str]) -> int:
    """Bytes of header text the headers pull in: what parsing them costs, roughly."""
    return sum(index.size(f) for f in index.closure_of_all(search, paths))


def _clusters(covered: dict[str, list[Named]], weight, compatible) -> list[tuple[list[str], tuple[str, ...]]]:
    """Clusters of TUs and the headers each shares, merged greedily while the merge saves work.

    A cluster of n TUs sharing headers of weight w saves n·(w − LOAD_COST) − (w + BUILD_COST)
    over parsing them per TU; merging two clusters shares only what both have in common, and
    only when `compatible` says one prefix reads the same for all their TUs.
    """
    by_set: dict[frozenset[str], list[str]] = defaultdict(list)
    for file, headers in covered.items():
        if headers:
            by_set[frozenset(h.path for h in headers)].append(file)

    def gain(members: list[str], shared: frozenset[str]) -> int:
        if len(members) < MIN_GROUP or not shared:
            return 0
        w = weight(members, shared)
        return max(0, len(members) * (w - LOAD_COST) - (w + BUILD_COST))

    clusters: dict[int, tuple[list[str], frozenset[str]]] = {}
    for shared, files in sorted(by_set.items(), key=lambda item: sorted(item[1])):
        # TUs with the same headers start together when one prefix serves them all
        for members in _compatible_parts(sorted(files), shared, compatible):
            clusters[len(clusters)] = (members, shared)
    heap: list[tuple[int, int, int]] = []

    def offer(a: int, b: int) -> None:
        (ma, sa), (mb, sb) = clusters[a], clusters[b]
        shared = sa & sb
        if shared and compatible(ma + mb, shared):
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
            members = sorted(members)
            first = covered[members[0]]
            result.append((members, tuple(h.spelling for h in first if h.path in shared)))
    return result


def _compatible_parts(files: list[str], shared: frozenset[str], compatible) -> list[list[str]]:
    """TUs naming the same headers, split into sets one prefix can serve."""
    parts: list[list[str]] = []
    for file in files:
        home = next((part for part in parts if compatible(part + [file], shared)), None)
        if home is None:
            parts.append([file])
        else:
            home.append(file)
    return parts


def _build(prefix: Prefix) -> tuple[str, list[str]] | None:
    """Runs in a child process: parse the prefix as a header and save it; None if it does not parse."""
    from clangcheck.model import libclang as lc
    from clangcheck.paths import absolute_path

    os.chdir(prefix.directory)
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


def prepare(assignment: dict[str, Prefix], workers: int, hashes) -> dict[str, str]:
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
        with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=mp.get_context("fork")) as pool:
            futures = {pool.submit(_build, p): p for p in to_build}
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


@dataclass(frozen=True)
class PrefixRecord:
    """Beside each PCH: its checksum, an HMAC of it under this user's key, and every header it read.

    A PCH is clang's binary format, which we cannot check as data, so only a PCH this user's own
    runs built is loaded: a cache directory restored from elsewhere has no valid `mac`, and its
    prefixes are rebuilt (clangcheck.sealed.local_key)."""

    pch_sha256: str
    mac: str
    inputs: list[FileStamp]


def _record(path: str, inputs: list[str], hashes) -> None:
    stamps = [s for s in (hashes.stamp(i) for i in inputs) if s is not None]
    digest = _sha256(path) or ""
    record = PrefixRecord(digest, authenticate(f"{path}\0{digest}"), stamps)
    write_atomically(_stamp_file(path), codec.dumps(record))


def _recorded(path: str) -> PrefixRecord | None:
    try:
        return codec.loads(read_bounded(_stamp_file(path), 64 << 20), PrefixRecord)
    except (OSError, SealError, codec.SchemaError):
        return None


def inputs_unchanged(path: str, hashes) -> bool:
    """Every header the PCH was built from is as it was. Checked again by each TU: clang does not
    validate system headers against a PCH, it would silently use the old declarations."""
    recorded = _recorded(path)
    return recorded is not None and all(hashes.unchanged(s) for s in recorded.inputs)


def _still_valid(path: str, hashes) -> bool:
    recorded = _recorded(path)
    digest = _sha256(path)
    if recorded is None or digest != recorded.pch_sha256 or not authentic(f"{path}\0{digest}", recorded.mac):
        return False  # never built, truncated, replaced on disk, or not built by this user
    return inputs_unchanged(path, hashes)
