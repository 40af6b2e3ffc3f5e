"""A finding's structured facts (`Finding.properties`) read back into plain records for the reports.

The checks write (name, JSON text) pairs; a report must survive keys that are missing, added or
malformed (the checks evolve), so every reader here returns None or skips an entry instead of failing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from clangcheck.findings import Finding, Location, Note

MAIN = "main"


@dataclass(frozen=True)
class ThreadContext:
    id: str
    name: str  # "the main thread", "thread 'Worker::run'"
    entry: str = ""  # the thread's entry function
    start: Location | None = None  # where the thread is started (None for the main thread)
    multiple: bool = False  # started more than once (several instances race with each other)
    api: str = ""  # how it is started: std::thread, pthread_create, QThread::start, ...
    is_main: bool = False


@dataclass(frozen=True)
class RaceAccess:
    location: Location
    kind: str  # "written" or "read"
    context: str  # a ThreadContext id
    function: str = ""
    locks: tuple[str, ...] = ()
    write: bool = False


@dataclass(frozen=True)
class RaceFacts:
    """The two racing accesses and the thread contexts they run in (one lane per context)."""

    variable: str
    contexts: tuple[ThreadContext, ...]
    accesses: tuple[RaceAccess, ...]


def properties(finding: Finding) -> dict[str, object]:
    """The properties decoded; an entry that is not valid JSON is dropped."""
    found: dict[str, object] = {}
    for name, text in finding.properties:
        try:
            found[name] = json.loads(text)
        except (TypeError, ValueError):
            continue
    return found


def parse_location(text: object) -> Location | None:
    """`/path/file.cpp:12:5` (the checks' form) or {"file", "line", "column"}."""
    if isinstance(text, dict):
        try:
            return Location(str(text["file"]), int(text["line"]), int(text.get("column", 1)))
        except (KeyError, TypeError, ValueError):
            return None
    if not isinstance(text, str):
        return None
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return Location(parts[0], int(parts[1]), int(parts[2]))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def race_facts(finding: Finding) -> RaceFacts | None:
    """The race of a data-race finding, or None when its properties do not describe two accesses."""
    props = properties(finding)
    raw_accesses = props.get("accesses")
    if not isinstance(raw_accesses, list):
        return None
    accesses = []
    for item in raw_accesses:
        if not isinstance(item, dict):
            continue
        location = parse_location(item.get("location"))
        if location is None:
            continue
        locks = item.get("locks")
        kind = _text(item.get("kind")) or "accessed"
        write = item["write"] if isinstance(item.get("write"), bool) else kind in ("written", "write")
        if item.get("update") is True:
            kind = "updated"  # a read-modify-write (`n++`), as the message says
        accesses.append(RaceAccess(location, kind, _text(item.get("context")) or MAIN, _text(item.get("function")),
                                   tuple(str(l) for l in locks) if isinstance(locks, list) else (), write))
    if not accesses:
        return None
    contexts: dict[str, ThreadContext] = {}
    raw_contexts = props.get("contexts")
    for item in raw_contexts if isinstance(raw_contexts, list) else ():
        if isinstance(item, dict) and _text(item.get("id")):
            cid = item["id"]
            is_main = item.get("kind") == "main" if "kind" in item else cid == MAIN
            contexts[cid] = ThreadContext(cid, _text(item.get("name")) or _default_name(cid), _text(item.get("entry")),
                                          parse_location(item.get("start")), bool(item.get("multiple")),
                                          _text(item.get("api")), is_main)
    for access in accesses:  # a context the accesses name but the list lacks
        contexts.setdefault(access.context, ThreadContext(access.context, _default_name(access.context),
                                                          is_main=access.context == MAIN))
    where = props.get("location")
    variable = _text(where.get("name")) if isinstance(where, dict) else _text(where)
    return RaceFacts(variable, tuple(contexts.values()), tuple(accesses))


def _default_name(context_id: str) -> str:
    return "the main thread" if context_id == MAIN else "a thread"


def holding(locks: tuple[str, ...]) -> str:
    return "holding " + ", ".join(f"'{l}'" for l in locks) if locks else "holding no lock"


def path_steps(finding: Finding) -> list[tuple[Note, str]]:
    """The finding's path: its notes in order, and the finding itself unless a note already stands there
    (first when it precedes the first note in its file, otherwise last).

    Each step has a role: 'allocation' (the origin of a resource), 'condition' (a branch assumed),
    'exit' (the last step: the leaking return, the overwrite, the release) or 'step'.
    """
    notes = list(finding.notes)
    if all(n.location != finding.location for n in notes):
        itself = Note(finding.location, finding.message)
        first = notes[0].location if notes else None
        if first is not None and first.file == finding.location.file and finding.location < first:
            notes.insert(0, itself)  # the finding is the origin (a null result, later dereferenced)
        else:
            notes.append(itself)
    steps = []
    for i, note in enumerate(notes):
        if note.message.startswith("assuming "):
            role = "condition"
        elif i == len(notes) - 1:
            role = "exit"
        elif i == 0 and "allocated" in note.message and len(notes) > 1:
            role = "allocation"
        else:
            role = "step"
        steps.append((note, role))
    return steps
