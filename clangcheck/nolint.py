"""NOLINT comments with clang-tidy's exact semantics.

Projects already carry clang-tidy suppressions; they must silence clangcheck
the same way. Port of clang-tidy's NoLintDirectiveHandler.cpp: raw text scan
(not limited to comments), NOLINT / NOLINTNEXTLINE / NOLINTBEGIN / NOLINTEND,
optional '(glob,list)'. Lines are counted on '\\n' and columns are 1-based
byte columns (UTF-8), as clang reports them.

Left to the caller, as in clang-tidy: diagnostics of error level are never
suppressed, and for a diagnostic inside a macro expansion `suppresses` is
asked again for each location up the expansion chain (diagHasNoLintInMacro).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from clangcheck.config import GlobList

NOLINT_CHECK_NAME = "clang-tidy-nolint"  # check name of the unmatched BEGIN/END errors

_UNMATCHED_BEGIN = "unmatched 'NOLINTBEGIN' comment without a subsequent 'NOLINTEND' comment"
_UNMATCHED_END = "unmatched 'NOLINTEND' comment without a previous 'NOLINTBEGIN' comment"

_NOLINT = "NOLINT"
_NEXTLINE = "NOLINTNEXTLINE"
_BEGIN = "NOLINTBEGIN"
_END = "NOLINTEND"
_KNOWN = frozenset({_NOLINT, _NEXTLINE, _BEGIN, _END})

# "NOLINT" then every ASCII letter after it (llvm::isAlpha), e.g. NOLINTNEXTLINE.
_TOKEN_RE = re.compile(r"NOLINT[A-Za-z]*")
_CLOSE_RE = re.compile(r"[\n)]")
_WHITESPACE = " \t\n\v\f\r"


@dataclass(frozen=True)
class NolintProblem:
    """An unmatched NOLINTBEGIN/NOLINTEND; clang-tidy reports it as an error named clang-tidy-nolint."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class _Token:
    kind: str
    line: int
    column: int
    checks: str | None  # None: no '(...)' = all checks; "" = NOLINT() = none


@dataclass(frozen=True)
class _Block:
    """A matched BEGIN/END pair; suppresses positions strictly between the two tokens."""

    begin: tuple[int, int]
    end: tuple[int, int]
    globs: GlobList

    def suppresses(self, line: int, column: int, check_id: str) -> bool:
        return self.begin < (line, column) < self.end and self.globs.contains(check_id)


def _scan(text: str) -> Iterator[tuple[str, int, str | None]]:
    """Yield (kind, offset, checks) exactly as clang-tidy's getNoLints walks the buffer."""
    pos = 0
    size = len(text)
    while True:
        match = _TOKEN_RE.search(text, pos)
        if match is None:
            return
        pos = match.end()
        kind = match.group()
        if kind not in _KNOWN:
            continue  # e.g. NOLINTS, NOLINTnextline: not a directive
        checks = None
        if pos < size and text[pos] == "(":
            pos += 1
            close = _CLOSE_RE.search(text, pos)
            if close is not None and close.group() == ")":
                checks = text[pos : close.start()]
                pos = close.end()
        yield kind, match.start(), checks


def _byte_column(text: str, line_start: int, offset: int) -> int:
    """1-based UTF-8 byte column, what clang prints and libclang returns."""
    prefix = text[line_start:offset]
    if prefix.isascii():
        return len(prefix) + 1
    try:
        data = prefix.encode("utf-8", "surrogateescape")  # text decoded with surrogateescape
    except UnicodeEncodeError:
        data = prefix.encode("utf-8", "surrogatepass")
    return len(data) + 1


def _tokens(text: str) -> Iterator[_Token]:
    """Tokens with line/column, counting lines incrementally (one pass over the text)."""
    line = 1
    counted_to = 0
    for kind, offset, checks in _scan(text):
        line += text.count("\n", counted_to, offset)
        counted_to = offset
        line_start = text.rfind("\n", 0, offset) + 1
        yield _Token(kind, line, _byte_column(text, line_start, offset), checks)


