"""Load a compile_commands.json and turn each entry into clang arguments.

Compile databases come from build systems that target GCC, use compiler
wrappers and write side files (objects, dependency files). libclang only
needs the flags that change how a file is parsed, and must never be told to
write files, fail on warnings, or load code. This module does that
translation as pure data handling: it never imports libclang, so it can be
used (and tested) without it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

DATABASE_NAME = "compile_commands.json"


class CompileDatabaseError(Exception):
    """A fatal problem with the database itself; str(e) is one line for the user."""


@dataclass(frozen=True)
class CompileEntry:
    """One translation unit, ready for libclang."""

    file: str
    directory: str
    arguments: tuple[str, ...]
    language: str
    index: int
    target: str = ""  # the build target it belongs to, where the output path says (CMake)


@dataclass(frozen=True)
class MissingGenerated:
    """A TU lost because a file the build generates is not there yet: configured, not built."""

    file: str  # the TU's source file
    missing: str  # the generated file: the source itself, or a header it includes
    autogen: tuple[str, ...] = ()  # CMake's per-target autogen targets that would make it


@dataclass
class LoadedDatabase:
    """Usable entries plus what the user should be told about the rest."""

    path: str
    entries: list[CompileEntry]
    warnings: list[str]
    missing_generated: list[MissingGenerated] = field(default_factory=list)  # entries whose source is build output


# Build output a configure step does not make: Qt's moc/uic/rcc (AUTOMOC, AUTOUIC, AUTORCC and
# qt_wrap_*), protobuf's. A TU that needs one is lost until the project is built once.
_GENERATED_NAME = re.compile(
    r"(^|/)(ui_[^/]+\.h|moc_[^/]+\.(cpp|h)|[^/]+\.moc|qrc_[^/]+\.cpp|mocs_compilation[^/]*\.cpp|[^/]+\.pb\.(h|cc))$")
_AUTOGEN_DIR = re.compile(r"(?:^|/)([^/]+_autogen)(?:/|$)")
_QT_GENERATED = re.compile(r"(^|/)(ui_|moc_|qrc_|mocs_compilation)|\.moc$|_autogen(/|$)")


def generated_file(path: str) -> bool:
    """Whether a file name is build output (moc/uic/rcc, protobuf, anything under CMake's *_autogen/)."""
    path = path.replace("\\", "/")
    return bool(_GENERATED_NAME.search(path) or _AUTOGEN_DIR.search(os.path.dirname(path)))


def qt_generated(path: str) -> bool:
    """Whether a generated file is moc, uic or rcc output."""
    return bool(_QT_GENERATED.search(path.replace("\\", "/")))


def autogen_targets(texts: Iterable[str]) -> tuple[str, ...]:
    """The CMake `<target>_autogen` targets named by these paths or arguments (`-I…/app_autogen/include`)."""
    found = {m.group(1) for text in texts for m in _AUTOGEN_DIR.finditer(text.replace("\\", "/"))}
    return tuple(sorted(found))


# ---------------------------------------------------------------------------
# Flag tables
# ---------------------------------------------------------------------------

# GCC-only flags that clang 18 rejects with an error ("unknown argument" or
# "unsupported option ... for target"), so a TU carrying them fails to parse.
# Each row is (pattern, example); a pattern ending in '*' matches by prefix,
# otherwise exactly. Every example was checked against libclang 18.1.1, and
# tests/test_compdb.py re-checks them so a clang upgrade that starts accepting
# a flag is noticed. Flags clang accepts, even with an "optimization flag is
# not supported" or "unknown warning option" warning (-fno-tree-vrp,
# -fmerge-constants, -Wno-maybe-uninitialized, -mno-fp-ret-in-387,
# -flto=auto, -fcf-protection, -fno-stack-clash-protection...), are kept.
# Sorted by pattern.
GCC_ONLY_FLAGS: tuple[tuple[str, str], ...] = (
    ("-fabi-version=*", "-fabi-version=11"),
    ("-fallow-parameterless-variadic-functions", "-fallow-parameterless-variadic-functions"),
    ("-fallow-store-data-races", "-fallow-store-data-races"),
    ("-fcallgraph-info*", "-fcallgraph-info=su"),
    ("-fcilkplus", "-fcilkplus"),
    ("-fcode-hoisting", "-fcode-hoisting"),
    ("-fcompare-debug*", "-fcompare-debug-second"),
    ("-fconcepts", "-fconcepts"),
    ("-fconcepts-diagnostics-depth=*", "-fconcepts-diagnostics-depth=3"),
    ("-fconcepts-ts", "-fconcepts-ts"),
    ("-fconserve-stack", "-fconserve-stack"),
    ("-fconstexpr-loop-limit=*", "-fconstexpr-loop-limit=100"),
    ("-fconstexpr-ops-limit=*", "-fconstexpr-ops-limit=100"),
    ("-fcontracts", "-fcontracts"),
    ("-fcrossjumping", "-fcrossjumping"),
    ("-fdevirtualize-at-ltrans", "-fdevirtualize-at-ltrans"),
    ("-fdiagnostics-column-unit=*", "-fdiagnostics-column-unit=byte"),
    ("-fdiagnostics-generate-patch", "-fdiagnostics-generate-patch"),
    ("-fdiagnostics-path-format=*", "-fdiagnostics-path-format=none"),
    ("-fdiagnostics-urls*", "-fdiagnostics-urls=never"),
    ("-fdump-*", "-fdump-tree-all"),  # clang's own -fdump-* need -Xclang
    ("-fearly-inlining", "-fearly-inlining"),
    ("-fext-numeric-literals", "-fext-numeric-literals"),
    ("-fgnu-tm", "-fgnu-tm"),
    ("-fif-conversion", "-fif-conversion"),
    ("-fimplicit-constexpr", "-fimplicit-constexpr"),
    ("-fipa-*", "-fipa-pta"),  # except -fipa-cp, see _CLANG_ACCEPTS
    ("-fira-*", "-fira-loop-pressure"),
    ("-fisolate-erroneous-paths-*", "-fisolate-erroneous-paths-dereference"),
    ("-fkeep-static-functions", "-fkeep-static-functions"),
    ("-flive-range-shrinkage", "-flive-range-shrinkage"),
    ("-flto-compression-level=*", "-flto-compression-level=3"),
    ("-flto-partition=*", "-flto-partition=none"),
    ("-fmax-include-depth=*", "-fmax-include-depth=100"),
    ("-fmin-function-alignment=*", "-fmin-function-alignment=16"),
    ("-fmodules-ts", "-fmodules-ts"),
    ("-fnew-inheriting-ctors", "-fnew-inheriting-ctors"),
    ("-fno-aggressive-loop-optimizations", "-fno-aggressive-loop-optimizations"),
    ("-fno-allow-store-data-races", "-fno-allow-store-data-races"),
    ("-fno-canonical-system-headers", "-fno-canonical-system-headers"),
    ("-fno-code-hoisting", "-fno-code-hoisting"),
    ("-fno-crossjumping", "-fno-crossjumping"),
    ("-fno-cse-follow-jumps", "-fno-cse-follow-jumps"),
    ("-fno-diagnostics-show-caret", "-fno-diagnostics-show-caret"),
    ("-fno-diagnostics-show-cwe", "-fno-diagnostics-show-cwe"),
    ("-fno-diagnostics-show-labels", "-fno-diagnostics-show-labels"),
    ("-fno-dse", "-fno-dse"),
    ("-fno-early-inlining", "-fno-early-inlining"),
    ("-fno-enforce-eh-specs", "-fno-enforce-eh-specs"),
    ("-fno-ext-numeric-literals", "-fno-ext-numeric-literals"),
    ("-fno-fp-int-builtin-inexact", "-fno-fp-int-builtin-inexact"),
    ("-fno-gnu-unique", "-fno-gnu-unique"),
    ("-fno-guess-branch-probability", "-fno-guess-branch-probability"),
    ("-fno-if-conversion", "-fno-if-conversion"),
    ("-fno-implicit-inline-templates", "-fno-implicit-inline-templates"),
    ("-fno-ipa-*", "-fno-ipa-sra"),  # except -fno-ipa-cp, see _CLANG_ACCEPTS
    ("-fno-ira-*", "-fno-ira-share-save-slots"),
    ("-fno-keep-inline-dllexport", "-fno-keep-inline-dllexport"),
    ("-fno-lifetime-dse", "-fno-lifetime-dse"),
    ("-fno-nonansi-builtins", "-fno-nonansi-builtins"),
    ("-fno-nonnull-objects", "-fno-nonnull-objects"),
    ("-fno-optimize-strlen", "-fno-optimize-strlen"),
    ("-fno-partial-inlining", "-fno-partial-inlining"),
    ("-fno-peephole2", "-fno-peephole2"),
    ("-fno-printf-return-value", "-fno-printf-return-value"),
    ("-fno-reorder-blocks-and-partition", "-fno-reorder-blocks-and-partition"),
    ("-fno-reorder-functions", "-fno-reorder-functions"),
    ("-fno-sched-*", "-fno-sched-interblock"),
    ("-fno-shrink-wrap", "-fno-shrink-wrap"),
    ("-fno-ssa-phiopt", "-fno-ssa-phiopt"),
    ("-fno-store-merging", "-fno-store-merging"),
    ("-fno-strict-volatile-bitfields", "-fno-strict-volatile-bitfields"),
    ("-fno-toplevel-reorder", "-fno-toplevel-reorder"),
    ("-fno-tree-*", "-fno-tree-loop-im"),  # except a few, see _CLANG_ACCEPTS
    ("-fno-use-cxa-get-exception-ptr", "-fno-use-cxa-get-exception-ptr"),
    ("-fno-var-tracking-assignments*", "-fno-var-tracking-assignments"),
    ("-fno-weak", "-fno-weak"),
    ("-fnothrow-opt", "-fnothrow-opt"),
    ("-fopt-info*", "-fopt-info-vec"),
    ("-foptimize-strlen", "-foptimize-strlen"),
    ("-fpeephole2", "-fpeephole2"),
    ("-fplan9-extensions", "-fplan9-extensions"),
    ("-fpredictive-commoning", "-fpredictive-commoning"),
    ("-fprintf-return-value", "-fprintf-return-value"),
    ("-fprofile-partial-training", "-fprofile-partial-training"),
    ("-fprofile-reorder-functions", "-fprofile-reorder-functions"),
    ("-freorder-blocks-and-partition", "-freorder-blocks-and-partition"),
    ("-frepo", "-frepo"),
    ("-fsched-*", "-fsched-pressure"),
    ("-fsched2-*", "-fsched2-use-superblocks"),
    ("-fschedule-fusion", "-fschedule-fusion"),
    ("-fsel-sched-*", "-fsel-sched-pipelining"),
    ("-fselective-scheduling*", "-fselective-scheduling2"),
    ("-fsimd-cost-model=*", "-fsimd-cost-model=cheap"),
    ("-fsplit-paths", "-fsplit-paths"),
    ("-fssa-backprop", "-fssa-backprop"),
    ("-fsso-struct=*", "-fsso-struct=big-endian"),
    ("-fstack-reuse=*", "-fstack-reuse=none"),
    ("-fstrict-volatile-bitfields", "-fstrict-volatile-bitfields"),
    ("-fstrong-eval-order*", "-fstrong-eval-order=all"),
    ("-ftrack-macro-expansion*", "-ftrack-macro-expansion=0"),
    ("-ftree-*", "-ftree-loop-distribute-patterns"),  # except a few, see _CLANG_ACCEPTS
    ("-fvar-tracking*", "-fvar-tracking-assignments"),
    ("-fvect-cost-model=*", "-fvect-cost-model=cheap"),
    ("-gno-variable-location-views", "-gno-variable-location-views"),
    ("-gvariable-location-views*", "-gvariable-location-views=incompat5"),
    ("-mindirect-branch-register", "-mindirect-branch-register"),
    ("-mindirect-branch=*", "-mindirect-branch=thunk-extern"),  # not -mindirect-branch-cs-prefix
    ("-mno-direct-extern-access", "-mno-direct-extern-access"),
    ("-mpc-relative-literal-loads", "-mpc-relative-literal-loads"),
    ("-mpreferred-stack-boundary=*", "-mpreferred-stack-boundary=3"),
    ("-mrecord-mcount", "-mrecord-mcount"),
)

# Members of the wildcard families above that clang 18 does accept (as real
# flags or as ignored GCC optimization flags); they are kept.
# Found by checking every GCC 12 flag in those families and every option name
# in libclang.so that falls into one.
_CLANG_ACCEPTS = frozenset({
    "-fdump-fortran-optimized", "-fdump-fortran-original", "-fdump-parse-tree",
    "-fipa-cp", "-fno-ipa-cp",
    "-fsched-interblock",
    "-ftree-dce", "-fno-tree-dce",
    "-ftree-salias", "-fno-tree-salias",
    "-ftree-slp-vectorize", "-fno-tree-slp-vectorize",
    "-ftree-ter", "-fno-tree-ter",
    "-ftree-vectorize", "-fno-tree-vectorize",
    "-ftree-vectorizer-verbose", "-fno-tree-vectorizer-verbose",
    "-ftree-vrp", "-fno-tree-vrp",
})

_GCC_ONLY_EXACT = frozenset(p for p, _ in GCC_ONLY_FLAGS if not p.endswith("*"))
_GCC_ONLY_PREFIXES = tuple(p[:-1] for p, _ in GCC_ONLY_FLAGS if p.endswith("*"))

# Build-system wrappers that run the real compiler named after them.
_WRAPPERS = frozenset({"ccache", "distcc", "icecc", "sccache"})

# Flags whose value is the next argument. Keeping the pair together stops a
# value from being mistaken for the source file or for a flag of its own.
_SEPARATE_VALUE = frozenset({
    "--output", "--param", "--sysroot", "-B", "-D", "-F", "-I", "-L", "-MF",
    "-MJ", "-MQ", "-MT", "-U", "-arch", "-cxx-isystem", "-idirafter",
    "-iframework", "-imacros", "-include", "-include-pch", "-iprefix",
    "-iquote", "-isysroot", "-isystem", "-isystem-after", "-ivfsoverlay",
    "-iwithprefix", "-iwithprefixbefore", "-o", "-target", "-x",
})

# Flags that hand their next argument to another tool (cc1, LLVM, ...).
_FORWARDERS = frozenset({
    "-Xanalyzer", "-Xarch_device", "-Xarch_host", "-Xassembler", "-Xclang",
    "-Xcuda-fatbinary", "-Xcuda-ptxas", "-Xlinker", "-Xoffload-linker",
    "-Xopenmp-target", "-Xpreprocessor", "-mllvm",
})
_FORWARDER_PREFIXES = ("-Xarch_", "-Xoffload-linker-", "-Xopenmp-target=")

# Comma-list pass-through flags (-Wp,-load,x.so reaches cc1 as-is).
_COMMA_FORWARDERS = ("-Wa,", "-Wl,", "-Wp,")

# Option names (leading dashes and '=value' removed) that load code into the
# compiler (plugins, LLVM passes) or pull in arguments we never see (config
# files). Matched on every argument, including forwarded ones.
_UNSAFE_NAMES = frozenset({
    "add-plugin", "fpass-plugin", "fplugin", "load", "load-pass-plugin", "plugin",
})
_UNSAFE_PREFIXES = ("config", "fplugin-arg-", "plugin-arg-")
# Unsafe names whose value is the next argument when written without '='.
_UNSAFE_WITH_VALUE_PREFIXES = ("config", "plugin-arg-")

_DEPFILE_FLAGS = frozenset({
    "--write-dependencies", "--write-user-dependencies",
    "-M", "-MD", "-MG", "-MM", "-MMD", "-MP", "-MV",
})
_DEPFILE_JOINED = ("-MF", "-MJ", "-MQ", "-MT")
_OUTPUT_STYLE_FLAGS = frozenset({
    "-fansi-escape-codes", "-fcolor-diagnostics", "-fno-color-diagnostics",
})
_OUTPUT_STYLE_PREFIXES = (
    "-fdiagnostics-color", "-fdiagnostics-format", "-fno-diagnostics-color",
)

# -x values: the analyzer's language, or None for "parsed, but unsupported".
_X_LANGUAGES: dict[str, str] = {
    "c": "c", "c-header": "c", "cpp-output": "c", "c-cpp-output": "c",
    "c++": "c++", "c++-header": "c++", "c++-cpp-output": "c++",
    "c++-module": "c++", "c++-system-header": "c++", "c++-user-header": "c++",
    "cuda": "c++", "hip": "c++",
}
_EXTENSION_LANGUAGES: dict[str, str] = {
    ".c": "c", ".i": "c",
    ".C": "c++", ".CPP": "c++", ".c++": "c++", ".cc": "c++", ".cp": "c++",
    ".cpp": "c++", ".cppm": "c++", ".cu": "c++", ".cxx": "c++", ".hip": "c++",
    ".ii": "c++", ".ixx": "c++",
    ".H": "c++", ".h++": "c++", ".hh": "c++", ".hpp": "c++", ".hxx": "c++",
    ".inl": "c++", ".ipp": "c++", ".tcc": "c++",
}
# Extensions clang knows but the analyzer does not handle.
_UNSUPPORTED_EXTENSIONS: dict[str, str] = {
    ".M": "objective-c++", ".S": "assembler-with-cpp", ".m": "objective-c",
    ".mm": "objective-c++", ".s": "assembler", ".sx": "assembler-with-cpp",
}
_MAX_RESPONSE_DEPTH = 32


class _SkipEntry(Exception):
    """Internal: the one-line reason why an entry cannot be analyzed."""


@dataclass
class _Sanitized:
    """Arguments left after sanitizing, and what was removed worth reporting."""

    arguments: list[str]
    gcc_only: list[str]
    unsafe: list[list[str]]


# ---------------------------------------------------------------------------
# Finding and reading the database
# ---------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Escape line breaks so every message stays on one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _locate(path: str) -> tuple[str, list[str]]:
    """find_database, plus a warning when several build dirs competed."""
    root = os.path.abspath(path)
    if not os.path.exists(root):
        raise CompileDatabaseError(_one_line(f"no compile_commands.json found: {root} does not exist"))
    if os.path.isfile(root):
        return root, []
    direct = os.path.join(root, DATABASE_NAME)
    if os.path.isfile(direct):
        return direct, []
    candidates = [
        os.path.join(root, name, DATABASE_NAME)
        for name in sorted(os.listdir(root))
        if name.startswith("build") and os.path.isfile(os.path.join(root, name, DATABASE_NAME))
    ]
    if not candidates:
        raise CompileDatabaseError(_one_line(
            f"no compile_commands.json found in {root} (looked in {root}, {root}/build*)"))
    warnings = []
    if len(candidates) > 1:
        names = ", ".join(os.path.basename(os.path.dirname(c)) for c in candidates)
        warnings.append(_one_line(
            f"several build directories hold a compile_commands.json ({names}); using {candidates[0]}"))
    return candidates[0], warnings


def find_database(path: str) -> str:
    """Return the absolute path of the compile_commands.json that PATH designates.

    PATH may be the JSON file itself (any name), a directory holding
    compile_commands.json, or a source tree whose direct children named
    build* hold one. When several build* directories do, the first in sorted
    name order wins so runs are reproducible (load_database warns about it).
    Raises CompileDatabaseError when nothing is found.
    """
    return _locate(path)[0]


def _read_json(db_path: str) -> list[object]:
    """Read and decode the database, turning every failure into one fatal line."""
    try:
        data = Path(db_path).read_bytes()
    except PermissionError:
        raise CompileDatabaseError(_one_line(f"cannot read {db_path}: permission denied")) from None
    except FileNotFoundError:
        raise CompileDatabaseError(_one_line(f"no compile_commands.json found: {db_path} does not exist")) from None
    except OSError as exc:
        raise CompileDatabaseError(_one_line(f"cannot read {db_path}: {exc.strerror or exc}")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CompileDatabaseError(_one_line(f"{db_path}: not valid UTF-8 text")) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CompileDatabaseError(_one_line(
            f"{db_path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}")) from None
    if not isinstance(value, list):
        raise CompileDatabaseError(_one_line(
            f"{db_path}: expected a JSON list of compile commands, got {_json_type(value)}"))
    return value


def _json_type(value: object) -> str:
    """Name a decoded JSON value's type the way JSON spells it."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


# ---------------------------------------------------------------------------
# Entry structure
# ---------------------------------------------------------------------------


def _required_string(entry: dict[str, object], key: str) -> str:
    """Fetch a mandatory non-empty string field of an entry."""
    if key not in entry:
        raise _SkipEntry(f'missing "{key}"')
    value = entry[key]
    if not isinstance(value, str) or not value:
        raise _SkipEntry(f'"{key}" must be a non-empty string')
    return value


def _command_line(entry: dict[str, object]) -> list[str]:
    """The entry's argv; "arguments" wins over "command" when both are given."""
    if "arguments" in entry:
        value = entry["arguments"]
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            raise _SkipEntry('"arguments" must be a list of strings')
        argv = list(value)
    elif "command" in entry:
        command = entry["command"]
        if not isinstance(command, str):
            raise _SkipEntry('"command" must be a string')
        try:
            argv = shlex.split(command)
        except ValueError:
            raise _SkipEntry('unbalanced quotes in "command"') from None
    else:
        raise _SkipEntry('missing "arguments" or "command"')
    if not argv:
        raise _SkipEntry("empty command")
    return argv


def _resolve_directory(raw: str, db_dir: str) -> str:
    """A relative "directory" is taken relative to the database's folder."""
    return os.path.normpath(os.path.join(db_dir, raw))


def _resolve_file(raw: str, directory: str) -> str:
    """A relative "file" is taken relative to the entry's directory."""
    return os.path.normpath(os.path.join(directory, raw))


# ---------------------------------------------------------------------------
# Argument rewriting
# ---------------------------------------------------------------------------


def _expand_response_files(argv: list[str], directory: str, chain: tuple[str, ...] = ()) -> list[str]:
    """Splice @file contents in place, recursively, as GCC and clang do."""
    expanded: list[str] = []
    for arg in argv:
        if not arg.startswith("@"):
            expanded.append(arg)
            continue
        expanded.extend(_read_response_file(arg[1:], directory, chain))
    return expanded


def _read_response_file(name: str, directory: str, chain: tuple[str, ...]) -> list[str]:
    """Read, split and expand one response file relative to the entry's directory."""
    path = os.path.normpath(os.path.join(directory, name))
    if path in chain:
        raise _SkipEntry(f"response file '{name}' includes itself")
    if len(chain) >= _MAX_RESPONSE_DEPTH:
        raise _SkipEntry(f"response file '{name}' is nested too deeply")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _SkipEntry(f"response file '{name}' not found") from None
    except PermissionError:
        raise _SkipEntry(f"cannot read response file '{name}': permission denied") from None
    except (OSError, UnicodeDecodeError):
        raise _SkipEntry(f"cannot read response file '{name}'") from None
    try:
        words = shlex.split(text)
    except ValueError:
        raise _SkipEntry(f"unbalanced quotes in response file '{name}'") from None
    return _expand_response_files(words, directory, chain + (path,))


def _strip_compiler(argv: list[str]) -> list[str]:
    """Drop wrappers (ccache, distcc...) and the compiler that follows them."""
    rest = list(argv)
    while rest and _program_name(rest[0]) in _WRAPPERS:
        rest.pop(0)
    if rest and not rest[0].startswith("-"):
        rest.pop(0)  # the compiler; absent for e.g. "distcc -c a.c"
    return rest


def _program_name(arg: str) -> str:
    """Basename of a program path without a Windows .exe suffix."""
    name = os.path.basename(arg)
    return name[:-4] if name.lower().endswith(".exe") else name


def _forwarder(arg: str) -> bool:
    """Whether ARG hands the next argument to another tool."""
    return arg in _FORWARDERS or arg.startswith(_FORWARDER_PREFIXES)


def _unsafe_name(arg: str) -> str | None:
    """The option name if ARG would load code or foreign arguments, else None."""
    if not arg.startswith("-"):
        return None
    name = arg.lstrip("-").split("=", 1)[0]
    if name in _UNSAFE_NAMES or name.startswith(_UNSAFE_PREFIXES):
        return name
    return None


def _unsafe_takes_value(arg: str) -> bool:
    """Whether an unsafe option written as ARG takes the next argument as value."""
    name = _unsafe_name(arg)
    if name is None or "=" in arg:
        return False
    if name.startswith("fplugin-arg-"):
        return False
    return name in _UNSAFE_NAMES or name.startswith(_UNSAFE_WITH_VALUE_PREFIXES)


def _group(args: list[str], i: int) -> list[str]:
    """The argument at I plus its separate value, if it takes one."""
    arg = args[i]
    takes_value = arg in _SEPARATE_VALUE or _forwarder(arg) or _unsafe_takes_value(arg)
    return args[i:i + 2] if takes_value else args[i:i + 1]


def _payloads(group: list[str]) -> tuple[str | None, list[str]]:
    """(forwarder, strings that reach a tool) for one argument group."""
    head = group[0]
    if _forwarder(head):
        return head, group[1:]
    if head.startswith("-Xclang="):
        return "-Xclang", [head[len("-Xclang="):]]
    if head.startswith(_COMMA_FORWARDERS):
        return None, head.split(",")[1:]
    return None, [head]


def _unsafe_span(args: list[str], i: int) -> int:
    """Number of arguments from I that form an unsafe option (0 if safe)."""
    group = _group(args, i)
    forwarder, payloads = _payloads(group)
    if not any(_unsafe_name(p) for p in payloads):
        return 0
    span = len(group)
    # A forwarded option's value arrives in the next group of the same
    # forwarder: "-Xclang -load -Xclang x.so".
    if forwarder and len(payloads) == 1 and _unsafe_takes_value(payloads[0]) and i + span < len(args):
        nxt = _group(args, i + span)
        if _payloads(nxt)[0] == forwarder:
            span += len(nxt)
    return span


def _is_gcc_only(arg: str) -> bool:
    """Whether ARG is a GCC flag that clang 18 rejects with an error."""
    if arg in _CLANG_ACCEPTS:
        return False
    return arg in _GCC_ONLY_EXACT or arg.startswith(_GCC_ONLY_PREFIXES)


def _is_build_only(group: list[str]) -> bool:
    """Flags that only steer the build (outputs, dep files, -Werror, colors)."""
    arg = group[0]
    if arg in {"-c", "-pipe", "--pipe", "-o", "--output"} or arg in _DEPFILE_FLAGS:
        return True
    if (arg.startswith("-o") and not arg.startswith("-obj")) or arg.startswith("--output="):
        return True
    if arg.startswith(_DEPFILE_JOINED):
        return True
    if arg.startswith(("-Wp,-MD,", "-Wp,-MMD,")):
        return True
    if arg == "-Werror" or arg.startswith(("-Werror=", "-Werror-")):
        return True
    if arg in _OUTPUT_STYLE_FLAGS or arg.startswith(_OUTPUT_STYLE_PREFIXES):
        return True
    return arg.startswith(("-save-temps", "--save-temps"))


def _is_source(arg: str, file: str, directory: str) -> bool:
    """Whether ARG names the entry's own source file."""
    if arg.startswith("-"):
        return False
    candidate = os.path.normpath(os.path.join(directory, arg))
    if candidate == file:
        return True
    return os.path.exists(candidate) and os.path.realpath(candidate) == os.path.realpath(file)


def _sanitize(args: list[str], file: str, directory: str) -> _Sanitized:
    """Keep the flags that shape parsing; drop outputs, plugins and GCC-only flags."""
    result = _Sanitized([], [], [])
    i = 0
    while i < len(args):
        span = _unsafe_span(args, i)
        if span:
            result.unsafe.append(args[i:i + span])
            i += span
            continue
        group = _group(args, i)
        i += len(group)
        if len(group) == 2 and _unsafe_span(group, 1):  # '-I -fplugin=x.so': harmless to clang, but refused
            result.unsafe.append(group)
            continue
        if _is_build_only(group) or (len(group) == 1 and _is_source(group[0], file, directory)):
            continue
        if len(group) == 1 and _is_gcc_only(group[0]):
            result.gcc_only.append(group[0])
            continue
        result.arguments.extend(group)
    return result


# ---------------------------------------------------------------------------
# Language
# ---------------------------------------------------------------------------


def argument_groups(args: list[str]) -> list[list[str]]:
    """ARGS split into flags with their separate values."""
    groups = []
    i = 0
    while i < len(args):
        groups.append(_group(args, i))
        i += len(groups[-1])
    return groups


_MACRO_FLAGS = ("-D", "-U")
_INCLUDE_DIR_FLAGS = ("-I", "-isystem", "-iquote", "-idirafter", "-cxx-isystem")
_MACRO_NAME = re.compile(r"[A-Za-z_]\w*")


def macro_flag(group: list[str]) -> tuple[str, str | None] | None:
    """(name, definition) of a -D or -U flag: the definition is what follows the name ("=1" for
    a bare -DX), None for -U. None for any other flag."""
    head = group[0]
    if not head.startswith(_MACRO_FLAGS):
        return None
    text = group[1] if len(group) == 2 else head[2:]
    name = _MACRO_NAME.match(text)
    if name is None:
        return None
    if head.startswith("-U"):
        return name.group(), None
    rest = text[name.end():]
    return name.group(), rest if rest.startswith(("=", "(")) else "=1"


def flag_kind(group: list[str]) -> str:
    """"macro" (-D/-U), "include-dir" (-I, -isystem, ...), "warning" (-W..., not -Wp,/-Wa,/-Wl,)
    or "other": the first three change no header a PCH holds unless a header can tell."""
    head = group[0]
    if head.startswith(_MACRO_FLAGS):
        return "macro"
    if head.startswith(_INCLUDE_DIR_FLAGS):
        return "include-dir"
    if head.startswith("-W") and not head.startswith(_COMMA_FORWARDERS):
        return "warning"
    return "other"


def _last_x(args: list[str]) -> str | None:
    """The last -x value in ARGS; libclang appends the file after all of them."""
    value = None
    for group in argument_groups(args):
        if group[0] == "-x" and len(group) == 2:
            value = group[1]
        elif group[0].startswith("-x") and group[0] != "-x":
            value = group[0][2:]
    return None if value == "none" else value


def _std_language(args: list[str]) -> str | None:
    """c or c++ according to the last -std= flag, or None without one."""
    value = None
    for group in argument_groups(args):
        if group[0].startswith(("-std=", "--std=")):
            value = group[0].split("=", 1)[1]
    if value is None:
        return None
    return "c++" if "++" in value else "c"


def _language(args: list[str], file: str) -> tuple[str, list[str]]:
    """The entry's language and its arguments (with -x added for C++ .h files)."""
    x_value = _last_x(args)
    if x_value is not None:
        if x_value not in _X_LANGUAGES:
            raise _SkipEntry(f"unsupported language '{x_value}'")
        return _X_LANGUAGES[x_value], args
    ext = os.path.splitext(file)[1]
    if ext == ".h":
        if _std_language(args) == "c++":
            # clang parses .h as C unless told otherwise.
            return "c++", ["-x", "c++-header", *args]
        return "c", args
    if ext in _EXTENSION_LANGUAGES:
        return _EXTENSION_LANGUAGES[ext], args
    if ext in _UNSUPPORTED_EXTENSIONS:
        raise _SkipEntry(f"unsupported language '{_UNSUPPORTED_EXTENSIONS[ext]}'")
    raise _SkipEntry(f"unsupported language (unknown file extension '{ext}')")


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


_CMAKE_TARGET = re.compile(r"CMakeFiles/([^/]+)\.dir/")


def cmake_target(output: str) -> str:
    """`CMakeFiles/server.dir/src/main.cpp.o` -> 'server'; '' when the path says nothing."""
    found = _CMAKE_TARGET.search(output.replace("\\", "/"))
    return found.group(1) if found else ""


def _target(raw: dict[str, object], argv: list[str]) -> str:
    """The build target, from the entry's `output` or `-o` (CMake's `CMakeFiles/<target>.dir/`)."""
    output = raw.get("output")
    if not isinstance(output, str):
        output = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "-o"), "")
    return cmake_target(output)


