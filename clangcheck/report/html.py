"""`--html FILE`: one self-contained page (inline CSS and JS, no network) for a reviewer's browser.

Rows are rendered on the server; code around each finding is highlighted by Pygments into token
lists embedded as JSON (HTML-safe `tojson`) and drawn with textContent when a row is opened, so
10,000 findings stay fast and nothing from a source file is ever parsed as HTML. Drawings (the
threads of a race, the path of a leak) are rendered with autoescaping by templates/drawing.html.j2
from `drawings.py`'s view models and carried in the same JSON, as markup a row parses when it
opens (10,000 inert elements in the page would double its load time).
"""
from __future__ import annotations

import os
from collections import Counter

from markupsafe import Markup
from pygments.formatters import HtmlFormatter
from pygments.lexers import CLexer, CppLexer
from pygments.token import STANDARD_TYPES, Token

from clangcheck import __version__
from clangcheck.findings import Finding, Location
from clangcheck.report import environment
from clangcheck.report.context import Report
from clangcheck.report.drawings import drawing
from clangcheck.report.rules import rule

CONTEXT = 3  # lines shown above and below a finding
_C_EXTENSIONS = (".c", ".i")


def _css_class(ttype) -> str:
    while ttype not in STANDARD_TYPES and ttype.parent is not None:
        ttype = ttype.parent
    return STANDARD_TYPES.get(ttype, "")


class Highlighter:
    """Pygments tokens of each file, split into lines: [[class, text, class, text, ...], ...]."""

    def __init__(self, report: Report):
        self.report = report
        self.files: list[str] = []
        self.index: dict[str, int] = {}
        self.lines: dict[int, dict[int, list[str]]] = {}  # file index -> line -> tokens (needed lines only)
        self._tokens: dict[str, list[list[str]]] = {}

    def _highlight(self, path: str) -> list[list[str]]:
        if path not in self._tokens:
            text = self.report.sources.file(path).data.decode("utf-8", "replace").replace("\r\n", "\n")
            lexer = (CLexer if path.endswith(_C_EXTENSIONS) else CppLexer)(stripnl=False, ensurenl=False, tabsize=0)
            lines: list[list[str]] = [[]]
            for ttype, value in lexer.get_tokens(text):
                css = _css_class(ttype) if ttype is not Token.Text else ""
                for i, part in enumerate(value.split("\n")):
                    if i:
                        lines.append([])
                    if part:
                        lines[-1].extend((css, part))
            self._tokens[path] = lines
        return self._tokens[path]

    def snippet(self, location: Location, context: int) -> dict:
        """A window of lines around a location, recorded once per file for the page's data."""
        path = location.file
        if path not in self.index:
            self.index[path] = len(self.files)
            self.files.append(self.report.display_path(path))
            self.lines[self.index[path]] = {}
        tokens = self._highlight(path)
        start = max(1, location.line - context)
        end = min(len(tokens), location.line + context)
        needed = self.lines[self.index[path]]
        for n in range(start, end + 1):
            if n not in needed:
                needed[n] = tokens[n - 1]
        return {"file": self.index[path], "start": start, "end": end, "marks": {}, "ranges": {}}


def _mark(report: Report, snippet: dict, location: Location, kind: str, message: str,
          end: Location | None = None) -> None:
    """A message under the line, and the region it is about underlined (as SARIF's region spans it):
    per line, [kind, from, to] in UTF-16 code units as the page's strings count them (-1: line end)."""
    snippet["marks"].setdefault(str(location.line), []).append([kind, location.column, message])
    last = report.extent_end(location, end)
    sources = report.sources
    for line in range(location.line, min(last.line, snippet["end"]) + 1):
        text = sources.line(location.file, line)
        indent = len(text) - len(text.lstrip())  # continuation lines: from their code, not their indentation
        first = sources.utf16_column(location.file, line, location.column) - 1 if line == location.line else indent
        upto = sources.utf16_column(location.file, line, last.column) - 1 if line == last.line else -1
        snippet["ranges"].setdefault(str(line), []).append([kind, first, upto])


def _snippets(high: Highlighter, finding: Finding) -> list[dict]:
    """The primary window with the notes that fall in it; other notes get windows of their own."""
    primary = high.snippet(finding.location, CONTEXT)
    _mark(high.report, primary, finding.location, finding.level, finding.message, finding.end)
    snippets = [primary]
    for note in finding.notes:
        inside = next((s for s in snippets if high.files[s["file"]] == high.report.display_path(note.location.file)
                       and s["start"] <= note.location.line <= s["end"]), None)
        if inside is None:
            inside = high.snippet(note.location, 1)
            snippets.append(inside)
        _mark(high.report, inside, note.location, "note", note.message)
    return snippets


def build(report: Report) -> dict:
    high = Highlighter(report)
    rows, codes = [], []
    drawings: dict[str, Markup] = {}
    draw = environment(autoescape=True).get_template("drawing.html.j2")
    for i, finding in enumerate(report.findings):
        rows.append({
            "id": i, "check": finding.check_id, "level": finding.level, "message": finding.message,
            "file": report.display_path(finding.location.file), "line": finding.location.line,
            "column": finding.location.column, "promoted": finding.promoted,
            "notes": [{"file": report.display_path(n.location.file), "line": n.location.line, "message": n.message}
                      for n in finding.notes],
        })
        view = drawing(finding, report.display_path)
        if view is not None:
            drawings[str(i)] = Markup(draw.render(d=view))
        codes.append(_snippets(high, finding))
    by_check = Counter(f.check_id for f in report.findings)
    by_file = Counter(report.display_path(f.location.file) for f in report.findings)
    checks = [{"id": cid, "count": by_check.get(cid, 0), "summary": rule(cid)["shortDescription"]["text"]}
              for cid in sorted(set(report.rule_ids) | set(by_check))]
    return {
        "version": __version__,
        "root": report.source_root,
        "units": report.units,
        "total": len(report.findings),
        "levels": Counter(f.level for f in report.findings),
        "checks": checks,
        "files": sorted(({"file": f, "count": n} for f, n in by_file.items()), key=lambda x: (-x["count"], x["file"])),
        "rows": rows,
        "failures": [{"file": report.display_path(f.file), "kind": f.kind, "message": f.message} for f in report.failures],
        "data": {"files": high.files, "lines": {str(k): {str(n): t for n, t in v.items()} for k, v in high.lines.items()},
                 "codes": codes, "drawings": drawings},
        "pygments_css": Markup(HtmlFormatter(style="default").get_style_defs(".code")),  # generated, no user data
        "title": os.path.basename(report.source_root.rstrip("/")) or report.source_root,
    }


def render(report: Report) -> str:
    return environment(autoescape=True).get_template("report.html.j2").render(**build(report))
