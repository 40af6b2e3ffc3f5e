"""Tests for clangcheck.compdb: loading and sanitizing compile_commands.json."""

from __future__ import annotations

import json
import os
import pathlib
from pathlib import Path

import pytest

from clangcheck import compdb
from clangcheck.compdb import (
    CompileDatabaseError,
    CompileEntry,
    LoadedDatabase,
    find_database,
    load_database,
)

UNSAFE_WORDS = ("plugin", "load", ".so", "config")


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def write_db(folder: Path, entries: object) -> Path:
    """Write ENTRIES as FOLDER/compile_commands.json and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "compile_commands.json"
    path.write_text(json.dumps(entries, indent=1))
    return path


def source(path: Path, text: str = "int x;\n") -> Path:
    """Create a source file (and its folders)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def assert_clean_messages(messages: list[str]) -> None:
    """Every user message: one line, lower-case start, no trailing period."""
    for message in messages:
        assert "\n" not in message and "\r" not in message, message
        assert message == message.strip(), message
        assert not message.endswith("."), message
        assert not message[0].isupper(), message


def load(tmp_path: Path, entries: object) -> LoadedDatabase:
    """Write ENTRIES into tmp_path/build and load them."""
    db = load_database(str(write_db(tmp_path / "build", entries)))
    assert_clean_messages(db.warnings)
    return db


def only_entry(db: LoadedDatabase) -> CompileEntry:
    """The single entry of DB, after checking there is exactly one."""
    assert len(db.entries) == 1, (db.entries, db.warnings)
    return db.entries[0]


def entry_for(tmp_path: Path, args: list[str], name: str = "a.c") -> tuple[LoadedDatabase, CompileEntry]:
    """Load a one-entry database compiling tmp_path/NAME with ARGS (+ the file)."""
    src = source(tmp_path / name)
    db = load(tmp_path, [{"directory": str(tmp_path), "file": str(src), "arguments": [*args, str(src)]}])
    return db, only_entry(db)


# ---------------------------------------------------------------------------
# arguments / command forms, paths
# ---------------------------------------------------------------------------


def test_arguments_form(tmp_path: Path) -> None:
    db, entry = entry_for(tmp_path, ["clang", "-DA=1", "-Iinc", "-std=c11"])
    assert entry.arguments == ("-DA=1", "-Iinc", "-std=c11")
    assert entry.file == str(tmp_path / "a.c")
    assert entry.directory == str(tmp_path)
    assert entry.language == "c"
    assert entry.index == 0
    assert db.warnings == []
    assert db.path == str(tmp_path / "build" / "compile_commands.json")


