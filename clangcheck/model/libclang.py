"""The only module that talks to libclang directly: parsing and a few ctypes additions.

The 18.x Python binding does not wrap the operator-kind queries the C library exports, so they
are registered here once instead of re-tokenizing every expression.
"""
from __future__ import annotations

import ctypes
import os
from functools import lru_cache

import clang.cindex as ci

from clangcheck.paths import absolute_path

# clang/include/clang-c/Index.h: enum CXBinaryOperatorKind / CXUnaryOperatorKind
BINARY_OPERATORS = {
    1: ".*", 2: "->*", 3: "*", 4: "/", 5: "%", 6: "+", 7: "-", 8: "<<", 9: ">>", 10: "<=>",
    11: "<", 12: ">", 13: "<=", 14: ">=", 15: "==", 16: "!=", 17: "&", 18: "^", 19: "|",
    20: "&&", 21: "||", 22: "=", 23: "*=", 24: "/=", 25: "%=", 26: "+=", 27: "-=", 28: "<<=",
    29: ">>=", 30: "&=", 31: "^=", 32: "|=", 33: ",",
}
UNARY_OPERATORS = {
    1: "post++", 2: "post--", 3: "pre++", 4: "pre--", 5: "&", 6: "*", 7: "+", 8: "-", 9: "~",
    10: "!", 11: "__real", 12: "__imag", 13: "__extension__", 14: "co_await",
}
ASSIGNMENT_OPERATORS = frozenset(("=", "*=", "/=", "%=", "+=", "-=", "<<=", ">>=", "&=", "^=", "|="))
COMPARISON_OPERATORS = frozenset(("<", ">", "<=", ">=", "==", "!=", "<=>"))


class ParseError(Exception):
    """libclang produced no translation unit at all."""


@lru_cache(maxsize=1)
def _lib():
    lib = ci.conf.lib
    for name in ("clang_getCursorBinaryOperatorKind", "clang_getCursorUnaryOperatorKind"):
        fn = getattr(lib, name)
        fn.argtypes = [ci.Cursor]
        fn.restype = ctypes.c_int
    lib.clang_getClangVersion.argtypes = []
    lib.clang_getClangVersion.restype = ci._CXString  # type: ignore[attr-defined]
    lib.clang_getClangVersion.errcheck = ci._CXString.from_result  # type: ignore[attr-defined]
    lib.clang_Location_isInSystemHeader.argtypes = [ci.SourceLocation]
    lib.clang_Location_isInSystemHeader.restype = ctypes.c_int
    lib.clang_getCursorKind.argtypes = [ci.Cursor]
    lib.clang_getCursorKind.restype = ctypes.c_int
    lib.clang_getSpellingLocation.argtypes = [ci.SourceLocation, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    lib.clang_getSpellingLocation.restype = None
    lib.clang_Cursor_Evaluate.argtypes = [ci.Cursor]
    lib.clang_Cursor_Evaluate.restype = ctypes.c_void_p
    lib.clang_EvalResult_getKind.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_getKind.restype = ctypes.c_int
    lib.clang_EvalResult_getAsLongLong.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_getAsLongLong.restype = ctypes.c_longlong
    lib.clang_EvalResult_dispose.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_dispose.restype = None
    return lib


def load() -> None:
    """Load libclang now: a parent does it once for all the children it forks."""
    _lib()


def integer_value(cursor: ci.Cursor) -> int | None:
    """The value of a constant integer (or bool) expression; tokens lie inside macro expansions."""
    lib = _lib()
    result = lib.clang_Cursor_Evaluate(cursor)
    if not result:
        return None
    try:
        return lib.clang_EvalResult_getAsLongLong(result) if lib.clang_EvalResult_getKind(result) == 1 else None
    finally:
        lib.clang_EvalResult_dispose(result)


def kind_of(cursor: ci.Cursor) -> ci.CursorKind | None:
    """The cursor's kind, or None for kinds the 18.x binding does not know (it raises on them)."""
    try:
        return cursor.kind
    except ValueError:
        return None


def spelled_location(location: ci.SourceLocation) -> tuple[str, int, int, bool]:
    """(file, line, column, from_macro) where a user would look for the code.

    Macro arguments are reported where they are written; tokens from a macro's body (in some
    header) at the macro's use, like clang's own diagnostics.
    """
    exp_file, exp_line, exp_col = location.file, location.line, location.column
    name = exp_file.name if exp_file else ""
    file = ctypes.c_void_p()
    line, col, offset = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    _lib().clang_getSpellingLocation(location, ctypes.byref(file), ctypes.byref(line), ctypes.byref(col), ctypes.byref(offset))
    if (offset.value, line.value, col.value) == (location.offset, exp_line, exp_col):
        return name, exp_line, exp_col, False
    spelled_name = ci.File(ctypes.cast(file, ci.c_object_p)).name if file.value else ""
    if spelled_name == name:
        return name, line.value, col.value, True
    return name, exp_line, exp_col, True


def usr(cursor: ci.Cursor) -> str:
    """The cursor's USR, with internal-linkage entities (statics, anonymous namespaces, locals)
    named by their file's full path: libclang spells only its basename, so the `main.cpp` of two
    programs would share `c:main.cpp@counter`."""
    value = cursor.get_usr()
    if not value.startswith("c:") or value.startswith("c:@"):
        return value
    at = value.find("@", 2)
    file = cursor.location.file
    if at < 0 or file is None:
        return value
    path = absolute_path(file.name)
    if os.path.basename(path) != value[2:at]:
        return value  # spelled from another file (a macro's): keep clang's name
    return f"c:{path}{value[at:]}"


def binary_operator(cursor: ci.Cursor) -> str:
    return BINARY_OPERATORS.get(_lib().clang_getCursorBinaryOperatorKind(cursor), "")


def unary_operator(cursor: ci.Cursor) -> str:
    return UNARY_OPERATORS.get(_lib().clang_getCursorUnaryOperatorKind(cursor), "")


def in_system_header(location: ci.SourceLocation) -> bool:
    return bool(_lib().clang_Location_isInSystemHeader(location))


def clang_version() -> str:
    return _lib().clang_getClangVersion()


def parse(file: str, args: list[str]) -> ci.TranslationUnit:
    """Parse one TU; raises ParseError when libclang returns nothing (unreadable file, bad args).

    GCC's own warning options (`-Wlogical-op`, `-Wduplicated-cond`, ...) are common in compile
    databases, and libclang prints "unknown warning option" to stderr for each on every parse;
    our parses report no compiler warnings, so that one is silenced."""
    _lib()
    index = ci.Index.create()
    try:
        return index.parse(file, args=[*args, "-Wno-unknown-warning-option"], options=0)
    except ci.TranslationUnitLoadError as exc:
        raise ParseError(f"libclang could not parse {file}: {exc}") from exc


def first_error(tu: ci.TranslationUnit) -> tuple[int, str] | None:
    """(number of errors, the first one formatted like clang) or None."""
    errors = [d for d in tu.diagnostics if d.severity >= ci.Diagnostic.Error]
    if not errors:
        return None
    d = errors[0]
    where = f"{d.location.file.name}:{d.location.line}:{d.location.column}: " if d.location.file else ""
    return len(errors), f"{where}error: {d.spelling}"
