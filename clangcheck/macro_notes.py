"""Findings in code a macro's body spells: clang's "expanded from macro" note, and one finding per
statement macro's body however many expansions report it (the note says how many).

libclang gives a macro-expanded call the location of the macro's use, and no spelling location
inside the `#define`, so the macro is the identifier at the finding's place when the TU's own files
(the main file and the project's headers) define it; the note points at that `#define`.
The worker adds the note; the collector keeps the first expansion of each (check, message, macro)
and counts the rest (`merged`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from clangcheck.findings import Finding, Location, Note
from clangcheck.model.source import source_file

EXPANDED = "expanded from macro"
_DEFINE = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", re.M)


class MacroDefinitions:
    """The `#define`s of the TU's own files, by name (the first one seen), read when first asked:
    where each is, and whether its body is a statement (it holds a `;`: `do { … } while (0)`)."""

    def __init__(self, files: Iterable[str]):
        self._files = list(dict.fromkeys(files))
        self._names: dict[str, tuple[Location, bool]] | None = None

    def find(self, name: str) -> tuple[Location, bool] | None:
        if self._names is None:
            self._names = {}
            for path in self._files:
                data = source_file(path).data
                line, last = 1, 0
                for match in _DEFINE.finditer(data):
                    line += data.count(b"\n", last, match.start())
                    last = match.start()
                    column = match.start(1) - (data.rfind(b"\n", 0, match.start(1)) + 1) + 1
                    self._names.setdefault(match.group(1).decode(), (Location(path, line, column),
                                                                     b";" in _body(data, match.end())))
        return self._names.get(name)


def _body(data: bytes, start: int) -> bytes:
    """A macro's replacement text: to the end of its line, continuation lines included."""
    end = start
    while True:
        end = data.find(b"\n", end)
        if end == -1:
            return data[start:]
        if not data[:end].rstrip(b"\r").endswith(b"\\"):
            return data[start:end]
        end += 1


def with_macro_note(finding: Finding, definitions: MacroDefinitions) -> Finding:
    """The finding with clang's macro note first, when its place is the use of a macro the TU's
    own files define (the code it reports comes from that macro's body)."""
    if finding.macro is not None or (finding.notes and finding.notes[0].message.startswith(EXPANDED)):
        return finding
    loc = finding.location
    name = source_file(loc.file).identifier_at(loc.line, loc.column)
    found = definitions.find(name) if name else None
    if found is None:
        return finding
    where, statement = found
    note = Note(where, f"{EXPANDED} '{name}'")
    # a statement macro holds the whole defect: its expansions are one finding; an expression
    # macro (`#define SEND(fd, s) write(fd, s, strlen(s))`) leaves the use to each site
    return replace(finding, notes=(note, *finding.notes), macro=where if statement else None)


def merged(group: list[Finding]) -> Finding:
    """One finding for all expansions of one macro body that report the same: the first, its
    macro note saying how many expansions there are."""
    first = min(group, key=Finding.sort_key)
    sites = {f.location for f in group}
    if len(sites) < 2 or not first.notes:
        return first
    note = first.notes[0]
    counted = Note(note.location, f"{note.message} ({len(sites)} expansions report this; the first is shown)")
    return replace(first, notes=(counted, *first.notes[1:]))
