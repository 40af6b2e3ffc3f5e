"""Build the unit model from a libclang translation unit, touching each relevant cursor once.

Only declarations in analyzed files (the main file and headers passing the header filter) are
entered; system headers are never walked. Inside a function body every cursor is visited once
by `FunctionBuilder`, which lays out the control-flow graph and records the events (calls,
allocations, deletes, accesses, assignments) of each CFG node as it goes.
"""
from __future__ import annotations

import os
from typing import Callable

import clang.cindex as ci

from clangcheck.findings import Location
from clangcheck.model import libclang as lc
from clangcheck.model.constants import changed_variables, prune
from clangcheck.model.cfg import FunctionBuilder, _is_thread_local
from clangcheck.model.source import source_file
from clangcheck.model.types import ClassInfo, Function, LocalVariable, UnitModel
from clangcheck.paths import absolute_path

K = ci.CursorKind

_CONTAINERS = {K.NAMESPACE, K.LINKAGE_SPEC, K.UNEXPOSED_DECL}
_CLASSES = {K.CLASS_DECL, K.STRUCT_DECL, K.CLASS_TEMPLATE, K.UNION_DECL, K.CLASS_TEMPLATE_PARTIAL_SPECIALIZATION}
_FUNCTIONS = {
    K.FUNCTION_DECL: "function",
    K.CXX_METHOD: "method",
    K.CONSTRUCTOR: "constructor",
    K.DESTRUCTOR: "destructor",
    K.FUNCTION_TEMPLATE: "function",
    K.CONVERSION_FUNCTION: "method",
}


def qualified_name(cursor: ci.Cursor) -> str:
    """`ns::Class::method`; anonymous namespaces and the TU are left out."""
    parts = []
    c = cursor
    while c is not None and c.kind != K.TRANSLATION_UNIT:
        if c.spelling and c.kind != K.LINKAGE_SPEC:
            parts.append(c.spelling)
        c = c.semantic_parent
    return "::".join(reversed(parts))


