"""What every report needs besides the findings: sources, the source root, the command line."""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from clangcheck.findings import AnalysisFailure, Finding, Location
from clangcheck.model.source import SourceFile
from clangcheck.report.fingerprints import line_hashes

_TOKEN = re.compile(rb"[A-Za-z_0-9]+|\S")


class Sources:
    """Files read once per report; not process-wide, since files change between runs of one process."""

    def __init__(self) -> None:
        self._files: dict[str, SourceFile] = {}
        self._hashes: dict[str, dict[int, str]] = {}

    def file(self, path: str) -> SourceFile:
        if path not in self._files:
            self._files[path] = SourceFile(path)
        return self._files[path]

    def line(self, path: str, line: int) -> str:
        return self.file(path).line_text(line)

    def line_bytes(self, path: str, line: int) -> bytes:
        lines = self.file(path).lines
        return lines[line - 1].rstrip(b"\r") if 1 <= line <= len(lines) else b""

    def line_hash(self, path: str, line: int) -> str | None:
        if path not in self._hashes:
            data = self.file(path).data
            self._hashes[path] = line_hashes(data.decode("utf-8", "replace")) if data else {}
        return self._hashes[path].get(line)

    def offset(self, location: Location) -> int:
        """Byte offset of a line/column in the file, as clang-tidy's FileOffset counts."""
        lines = self.file(location.file).lines
        before = sum(len(text) + 1 for text in lines[: max(location.line - 1, 0)])
        return before + max(location.column - 1, 0)

    def location_at(self, path: str, offset: int) -> Location:
        """The line/column of a byte offset (the inverse of `offset`)."""
        data = self.file(path).data[:offset]
        line = data.count(b"\n") + 1
        return Location(path, line, offset - (data.rfind(b"\n") + 1) + 1)

    def utf16_column(self, path: str, line: int, byte_column: int) -> int:
        """SARIF counts columns in UTF-16 code units; clang counts bytes."""
        prefix = self.line_bytes(path, line)[: max(byte_column - 1, 0)].decode("utf-8", "replace")
        return len(prefix.encode("utf-16-le")) // 2 + 1

    def token_end(self, path: str, line: int, byte_column: int) -> int:
        """Byte column just after the token at a point: the region a point finding highlights."""
        match = _TOKEN.search(self.line_bytes(path, line), max(byte_column - 1, 0))
        return match.end() + 1 if match and match.start() == byte_column - 1 else byte_column + 1


def git_toplevel(directory: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", directory, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


@dataclass
class Report:
    """The input of every writer: findings plus where they come from."""

    findings: list[Finding]
    failures: list[AnalysisFailure] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)  # every check that ran, ours and clang-tidy's
    source_root: str = "/"
    command_line: tuple[str, ...] = ()
    working_directory: str = "/"
    units: int = 0
    build_directories: dict[str, str] = field(default_factory=dict)  # main file -> its build directory
    default_build_directory: str = "/"
    main_source_file: str = ""
    category: str = ""
    sources: Sources = field(default_factory=Sources)

    def relative_path(self, path: str) -> str | None:
        """The path relative to the source root, or None when the file lies outside it. Under a
        root of `/` (sources sharing no other folder) every path is relative to `file:///`: valid
        for SARIF consumers, and never an absolute URI that GitHub would reject outside a checkout."""
        root = self.source_root.rstrip("/") or "/"
        if path == root or not path.startswith(root.rstrip("/") + "/"):
            return None
        return os.path.relpath(path, root).replace(os.sep, "/")

    def display_path(self, path: str) -> str:
        """What HTML shows: relative to the root, or absolute when there is no root but `/`."""
        return (self.relative_path(path) if self.source_root.rstrip("/") else None) or path

    def artifact_location(self, path: str) -> dict:
        relative = self.relative_path(path)
        if relative is None:
            return {"uri": Path(path).as_uri()}
        return {"uri": quote(relative, safe="/"), "uriBaseId": "%SRCROOT%"}

    def extent_end(self, start: Location, end: Location | None) -> Location:
        """Where a region starting at `start` ends: the expression's end a check gave, else the
        end of the token at `start` (a point finding highlights its token)."""
        if end is None or end.file != start.file or (end.line, end.column) <= (start.line, start.column):
            return Location(start.file, start.line, self.sources.token_end(start.file, start.line, start.column))
        return end

    def fingerprint(self, finding: Finding) -> str:
        """clangcheck/v1: check, message template and arguments, function and the code line."""
        place = finding.macro or finding.location  # a macro's finding: its body, whichever expansion is shown
        return finding.fingerprint(self.sources.line(place.file, place.line))

    def build_directory(self, path: str) -> str:
        return self.build_directories.get(path, self.default_build_directory)
