"""Hostile input: whatever a compile database, a .clang-tidy file, a NOLINT comment or a cache
or summaries file holds, the analyzer reports it clearly and never crashes with a traceback."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clangcheck.compdb import CompileDatabaseError, load_database
from clangcheck.config import ConfigError, ConfigResolver
from clangcheck.nolint import NolintIndex
from clangcheck.summaries import SummaryFileError, read_summaries
from helpers import run_cli

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=30,
)
argument = st.one_of(
    st.sampled_from(["-c", "-o", "x.o", "-MF", "-MD", "@rsp", "-fplugin=/x.so", "-Xclang", "-load", "-x", "c++",
                     "-I", "inc", "-std=c++17", "-fno-tree-vrp", "ccache", "clang++", "a.cpp", "--", "-D", "A=1"]),
    st.text(max_size=30),
)
entry = st.fixed_dictionaries(
    {},
    optional={
        "directory": st.one_of(st.just("."), st.text(max_size=20), st.integers()),
        "file": st.one_of(st.just("a.cpp"), st.just("../a.cpp"), st.text(max_size=20), st.none()),
        "arguments": st.one_of(st.lists(argument, max_size=12), st.text(max_size=40), st.integers()),
        "command": st.one_of(st.text(max_size=60), st.lists(st.text(max_size=5), max_size=3)),
        "output": st.text(max_size=10),
    },
)
databases = st.one_of(json_values, st.lists(entry, max_size=6))
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(data=databases)
def test_any_json_database_loads_or_fails_in_one_line(data):
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "a.cpp").write_text("int main() { return 0; }\n")
        Path(tmp, "compile_commands.json").write_text(json.dumps(data))
        try:
            db = load_database(tmp)
        except CompileDatabaseError as exc:
            assert "\n" not in str(exc)
            return
        for warning in db.warnings:
            assert "\n" not in warning
        for e in db.entries:
            assert os.path.isabs(e.file) and all(isinstance(a, str) for a in e.arguments)
            assert not any("plugin" in a or a == "-load" for a in e.arguments)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_database(raw):
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "compile_commands.json").write_bytes(raw)
        try:
            load_database(tmp)
        except CompileDatabaseError as exc:
            assert "\n" not in str(exc)


@FUZZ
@given(text=st.text(max_size=300))
def test_any_clang_tidy_file_is_a_config_or_a_one_line_error(text):
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, ".clang-tidy").write_text(text)
        try:
            config = ConfigResolver().for_file(os.path.join(tmp, "a.cpp"))
        except ConfigError as exc:
            assert "\n" not in str(exc)
            return
        config.is_enabled("clangcheck-errors-unchecked-result")


nolint_text = st.lists(
    st.one_of(st.sampled_from(["NOLINT", "NOLINTNEXTLINE", "NOLINTBEGIN", "NOLINTEND", "(", ")", ",", "*",
                               "clangcheck-*", "-", "\n", " ", "//", "NOLINTX"]), st.text(max_size=5)),
    max_size=40,
).map("".join)


@FUZZ
@given(text=nolint_text, line=st.integers(min_value=-2, max_value=30), column=st.integers(min_value=0, max_value=40))
def test_any_nolint_text_is_indexed(text, line, column):
    index = NolintIndex(text)
    assert index.suppresses(line, "clangcheck-errors-unchecked-result", column) in (True, False)
    for problem in index.problems:
        assert problem.line >= 1 and "\n" not in problem.message


@FUZZ
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_summaries_file(raw):
    with tempfile.NamedTemporaryFile() as handle:
        handle.write(raw)
        handle.flush()
        try:
            read_summaries(handle.name)
        except SummaryFileError as exc:
            assert "\n" not in str(exc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.lists(entry, min_size=1, max_size=3), source=st.binary(max_size=200))
def test_cli_never_shows_a_traceback(tmp_path_factory, data, source):
    tmp = tmp_path_factory.mktemp("fuzz")
    Path(tmp, "a.cpp").write_bytes(source)  # any bytes, not even UTF-8
    Path(tmp, "compile_commands.json").write_text(json.dumps(data))
    before = sorted(p for p in tmp.rglob("*"))
    result = run_cli("analyze", str(tmp), "--no-cache", "-j", "1", "--timeout", "60")
    assert result.returncode in (0, 1, 2, 3), result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert sorted(p for p in tmp.rglob("*")) == before  # no dependency files, no output beside the sources


def test_non_utf8_path_and_source(tmp_path):
    weird = os.fsdecode(b"src-\xff\xfe")
    folder = tmp_path / weird
    folder.mkdir()
    (folder / "a.cpp").write_bytes(b"#include <unistd.h>\n// \xff\xfe not utf-8\nvoid f(int fd) { write(fd, \"\xe9\", 1); }\n")
    db = [{"directory": str(folder), "file": "a.cpp", "arguments": ["c++", "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    result = run_cli("analyze", str(tmp_path), "--no-cache")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "unchecked-result" in result.stdout


def test_symlink_loop_and_vanishing_file(tmp_path):
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "a.cpp").write_text("int f();\n")
    db = [{"directory": ".", "file": "loop", "arguments": ["c++", "-c", "loop"]},
          {"directory": ".", "file": "a.cpp", "arguments": ["c++", "-c", "a.cpp"]},
          {"directory": ".", "file": "gone.cpp", "arguments": ["c++", "-c", "gone.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    result = run_cli("analyze", str(tmp_path), "--no-cache")
    assert result.returncode in (0, 3), result.stderr
    assert "Traceback" not in result.stderr