class UnitBuilder:
    """Walks the declarations of analyzed files and builds one `UnitModel`."""

    def __init__(self, tu: ci.TranslationUnit, main_file: str, analyzed: Callable[[str], bool], language: str):
        self.tu = tu
        self.main_name = main_file  # as clang names it
        self.main_file = absolute_path(main_file)
        self._analyzed = analyzed
        self._file_ok: dict[str, bool] = {}
        self._absolute: dict[str, str] = {}
        self.language = language
        self.functions: list[Function] = []
        self.classes: dict[str, ClassInfo] = {}
        self.callee_cache: dict[str, object] = {}
        self.bases_cache: dict[str, tuple[str, ...]] = {}
        self.globals: list[LocalVariable] = []

    # --- files -------------------------------------------------------------------------
    def is_analyzed(self, cursor: ci.Cursor) -> bool:
        loc = cursor.location
        file = loc.file
        if file is None:
            return False
        name = file.name
        ok = self._file_ok.get(name)
        if ok is None:
            ok = name == self.main_name or (not lc.in_system_header(loc) and self._analyzed(self.absolute(name)))
            self._file_ok[name] = ok
        return ok

    def location(self, cursor_or_loc) -> Location:
        loc = cursor_or_loc.location if isinstance(cursor_or_loc, ci.Cursor) else cursor_or_loc
        file, line, column, _ = lc.spelled_location(loc)
        return Location(self.absolute(file), line, column)

    def absolute(self, name: str) -> str:
        """clang names headers as they were found (`include/x.h`, relative to the compile's directory)."""
        path = self._absolute.get(name)
        if path is None:
            path = self._absolute[name] = absolute_path(name) if name else ""
        return path

    # --- declarations ------------------------------------------------------------------
    def build(self) -> UnitModel:
        for cursor in self.tu.cursor.get_children():
            if self.is_analyzed(cursor):
                self._declaration(cursor)
        changed = changed_variables(self.functions)
        for fn in self.functions:
            prune(fn, changed)
        lines = {self.absolute(name): source_file(self.absolute(name)).lines for name, ok in self._file_ok.items() if ok}
        return UnitModel(
            main_file=self.main_file,
            functions=self.functions,
            classes=self.classes,
            language=self.language,
            source_lines={name: [l.decode("utf-8", "replace") for l in data] for name, data in lines.items()},
            globals=self.globals,
            std_make_unique=self.language == "c++" and _declares_make_unique(self.tu),
        )

    def _declaration(self, cursor: ci.Cursor) -> None:
        kind = lc.kind_of(cursor)
        if kind in _CONTAINERS:
            for child in cursor.get_children():
                if self.is_analyzed(child):
                    self._declaration(child)
        elif kind in _CLASSES:
            if cursor.is_definition():
                self._class(cursor)
        elif kind in _FUNCTIONS and cursor.is_definition():
            self._function(cursor, _FUNCTIONS[kind])
        elif kind == K.VAR_DECL:
            self._global(cursor)

    def _global(self, cursor: ci.Cursor) -> None:
        """A namespace-scope variable or static data member (for thread reasoning: thread_local, atomics)."""
        self.globals.append(LocalVariable(
            qualified_name(cursor), lc.usr(cursor), cursor.type.spelling, self.location(cursor), is_static=True,
            thread_local=_is_thread_local(cursor),
        ))

    def _class(self, cursor: ci.Cursor) -> None:
        name = qualified_name(cursor)
        fields = []
        declares_destructor = False
        private_slots: list[str] = []
        in_private_slots = False
        for child in cursor.get_children():
            kind = lc.kind_of(child)
            if kind == K.CXX_ACCESS_SPEC_DECL:
                words = [t.spelling for t in child.get_tokens()][:2]
                in_private_slots = words == ["private", "slots"] or words == ["private", "Q_SLOTS"]
            elif kind == K.CXX_METHOD and in_private_slots:
                private_slots.append(child.spelling)
            if kind == K.DESTRUCTOR:
                declares_destructor = True
            if kind == K.FIELD_DECL:
                fields.append(
                    LocalVariable(child.spelling, lc.usr(child), child.type.spelling, self.location(child))
                )
            elif kind in _CLASSES or kind in _FUNCTIONS:
                self._declaration(child)
            elif kind == K.VAR_DECL:
                self._global(child)
        self.classes[name] = ClassInfo(
            name=name, usr=lc.usr(cursor), location=self.location(cursor),
            bases=self.bases_of(cursor), fields=tuple(fields), declares_destructor=declares_destructor,
            private_slots=tuple(private_slots),
        )

    def bases_of(self, cursor: ci.Cursor) -> tuple[str, ...]:
        """All base classes, transitively, by qualified name (system classes included: QObject)."""
        usr = lc.usr(cursor)
        cached = self.bases_cache.get(usr)
        if cached is not None:
            return cached
        self.bases_cache[usr] = ()  # guards against odd recursive templates
        bases: list[str] = []
        for child in cursor.get_children():
            if lc.kind_of(child) != K.CXX_BASE_SPECIFIER:
                continue
            decl = child.type.get_declaration()
            if decl is None or decl.kind == K.NO_DECL_FOUND:
                bases.append(child.type.spelling)
                continue
            decl = decl.get_definition() or decl
            bases.append(qualified_name(decl))
            bases.extend(self.bases_of(decl))
        result = tuple(dict.fromkeys(bases))
        self.bases_cache[usr] = result
        return result

    def class_bases(self, type_: ci.Type) -> tuple[str, tuple[str, ...]]:
        """(qualified class name, its bases) of a class type, for allocations and callees."""
        decl = type_.get_declaration()
        if decl is None or decl.kind == K.NO_DECL_FOUND:
            return type_.spelling, ()
        info = self.register_class(decl)
        return info.name, info.bases

    def register_class(self, decl: ci.Cursor) -> ClassInfo:
        """Know a class used by the code (QLocalServer, std::thread) by name and bases, without its fields."""
        decl = decl.get_definition() or decl
        name = qualified_name(decl)
        info = self.classes.get(name)
        if info is None:
            info = self.classes[name] = ClassInfo(name=name, usr=lc.usr(decl), location=self.location(decl),
                                                  bases=self.bases_of(decl))
        return info

    def _function(self, cursor: ci.Cursor, kind: str) -> None:
        parent = cursor.semantic_parent
        class_name = qualified_name(parent) if parent is not None and lc.kind_of(parent) in _CLASSES else ""
        location = self.location(cursor)
        fn = Function(
            name=cursor.spelling,
            qualified_name=qualified_name(cursor),
            usr=lc.usr(cursor),
            kind=kind if class_name or kind != "method" else "function",
            location=location,
            class_name=class_name,
            is_virtual=kind == "method" and cursor.is_virtual_method(),
            in_header=location.file != self.main_file,
        )
        FunctionBuilder(self, fn).build_function(cursor)
        self.functions.append(fn)

    def add_function(self, fn: Function) -> None:
        """Lambdas are built while their enclosing function is; they join the unit here."""
        self.functions.append(fn)


def _declares_make_unique(tu: ci.TranslationUnit) -> bool:
    """Is `std::make_unique` declared? Only `namespace std` blocks of a `unique_ptr` header are read (cheap)."""
    for cursor in tu.cursor.get_children():
        if cursor.kind != K.NAMESPACE or cursor.spelling != "std":
            continue
        file = cursor.location.file
        if file is not None and "unique_ptr" in os.path.basename(file.name):
            if any(child.spelling == "make_unique" for child in cursor.get_children()):
                return True
    return False


def build_unit(tu: ci.TranslationUnit, main_file: str, analyzed: Callable[[str], bool], language: str) -> UnitModel:
    return UnitBuilder(tu, main_file, analyzed, language).build()
