"""Null pointers across TUs: a helper in another file that hands back an allocator's result
unchecked, or dereferences its parameter before a test, makes its callers' unchecked use a finding
(tests/data/nulls); checked results, helpers that exit on failure, lookups and helpers that test
their argument do not. Judged from the summaries of the whole program, in either TU order."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import REPO, run_analysis

DATA = REPO / "tests" / "data" / "nulls"


def _database(tmp_path: Path, order: tuple[str, ...]) -> Path:
    for f in DATA.iterdir():
        shutil.copy(f, tmp_path / f.name)
    entries = [{"directory": str(tmp_path), "file": str(tmp_path / name),
                "arguments": ["cc", "-std=c11", "-c", str(tmp_path / name)]} for name in order]
    path = tmp_path / "compile_commands.json"
    path.write_text(json.dumps(entries))
    return path


@pytest.mark.parametrize("order", [("app.c", "records.c"), ("records.c", "app.c")])
def test_null_results_and_dereferences_cross_tus(tmp_path: Path, order: tuple[str, ...]) -> None:
    outcome = run_analysis(_database(tmp_path, order), checks="-*,clangcheck-errors-null-unchecked", jobs=1)
    assert not outcome.failures, outcome.failures
    found = sorted((Path(f.location.file).name, f.function, f.message) for f in outcome.findings)
    assert found == [
        ("app.c", "sink_bad", "the result of 'malloc' may be null and 'r' is used without a check"),
        ("app.c", "sink_of_sink_bad", "the result of 'malloc' may be null and 'r' is used without a check"),
        ("app.c", "source_and_sink_bad", "the result of 'record_alloc' may be null and 'r' is used without a check"),
        ("app.c", "source_bad", "the result of 'record_alloc' may be null and 'r' is used without a check"),
        ("app.c", "source_of_source_bad", "the result of 'record_alloc_twice' may be null and 'r' is used without a check"),
    ], found
    sink = next(f for f in outcome.findings if f.function == "sink_bad")
    assert [n.message for n in sink.notes] == ["'r' is passed here to 'record_name', which dereferences it before any null check"]