def test_command_form_uses_posix_shell_quoting(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    command = """cc -DMSG='"hello world"' "-DPATH=a b" -I inc\\ dir -c a.c"""
    db = load(tmp_path, [{"directory": str(tmp_path), "file": "a.c", "command": command}])
    assert only_entry(db).arguments == ('-DMSG="hello world"', "-DPATH=a b", "-I", "inc dir")


def test_arguments_win_over_command(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    db = load(tmp_path, [{
        "directory": str(tmp_path), "file": "a.c",
        "arguments": ["cc", "-DFROM_ARGUMENTS", "a.c"],
        "command": "cc -DFROM_COMMAND a.c",
    }])
    assert only_entry(db).arguments == ("-DFROM_ARGUMENTS",)


def test_relative_directory_is_resolved_against_database_folder(tmp_path: Path) -> None:
    source(tmp_path / "src" / "a.c")
    db = load(tmp_path, [{"directory": "../src", "file": "a.c", "arguments": ["cc", "-c", "a.c"]}])
    entry = only_entry(db)
    assert entry.directory == str(tmp_path / "src")
    assert entry.file == str(tmp_path / "src" / "a.c")
    assert entry.arguments == ()


def test_relative_file_is_resolved_against_directory_and_normalized(tmp_path: Path) -> None:
    source(tmp_path / "src" / "a.c")
    (tmp_path / "obj").mkdir()
    db = load(tmp_path, [{
        "directory": str(tmp_path / "obj"), "file": "../obj/../src/./a.c",
        "arguments": ["cc", "-c", "../src/a.c"], "output": "out/a.o",
    }])
    entry = only_entry(db)
    assert entry.file == str(tmp_path / "src" / "a.c")
    assert entry.directory == str(tmp_path / "obj")
    assert entry.arguments == ()


def test_absolute_file_is_kept(tmp_path: Path) -> None:
    src = source(tmp_path / "elsewhere" / "a.c")
    (tmp_path / "obj").mkdir()
    db = load(tmp_path, [{"directory": str(tmp_path / "obj"), "file": str(src), "arguments": ["cc", str(src)]}])
    assert only_entry(db).file == str(src)


def test_paths_in_flags_stay_as_given(tmp_path: Path) -> None:
    _, entry = entry_for(tmp_path, [
        "cc", "-I", "../inc", "-Irel", "-isystem", "sys", "-iquote", "q", "-include", "cfg.h",
        "-DX=../y", "-std=gnu11", "--sysroot=/sr", "-idirafter", "after"])
    assert entry.arguments == (
        "-I", "../inc", "-Irel", "-isystem", "sys", "-iquote", "q", "-include", "cfg.h",
        "-DX=../y", "-std=gnu11", "--sysroot=/sr", "-idirafter", "after")


# ---------------------------------------------------------------------------
# response files
# ---------------------------------------------------------------------------


def test_response_files_are_expanded_in_place_nested_and_quoted(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    (tmp_path / "rsp").mkdir()
    (tmp_path / "rsp" / "outer.rsp").write_text('-DOUTER "-DSPACED=a b"\n@rsp/inner.rsp\n-DAFTER\n')
    (tmp_path / "rsp" / "inner.rsp").write_text("-I'dir with space' -DQ=\\\"x\\\"\n")
    db = load(tmp_path, [{
        "directory": str(tmp_path), "file": "a.c",
        "arguments": ["cc", "-DFIRST", "@rsp/outer.rsp", "-DLAST", "-c", "a.c"],
    }])
    assert only_entry(db).arguments == (
        "-DFIRST", "-DOUTER", "-DSPACED=a b", "-Idir with space", '-DQ="x"', "-DAFTER", "-DLAST")
    assert db.warnings == []


def test_response_file_in_command_form_can_hold_the_usual_flags(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    (tmp_path / "flags.rsp").write_text("-c -o a.o -MD -MF a.d -DFROM_RSP")
    db = load(tmp_path, [{"directory": str(tmp_path), "file": "a.c", "command": "ccache gcc @flags.rsp a.c"}])
    assert only_entry(db).arguments == ("-DFROM_RSP",)


def test_missing_response_file_skips_entry_with_warning(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    source(tmp_path / "b.c")
    db = load(tmp_path, [
        {"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "@missing.rsp", "a.c"]},
        {"directory": str(tmp_path), "file": "b.c", "arguments": ["cc", "b.c"]},
    ])
    assert [e.file for e in db.entries] == [str(tmp_path / "b.c")]
    assert db.warnings == ["entry 0 (a.c): response file 'missing.rsp' not found"]


def test_response_file_that_includes_itself_skips_entry(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    (tmp_path / "loop.rsp").write_text("-DX @loop.rsp")
    db = load(tmp_path, [{"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "@loop.rsp", "a.c"]}])
    assert db.entries == []
    assert db.warnings == ["entry 0 (a.c): response file 'loop.rsp' includes itself"]


def test_response_file_with_unbalanced_quotes_skips_entry(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    (tmp_path / "bad.rsp").write_text("-DX='oops")
    db = load(tmp_path, [{"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "@bad.rsp", "a.c"]}])
    assert db.entries == []
    assert db.warnings == ["entry 0 (a.c): unbalanced quotes in response file 'bad.rsp'"]


# ---------------------------------------------------------------------------
# compiler and wrappers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", [
    ["clang"],
    ["/usr/bin/gcc"],
    ["ccache", "clang++"],
    ["/usr/local/bin/ccache", "/usr/bin/g++"],
    ["distcc", "g++"],
    ["sccache", "clang"],
    ["icecc", "gcc"],
    ["ccache", "distcc", "x86_64-linux-gnu-gcc-12"],
    ["C:/tools/ccache.exe", "clang-cl.exe"],
])
def test_wrappers_and_compiler_are_dropped(tmp_path: Path, prefix: list[str]) -> None:
    _, entry = entry_for(tmp_path, [*prefix, "-DX", "-c"])
    assert entry.arguments == ("-DX",)


def test_wrapper_without_explicit_compiler(tmp_path: Path) -> None:
    _, entry = entry_for(tmp_path, ["distcc", "-DX", "-c"])
    assert entry.arguments == ("-DX",)


# ---------------------------------------------------------------------------
# build-only flags
# ---------------------------------------------------------------------------


def test_build_only_flags_are_dropped(tmp_path: Path) -> None:
    db, entry = entry_for(tmp_path, [
        "gcc", "-DKEEP1", "-c", "-o", "out/a.o", "-oa2.o", "--output=a3.o", "--output", "a4.o",
        "-M", "-MM", "-MD", "-MMD", "-MG", "-MP", "-MF", "a.d", "-MFa2.d", "-MT", "a.o", "-MTa.o",
        "-MQ", "$(OBJ)", "-MQ$(OBJ)", "-MJ", "a.json", "-Wp,-MD,a3.d", "-Wp,-MMD,a4.d",
        "-Werror", "-Werror=format-security", "-Werror-implicit-function-declaration",
        "-fdiagnostics-color", "-fdiagnostics-color=always", "-fno-diagnostics-color",
        "-fcolor-diagnostics", "-fno-color-diagnostics", "-fdiagnostics-format=text",
        "-save-temps", "-save-temps=obj", "-pipe", "-DKEEP2"])
    assert entry.arguments == ("-DKEEP1", "-DKEEP2")
    assert db.warnings == []


def test_warning_flags_other_than_werror_are_kept(tmp_path: Path) -> None:
    _, entry = entry_for(tmp_path, [
        "gcc", "-Wall", "-Wextra", "-Wno-error", "-Wno-error=unused", "-Wno-maybe-uninitialized",
        "-Wno-format-truncation", "-Wimplicit-fallthrough=5"])
    assert entry.arguments == (
        "-Wall", "-Wextra", "-Wno-error", "-Wno-error=unused", "-Wno-maybe-uninitialized",
        "-Wno-format-truncation", "-Wimplicit-fallthrough=5")


def test_source_argument_is_dropped_by_resolved_path(tmp_path: Path) -> None:
    source(tmp_path / "src" / "a.c")
    source(tmp_path / "other" / "a.c")
    (tmp_path / "obj").mkdir()
    db = load(tmp_path, [{
        "directory": str(tmp_path / "obj"), "file": str(tmp_path / "src" / "a.c"),
        # A different file with the same name is not the source; a value that
        # happens to look like it is not a positional argument either.
        "arguments": ["cc", "-include", "../src/a.c", "../src/./a.c", "../other/a.c"],
    }])
    assert only_entry(db).arguments == ("-include", "../src/a.c", "../other/a.c")


# ---------------------------------------------------------------------------
# GCC-only flags
# ---------------------------------------------------------------------------


def test_gcc_only_flags_dropped_with_one_warning_per_flag_for_the_database(tmp_path: Path) -> None:
    entries = []
    for i in range(12):
        source(tmp_path / f"f{i}.c")
        extra = ["-mpreferred-stack-boundary=3"] if i % 4 == 0 else []
        entries.append({
            "directory": str(tmp_path), "file": f"f{i}.c",
            "arguments": ["gcc", "-fno-tree-loop-im", "-O2", "-fconserve-stack", *extra,
                          "-fno-var-tracking-assignments", "-mindirect-branch=thunk-extern",
                          "-mindirect-branch-register", "-mrecord-mcount", "-fno-ipa-sra", "-fipa-pta",
                          "-ftree-loop-distribute-patterns", "-fvar-tracking", "-fno-allow-store-data-races",
                          "-fno-code-hoisting", "-fsched-pressure", "-fno-gnu-unique",
                          "-fno-printf-return-value", "-fconserve-stack", f"f{i}.c"],
        })
    db = load(tmp_path, entries)
    assert len(db.entries) == 12
    assert all(e.arguments == ("-O2",) for e in db.entries)
    twelve = "(clang does not accept it; 12 entries)"
    assert db.warnings == [
        f"dropped GCC-only flag '-fconserve-stack' {twelve}",
        f"dropped GCC-only flag '-fipa-pta' {twelve}",
        f"dropped GCC-only flag '-fno-allow-store-data-races' {twelve}",
        f"dropped GCC-only flag '-fno-code-hoisting' {twelve}",
        f"dropped GCC-only flag '-fno-gnu-unique' {twelve}",
        f"dropped GCC-only flag '-fno-ipa-sra' {twelve}",
        f"dropped GCC-only flag '-fno-printf-return-value' {twelve}",
        f"dropped GCC-only flag '-fno-tree-loop-im' {twelve}",
        f"dropped GCC-only flag '-fno-var-tracking-assignments' {twelve}",
        f"dropped GCC-only flag '-fsched-pressure' {twelve}",
        f"dropped GCC-only flag '-ftree-loop-distribute-patterns' {twelve}",
        f"dropped GCC-only flag '-fvar-tracking' {twelve}",
        f"dropped GCC-only flag '-mindirect-branch-register' {twelve}",
        f"dropped GCC-only flag '-mindirect-branch=thunk-extern' {twelve}",
        "dropped GCC-only flag '-mpreferred-stack-boundary=3' (clang does not accept it; 3 entries)",
        f"dropped GCC-only flag '-mrecord-mcount' {twelve}",
    ]


def test_gcc_only_single_entry_uses_singular(tmp_path: Path) -> None:
    db, entry = entry_for(tmp_path, ["gcc", "-fmodules-ts", "-fconcepts", "-std=c++20"], "a.cpp")
    assert entry.arguments == ("-std=c++20",)
    assert db.warnings == [
        "dropped GCC-only flag '-fconcepts' (clang does not accept it; 1 entry)",
        "dropped GCC-only flag '-fmodules-ts' (clang does not accept it; 1 entry)",
    ]


def test_gcc_flags_that_clang_accepts_are_kept(tmp_path: Path) -> None:
    kept = ["-fno-tree-vrp", "-ftree-vectorize", "-fno-tree-slp-vectorize", "-ftree-dce", "-fipa-cp",
            "-fno-ipa-cp", "-mno-fp-ret-in-387", "-flto=auto", "-flto", "-fcf-protection",
            "-fcf-protection=full", "-fno-stack-clash-protection", "-fmerge-constants",
            "-fno-merge-constants", "-mindirect-branch-cs-prefix", "-fno-var-tracking",
            "-fconstexpr-depth=100", "-fsched-interblock", "-fno-strict-aliasing", "-fno-common"]
    db, entry = entry_for(tmp_path, ["gcc", *kept])
    assert entry.arguments == tuple(kept)
    assert db.warnings == []


def test_gcc_only_table_is_sorted_and_examples_match_their_pattern() -> None:
    patterns = [pattern for pattern, _ in compdb.GCC_ONLY_FLAGS]
    assert patterns == sorted(patterns)
    assert len(set(patterns)) == len(patterns)
    for pattern, example in compdb.GCC_ONLY_FLAGS:
        assert compdb._is_gcc_only(example), pattern
        if pattern.endswith("*"):
            assert example.startswith(pattern[:-1])
        else:
            assert example == pattern


# ---------------------------------------------------------------------------
# security: nothing may load code into the analyzer
# ---------------------------------------------------------------------------

UNSAFE_ARGS = [
    "-load", "/evil/a.so",
    "-load=/evil/b.so",
    "-fplugin=/evil/c.so",
    "-fplugin", "/evil/d.so",
    "-fplugin-arg-evil-key=value",
    "-fpass-plugin=/evil/e.so",
    "-fpass-plugin", "/evil/f.so",
    "-Xclang", "-load", "-Xclang", "/evil/g.so",
    "-Xclang", "-load=/evil/h.so",
    "-Xclang", "-plugin", "-Xclang", "evil",
    "-Xclang", "-add-plugin", "-Xclang", "evil",
    "-Xclang", "-plugin-arg-evil", "-Xclang", "key=value",
    "-Xclang", "-fpass-plugin=/evil/i.so",
    "-Xclang=-load", "-Xclang=/evil/j.so",
    "-Wp,-load,/evil/k.so",
    "-Xpreprocessor", "-load", "-Xpreprocessor", "/evil/l.so",
    "-mllvm", "-load=/evil/m.so",
    "-mllvm", "--load-pass-plugin=/evil/n.so",
    "--config=/evil/o.cfg",
    "--config", "/evil/p.cfg",
    "--config-user-dir=/evil",
]


def test_plugin_and_load_flags_never_reach_arguments(tmp_path: Path) -> None:
    (tmp_path / "more.rsp").write_text("-fplugin=/evil/rsp.so -Xclang -load -Xclang /evil/rsp2.so")
    db, entry = entry_for(tmp_path, [
        "clang", "-DKEEP1", *UNSAFE_ARGS, "@more.rsp", "-Xclang", "-fno-pch-timestamp",
        "-mllvm", "-inline-threshold=100", "-DKEEP2"])
    assert entry.arguments == (
        "-DKEEP1", "-Xclang", "-fno-pch-timestamp", "-mllvm", "-inline-threshold=100", "-DKEEP2")
    for arg in entry.arguments:
        for word in UNSAFE_WORDS:
            assert word not in arg, arg
    reason = "compile databases may not load code into the analyzer"
    dropped = [
        "-load /evil/a.so", "-load=/evil/b.so", "-fplugin=/evil/c.so", "-fplugin /evil/d.so",
        "-fplugin-arg-evil-key=value", "-fpass-plugin=/evil/e.so", "-fpass-plugin /evil/f.so",
        "-Xclang -load -Xclang /evil/g.so", "-Xclang -load=/evil/h.so", "-Xclang -plugin -Xclang evil",
        "-Xclang -add-plugin -Xclang evil", "-Xclang -plugin-arg-evil -Xclang key=value",
        "-Xclang -fpass-plugin=/evil/i.so", "-Xclang=-load -Xclang=/evil/j.so", "-Wp,-load,/evil/k.so",
        "-Xpreprocessor -load -Xpreprocessor /evil/l.so", "-mllvm -load=/evil/m.so",
        "-mllvm --load-pass-plugin=/evil/n.so", "--config=/evil/o.cfg", "--config /evil/p.cfg",
        "--config-user-dir=/evil", "-fplugin=/evil/rsp.so", "-Xclang -load -Xclang /evil/rsp2.so",
    ]
    file = str(tmp_path / "a.c")
    assert db.warnings == [f"entry 0 ({file}): dropped '{d}': {reason}" for d in dropped]


def test_plugin_warning_names_entry_and_file(tmp_path: Path) -> None:
    source(tmp_path / "src" / "a.cpp")
    entry = {"directory": str(tmp_path), "file": "src/a.cpp", "arguments": ["c++", "-fplugin=/x/y.so", "src/a.cpp"]}
    db = load(tmp_path, [1, 2, 3, entry])
    assert only_entry(db).arguments == ()
    assert db.warnings[-1] == (
        "entry 3 (src/a.cpp): dropped '-fplugin=/x/y.so': compile databases may not load code into the analyzer")


def test_every_unsafe_flag_is_dropped_from_every_entry(tmp_path: Path) -> None:
    entries = []
    for i in range(3):
        source(tmp_path / f"f{i}.cc")
        entries.append({"directory": str(tmp_path), "file": f"f{i}.cc",
                        "command": " ".join(["ccache", "c++", *UNSAFE_ARGS, f"f{i}.cc"])})
    db = load(tmp_path, entries)
    assert [e.arguments for e in db.entries] == [(), (), ()]
    assert len(db.warnings) == 3 * 21


# ---------------------------------------------------------------------------
# languages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "language"), [
    ("a.c", "c"), ("a.i", "c"), ("a.h", "c"),
    ("a.cc", "c++"), ("a.cpp", "c++"), ("a.cxx", "c++"), ("a.c++", "c++"), ("a.C", "c++"),
    ("a.hpp", "c++"), ("a.hh", "c++"), ("a.cu", "c++"),
])
def test_language_from_extension(tmp_path: Path, name: str, language: str) -> None:
    _, entry = entry_for(tmp_path, ["cc", "-DX"], name)
    assert entry.language == language
    assert entry.arguments == ("-DX",)


def test_header_is_cxx_when_std_says_so_and_gets_x_flag(tmp_path: Path) -> None:
    _, entry = entry_for(tmp_path, ["c++", "-std=c++17"], "a.h")
    assert entry.language == "c++"
    assert entry.arguments == ("-x", "c++-header", "-std=c++17")


def test_header_stays_c_with_c_std(tmp_path: Path) -> None:
    _, entry = entry_for(tmp_path, ["cc", "-std=gnu11"], "a.h")
    assert entry.language == "c"
    assert entry.arguments == ("-std=gnu11",)


@pytest.mark.parametrize(("x_args", "name", "language"), [
    (["-x", "c++"], "a.c", "c++"),
    (["-xc++"], "a.c", "c++"),
    (["-x", "c"], "a.cpp", "c"),
    (["-xc"], "a.cc", "c"),
    (["-x", "c-header"], "a.h", "c"),
    (["-x", "c++-header"], "a.h", "c++"),
    (["-x", "c++-header", "-std=c11"], "a.h", "c++"),
    (["-x", "c++", "-x", "c"], "a.c", "c"),
    (["-x", "c++", "-x", "none"], "a.c", "c"),
])
def test_x_flag_sets_language_and_is_kept(tmp_path: Path, x_args: list[str], name: str, language: str) -> None:
    _, entry = entry_for(tmp_path, ["clang", *x_args], name)
    assert entry.language == language
    assert entry.arguments == tuple(x_args)


@pytest.mark.parametrize(("args", "name", "message"), [
    (["-x", "objective-c"], "a.c", "unsupported language 'objective-c'"),
    (["-xobjective-c++"], "a.cpp", "unsupported language 'objective-c++'"),
    (["-x", "objective-c-header"], "a.h", "unsupported language 'objective-c-header'"),
    ([], "a.m", "unsupported language 'objective-c'"),
    ([], "a.mm", "unsupported language 'objective-c++'"),
    ([], "a.S", "unsupported language 'assembler-with-cpp'"),
    ([], "a.f90", "unsupported language (unknown file extension '.f90')"),
])
def test_unsupported_languages_are_skipped(tmp_path: Path, args: list[str], name: str, message: str) -> None:
    src = source(tmp_path / name)
    db = load(tmp_path, [{"directory": str(tmp_path), "file": name, "arguments": ["clang", *args, str(src)]}])
    assert db.entries == []
    assert db.warnings == [f"entry 0 ({name}): {message}"]


# ---------------------------------------------------------------------------
# duplicates
# ---------------------------------------------------------------------------


def test_duplicate_entries_are_analyzed_once_first_wins(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    source(tmp_path / "b.c")
    (tmp_path / "sub").mkdir()
    db = load(tmp_path, [
        {"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "-DFIRST", "a.c"]},
        {"directory": str(tmp_path), "file": "b.c", "arguments": ["cc", "b.c"]},
        {"directory": str(tmp_path / "sub"), "file": "../a.c", "arguments": ["cc", "-DSECOND", "../a.c"]},
        {"directory": str(tmp_path), "file": str(tmp_path / "a.c"), "command": "cc -DTHIRD a.c"},
    ])
    assert [(e.index, e.arguments) for e in db.entries] == [(0, ("-DFIRST",)), (1, ())]
    assert db.warnings == ["skipped 2 duplicate entries (same source file as an earlier entry)"]


def test_duplicate_of_a_skipped_entry_is_used(tmp_path: Path) -> None:
    source(tmp_path / "a.c")
    db = load(tmp_path, [
        {"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "@gone.rsp", "a.c"]},
        {"directory": str(tmp_path), "file": "a.c", "arguments": ["cc", "-DSECOND", "a.c"]},
    ])
    assert only_entry(db).arguments == ("-DSECOND",)
    assert only_entry(db).index == 1
    assert db.warnings == ["entry 0 (a.c): response file 'gone.rsp' not found"]


# ---------------------------------------------------------------------------
# bad input: fatal database problems
# ---------------------------------------------------------------------------


def test_missing_path_is_fatal(tmp_path: Path) -> None:
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(tmp_path / "nope"))
    assert str(info.value) == f"no compile_commands.json found: {tmp_path / 'nope'} does not exist"


def test_directory_without_database_is_fatal(tmp_path: Path) -> None:
    (tmp_path / "notbuild").mkdir()
    write_db(tmp_path / "notbuild", [])
    (tmp_path / "build").mkdir()
    with pytest.raises(CompileDatabaseError) as info:
        find_database(str(tmp_path))
    assert str(info.value) == (
        f"no compile_commands.json found in {tmp_path} (looked in {tmp_path}, {tmp_path}/build*)")


def test_unreadable_database_is_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_db(tmp_path, [])

    def denied(self: pathlib.Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(pathlib.Path, "read_bytes", denied)
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(path))
    assert str(info.value) == f"cannot read {path}: permission denied"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_database_file_mode_is_fatal(tmp_path: Path) -> None:
    path = write_db(tmp_path, [])
    path.chmod(0)
    try:
        with pytest.raises(CompileDatabaseError, match="permission denied"):
            load_database(str(path))
    finally:
        path.chmod(0o644)


def test_malformed_json_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "compile_commands.json"
    path.write_text('[\n {"directory": "/x",\n  "file": "a.c" "command": "cc a.c"}\n]\n')
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(tmp_path))
    assert str(info.value) == f"{path}:3:17: malformed JSON: Expecting ',' delimiter"


def test_database_that_is_not_utf8_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "compile_commands.json"
    path.write_bytes(b'[{"file": "\xff"}]')
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(path))
    assert str(info.value) == f"{path}: not valid UTF-8 text"


@pytest.mark.parametrize(("value", "kind"), [
    ({"directory": "/", "file": "a.c", "command": "cc a.c"}, "an object"),
    ("compile", "a string"),
    (3, "a number"),
    (None, "null"),
])
def test_top_level_must_be_a_list(tmp_path: Path, value: object, kind: str) -> None:
    path = write_db(tmp_path, value)
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(path))
    assert str(info.value) == f"{path}: expected a JSON list of compile commands, got {kind}"


def test_fatal_messages_are_one_line(tmp_path: Path) -> None:
    weird = tmp_path / "odd\nname"
    with pytest.raises(CompileDatabaseError) as info:
        load_database(str(weird))
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------
# bad input: one bad entry is skipped, the run goes on
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("entry", "message"), [
    ("a.c", "entry 0: not an object"),
    (["cc", "a.c"], "entry 0: not an object"),
    ({"directory": "{dir}", "arguments": ["cc", "a.c"]}, 'entry 0: missing "file"'),
    ({"file": "a.c", "arguments": ["cc", "a.c"]}, 'entry 0: missing "directory"'),
    ({"directory": "{dir}", "file": "", "arguments": ["cc"]}, 'entry 0: "file" must be a non-empty string'),
    ({"directory": 7, "file": "a.c", "arguments": ["cc"]}, 'entry 0: "directory" must be a non-empty string'),
    ({"directory": "{dir}", "file": "a.c"}, 'entry 0 (a.c): missing "arguments" or "command"'),
    ({"directory": "{dir}", "file": "a.c", "arguments": "cc a.c"},
     'entry 0 (a.c): "arguments" must be a list of strings'),
    ({"directory": "{dir}", "file": "a.c", "arguments": ["cc", 3, "a.c"]},
     'entry 0 (a.c): "arguments" must be a list of strings'),
    ({"directory": "{dir}", "file": "a.c", "command": ["cc", "a.c"]}, 'entry 0 (a.c): "command" must be a string'),
    ({"directory": "{dir}", "file": "a.c", "command": "cc -DX='a.c"}, 'entry 0 (a.c): unbalanced quotes in "command"'),
    ({"directory": "{dir}", "file": "a.c", "arguments": []}, "entry 0 (a.c): empty command"),
    ({"directory": "{dir}", "file": "missing.c", "arguments": ["cc", "missing.c"]},
     "entry 0 (missing.c): source file not found"),
    ({"directory": "{dir}/gone", "file": "{dir}/a.c", "arguments": ["cc", "a.c"]},
     "entry 0 ({dir}/a.c): directory '{dir}/gone' not found"),
])
def test_bad_entry_is_skipped_with_one_line_warning(tmp_path: Path, entry: object, message: str) -> None:
    source(tmp_path / "a.c")
    source(tmp_path / "good.c")
    entry = json.loads(json.dumps(entry).replace("{dir}", str(tmp_path)))
    good = {"directory": str(tmp_path), "file": "good.c", "arguments": ["cc", "-DGOOD", "good.c"]}
    db = load(tmp_path, [entry, good])
    assert [(e.index, e.arguments) for e in db.entries] == [(1, ("-DGOOD",))]
    assert db.warnings == [message.replace("{dir}", str(tmp_path))]


def test_warning_stays_one_line_for_odd_file_names(tmp_path: Path) -> None:
    db = load(tmp_path, [{"directory": str(tmp_path), "file": "a\nb.c", "arguments": ["cc", "a\nb.c"]}])
    assert db.warnings == ["entry 0 (a\\nb.c): source file not found"]


def test_empty_database_is_not_an_error(tmp_path: Path) -> None:
    db = load(tmp_path, [])
    assert db.entries == [] and db.warnings == []


def test_database_with_only_bad_entries_is_not_an_error(tmp_path: Path) -> None:
    db = load(tmp_path, [1, {"file": "a.c"}])
    assert db.entries == []
    assert db.warnings == ["entry 0: not an object", 'entry 1: missing "directory"']


def test_loading_is_deterministic(tmp_path: Path) -> None:
    entries = []
    for i in range(5):
        source(tmp_path / f"f{i}.c")
        entries.append({"directory": str(tmp_path), "file": f"f{i}.c",
                        "arguments": ["gcc", "-fconserve-stack", f"-fno-tree-pass{i}", "-fplugin=/p.so", f"f{i}.c"]})
    entries.append({"directory": str(tmp_path), "file": "f0.c", "arguments": ["gcc", "f0.c"]})
    path = write_db(tmp_path / "build", entries)
    first, second = load_database(str(path)), load_database(str(path))
    assert first == second
    assert first.warnings[-1] == "skipped 1 duplicate entry (same source file as an earlier entry)"


# ---------------------------------------------------------------------------
# find_database
# ---------------------------------------------------------------------------


def test_find_database_accepts_the_json_file_itself(tmp_path: Path) -> None:
    path = tmp_path / "custom.json"
    path.write_text("[]")
    assert find_database(str(path)) == str(path)


def test_find_database_accepts_a_build_directory(tmp_path: Path) -> None:
    path = write_db(tmp_path / "out", [])
    assert find_database(str(tmp_path / "out")) == str(path)


def test_find_database_returns_an_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_db(tmp_path / "out", [])
    monkeypatch.chdir(tmp_path)
    assert find_database("out") == str(path)
    assert find_database("out/compile_commands.json") == str(path)


def test_find_database_looks_in_build_children_of_a_source_tree(tmp_path: Path) -> None:
    source(tmp_path / "src" / "a.c")
    path = write_db(tmp_path / "build", [])
    assert find_database(str(tmp_path)) == str(path)


def test_find_database_prefers_the_directory_itself(tmp_path: Path) -> None:
    own = write_db(tmp_path, [])
    write_db(tmp_path / "build", [])
    assert find_database(str(tmp_path)) == str(own)


def test_find_database_picks_sorted_first_build_dir_and_load_warns(tmp_path: Path) -> None:
    write_db(tmp_path / "build-release", [])
    debug = write_db(tmp_path / "build-debug", [])
    (tmp_path / "build").mkdir()  # no database inside: not a candidate
    write_db(tmp_path / "other", [])
    assert find_database(str(tmp_path)) == str(debug)
    db = load_database(str(tmp_path))
    assert db.path == str(debug)
    assert db.warnings == [
        "several build directories hold a compile_commands.json (build-debug, build-release); "
        f"using {debug}"]


def test_compdb_does_not_import_libclang() -> None:
    text = Path(compdb.__file__).read_text()
    assert "import clang" not in text and "from clang" not in text


# ---------------------------------------------------------------------------
# end to end with real libclang
# ---------------------------------------------------------------------------


def test_sanitized_arguments_parse_with_libclang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cindex = pytest.importorskip("clang.cindex")
    clang_tidy = pytest.importorskip("clang_tidy")
    resource_dir = str(Path(clang_tidy.__file__).parent / "data/lib/clang/18")
    source(tmp_path / "include" / "config.h", "#define ANSWER 42\n")
    source(tmp_path / "src" / "main.cpp",
           '#include "config.h"\n#include <stddef.h>\n'
           "template <class T> T twice(T v) { return v * 2; }\n"
           "int main() { size_t n = sizeof(int); return twice(ANSWER) + static_cast<int>(n) + FROM_RSP; }\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "flags.rsp").write_text("-DFROM_RSP=1 -fno-tree-vrp")
    gcc_only = [example for _, example in compdb.GCC_ONLY_FLAGS]
    command = [
        "/usr/bin/ccache", "/usr/bin/g++", "-std=gnu++17", "-I../include", "-O2", "-Wall", "-Werror",
        "-fdiagnostics-color=always", "-pipe", "-save-temps=obj", "-MD", "-MT", "main.o", "-MF", "main.d",
        "-Wp,-MMD,main2.d", "-Wno-maybe-uninitialized", "-fno-stack-clash-protection", "-fcf-protection",
        *gcc_only, *UNSAFE_ARGS, "@flags.rsp", "-c", "-o", "main.o", "../src/main.cpp",
    ]
    write_db(tmp_path / "build", [{"directory": ".", "file": "../src/main.cpp", "arguments": command}])
    db = load_database(str(tmp_path / "build"))
    entry = only_entry(db)
    assert entry.language == "c++"
    assert not set(gcc_only) & set(entry.arguments)

    index = cindex.Index.create()
    monkeypatch.chdir(entry.directory)
    tu = index.parse(entry.file, args=[*entry.arguments, "-resource-dir", resource_dir])
    errors = [d.spelling for d in tu.diagnostics if d.severity >= cindex.Diagnostic.Error]
    assert errors == []
    # The dropped output and dependency-file flags wrote nothing.
    assert sorted(os.listdir(entry.directory)) == ["compile_commands.json", "flags.rsp"]

    # Each dropped GCC-only example really is an error for clang 18, so the
    # table drops nothing clang would have accepted.
    probe = source(tmp_path / "probe.c", "int main(void) { return 0; }\n")
    for flag in gcc_only:
        try:
            probe_tu = index.parse(str(probe), args=[flag, "-resource-dir", resource_dir])
        except cindex.TranslationUnitLoadError:
            continue
        assert any(d.severity >= cindex.Diagnostic.Error for d in probe_tu.diagnostics), flag


def test_gcc_warning_options_print_nothing_per_tu(tmp_path: Path) -> None:
    """clang does not know -Wlogical-op and friends; libclang would say so on stderr for every TU."""
    from helpers import run_cli

    entries = []
    for i in range(3):
        source(tmp_path / f"f{i}.c")
        entries.append({"directory": str(tmp_path), "file": f"f{i}.c",
                        "arguments": ["gcc", "-Wlogical-op", "-Wduplicated-cond", "-Wuseless-cast", "-c", f"f{i}.c"]})
    (tmp_path / "compile_commands.json").write_text(json.dumps(entries))
    result = run_cli("analyze", str(tmp_path), "--no-cache", "-j", "1")
    assert result.returncode in (0, 1), result.stderr
    assert "unknown warning option" not in result.stderr
    assert load(tmp_path, entries).entries[0].arguments == ("-Wlogical-op", "-Wduplicated-cond", "-Wuseless-cast")