@dataclass
class _Loader:
    """Accumulates entries and messages while walking the database once."""

    db_dir: str
    entries: list[CompileEntry]
    warnings: list[str]
    gcc_only: dict[str, set[int]]
    seen: set[str]
    duplicates: int = 0
    missing_generated: list[MissingGenerated] = field(default_factory=list)

    def add(self, index: int, raw: object) -> None:
        """Turn one raw JSON entry into a CompileEntry, or record why not."""
        if not isinstance(raw, dict):
            self.warnings.append(f"entry {index}: not an object")
            return
        try:
            raw_file = _required_string(raw, "file")
            directory = _resolve_directory(_required_string(raw, "directory"), self.db_dir)
        except _SkipEntry as exc:
            self.warnings.append(_one_line(f"entry {index}: {exc}"))
            return
        label = f"entry {index} ({raw_file})"
        try:
            self._add_checked(index, raw, raw_file, directory, label)
        except _SkipEntry as exc:
            self.warnings.append(_one_line(f"{label}: {exc}"))

    def _add_checked(self, index: int, raw: dict[str, object], raw_file: str, directory: str, label: str) -> None:
        """The part of add() whose failures are reported with the file name."""
        file = _resolve_file(raw_file, directory)
        argv = _command_line(raw)
        if file in self.seen:
            self.duplicates += 1
            return
        if not os.path.isdir(directory):
            raise _SkipEntry(f"directory '{directory}' not found")
        if not os.path.isfile(file):
            if generated_file(file):  # said once for all such entries, with the fix (cli)
                self.missing_generated.append(MissingGenerated(file, file, autogen_targets([file])))
                return
            raise _SkipEntry("source file not found")
        argv = _expand_response_files(argv, directory)
        sanitized = _sanitize(_strip_compiler(argv), file, directory)
        language, arguments = _language(sanitized.arguments, file)
        self.seen.add(file)
        self.entries.append(CompileEntry(file, directory, tuple(arguments), language, index, _target(raw, argv)))
        for dropped in sanitized.unsafe:
            self.warnings.append(_one_line(
                f"{label}: dropped '{' '.join(dropped)}': compile databases may not load code into the analyzer"))
        for flag in sanitized.gcc_only:
            self.gcc_only.setdefault(flag, set()).add(index)

    def summary(self) -> list[str]:
        """Database-wide lines: one per GCC-only flag, then duplicates."""
        lines = []
        for flag in sorted(self.gcc_only):
            count = len(self.gcc_only[flag])
            noun = "entry" if count == 1 else "entries"
            lines.append(_one_line(
                f"dropped GCC-only flag '{flag}' (clang does not accept it; {count} {noun})"))
        if self.duplicates:
            noun = "entry" if self.duplicates == 1 else "entries"
            lines.append(f"skipped {self.duplicates} duplicate {noun} (same source file as an earlier entry)")
        return lines


def database_from_entries(raw_entries: list[object], db_path: str) -> LoadedDatabase:
    """Entries that come from elsewhere than a file (a command line after `--`), sanitized the same way."""
    loader = _Loader(os.path.dirname(os.path.abspath(db_path)), [], [], {}, set())
    for index, raw in enumerate(raw_entries):
        loader.add(index, raw)
    return LoadedDatabase(os.path.abspath(db_path), loader.entries, loader.warnings + loader.summary(),
                          loader.missing_generated)


def load_database(path: str) -> LoadedDatabase:
    """Find, parse and sanitize a compile database (see find_database for PATH).

    Problems with the database as a whole raise CompileDatabaseError; a bad
    entry is skipped with exactly one warning. Warnings come in a fixed
    order: database location, entries in database order, then one line per
    dropped GCC-only flag (sorted) and a duplicate count. An empty result is
    not an error; the caller decides what that means.
    """
    db_path, warnings = _locate(path)
    raw_entries = _read_json(db_path)
    loader = _Loader(os.path.dirname(db_path), [], list(warnings), {}, set())
    for index, raw in enumerate(raw_entries):
        loader.add(index, raw)
    return LoadedDatabase(db_path, loader.entries, loader.warnings + loader.summary(), loader.missing_generated)
