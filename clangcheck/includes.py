"""Enough of the preprocessor, read as text, to plan shared prefixes without parsing a TU.

`search_path` asks libclang itself where `#include` looks for a compile's arguments (no guessing
at GCC installations, sysroots or -stdlib). `HeaderIndex` follows library headers through that
path: what each includes, which macros it defines, which identifiers it mentions, its size (a
stand-in for its parse cost). `scan_project` walks a TU's main file and the project headers it
includes, in preprocessing order, and lists the external headers it names plus everything in
between that an external header moved to the front of the TU could observe or change: macro
definitions, identifiers and `#if` tests, pragmas, includes inside braces or conditions.
"""
from __future__ import annotations

import ast
import operator
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache

from clangcheck.compdb import argument_groups, flag_kind, macro_flag
from clangcheck.paths import absolute_path

_DIRECTIVE = re.compile(r"^\s*#\s*([a-z_]+)\b\s*(.*)$")
_SPELLED = re.compile(r'^([<"])([^>"]+)[>"]')
_IDENT = re.compile(r"[A-Za-z_]\w*")
_IDENT_BYTES = re.compile(rb"[A-Za-z_]\w*")
_DEFINE_BYTES = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", re.M)
_BRANCHING = re.compile(rb"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif|include_next|include|import)\b(.*)$", re.M)
_COMMENT = re.compile(r"/\*.*?\*/|//.*")
_COMMENT_OR_LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*', re.S)
_LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
# pragmas that change no declaration a header makes; any other pragma pins what follows in place
_HARMLESS_PRAGMAS = ("once", "GCC diagnostic", "clang diagnostic", "warning", "message", "region",
                     "endregion", "mark", "GCC system_header")
_ONE = re.compile("1")
_NONE: frozenset[str] = frozenset()
_HAS_INCLUDE = re.compile(r"\b(\w*has_include\w*)\s*\(\s*([<\"])([^>\"]+)[>\"]", re.I)
_CONDITIONALS = ("if", "ifdef", "ifndef", "elif", "elifdef", "elifndef")


@dataclass(frozen=True, eq=False)  # compared by identity: hashed once per lookup, and lookups are many
class SearchPath:
    """Where `#include "..."` and `#include <...>` look, in clang's order (real paths), and the
    language macros that decide which of a library header's `#if` branches are read."""

    quote: tuple[str, ...]
    angle: tuple[str, ...]
    known: "KnownMacros | None" = None


_SEARCH_PATHS: dict[tuple, SearchPath] = {}


def searching(quote: tuple[str, ...], angle: tuple[str, ...], known: "KnownMacros | None" = None) -> SearchPath:
    """The one SearchPath with these lists and macros: build targets that search alike share
    the closures computed for it."""
    key = (quote, angle, known)
    found = _SEARCH_PATHS.get(key)
    if found is None:
        found = _SEARCH_PATHS[key] = SearchPath(quote, angle, known)
    return found


class KnownMacros:
    """What holds before any header is read: macros with integer values (predefined, -D, the
    language), names defined without one, names no header or flag defines (0 in `#if`).

    Equal ones are one object (`__new__` interns them): many build targets know the same macros,
    and `#if` answers are cached per expression and KnownMacros."""

    _interned: dict[tuple, "KnownMacros"] = {}

    def __new__(cls, values: dict[str, int], defined: frozenset[str] = frozenset(),
                undefined: frozenset[str] = frozenset()) -> "KnownMacros":
        key = (tuple(sorted(values.items())), frozenset(defined), frozenset(undefined))
        found = cls._interned.get(key)
        if found is None:
            found = cls._interned[key] = super().__new__(cls)
            found.values, found.defined, found.undefined = dict(values), key[1], key[2]
            found._key, found._hash = key, hash(key)
        return found

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnownMacros) and self._key == other._key

    def is_defined(self, name: str) -> bool | None:
        if name in self.values or name in self.defined:
            return True
        return False if name in self.undefined else None

    def value(self, name: str) -> int | None:
        return self.values.get(name, 0 if name in self.undefined else None)