def _normalized(checks: str | None) -> str | None:
    """trimWhitespace: 'NOLINTBEGIN( a , b )' pairs with 'NOLINTEND(a,b)'."""
    if checks is None:
        return None
    return ",".join(part.strip(_WHITESPACE) for part in checks.split(","))


class NolintIndex:
    """Built once per file from its text."""

    def __init__(self, text: str) -> None:
        """One scan of the text; afterwards every lookup is by line."""
        self._globs: dict[str | None, GlobList] = {}
        self._same_line: dict[int, list[GlobList]] = {}
        self._next_line: dict[int, list[GlobList]] = {}
        self._blocks: dict[int, list[_Block]] = {}
        self._problems: list[NolintProblem] = []
        self.blocks_consulted = False
        self._index(list(_tokens(text)))

    def suppresses(self, line: int, check_id: str, column: int = 1) -> bool:
        """Whether a diagnostic of check_id at (1-based) line/column is silenced.

        The column matters only on a NOLINTBEGIN/NOLINTEND line, because
        clang-tidy compares exact positions there: a diagnostic before the
        NOLINTBEGIN token or after the NOLINTEND token is not suppressed.
        """
        if self._any(self._same_line.get(line), check_id):
            return True
        if self._any(self._next_line.get(line), check_id):
            return True
        self.blocks_consulted = True
        return any(block.suppresses(line, column, check_id) for block in self._blocks.get(line, ()))

    @property
    def problems(self) -> list[NolintProblem]:
        """Unmatched NOLINTBEGIN/NOLINTEND, in file order.

        clang-tidy emits these (as errors, check name clang-tidy-nolint) only
        once some diagnostic of the file got past NOLINT/NOLINTNEXTLINE to the
        block lookup; `blocks_consulted` tells whether that has happened.
        """
        return list(self._problems)

    @staticmethod
    def _any(globs: list[GlobList] | None, check_id: str) -> bool:
        return bool(globs) and any(glob.contains(check_id) for glob in globs)

    def _glob(self, checks: str | None) -> GlobList:
        """No list = every check ('*'); negative globs are dropped, as in clang-tidy."""
        glob = self._globs.get(checks)
        if glob is None:
            glob = GlobList("*" if checks is None else checks, keep_negative=False)
            self._globs[checks] = glob
        return glob

    def _index(self, tokens: list[_Token]) -> None:
        """Sort tokens into per-line tables and pair BEGIN/END blocks (LIFO)."""
        stack: list[_Token] = []
        for token in tokens:
            if token.kind == _NOLINT:
                self._same_line.setdefault(token.line, []).append(self._glob(token.checks))
            elif token.kind == _NEXTLINE:
                self._next_line.setdefault(token.line + 1, []).append(self._glob(token.checks))
            elif token.kind == _BEGIN:
                stack.append(token)
            else:
                self._close(stack, token)
        for token in stack:
            self._problems.append(NolintProblem(token.line, token.column, _UNMATCHED_BEGIN))
        self._problems.sort(key=lambda problem: (problem.line, problem.column))

    def _close(self, stack: list[_Token], end: _Token) -> None:
        """An END closes the innermost BEGIN only if their check lists are identical."""
        if stack and _normalized(stack[-1].checks) == _normalized(end.checks):
            self._add_block(stack.pop(), end)
        else:
            self._problems.append(NolintProblem(end.line, end.column, _UNMATCHED_END))

    def _add_block(self, begin: _Token, end: _Token) -> None:
        """Register the block on every line it touches, so lookups stay by line."""
        block = _Block((begin.line, begin.column), (end.line, end.column), self._glob(begin.checks))
        for line in range(begin.line, end.line + 1):
            self._blocks.setdefault(line, []).append(block)
