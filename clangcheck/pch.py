"""Shared precompiled prefixes: parse the system headers that many TUs include once, not per TU.

The rule that keeps a TU's meaning: a TU may use a prefix only when every header in it is one
of the TU's own *leading external includes* — the `#include <...>` directives reached, in the
main file and the project headers it includes first, before any other line (a `#define`, an
`#if`, a declaration: anything but comments, blank lines, include guards and `#pragma once`).
Those headers are then included before any code of the TU anyway, so including them first, from
a PCH, declares nothing the TU would not see and defines no macro it would not have. TUs are
grouped by everything that changes how headers parse (their exact compile arguments and
language); a group gets a prefix of the leading external includes all its members share, when
at least `MIN_GROUP` TUs use it. A TU with `-include`/`-imacros` never uses one.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

MIN_GROUP = 2
_INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
_GUARD = re.compile(r"^\s*#\s*(ifndef|define|pragma\s+once)\b")
_FORCED = ("-include", "-imacros", "-include-pch", "--include")


@dataclass(frozen=True)
class Prefix:
    """One precompiled prefix: the headers, the arguments it is built with, where it lives."""

    headers: tuple[str, ...]
    arguments: tuple[str, ...]
    language: str
    path: str


def _code_lines(text: str):
    """Lines outside comments, stripped; block comments and line comments removed."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), text, flags=re.S)
    for line in text.splitlines():
        line = re.sub(r"//.*", "", line).strip()
        if line:
            yield line


def _include_dirs(arguments: tuple[str, ...], directory: str) -> list[str]:
    dirs = []
    args = list(arguments)
    for i, arg in enumerate(args):
        for flag in ("-I", "-iquote"):
            if arg == flag and i + 1 < len(args):
                dirs.append(args[i + 1])
            elif arg.startswith(flag) and len(arg) > len(flag):
                dirs.append(arg[len(flag):])
    return [os.path.join(directory, d) for d in dirs]


def leading_external_includes(main_file: str, arguments: tuple[str, ...], directory: str,
                              project_root: str) -> tuple[str, ...] | None:
    """The TU's leading `<...>` includes, in order; None when it may not use a prefix at all."""
    if any(a in _FORCED or a.startswith(("-include", "-imacros")) for a in arguments):
        return None
    found: list[str] = []
    dirs = _include_dirs(arguments, directory)
    root = project_root.rstrip(os.sep) + os.sep

    def walk(path: str, depth: int) -> bool:
        """False once a line other than an include or guard is met: everything after is not leading."""
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            return False
        for line in _code_lines(text):
            match = _INCLUDE.match(line)
            if match is None:
                if depth > 0 and _GUARD.match(line):
                    continue  # a header's own include guard
                return False
            kind, name = match.groups()
            if kind == "<":
                if name not in found:
                    found.append(name)
                continue
            local = [os.path.dirname(path), *dirs]
            target = next((os.path.join(d, name) for d in local if os.path.isfile(os.path.join(d, name))), None)
            if target is None or not os.path.abspath(target).startswith(root) or depth > 8:
                return False  # an external header included with quotes, or unknown: stop here
            if not walk(target, depth + 1):
                return False
        return True

    walk(main_file, 0)
    return tuple(found)


def plan(jobs: list, cache_dir: str) -> dict[str, Prefix]:
    """Which TU (by main file) uses which prefix; TUs without one are absent."""
    groups: dict[tuple, list] = defaultdict(list)
    leading: dict[str, tuple[str, ...]] = {}
    for job in jobs:
        heads = leading_external_includes(job.entry.file, job.entry.arguments, job.entry.directory, job.project_root)
        if heads:
            leading[job.entry.file] = heads
            groups[(job.entry.language, job.entry.directory, job.entry.arguments, job.extra_args_before,
                    job.extra_args, job.resource_dir)].append(job)
    assignment: dict[str, Prefix] = {}
    for key, members in groups.items():
        for cluster in _clusters(members, leading):
            shared = set.intersection(*(set(leading[j.entry.file]) for j in cluster))
            headers = tuple(h for h in leading[cluster[0].entry.file] if h in shared)
            if not headers or len(cluster) < MIN_GROUP:
                continue
            first = cluster[0]
            arguments = (*first.extra_args_before, *first.entry.arguments, *first.extra_args,
                         "-resource-dir", first.resource_dir)
            digest = hashlib.sha256(json.dumps([headers, arguments, first.entry.directory]).encode()).hexdigest()
            prefix = Prefix(headers, arguments, first.entry.language, os.path.join(cache_dir, "pch", digest[:32] + ".pch"))
            for job in cluster:
                assignment[job.entry.file] = prefix
    return assignment


def _clusters(members: list, leading: dict[str, tuple[str, ...]]) -> list[list]:
    """All members when they share a header; else one cluster per first leading header."""
    if set.intersection(*(set(leading[j.entry.file]) for j in members)):
        return [members]
    by_first: dict[str, list] = defaultdict(list)
    for job in members:
        by_first[leading[job.entry.file][0]].append(job)
    return list(by_first.values())


def _build(prefix: Prefix, directory: str) -> tuple[str, list[str]] | None:
    """Runs in a child process: parse the prefix as a header and save it; None if it does not parse."""
    from clangcheck.model import libclang as lc
    from clangcheck.paths import absolute_path

    os.chdir(directory)
    os.makedirs(os.path.dirname(prefix.path), exist_ok=True)
    header = prefix.path[:-4] + (".hpp" if prefix.language == "c++" else ".h")
    with open(header, "w") as handle:
        handle.write("".join(f"#include <{h}>\n" for h in prefix.headers))
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