def search_path(language: str, arguments: tuple[str, ...], directory: str, resource_dir: str) -> SearchPath:
    """clang's own search lists for these arguments, as `-v` prints them while parsing nothing."""
    return _search_path(language, tuple(arguments), directory, resource_dir)


@lru_cache(maxsize=None)
def _search_path(language: str, arguments: tuple[str, ...], directory: str, resource_dir: str) -> SearchPath:
    from clangcheck.model import libclang as lc

    with tempfile.TemporaryDirectory(prefix="clangcheck-v-") as tmp:
        empty = os.path.join(tmp, "empty.cpp" if language == "c++" else "empty.c")
        open(empty, "w").close()
        log = os.path.join(tmp, "stderr")
        saved, cwd = os.dup(2), os.getcwd()
        try:
            os.chdir(directory)  # relative -I paths are relative to the compile's directory
            with open(log, "w") as sink:
                os.dup2(sink.fileno(), 2)
                try:
                    lc.parse(empty, [*arguments, "-v", "-fsyntax-only", "-resource-dir", resource_dir])
                except lc.ParseError:
                    pass
        finally:
            os.chdir(cwd)
            os.dup2(saved, 2)
            os.close(saved)
        with open(log, errors="replace") as handle:
            printed = handle.read()
    quote, angle = _parse_search_lists(printed, directory)
    return searching(quote, angle, _language_macros(language, arguments))


def library_view(search: SearchPath, index: "HeaderIndex", headers: list[str], project_root: str) -> SearchPath:
    """`search` without the project's own directories, when every include and `__has_include`
    of the files these library headers may read finds the same file without them (none names a
    file that lies in one). Then build targets that differ only in their own directories share
    one view, and its closures; otherwise `search` itself."""
    root = project_root.rstrip(os.sep) + os.sep
    own = tuple(d for d in dict.fromkeys(search.quote + search.angle) if root != os.sep and (d + os.sep).startswith(root))
    if not own:
        return search
    view = searching(tuple(d for d in search.quote if d not in own), tuple(d for d in search.angle if d not in own),
                     search.known)
    names = index.gathered(view, frozenset(headers), "names")
    return search if any(_in_dirs(own, name) is not None for name in names) else view


def refine(search: SearchPath, index: "HeaderIndex", headers: list[str], language: str,
           arguments: tuple[str, ...], resource_dir: str, also_tested: set[str] = frozenset()) -> SearchPath:
    """The search path with the macros every `#if` of these headers' files tests settled: asked
    of clang (predefined and -D macros, in one tiny parse) or, when no file defines them, 0."""
    tested = index.gathered(search, frozenset(headers), "tested") | also_tested
    defined_somewhere = index.gathered(search, frozenset(headers), "macros")
    names = frozenset(tested)
    # only what can define these names: targets that differ in other macros or in their include
    # directories share one probe
    probe = tuple(a for group in argument_groups(list(arguments)) if _may_define(group, names) for a in group)
    found, defined = _predefined(language, probe, resource_dir, names)
    values = dict(found)
    values.update(search.known.values if search.known else {})
    undefined = frozenset(tested - values.keys() - defined - defined_somewhere)
    return searching(search.quote, search.angle, KnownMacros(values, frozenset(defined), undefined))


def _may_define(group: list[str], names: frozenset[str]) -> bool:
    kind = flag_kind(group)
    if kind == "macro":
        macro = macro_flag(group)
        return macro is None or macro[0] in names
    return kind == "other"


