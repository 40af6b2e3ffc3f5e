"""Source text of analyzed files: snippets for reports and macro names at expansion sites."""
from __future__ import annotations

import re
from functools import lru_cache

_IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")

# Statement keywords and casts: an identifier-like token that can never be a macro use here.
KEYWORDS = frozenset(
    b"if else do while for switch case default return break continue goto try catch throw "
    b"delete new static_cast const_cast reinterpret_cast dynamic_cast this sizeof alignof "
    b"typeid noexcept co_return co_await co_yield true false nullptr operator "
    b"int char unsigned signed long short bool float double void auto const volatile static "
    b"constexpr struct class enum union typename using register extern inline thread_local "
    b"mutable decltype wchar_t char8_t char16_t char32_t".split()
)


class SourceFile:
    """One file's bytes, split into lines; columns are byte columns, as clang reports them."""

    def __init__(self, path: str):
        self.path = path
        try:
            with open(path, "rb") as handle:
                self.data = handle.read()
        except OSError:
            self.data = b""
        self.lines = self.data.split(b"\n")

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].rstrip(b"\r").decode("utf-8", "replace")
        return ""

    def identifier_at(self, line: int, column: int) -> str:
        """The identifier starting at (line, column), or '' (keywords included as '')."""
        if not 1 <= line <= len(self.lines):
            return ""
        match = _IDENTIFIER.match(self.lines[line - 1], column - 1)
        if not match or match.group() in KEYWORDS:
            return ""
        return match.group().decode()


@lru_cache(maxsize=256)
def source_file(path: str) -> SourceFile:
    return SourceFile(path)
