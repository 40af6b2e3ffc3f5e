"""Findings in code a macro's body spells (issue: errors that matter): clang's "expanded from macro"
note at the project's `#define`, one finding per macro body with the number of expansions, and a
fingerprint that does not move with the expansions. Real libclang parses of real files."""
from __future__ import annotations

import json
from pathlib import Path

from helpers import run_cli

CHECK = "clangcheck-errors-unchecked-result"
HEADER = '#include <string.h>\n#include <unistd.h>\n#define SEND_TEXT(fd, s) write(fd, s, strlen(s))\n'
SOURCE = """#include "log.h"
#define PING(fd) write(fd, "ping", 4)
void greet(int fd) {
    SEND_TEXT(fd, "hello");
    SEND_TEXT(fd, "world");
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


def test_a_macro_finding_is_said_once_with_clangs_note_at_the_define(tmp_path):
    found = analyze(tmp_path / "p", SOURCE)
    assert sorted(found) == [4, 6, 7]  # line 5 is the second expansion of SEND_TEXT: counted, not repeated
    header = found[4]["notes"][0]
    assert (Path(header["file"]).name, header["line"], header["column"]) == ("log.h", 3, 9)
    assert header["message"] == "expanded from macro 'SEND_TEXT' (2 expansions report this; the first is shown)"
    assert found[6]["notes"][0]["message"] == "expanded from macro 'PING'"
    assert (found[6]["notes"][0]["line"], found[6]["notes"][0]["column"]) == (2, 9)
    assert found[7]["notes"] == []  # written where it stands: no macro


def test_the_fingerprint_of_a_macro_finding_stays_when_its_expansions_move(tmp_path):
    before = analyze(tmp_path / "before", SOURCE)
    moved = SOURCE.replace("    SEND_TEXT(fd, \"hello\");\n", "    int unused = 0;\n    (void)unused;\n    SEND_TEXT(fd, \"hi\");\n")
    after = analyze(tmp_path / "after", moved)
    assert before[4]["fingerprint"] == after[6]["fingerprint"]  # the same macro body, reported from elsewhere
    assert before[7]["fingerprint"] == after[9]["fingerprint"]


def test_text_output_prints_the_note_as_clang_does(tmp_path):
    c_project(tmp_path / "t", SOURCE)
    result = run_cli("analyze", str(tmp_path / "t"), "--no-cache", f"--checks=-*,{CHECK}", cwd=tmp_path)
    lines = result.stdout.splitlines()
    at = lines.index(next(l for l in lines if l.endswith("a.c:4:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]")))
    assert lines[at + 3].endswith("log.h:3:9: note: expanded from macro 'SEND_TEXT' (2 expansions report this; the first is shown)")
    assert lines[at + 4] == "    3 | #define SEND_TEXT(fd, s) write(fd, s, strlen(s))"
