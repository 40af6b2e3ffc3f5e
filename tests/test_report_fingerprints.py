"""GitHub's primaryLocationLineHash: our port must give codeql-action's values exactly."""
from __future__ import annotations

from clangcheck.report.fingerprints import line_hashes

# anchors: the 5-line file of the minimal GitHub-clean SARIF, hashed by codeql-action's fingerprints.ts
SAMPLE = """#include <unistd.h>

void send_all(int fd, const char *buf, unsigned long n) {
    write(fd, buf, n);
}
"""
EXPECTED = {1: "a16c9d56b14c84d0:1", 2: "29e580ead2c53ff0:1", 3: "160b7bea7761ab46:1",
            4: "64a2729cba23f330:1", 5: "32dce9ccfdbc9d3e:1"}


def test_sample_hashes_match_codeql_action():
    hashes = line_hashes(SAMPLE)
    assert {n: hashes[n] for n in EXPECTED} == EXPECTED


def test_line_endings_and_indentation_do_not_change_hashes():
    assert line_hashes(SAMPLE.replace("\n", "\r\n")) == line_hashes(SAMPLE)
    assert line_hashes(SAMPLE.replace("\n", "\r")) == line_hashes(SAMPLE)
    assert line_hashes(SAMPLE.replace("    write", "\t\t  write"))[4] == EXPECTED[4]


def test_equal_lines_are_counted_and_the_window_spans_lines():
    hashes = line_hashes("x;\ny;\nx;\ny;\n")
    # lines 1 and 3 start the same 100-character windows only when what follows is equal too
    assert hashes[1] != hashes[3]
    near_end = line_hashes("a;\n" * 3)  # the end-of-file marker falls in different places of the windows
    assert len({near_end[n] for n in (1, 2, 3)}) == 3
    tail = line_hashes("b\n" + "a\n" * 200)
    counters = [tail[n] for n in range(2, 100)]
    assert counters[0].endswith(":1") and counters[1].endswith(":2")  # identical 100-char windows are numbered
