"""Ownership across TUs: what a callee defined in another file does with a pointer or handle
(reads it, frees it, passes it on, stores it), from the summaries of the whole program
(tests/data/calls): a leak after a call that only borrows is found, a hand-off is not, and a
release in another TU that does not match the allocation is reported where it happens."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from helpers import REPO, run_analysis

DATA = REPO / "tests" / "data" / "calls"
C_SOURCES = ("app.c", "buffers.c")


def _database(tmp_path: Path, order: tuple[str, ...]) -> Path:
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    entries = []
    for name in order:
        compiler, std = ("c++", "-std=c++17") if name.endswith(".cpp") else ("cc", "-std=c11")
        entries.append({"directory": str(tmp_path), "file": str(tmp_path / name),
                        "arguments": [compiler, std, "-c", str(tmp_path / name)]})
    path = tmp_path / "compile_commands.json"
    path.write_text(json.dumps(entries))
    return path


def _found(tmp_path: Path, order=(*C_SOURCES, "arrays.cpp"), jobs: int = 1):
    outcome = run_analysis(_database(tmp_path, order), checks="-*,clangcheck-ownership-*", jobs=jobs)
    assert not outcome.failures, outcome.failures
    return outcome.findings


def test_calls_into_other_tus_follow_the_callees_summaries(tmp_path: Path) -> None:
    findings = _found(tmp_path)
    found = sorted((Path(f.location.file).name, f.check_id.split("-", 2)[-1], f.function) for f in findings)
    assert found == [
        ("app.c", "leak", "fresh_result_bad"),  # buffer_new returns a fresh block, buffer_print reads it
        ("app.c", "leak", "inspected_bad"),  # buffer_inspect passes it on to buffer_print
        ("app.c", "leak", "items_bad"),  # stored in an array whose element items_print only reads
        ("app.c", "leak", "made_bad"),  # buffer_make stores a fresh block through its parameter
        ("app.c", "leak", "opaque_bad"),  # its address through a void *, read back and only printed
        ("app.c", "leak", "pair_bad"),  # in a struct passed by value to pair_print, which reads it
        ("app.c", "leak", "printed_only_bad"),  # buffer_print only reads it
        ("app.c", "leak", "slot_bad"),  # its address to slot_print, which reads *slot
        ("app.c", "leak", "socket_tuned_bad"),  # tune_socket never closes the descriptor
        ("arrays.cpp", "mismatched-release", "array_of_fresh_bad"),  # buffer_new's malloc, delete[]d
        ("arrays.cpp", "mismatched-release", "buffer_drop_array"),  # malloc'd in app.c, delete[]d here
    ], found
    leak = next(f for f in findings if "fd" in f.args)
    assert [n.message for n in leak.notes][-1] == "this return leaves 'fd' unowned"
    mismatch = next(f for f in findings if f.function == "buffer_drop_array")
    assert mismatch.message == "'data' allocated by 'malloc' is released with 'delete[]'"
    assert [(Path(n.location.file).name, n.message) for n in mismatch.notes] == [
        ("app.c", "allocated here"), ("app.c", "passed on here")]
    fresh = next(f for f in findings if f.function == "array_of_fresh_bad")
    assert fresh.message == "'data' allocated by 'buffer_new' (with 'malloc') is released with 'delete[]'"


def test_a_callee_nobody_defines_still_takes_the_pointer(tmp_path: Path) -> None:
    """Without buffers.c every callee is unknown: nothing is reported (no summary, no judgment)."""
    assert _found(tmp_path, order=("app.c",)) == []


def test_the_same_findings_in_any_order_and_with_two_workers(tmp_path: Path) -> None:
    first = sorted(f.sort_key() for f in _found(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path))
    (tmp_path / "b").mkdir()
    second = sorted(f.sort_key() for f in _found(tmp_path / "b", order=("arrays.cpp", "buffers.c", "app.c"), jobs=2))
    assert [k[1:] for k in first] == [k[1:] for k in second] and len(first) == 11