@lru_cache(maxsize=None)
def _predefined(language: str, arguments: tuple[str, ...], resource_dir: str,
                names: frozenset[str]) -> tuple[tuple[tuple[str, int], ...], frozenset[str]]:
    """Which of `names` the compiler defines before any file, and their integer values."""
    from clangcheck.model import libclang as lc

    ordered = sorted(n for n in names if _IDENT.fullmatch(n))
    probe = "".join(f"#ifdef {n}\nint __clangcheck_defined_{i};\nenum {{ __clangcheck_value_{i} = ({n}) }};\n#endif\n"
                    for i, n in enumerate(ordered))
    with tempfile.TemporaryDirectory(prefix="clangcheck-probe-") as tmp:
        path = os.path.join(tmp, "probe.cpp" if language == "c++" else "probe.c")
        with open(path, "w") as handle:
            handle.write(probe)
        try:
            tu = lc.parse(path, [*arguments, "-ferror-limit=0", "-w", "-resource-dir", resource_dir])
        except lc.ParseError:
            return (), frozenset()
        bad_lines = {d.location.line for d in tu.diagnostics if d.severity >= 3}
        values: dict[str, int] = {}
        defined: set[str] = set()
        for cursor in tu.cursor.walk_preorder():
            name = cursor.spelling
            if name.startswith("__clangcheck_defined_"):
                defined.add(ordered[int(name.rsplit("_", 1)[1])])
            elif name.startswith("__clangcheck_value_") and cursor.location.line not in bad_lines:
                values[ordered[int(name.rsplit("_", 1)[1])]] = cursor.enum_value
    return tuple(values.items()), frozenset(defined - values.keys())


_STANDARDS = {"98": 199711, "03": 199711, "0x": 201103, "11": 201103, "1y": 201402, "14": 201402,
              "1z": 201703, "17": 201703, "2a": 202002, "20": 202002, "2b": 202302, "23": 202302}


def fresh_view() -> None:
    """Forget which files exist and what project files say: a plan reads the disk as it is now."""
    _in_dirs.cache_clear()
    _listing.cache_clear()
    _logical_lines.cache_clear()
    _FILES.clear()


def _language_macros(language: str, arguments: tuple[str, ...]) -> KnownMacros:
    """`__cplusplus` as the -std flag sets it (clang 18 defaults to gnu++17); C is told apart."""
    if language != "c++":
        return KnownMacros({}, undefined=frozenset({"__cplusplus"}))
    standard = next((a.split("++")[-1] for a in reversed(arguments) if a.startswith("-std=") and "++" in a), "17")
    return KnownMacros({"__cplusplus": _STANDARDS.get(standard, 201703)})


