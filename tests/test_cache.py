"""The per-TU cache: warm runs reuse results, a changed header re-analyzes exactly its includers."""
from __future__ import annotations

import os
from pathlib import Path

from helpers import run_analysis, write_database

CHECKS = "-*,clangcheck-errors-*"


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "shared.h").write_text("#include <unistd.h>\ninline int fd_of(int x) { return x; }\n")
    (tmp_path / "a.cpp").write_text('#include "shared.h"\nvoid a(int fd) { write(fd_of(fd), "a", 1); }\n')
    (tmp_path / "b.cpp").write_text('#include "shared.h"\nvoid b(int fd) { write(fd_of(fd), "b", 1); }\n')
    (tmp_path / "c.cpp").write_text('#include <unistd.h>\nvoid c(int fd) { write(fd, "c", 1); }\n')
    return write_database(tmp_path, [tmp_path / n for n in ("a.cpp", "b.cpp", "c.cpp")], ["-std=c++17"])


def test_warm_run_reuses_every_tu_with_identical_findings(tmp_path):
    db, cache = make_project(tmp_path), tmp_path / "cache"
    cold = run_analysis(db, checks=CHECKS, cache_dir=cache)
    warm = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert (cold.cache_hits, warm.cache_hits) == (0, 3)
    assert warm.findings == cold.findings and len(cold.findings) == 3


def test_changed_header_reanalyzes_exactly_its_includers(tmp_path):
    db, cache = make_project(tmp_path), tmp_path / "cache"
    run_analysis(db, checks=CHECKS, cache_dir=cache)
    header = tmp_path / "shared.h"
    header.write_text(header.read_text() + "inline void extra(int fd) { write(fd, \"h\", 1); }\n")
    outcome = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert outcome.cache_hits == 1  # c.cpp only
    assert any(f.location.file == str(header) for f in outcome.findings)


def test_touch_without_change_is_still_a_hit(tmp_path):
    db, cache = make_project(tmp_path), tmp_path / "cache"
    run_analysis(db, checks=CHECKS, cache_dir=cache)
    os.utime(tmp_path / "shared.h", ns=(1, 1))
    assert run_analysis(db, checks=CHECKS, cache_dir=cache).cache_hits == 3


def test_options_and_checks_are_part_of_the_key(tmp_path):
    db, cache = make_project(tmp_path), tmp_path / "cache"
    run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert run_analysis(db, checks="-*", cache_dir=cache).cache_hits == 0
    config = "{CheckOptions: {clangcheck-errors-unchecked-result.IgnoredFunctions: write}}"
    outcome = run_analysis(db, checks=CHECKS, config=config, cache_dir=cache)
    assert outcome.cache_hits == 0 and outcome.findings == []


def test_corrupt_and_half_written_entries_are_recomputed(tmp_path):
    db, cache = make_project(tmp_path), tmp_path / "cache"
    cold = run_analysis(db, checks=CHECKS, cache_dir=cache)
    entries = sorted(cache.rglob("*.entry"))
    assert len(entries) == 3
    entries[0].write_bytes(entries[0].read_bytes()[:-20])            # truncated by a killed run
    entries[1].write_bytes(b"clangcheck-cache-2\nnot a checksum\n\x80garbage")
    (entries[2].parent / ".tmp-leftover").write_bytes(b"half")         # a temp file never renamed
    warm = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert warm.cache_hits == 1 and warm.findings == cold.findings
    assert run_analysis(db, checks=CHECKS, cache_dir=cache).cache_hits == 3  # rewritten


def test_failures_are_not_cached(tmp_path):
    (tmp_path / "bad.cpp").write_text("int f( {\n#include \"nowhere.h\"\n")  # a fatal error: not analyzed
    db = write_database(tmp_path, [tmp_path / "bad.cpp"], ["-std=c++17"])
    cache = tmp_path / "cache"
    assert run_analysis(db, checks=CHECKS, cache_dir=cache).failures
    again = run_analysis(db, checks=CHECKS, cache_dir=cache)
    assert again.failures and again.cache_hits == 0
