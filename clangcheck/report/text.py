"""clang-tidy's text format, which IDE and CI problem matchers ($gcc) already understand."""
from __future__ import annotations

from clangcheck.findings import Finding, Location
from clangcheck.model.source import source_file
from clangcheck.report import environment


def _snippet(location: Location) -> tuple[str | None, str]:
    """The source line and the caret's indentation (tabs kept, so the caret lines up)."""
    src = source_file(location.file)
    if not 1 <= location.line <= len(src.lines):
        return None, ""
    prefix = src.lines[location.line - 1][: max(location.column - 1, 0)].decode("utf-8", "replace")
    return src.line_text(location.line), "".join(ch if ch == "\t" else " " for ch in prefix)


def _view(finding: Finding, show_source: bool) -> dict:
    names = finding.check_id + (",-warnings-as-errors" if finding.promoted else "")
    source, caret = _snippet(finding.location) if show_source else (None, "")
    notes = []
    for note in finding.notes:
        n_source, n_caret = _snippet(note.location) if show_source else (None, "")
        notes.append({"file": note.location.file, "line": note.location.line, "column": note.location.column,
                      "message": note.message, "source": n_source, "caret": n_caret})
    return {"file": finding.location.file, "line": finding.location.line, "column": finding.location.column,
            "level": finding.level, "message": finding.message, "names": names,
            "source": source, "caret": caret, "notes": notes}


def render(findings: list[Finding], show_source: bool = True) -> str:
    views = [_view(f, show_source) for f in findings]
    text = environment().get_template("text.j2").render(diagnostics=views)
    return text.strip("\n") + "\n" if views else ""
