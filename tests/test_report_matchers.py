"""The GitHub Actions problem matcher and VS Code's $gcc, tried on real clangcheck output."""
from __future__ import annotations

import json
import os
import re

from helpers import REPO, run_cli
from report_tools import sockets_outputs

MATCHER = REPO / ".github" / "clangcheck-problem-matcher.json"
# VS Code's $gcc (microsoft/vscode-cpptools, Extension/package.json)
GCC = re.compile(r"^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$")


def github_pattern() -> tuple[re.Pattern, dict]:
    matcher = json.loads(MATCHER.read_text())["problemMatcher"]
    assert len(matcher) == 1 and matcher[0]["owner"] == "clangcheck"
    (pattern,) = matcher[0]["pattern"]
    # the runner compiles it as an ECMAScript regex; this one uses only syntax Python reads the same way
    assert not re.search(r"\(\?<|\(\?P", pattern["regexp"])
    return re.compile(pattern["regexp"]), pattern


def test_every_diagnostic_line_matches_and_nothing_else_does():
    regex, fields = github_pattern()
    lines = (sockets_outputs() / "stdout.txt").read_text().splitlines()
    diagnostics = [line for line in lines if re.search(r":\d+:\d+: (warning|error): ", line)]
    assert diagnostics
    for line in diagnostics:
        match = regex.match(line)
        assert match, line
        assert os.path.isfile(match.group(fields["file"])), "the runner drops annotations on missing files"
        assert int(match.group(fields["line"])) > 0 and int(match.group(fields["column"])) > 0
        assert match.group(fields["severity"]) in ("warning", "error")
        assert match.group(fields["code"]).startswith("clangcheck-")
        assert not match.group(fields["message"]).endswith("]")
        assert GCC.match(line)
    for line in lines:
        if line not in diagnostics:
            assert not regex.match(line) and not GCC.match(line), line  # source lines, carets, notes


def test_promoted_errors_match_with_their_check_name(tmp_path):
    (tmp_path / "a [x].cpp").write_text("#include <unistd.h>\nvoid f(int fd) { write(fd, \"[a]\", 3); }\n")
    db = [{"directory": ".", "file": "a [x].cpp", "arguments": ["c++", "-c", "a [x].cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    result = run_cli("analyze", str(tmp_path), "--warnings-as-errors=*", "--no-cache")
    regex, fields = github_pattern()
    (line,) = [line for line in result.stdout.splitlines() if regex.match(line)]
    match = regex.match(line)
    assert match.group(fields["file"]) == str(tmp_path / "a [x].cpp")
    assert match.group(fields["severity"]) == "error"
    assert match.group(fields["code"]) == "clangcheck-errors-unchecked-result,-warnings-as-errors"
    assert match.group(fields["message"]) == "the result of 'write' is ignored"
