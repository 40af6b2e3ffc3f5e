"""Findings in code a macro's body spells (issue: errors that matter): clang's "expanded from macro"
note at the project's `#define`; a statement macro's expansions are one finding with their count
and a fingerprint that does not move with them; an expression macro leaves the use of its value
to each site, so each site is its own finding. Real libclang parses of real files."""
from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

CHECK = "clangcheck-errors-unchecked-result"
HEADER = """#include <string.h>
#include <unistd.h>
#define SEND_TEXT(fd, s) write(fd, s, strlen(s))
#define SEND_LINE(fd, s) do { \\
        write(fd, s, strlen(s)); \\
        write(fd, "\\n", 1); \\
    } while (0)
"""
SOURCE = """#include "log.h"
#define PING(fd) write(fd, "ping", 4)
void greet(int fd) {
    SEND_TEXT(fd, "hello");
    if (SEND_TEXT(fd, "world") < 0)
        return;
    SEND_LINE(fd, "one");
    SEND_LINE(fd, "two");
    PING(fd);
    write(fd, "x", 1);
}
"""


def c_project(folder: Path, source: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.c").write_text(source)
    (folder / "log.h").write_text(HEADER)
    db = [{"directory": ".", "file": "a.c", "arguments": ["cc", "-c", "a.c"]}]
    (folder / "compile_commands.json").write_text(json.dumps(db))
    return folder


def analyze(folder: Path, source: str) -> dict:
    c_project(folder, source)
    result = run_cli("analyze", str(folder), "--no-cache", f"--checks=-*,{CHECK}", "--format", "json", cwd=folder)
    assert result.returncode == 1, result.stderr
    return {f["line"]: f for f in json.loads(result.stdout)["findings"]}


def test_macro_findings_get_clangs_note_and_a_statement_macro_is_said_once(tmp_path):
    found = analyze(tmp_path / "p", SOURCE)
    # line 5 tests what SEND_TEXT gives; line 8 is the second expansion of the statement macro
    assert sorted(found) == [4, 7, 9, 10]
    note = found[4]["notes"][0]
    assert (Path(note["file"]).name, note["line"], note["column"]) == ("log.h", 3, 9)
    assert note["message"] == "expanded from macro 'SEND_TEXT'"
    assert found[7]["notes"][0]["message"] == "expanded from macro 'SEND_LINE' (2 expansions report this; the first is shown)"
    assert found[9]["notes"][0]["message"] == "expanded from macro 'PING'"
    assert (found[9]["notes"][0]["line"], found[9]["notes"][0]["column"]) == (2, 9)
    assert found[10]["notes"] == []  # written where it stands: no macro


def test_an_expression_macro_is_reported_at_each_site_that_drops_its_value(tmp_path):
    found = analyze(tmp_path / "p", SOURCE.replace("    if (SEND_TEXT(fd, \"world\") < 0)\n        return;\n",
                                                   "    SEND_TEXT(fd, \"world\");\n\n"))
    assert found[4]["message"] == found[5]["message"] == "the result of 'write' is ignored"
    assert found[4]["fingerprint"] != found[5]["fingerprint"]


def test_the_fingerprint_of_a_statement_macro_finding_stays_when_its_expansions_move(tmp_path):
    before = analyze(tmp_path / "before", SOURCE)
    moved = SOURCE.replace("    SEND_LINE(fd, \"one\");\n", "    int unused = 0;\n    (void)unused;\n    SEND_LINE(fd, \"uno\");\n")
    after = analyze(tmp_path / "after", moved)
    assert before[7]["fingerprint"] == after[9]["fingerprint"]  # the same macro body, reported from elsewhere
    assert before[10]["fingerprint"] == after[12]["fingerprint"]


def test_text_output_prints_the_note_as_clang_does(tmp_path):
    c_project(tmp_path / "t", SOURCE)
    result = run_cli("analyze", str(tmp_path / "t"), "--no-cache", f"--checks=-*,{CHECK}", cwd=tmp_path)
    lines = result.stdout.splitlines()
    at = lines.index(next(l for l in lines if l.endswith("a.c:4:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]")))
    assert lines[at + 3].endswith("log.h:3:9: note: expanded from macro 'SEND_TEXT'")
    assert lines[at + 4] == "    3 | #define SEND_TEXT(fd, s) write(fd, s, strlen(s))"