def _parse_search_lists(printed: str, directory: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    quote: list[str] = []
    angle: list[str] = []
    target = None
    for line in printed.splitlines():
        if line.startswith('#include "..." search starts here'):
            target = quote
        elif line.startswith("#include <...> search starts here"):
            target = angle
        elif line.startswith("End of search list"):
            break
        elif target is not None and line.startswith(" ") and not line.endswith("(framework directory)"):
            path = absolute_path(os.path.join(directory, line.strip()))
            if path not in target:
                target.append(path)
    return tuple(quote), tuple(angle)


@dataclass
class HeaderFile:
    """One external header as text: its includes, the macros it defines, its size."""

    path: str
    size: int
    includes: tuple[tuple[str, str, str, tuple], ...]  # (directive, '<' or '"', name, condition)
    macros: frozenset[str]
    tested: frozenset[str]  # identifiers its `#if`s test
    probes: tuple[tuple[str, str, str], ...] = ()  # `__has_include(<x>)` in `#if`s: (directive, kind, name)
    computed: bool = False  # an `#include MACRO`: where it leads is not known from the text
    _data: bytes = field(repr=False, default=b"")
    _identifiers: frozenset[str] | None = field(repr=False, default=None)
    _names: frozenset[str] | None = field(repr=False, default=None)

    @property
    def names(self) -> frozenset[str]:
        """The relative names its includes and `__has_include`s look for."""
        if self._names is None:
            self._names = frozenset(name for _, _, name, *_ in (*self.includes, *self.probes) if not os.path.isabs(name))
        return self._names

    @property
    def identifiers(self) -> frozenset[str]:
        """Every identifier the file mentions (anywhere: a superset of what it can observe)."""
        if self._identifiers is None:
            self._identifiers = frozenset(m.decode("latin-1") for m in set(_IDENT_BYTES.findall(self._data)))
            self._data = b""
        return self._identifiers


class HeaderIndex:
    """External headers read once per run; closures per search path. Over-approximates: includes
    and definitions in every branch of a header's `#if`s count."""

    def __init__(self) -> None:
        self._files: dict[str, HeaderFile | None] = {}
        self._closures: dict[tuple[SearchPath, str], frozenset[str]] = {}
        self._children: dict[tuple[SearchPath, str], tuple[str, ...]] = {}
        self._resolved: dict[tuple, tuple[str | None, ...]] = {}
        self._unions: dict[tuple, frozenset[str]] = {}  # per search path and set of headers
        # closures as bit sets over file numbers: each file's is computed once per search path
        self._reach: dict[tuple[SearchPath, str], int] = {}
        self._numbers: dict[str, int] = {}
        self._paths: list[str] = []
        # who defines and who mentions each name (mentions indexed only as files are asked about)
        self._definers: dict[str, set[str]] = {}
        self._mentions: dict[str, set[str]] = {}
        self._mentions_read: set[str] = set()

    def file(self, path: str) -> HeaderFile | None:
        if path not in self._files:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
            except OSError:
                self._files[path] = None
            else:
                includes, tested, probes, computed = _includes_with_conditions(data)
                macros = frozenset(m.decode("latin-1") for m in _DEFINE_BYTES.findall(data))
                self._files[path] = HeaderFile(path, len(data), includes, macros, tested, probes, computed, data)
                for macro in macros:
                    self._definers.setdefault(macro, set()).add(path)
        return self._files[path]

    def size(self, path: str) -> int:
        found = self.file(path)
        return found.size if found else 0

    def macros(self, path: str) -> frozenset[str]:
        found = self.file(path)
        return found.macros if found else frozenset()

    def identifiers(self, path: str) -> frozenset[str]:
        found = self.file(path)
        return found.identifiers if found else frozenset()

    def defining(self, macro: str, among: set[str] | frozenset[str]) -> set[str]:
        """The files among these (all read already) that define the macro."""
        return self._definers.get(macro, _NONE) & among

    def mentioning(self, name: str, among: set[str] | frozenset[str]) -> set[str]:
        """The files among these (all read already) that mention the identifier."""
        for path in among - self._mentions_read:
            for identifier in self.identifiers(path):
                self._mentions.setdefault(identifier, set()).add(path)
            self._mentions_read.add(path)
        return self._mentions.get(name, _NONE) & among

    def closure(self, search: SearchPath, path: str) -> frozenset[str]:
        """The header and everything it may include, transitively."""
        key = (search, path)
        found = self._closures.get(key)
        if found is None:
            paths = self._paths
            bits = bin(self._reachable(search, path))[:1:-1]  # bit i at index i
            found = self._closures[key] = frozenset(paths[m.start()] for m in _ONE.finditer(bits))
        return found

    def gathered(self, search: SearchPath, paths: frozenset[str], attribute: str) -> frozenset[str]:
        """One set attribute of HeaderFile (`tested`, `macros`, `names`) over all the files these
        headers may read."""
        key = (attribute, search, paths)
        if key not in self._unions:
            found: set[str] = set()
            for path in self.closure_of_all(search, paths):
                header = self.file(path)
                if header is not None:
                    found |= getattr(header, attribute)
            self._unions[key] = frozenset(found)
        return self._unions[key]

    def closure_of_all(self, search: SearchPath, paths: frozenset[str]) -> frozenset[str]:
        """The files any of these headers may read."""
        key = (search, paths)
        if key not in self._unions:
            found: set[str] = set()
            for path in paths:
                found |= self.closure(search, path)
            self._unions[key] = frozenset(found)
        return self._unions[key]

    def _reachable(self, search: SearchPath, root: str) -> int:
        """The closure of `root` as a bit set. Tarjan's strongly connected components, iteratively:
        files in one include cycle share a closure, and every file reached gets its own on the way."""
        reach = self._reach
        if (search, root) in reach:
            return reach[search, root]
        order: dict[str, int] = {root: 0}
        low: dict[str, int] = {root: 0}
        stack, on_stack = [root], {root}
        work = [(root, iter(self.children(search, root)))]
        while work:
            node, pending = work[-1]
            for child in pending:
                if (search, child) in reach:
                    continue
                if child not in order:
                    order[child] = low[child] = len(order)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(self.children(search, child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], order[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:
                    members = []
                    while not members or members[-1] != node:
                        members.append(stack.pop())
                        on_stack.discard(members[-1])
                    bits = 0
                    for member in members:
                        bits |= 1 << self._number(member)
                        for child in self.children(search, member):
                            bits |= reach.get((search, child), 0)  # 0: a member of this cycle
                    for member in members:
                        reach[search, member] = bits
        return reach[search, root]

    def _number(self, path: str) -> int:
        number = self._numbers.get(path)
        if number is None:
            number = self._numbers[path] = len(self._paths)
            self._paths.append(path)
        return number

    def children(self, search: SearchPath, path: str) -> tuple[str, ...]:
        """The files a header's includes find (in the branches the known macros allow)."""
        key = (search, path)
        if key not in self._children:
            header = self.file(path)
            includes = header.includes if header else ()
            found = (f for f, (_, _, _, condition) in zip(self._found(search, path, "includes"), includes)
                     if f is not None and _possible(condition, search.known))
            self._children[key] = tuple(dict.fromkeys(found))
        return self._children[key]

    def answers(self, search: SearchPath, path: str) -> tuple[str | None, ...]:
        """What the file's `__has_include` tests find: a search path that finds other files reads
        the file differently even where it includes nothing."""
        header = self.file(path)
        return self._found(search, path, "probes") if header and header.probes else ()

    def _found(self, search: SearchPath, path: str, which: str) -> tuple[str | None, ...]:
        """What each of a file's `includes` or `probes` finds, in any branch: the same for every
        search path with these directories, whatever macros it knows (refining one does not
        look again)."""
        key = (search.quote, search.angle, path, which)
        if key not in self._resolved:
            header = self.file(path)
            looked_for = getattr(header, which) if header else ()
            self._resolved[key] = tuple(resolve(search, kind, name, path, next_after=path if directive == "include_next" else None)
                                        for directive, kind, name, *_ in looked_for)
        return self._resolved[key]


def _includes_with_conditions(data: bytes) -> tuple[tuple[tuple[str, str, str, tuple], ...], frozenset[str],
                                                    tuple[tuple[str, str, str], ...], bool]:
    """Each include with the `#if` branches around it (a tuple of (expression, wanted truth)),
    every identifier an `#if` tests, the headers `#if`s ask `__has_include` about, and whether an
    include names its file through a macro."""
    found = []
    tested: set[str] = set()
    probes: list[tuple[str, str, str]] = []
    computed = False
    frames: list[list] = []  # per open #if: [earlier branch expressions, this branch's (expr, want) or None]
    for word, rest in _BRANCHING.findall(data):
        word, text = word.decode(), rest.decode("latin-1").strip()
        if word in ("if", "ifdef", "ifndef", "elif"):
            tested.update(_IDENT.findall(_COMMENT.sub(" ", text)))
            probes.extend(("include_next" if "next" in asker.lower() else "include", kind, name.strip())
                          for asker, kind, name in _HAS_INCLUDE.findall(text))
        if word in ("if", "ifdef", "ifndef"):
            expression = text if word == "if" else f"defined({text.split()[0] if text.split() else ''})"
            frames.append([[], (expression, word != "ifndef")])
        elif word in ("elif", "else") and frames:
            earlier, current = frames[-1]
            if current is not None:
                earlier.append(current)
            frames[-1][1] = (text, True) if word == "elif" else None
        elif word == "endif" and frames:
            frames.pop()
        elif word in ("include", "include_next", "import"):
            spelled = _SPELLED.match(text)
            if spelled is not None:
                condition = tuple(c for earlier, current in frames
                                  for c in [*((e, not w) for e, w in earlier), *([current] if current else [])])
                found.append((word, spelled.group(1), spelled.group(2).strip(), condition))
            elif _IDENT.match(text):  # `#include NAME`, not text in a comment such as "#include's"
                computed = True
    return tuple(found), frozenset(tested - {"defined"}), tuple(dict.fromkeys(probes)), computed


def _possible(condition: tuple, known: KnownMacros | None) -> bool:
    """False only when a branch around the include is surely not taken."""
    return known is None or all(_truth(expression, known) in (None, want) for expression, want in condition)


_DEFINED = re.compile(r"\bdefined\s*\(\s*(\w+)\s*\)|\bdefined\s+(\w+)")
_CALL = re.compile(r"[A-Za-z_]\w*\s*\(")
_SUFFIX = re.compile(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b")


@lru_cache(maxsize=None)
def _truth(expression: str, known: KnownMacros) -> bool | None:
    """An `#if` expression's value when the known macros decide it, else None (three-valued: an
    unknown macro or `defined(X)` leaves open only what depends on it)."""
    text = _COMMENT.sub(" ", expression)
    text = _DEFINED.sub(lambda m: f" __defined_{m.group(1) or m.group(2)} ", text)
    if _CALL.search(text) or "?" in text or "'" in text:
        return None
    text = _SUFFIX.sub(r"\1", text).replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"!(?!=)", " not ", text).replace("/", "//")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return None
    value = _evaluate(tree.body, known)
    return None if value is None else bool(value)


def _evaluate(node: ast.AST, known: KnownMacros) -> int | None:
    """C preprocessor arithmetic over known macros; None where an unknown decides."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, int) else None
    if isinstance(node, ast.Name):
        if node.id.startswith("__defined_"):
            defined = known.is_defined(node.id[len("__defined_"):])
            return None if defined is None else int(defined)
        return known.value(node.id)
    if isinstance(node, ast.BoolOp):
        values = [_evaluate(v, known) for v in node.values]
        decided = [bool(v) for v in values if v is not None]
        deciding = isinstance(node.op, ast.And) and False in decided or isinstance(node.op, ast.Or) and True in decided
        if deciding:
            return int(isinstance(node.op, ast.Or))
        return None if None in values else int(isinstance(node.op, ast.And))
    try:
        if isinstance(node, ast.UnaryOp):
            value = _evaluate(node.operand, known)
            return None if value is None else _UNARY[type(node.op)](value)
        if isinstance(node, ast.BinOp):
            left, right = _evaluate(node.left, known), _evaluate(node.right, known)
            return None if left is None or right is None else _BINARY[type(node.op)](left, right)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left, right = _evaluate(node.left, known), _evaluate(node.comparators[0], known)
            return None if left is None or right is None else int(_COMPARE[type(node.ops[0])](left, right))
    except (KeyError, ArithmeticError, ValueError):  # an operator C has not, division by zero
        return None
    return None


_UNARY = {ast.Not: lambda v: int(not v), ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}
_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Mod: operator.mod,
           ast.FloorDiv: lambda a, b: int(a / b), ast.LShift: operator.lshift, ast.RShift: operator.rshift,
           ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge}


def resolve(search: SearchPath, kind: str, name: str, including: str | None, next_after: str | None = None) -> str | None:
    """The file an include finds, as clang looks: the including file's directory (quotes only),
    the quote list, the angle list; `#include_next` continues after the directory of `next_after`."""
    if os.path.isabs(name):
        return absolute_path(name) if _is_file(name) else None
    first = None
    if next_after is not None:
        angle = search.angle
        owner = max((d for d in angle if next_after.startswith(d + os.sep)), key=len, default=None)
        dirs = angle[angle.index(owner) + 1:] if owner is not None else angle
    elif kind == '"':
        first = os.path.dirname(including) if including is not None else None
        dirs = search.quote + search.angle
    else:
        dirs = search.angle
    if first is not None and _is_file(f"{first.rstrip('/')}/{name}"):
        return absolute_path(f"{first.rstrip('/')}/{name}")
    return _in_dirs(dirs, name)


@lru_cache(maxsize=None)
def _in_dirs(dirs: tuple[str, ...], name: str) -> str | None:
    first = name.split("/", 1)[0]
    listed = first not in (".", "..")  # a name's first component is an entry of the directory
    for directory in dirs:  # absolute and normalized: a plain join is os.path.join here, and cheaper
        if listed and _fold(first) not in _listing(directory):
            continue
        candidate = f"{directory.rstrip('/')}/{name}"
        if _is_file(candidate):
            return absolute_path(candidate)
    return None


_CASE_BLIND = sys.platform in ("darwin", "win32")  # where `QString.h` finds `qstring.h`


def _fold(name: str) -> str:
    return name.casefold() if _CASE_BLIND else name


@lru_cache(maxsize=None)
def _listing(directory: str) -> frozenset[str]:
    """A directory's entries, read once per plan: most lookups end here without a stat."""
    try:
        return frozenset(_fold(entry) for entry in os.listdir(directory))
    except OSError:
        return frozenset()


_FILES: dict[str, bool] = {}


def _is_file(path: str) -> bool:
    """os.path.isfile, asked once per plan: every group's search path tries the same directories."""
    found = _FILES.get(path)
    if found is None:
        found = _FILES[path] = os.path.isfile(path)
    return found


@dataclass(frozen=True)
class Named:
    """An external header a TU includes at file scope, unconditionally, and how to spell it."""

    path: str
    spelling: str  # `<vector>` or `"lib/x.h"`: resolves to `path` from any including file


# One step of a TU's preprocessing, in order:
#   ("named", Named)            an external header included at file scope, unconditionally
#   ("nested", path)            an external header included inside braces (extern "C", namespace)
#   ("define", names)           project macros defined or undefined here
#   ("use", names)              identifiers project code uses or tests here
#   ("pin", reason)             something that must see exactly what was included before it
Step = tuple[str, object]


@dataclass
class _Frame:
    """One open `#if` in a project file: is the current branch surely taken (True), surely not
    (False) or undecided (None)?"""

    guard: bool  # the header's own include guard: not a condition
    taken: bool | None = True
    earlier: bool | None = False  # was an earlier branch taken?


@dataclass
class ProjectScan:
    steps: list[Step]
    tested: set[str]  # identifiers the project's `#if`s test


def scan_project(main_file: str, search: SearchPath, project_root: str, limit_depth: int = 64) -> ProjectScan:
    """The steps of a TU's main file and its project headers (each walked once, as guards do).

    With `search.known`, branches the command line decides are followed or skipped like clang
    would (a macro the project defines or undefines on the way is undecided from there on).
    """
    root = project_root.rstrip(os.sep) + os.sep
    steps: list[Step] = []
    visited: set[str] = set()
    tested: set[str] = set()
    redefined: set[str] = set()

    def use(names: frozenset[str]) -> None:
        """Consecutive uses are one step: only what lies between them can tell them apart."""
        if not names:
            return
        if steps and steps[-1][0] == "use":
            steps[-1][1].update(names)
        else:
            steps.append(("use", set(names)))

    def truth(expression: str) -> bool | None:
        names = set(_IDENT.findall(expression)) - {"defined"}
        tested.update(names)
        use(frozenset(names))
        if search.known is None or names & redefined:
            return None
        return _truth(expression, search.known)

    def is_project(path: str) -> bool:
        return root != os.sep and path.startswith(root)

    def walk(path: str, conditional: bool, braces_outside: int, depth: int) -> None:
        if path in visited or depth > limit_depth:
            return
        visited.add(path)
        lines = _logical_lines(path)
        if lines is None:
            steps.append(("pin", f"unreadable {path}"))
            return
        frames: list[_Frame] = []
        guard = _guard_macro(lines) if depth > 0 else None
        opening = True  # the file's first conditional may be its guard
        braces = 0
        for word, rest, names, brace_change in lines:
            skipping = any(f.taken is False for f in frames)
            if word is None:
                if not skipping:
                    use(names)
                    braces += brace_change
                continue
            if word in ("if", "ifdef", "ifndef"):
                if skipping:
                    frames.append(_Frame(guard=False, taken=False, earlier=True))
                    continue
                is_guard = opening and guard is not None and _tests_only(rest, guard)
                opening = False
                if is_guard:
                    frames.append(_Frame(guard=True))
                    continue
                name = (_IDENT.findall(rest) or [""])[0]
                expression = rest if word == "if" else f"{'!' if word == 'ifndef' else ''}defined({name})"
                taken = truth(expression)
                frames.append(_Frame(guard=False, taken=taken, earlier=taken))
            elif word in ("elif", "else") and frames and not frames[-1].guard:
                frame = frames[-1]
                if any(f.taken is False for f in frames[:-1]):
                    continue
                condition = truth(rest) if word == "elif" else True
                if frame.earlier is True or condition is False:
                    frame.taken = False
                elif frame.earlier is False and condition is True:
                    frame.taken = True
                else:
                    frame.taken = None
                frame.earlier = True if frame.earlier is True or frame.taken is True else (
                    None if frame.earlier is None or frame.taken is None else False)
            elif word == "endif":
                if frames:
                    frames.pop()
            elif skipping:
                continue
            elif word in ("define", "undef"):
                names = _IDENT.findall(rest)
                if names and names[0] == guard and word == "define":
                    continue
                if names:
                    redefined.add(names[0])
                    steps.append(("define", frozenset(names[:1])))
                    use(frozenset(names[1:]))
            elif word == "pragma":
                if not rest.strip().startswith(_HARMLESS_PRAGMAS):
                    steps.append(("pin", f"#pragma {rest.strip()}"))
            elif word in ("include", "include_next", "import"):
                inside = conditional or any(f.taken is None for f in frames) or braces + braces_outside > 0
                spelled = _SPELLED.match(rest.strip())
                if spelled is None or word == "import":
                    steps.append(("pin", f"#{word} {rest.strip()}"))
                    continue
                kind, name = spelled.groups()
                found = resolve(search, kind, name, path, next_after=path if word == "include_next" else None)
                if found is None:
                    if not inside:  # a missing header in a branch not taken is no matter
                        steps.append(("pin", f"{name} not found"))
                elif is_project(found):
                    walk(found, inside, braces + braces_outside, depth + 1)
                elif braces + braces_outside > 0:
                    steps.append(("nested", found))
                elif not inside and word == "include" and resolve(search, kind, name, None) == found:
                    steps.append(("named", Named(found, f"{kind}{name}{'>' if kind == '<' else kind}")))
            # #error, #warning, #line and unknown directives change nothing a header sees

    walk(absolute_path(main_file), False, 0, 0)
    return ProjectScan(steps, tested)


@lru_cache(maxsize=4096)
def _logical_lines(path: str) -> tuple[tuple[str | None, str, frozenset[str], int], ...] | None:
    """A project file read once per run: per line (comments removed, continuations joined), the
    directive and its text, or, for code, the identifiers it uses and how it changes brace depth."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    text = text.replace("\\\r\n", "").replace("\\\n", "")
    text = _COMMENT_OR_LITERAL.sub(lambda m: m.group() if m.group()[0] in "\"'" else " " + "\n" * m.group().count("\n"), text)
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        directive = _DIRECTIVE.match(line)
        if directive is not None:
            lines.append((directive.group(1), directive.group(2), frozenset(), 0))
        else:
            code = _LITERAL.sub('""', line)
            lines.append((None, "", frozenset(_IDENT.findall(code)), code.count("{") - code.count("}")))
    return tuple(lines)


def _guard_macro(lines: tuple) -> str | None:
    """The include guard's macro when the header opens with `#ifndef X` / `#define X`."""
    if len(lines) < 2:
        return None
    (first, first_text, _, _), (second, second_text, _, _) = lines[0], lines[1]
    if second != "define" or first not in ("ifndef", "if"):
        return None
    defined = _IDENT.findall(second_text)
    if not defined:
        return None
    if first == "ifndef" or first_text.replace(" ", "").startswith("!defined"):
        if _tests_only(first_text, defined[0]):
            return defined[0]
    return None


def _tests_only(expression: str, macro: str) -> bool:
    return set(_IDENT.findall(expression)) - {"defined"} == {macro}
