"""Per-function control-flow graph and events, built in one pass over the body's cursors.

The CFG is statement-level: a node per expression statement, declaration, condition, return,
throw, jump and label, with join nodes where paths meet. Edges carry 'true'/'false' from
conditions, 'exception' from anything that may throw (to the innermost try's handlers, or out of
the function) and 'case' from a switch. A `return` produced by a macro (QVERIFY, QCOMPARE) is an
ordinary return node whose `macros` names the macro.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import clang.cindex as ci

from clangcheck.findings import Location
from clangcheck.model import libclang as lc
from clangcheck.model.constants import condition_tree
from clangcheck.model.source import SourceFile, source_file
from clangcheck.model.types import (
    CFG, Access, Allocation, Assignment, Callee, CallSite, Delete, Function, LocalVariable, DependentCall, Node, PointerCall, Ref,
    ResultUse,
)

if TYPE_CHECKING:
    from clangcheck.model.builder import UnitBuilder

K = ci.CursorKind
Pending = list[tuple[int, str]]

_NOTHROW = {
    ci.ExceptionSpecificationKind.BASIC_NOEXCEPT,
    ci.ExceptionSpecificationKind.COMPUTED_NOEXCEPT,
    ci.ExceptionSpecificationKind.DYNAMIC_NONE,
}
# Functions that never return: a path ending in one is not a normal exit (leaks there do not matter).
NORETURN = frozenset((
    "exit", "_exit", "_Exit", "abort", "quick_exit", "std::exit", "std::abort", "std::terminate",
    "std::quick_exit", "__assert_fail", "qFatal", "QMessageLogger::fatal", "qt_assert", "qt_assert_x",
    "pthread_exit", "longjmp", "siglongjmp", "std::rethrow_exception",
))
_PASS_THROUGH = {K.UNEXPOSED_EXPR, K.PAREN_EXPR, K.CXX_STATIC_CAST_EXPR, K.CXX_CONST_CAST_EXPR,
                 K.CXX_REINTERPRET_CAST_EXPR, K.CXX_DYNAMIC_CAST_EXPR, K.CXX_FUNCTIONAL_CAST_EXPR,
                 K.CSTYLE_CAST_EXPR}
_LITERALS = {K.INTEGER_LITERAL: "literal", K.FLOATING_LITERAL: "literal", K.CHARACTER_LITERAL: "literal",
             K.STRING_LITERAL: "literal", K.CXX_BOOL_LITERAL_EXPR: "literal",
             K.CXX_NULL_PTR_LITERAL_EXPR: "null", K.GNU_NULL_EXPR: "null"}
_FUNCTION_KINDS = {K.FUNCTION_DECL, K.CXX_METHOD, K.CONSTRUCTOR, K.DESTRUCTOR, K.FUNCTION_TEMPLATE,
                   K.CONVERSION_FUNCTION, K.LAMBDA_EXPR}
_REF_KINDS = {K.DECL_REF_EXPR, K.MEMBER_REF_EXPR, K.TYPE_REF, K.CALL_EXPR, K.VAR_DECL, K.TEMPLATE_REF,
              K.NAMESPACE_REF, K.OVERLOADED_DECL_REF, K.MEMBER_REF}
_OTHER = Ref("other")


class FunctionBuilder:
    """Lays out one function's CFG and records its events; lambdas get a builder of their own."""

    def __init__(self, unit: "UnitBuilder", fn: Function):
        self.unit = unit
        self.fn = fn
        self.nodes: list[Node] = [Node(0, "entry"), Node(1, "exit")]
        self.loops: list[dict[str, Pending]] = []  # break/continue pending edges per loop or switch
        self.switches: list[tuple[int, list[bool]]] = []  # (condition node, [has default])
        self.handlers: list[int] = []  # exception dispatch node of each enclosing try
        self.labels: dict[str, int] = {}
        self.current = 0  # node receiving events
        self.loop_depth = 0
        self.call_count = 0
        self.scope_ends: list[Location] = []  # end of each enclosing block, innermost last

    # --- graph plumbing ------------------------------------------------------------------
    def new_node(self, kind: str, cursor: ci.Cursor | None = None, pending: Pending | None = None) -> int:
        node = Node(len(self.nodes), kind)
        if cursor is not None:
            node.location = self.unit.location(cursor)
            node.macros = self._macros(cursor)
        self.nodes.append(node)
        if pending:
            self.connect(pending, node.id)
        return node.id

    def connect(self, pending: Pending, target: int) -> None:
        for source, label in pending:
            if (target, label) not in self.nodes[source].succ:
                self.nodes[source].succ.append((target, label))

    def _macros(self, cursor: ci.Cursor) -> tuple[str, ...]:
        """The macro a statement was expanded from (QVERIFY2, assert), by looking at its use site."""
        loc = cursor.location
        file = loc.file
        if file is None:
            return ()
        src = self.unit_source(file.name)
        ident = src.identifier_at(loc.line, loc.column)
        if not ident:
            return ()
        at = ci.Cursor.from_location(self.unit.tu, loc)
        if at is not None and lc.kind_of(at) in _REF_KINDS and _names(at.spelling, ident):
            return ()  # a real name (variable, function, type) starts the statement
        if lc.kind_of(cursor) in _REF_KINDS and cursor.spelling == ident:
            return ()
        return (ident,)

    def unit_source(self, name: str) -> SourceFile:
        return source_file(name)

    def _throw_edge(self, node: int) -> None:
        target = self.handlers[-1] if self.handlers else CFG.EXIT
        self.connect([(node, "exception")], target)

    # --- entry point ----------------------------------------------------------------------
    def build_function(self, cursor: ci.Cursor) -> None:
        self.fn.noexcept = cursor.exception_specification_kind in _NOTHROW
        body = None
        initializers: list[ci.Cursor] = []
        for child in cursor.get_children():
            kind = lc.kind_of(child)
            if kind == K.PARM_DECL:
                self.fn.params.append(self._variable(child))
            elif kind == K.COMPOUND_STMT:
                body = child
            elif kind == K.CXX_OVERRIDE_ATTR:
                self.fn.is_override = True
            elif kind in (K.MEMBER_REF, K.TYPE_REF) or (kind is not None and kind.is_expression()):
                initializers.append(child)
        pending: Pending = [(CFG.ENTRY, "")]
        pending = self._initializers(initializers, pending)
        if body is not None:
            pending = self.stmt(body, pending)
        self.connect(pending, CFG.EXIT)
        self.fn.cfg = CFG(self.nodes)

    def _initializers(self, children: list[ci.Cursor], pending: Pending) -> Pending:
        """Constructor member initializers `: buffer(new char[n])` become assignments to this->buffer."""
        field: ci.Cursor | None = None
        for child in children:
            kind = lc.kind_of(child)
            if kind == K.MEMBER_REF:
                field = child
                continue
            if kind == K.TYPE_REF:
                field = None  # base-class initializer
                continue
            node = self.new_node("stmt", child, pending)
            pending = [(node, "")]
            self.current = node
            if field is not None and field.referenced is not None:
                target = Ref("field", field.spelling, lc.usr(field.referenced), Ref("this"), field.type.spelling)
                value = self.expr(child, ResultUse("assigned", target))
                self._record_assignment(child, target, value, declaration=True)
            else:
                self.expr(child, ResultUse("other"))
            field = None
        return pending

    # --- statements ------------------------------------------------------------------------
    def stmt(self, c: ci.Cursor, pending: Pending) -> Pending:
        kind = lc.kind_of(c)
        handler = _STATEMENTS.get(kind)
        if handler is not None:
            return handler(self, c, pending)
        if kind is None or not (kind.is_expression() or kind.is_statement() or kind == K.LAMBDA_EXPR):
            return pending
        return self._expression_statement(c, pending)

    def _compound(self, c: ci.Cursor, pending: Pending) -> Pending:
        end = c.extent.end
        self.scope_ends.append(self.unit.location(end) if end.file is not None else Location("", 0, 0))
        for child in c.get_children():
            pending = self.stmt(child, pending)
        self.scope_ends.pop()
        return pending

    def _expression_statement(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("stmt", c, pending)
        self.current = node
        self.expr(c, ResultUse("discarded"))
        if self.nodes[node].kind == "throw":
            return []
        if self.nodes[node].kind == "noreturn":
            self.connect([(node, "noreturn")], CFG.EXIT)
            return []
        return [(node, "")]

    def _decl(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("stmt", c, pending)
        self.current = node
        for child in c.get_children():
            if lc.kind_of(child) == K.VAR_DECL:
                self._var_decl(child)
        return [(node, "")] if self.nodes[node].kind != "throw" else []

    def _var_decl(self, c: ci.Cursor) -> Ref:
        var = self._variable(c)
        if self.scope_ends and self.scope_ends[-1].file:
            var = replace(var, scope_end=self.scope_ends[-1])
        self.fn.locals.append(var)
        ref = self._variable_ref(c, var.is_static)
        init = None
        for child in c.get_children():
            kind = lc.kind_of(child)
            if kind is not None and (kind.is_expression() or kind == K.LAMBDA_EXPR):
                init = child
        if init is not None:
            value = self.expr(init, ResultUse("initializes", ref))
            self._record_assignment(c, ref, value, declaration=True)
        return ref

    def _condition(self, c: ci.Cursor, pending: Pending) -> int:
        node = self.new_node("condition", c, pending)
        self.current = node
        self.nodes[node].text = self._text(c)
        self.nodes[node].expression = simple_condition(c)
        self.nodes[node].condition = condition_tree(c)
        if lc.kind_of(c) == K.VAR_DECL:
            self._var_decl(c)
        else:
            self.expr(c, ResultUse("condition"))
        return node

    def _if(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        if len(children) == 4 or (len(children) == 3 and lc.kind_of(children[0]) == K.DECL_STMT):
            pending = self.stmt(children[0], pending)  # C++17 init-statement
            children = children[1:]
        if not children:
            return pending
        cond = self._condition(children[0], pending)
        out = self.stmt(children[1], [(cond, "true")]) if len(children) > 1 else [(cond, "true")]
        out = out + (self.stmt(children[2], [(cond, "false")]) if len(children) > 2 else [(cond, "false")])
        return out

    def _loop(self, body: ci.Cursor | None, entry: Pending, continue_to: int | None) -> tuple[Pending, Pending]:
        """Runs the body inside a loop context; returns (fall-out of body + continues, breaks)."""
        self.loops.append({"breaks": [], "continues": []})
        self.loop_depth += 1
        out = self.stmt(body, entry) if body is not None else entry
        self.loop_depth -= 1
        ctx = self.loops.pop()
        if continue_to is not None:
            self.connect(ctx["continues"], continue_to)
            return out, ctx["breaks"]
        return out + ctx["continues"], ctx["breaks"]

    def _while(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        head = self.new_node("label", c, pending)
        cond = self._condition(children[0], [(head, "")])
        out, breaks = self._loop(children[-1] if len(children) > 1 else None, [(cond, "true")], head)
        self.connect(out, head)
        return [(cond, "false")] + breaks

    def _do(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        head = self.new_node("label", c, pending)
        out, breaks = self._loop(children[0], [(head, "")], None)
        cond = self._condition(children[-1], out)
        if self._is_false_literal(children[-1]):
            return [(cond, "false")] + breaks  # do { … } while (false): the macro idiom, no back edge
        self.connect([(cond, "true")], head)
        return [(cond, "false")] + breaks

    def _for(self, c: ci.Cursor, pending: Pending) -> Pending:
        init, cond_c, inc, body = self._for_parts(c)
        if init is not None:
            pending = self.stmt(init, pending)
        head = self.new_node("label", c, pending)
        if cond_c is not None:
            cond = self._condition(cond_c, [(head, "")])
            entry, exits = [(cond, "true")], [(cond, "false")]
        else:
            entry, exits = [(head, "")], []
        step = self.new_node("label", inc if inc is not None else c)  # continue target
        out, breaks = self._loop(body, entry, step)
        self.connect(out, step)
        if inc is not None:
            self.current = step
            self.nodes[step].kind = "stmt"
            self.expr(inc, ResultUse("discarded"))
        self.connect([(step, "")], head)
        return exits + breaks

    def _for_parts(self, c: ci.Cursor):
        """Which of init/cond/inc are present: libclang omits empty ones, the semicolons tell."""
        children = list(c.get_children())
        body = children[-1] if children else None
        header = children[:-1]
        if len(header) == 3:
            return header[0], header[1], header[2], body  # all present (also inside macros, whose tokens lie)
        semis: list[int] = []
        depth = 0
        for tok in c.get_tokens():
            s = tok.spelling
            if s == "(":
                depth += 1
            elif s == ")":
                depth -= 1
                if depth == 0:
                    break
            elif s == ";" and depth == 1:
                semis.append(tok.extent.start.offset)
        if len(semis) < 2:  # a `for` written in a macro's body: its tokens are the macro's use
            return (*self._for_parts_by_kind(header), body)
        parts: list[ci.Cursor | None] = [None, None, None]
        for child in header:
            offset = child.extent.start.offset
            slot = 0 if len(semis) < 1 or offset < semis[0] else 1 if len(semis) < 2 or offset < semis[1] else 2
            if lc.kind_of(child) == K.VAR_DECL and slot == 1:
                parts[1] = child
            elif parts[slot] is None:
                parts[slot] = child
        return parts[0], parts[1], parts[2], body

    def _for_parts_by_kind(self, header: list[ci.Cursor]) -> tuple:
        """Classify the present parts by what they are: a declaration is the init, a comparison or
        logical expression the condition; what precedes the condition is init, what follows inc."""
        def is_condition(child: ci.Cursor) -> bool:
            inner = child
            while lc.kind_of(inner) in (K.UNEXPOSED_EXPR, K.PAREN_EXPR):
                inner = next(iter(inner.get_children()), inner)
                if inner is child:
                    break
            if lc.kind_of(inner) == K.UNARY_OPERATOR and lc.unary_operator(inner) == "!":
                return True
            return lc.kind_of(inner) == K.BINARY_OPERATOR and (
                lc.binary_operator(inner) in lc.COMPARISON_OPERATORS or lc.binary_operator(inner) in ("&&", "||"))

        cond = next((i for i, ch in enumerate(header) if is_condition(ch) and lc.kind_of(ch) != K.DECL_STMT), None)
        if cond is None:
            return (header[0] if header else None), None, (header[1] if len(header) > 1 else None)
        return (header[cond - 1] if cond > 0 else None), header[cond], (header[cond + 1] if cond + 1 < len(header) else None)

    def _range_for(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        node = self.new_node("stmt", c, pending)
        self.current = node
        loop_var = None
        for child in children[:-1]:
            if lc.kind_of(child) == K.VAR_DECL:
                loop_var = child
            else:
                self.expr(child, ResultUse("other"))
        head = self.new_node("condition", c, [(node, "")])
        self.nodes[head].text = "range"
        self.current = head
        if loop_var is not None:
            var = self._variable(loop_var)
            self.fn.locals.append(var)
        out, breaks = self._loop(children[-1], [(head, "true")], head)
        self.connect(out, head)
        return [(head, "false")] + breaks

    def _switch(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        if len(children) > 2:
            pending = self.stmt(children[0], pending)
            children = children[1:]
        cond = self._condition(children[0], pending)
        self.switches.append((cond, [False]))
        self.loops.append({"breaks": [], "continues": []})
        out = self.stmt(children[-1], [])
        ctx = self.loops.pop()
        _, has_default = self.switches.pop()
        if self.loops:  # `continue` inside a switch belongs to the enclosing loop
            self.loops[-1]["continues"].extend(ctx["continues"])
        exits = out + ctx["breaks"]
        if not has_default[0]:
            exits.append((cond, "false"))
        return exits

    def _case(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        label = self.new_node("label", c, pending)
        if self.switches:
            cond, has_default = self.switches[-1]
            self.connect([(cond, "case")], label)
            if lc.kind_of(c) == K.DEFAULT_STMT:
                has_default[0] = True
                self.nodes[label].case_value = "default"
            elif children:
                self.nodes[label].case_value = lc.integer_value(children[0])
        sub = children[-1] if children else None
        if lc.kind_of(c) == K.CASE_STMT and len(children) < 2:
            sub = None
        return self.stmt(sub, [(label, "")]) if sub is not None else [(label, "")]

    def _break(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("jump", c, pending)
        if self.loops:
            self.loops[-1]["breaks"].append((node, ""))
        return []

    def _continue(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("jump", c, pending)
        if self.loops:
            self.loops[-1]["continues"].append((node, ""))
        return []

    def _return(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("return", c, pending)
        self.current = node
        value = None
        for child in c.get_children():
            value = self.expr(child, ResultUse("returned"))
        self.nodes[node].returns = value
        if self.nodes[node].kind == "throw":
            return []
        self.connect([(node, "")], CFG.EXIT)
        return []

    def _goto(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self.new_node("jump", c, pending)
        for child in c.get_children():
            if lc.kind_of(child) == K.LABEL_REF:
                self.connect([(node, "")], self._label_node(child.spelling))
        return []

    def _label(self, c: ci.Cursor, pending: Pending) -> Pending:
        node = self._label_node(c.spelling)
        self.nodes[node].location = self.unit.location(c)
        self.connect(pending, node)
        out: Pending = [(node, "")]
        for child in c.get_children():
            out = self.stmt(child, out)
        return out

    def _label_node(self, name: str) -> int:
        if name not in self.labels:
            self.labels[name] = self.new_node("label")
        return self.labels[name]

    def _try(self, c: ci.Cursor, pending: Pending) -> Pending:
        children = list(c.get_children())
        dispatch = self.new_node("catch", c)
        self.handlers.append(dispatch)
        out = self.stmt(children[0], pending)
        self.handlers.pop()
        catch_all = False
        for handler in children[1:]:
            parts = list(handler.get_children())
            if not any(lc.kind_of(p) == K.VAR_DECL for p in parts):
                catch_all = catch_all or self._is_catch_all(handler)
            entry = self.new_node("label", handler, [(dispatch, "exception")])
            out = out + self.stmt(parts[-1], [(entry, "")]) if parts else out + [(entry, "")]
        if not catch_all:
            self._throw_edge(dispatch)  # an exception no handler matches goes on up
        return out

    def _is_catch_all(self, handler: ci.Cursor) -> bool:
        tokens = [t.spelling for t in handler.get_tokens()][:4]
        return tokens[:4] == ["catch", "(", "...", ")"]

    def _null(self, c: ci.Cursor, pending: Pending) -> Pending:
        return pending

    # --- expressions -------------------------------------------------------------------------
    def expr(self, c: ci.Cursor, use: ResultUse) -> Ref:
        kind = lc.kind_of(c)
        if kind in _PASS_THROUGH:
            children = list(c.get_children())
            if kind == K.CSTYLE_CAST_EXPR or kind == K.CXX_STATIC_CAST_EXPR or kind == K.CXX_FUNCTIONAL_CAST_EXPR:
                if c.type.kind == ci.TypeKind.VOID:
                    use = ResultUse("void-cast")
            inner = [ch for ch in children if lc.kind_of(ch) not in (K.TYPE_REF, K.TEMPLATE_REF, K.NAMESPACE_REF)]
            if len(inner) == 1:
                ref = self.expr(inner[0], use)
                if ref.kind == "literal" and ref.name == "0" and c.type.kind == ci.TypeKind.POINTER:
                    return Ref("null")  # NULL in C: ((void*)0)
                return ref
            for child in inner:
                self.expr(child, ResultUse("other"))
            return _OTHER
        if kind in _LITERALS:
            return self._literal(c, kind)
        handler = _EXPRESSIONS.get(kind)
        if handler is not None:
            return handler(self, c, use)
        if kind == K.CXX_THROW_EXPR:
            for child in c.get_children():
                self.expr(child, ResultUse("other"))
            self.nodes[self.current].kind = "throw"
            self._throw_edge(self.current)
            return _OTHER
        # statements inside an expression (GNU `({ if (e) ; else __assert_fail(...); })`, C's assert)
        visit = self._conditionally if kind is not None and kind.is_statement() else self.expr
        for child in c.get_children():
            visit(child, ResultUse("operand"))
        return _OTHER

    def _decl_ref(self, c: ci.Cursor, use: ResultUse) -> Ref:
        decl = c.referenced
        if decl is None:
            return Ref("other", c.spelling)
        kind = lc.kind_of(decl)
        if kind in (K.VAR_DECL, K.PARM_DECL):
            ref = self._variable_ref(decl, decl.storage_class == ci.StorageClass.STATIC)
            self._access(c, ref, use)
            return ref
        if kind in _FUNCTION_KINDS:
            return Ref("function", decl.spelling, lc.usr(decl), type=self._callee(decl).qualified_name)
        if kind == K.FIELD_DECL:  # a field named inside a lambda or a static context
            ref = Ref("field", decl.spelling, lc.usr(decl), Ref("this"), decl.type.spelling)
            self._access(c, ref, use)
            return ref
        return Ref("other", c.spelling)

    def _member_ref(self, c: ci.Cursor, use: ResultUse) -> Ref:
        decl = c.referenced
        base_cursor = next(iter(c.get_children()), None)
        base = self.expr(base_cursor, ResultUse("receiver")) if base_cursor is not None else Ref("this")
        if decl is not None and lc.kind_of(decl) == K.FIELD_DECL:
            ref = Ref("field", decl.spelling, lc.usr(decl), base, _variable_type(decl.type))
            self._access(c, ref, use)
            return ref
        if decl is not None and lc.kind_of(decl) == K.VAR_DECL:  # static data member
            ref = self._variable_ref(decl, True)
            self._access(c, ref, use)
            return ref
        return Ref("other", c.spelling, base=base)

    def _this(self, c: ci.Cursor, use: ResultUse) -> Ref:
        return Ref("this")

    def _access(self, c: ci.Cursor, ref: Ref, use: ResultUse) -> None:
        how = {"write": "assign", "compound": "compound", "increment": "increment", "address": "address"}.get(use.kind, "read")
        write = how in ("assign", "compound", "increment")
        self.fn.accesses.append(Access(self.unit.location(c), ref, write, self.current, how,
                                       None if write else use))
        if how == "compound" or how == "increment":
            self.fn.accesses.append(Access(self.unit.location(c), ref, False, self.current, "read"))

    def _lvalue(self, c: ci.Cursor, how: str) -> Ref:
        """Walk an assignment target: the variable it names is written, its bases only read."""
        return self.expr(c, ResultUse(how))

    def _binary(self, c: ci.Cursor, use: ResultUse) -> Ref:
        children = list(c.get_children())
        if len(children) != 2:
            for child in children:
                self.expr(child, ResultUse("operand"))
            return _OTHER
        op = lc.binary_operator(c)
        lhs, rhs = children
        if op == "=":
            target = self._lvalue(lhs, "write")
            value = self.expr(rhs, ResultUse("assigned", target))
            self._record_assignment(c, target, value)
            if target.is_variable and use.kind not in ("discarded", "void-cast", "other"):
                # `(n = read(...)) < 0` reads n back: the comparison is a use of the stored value
                self.fn.accesses.append(Access(self.unit.location(c), target, False, self.current, "read", use))
            return target
        if op in lc.ASSIGNMENT_OPERATORS:
            target = self._lvalue(lhs, "compound")
            self.expr(rhs, ResultUse("operand"))
            return target
        if op in lc.COMPARISON_OPERATORS:
            left_peek, right_peek = self._peek(lhs), self._peek(rhs)
            self.expr(lhs, ResultUse("compared", operator=op, other=right_peek))
            self.expr(rhs, ResultUse("compared", operator=_mirror(op), other=left_peek))
            return _OTHER
        if op in ("&&", "||"):
            inner = use if use.kind == "condition" else ResultUse("operand")
            self.expr(lhs, inner)
            self._conditionally(rhs, inner)
            return _OTHER
        if op == ",":
            self.expr(lhs, ResultUse("discarded"))
            return self.expr(rhs, use)
        left = self.expr(lhs, ResultUse("operand", operator=op))
        self.expr(rhs, ResultUse("operand", operator=op))
        if op in ("+", "-") and left.kind in ("local", "param") and \
                lhs.type.get_canonical().kind == ci.TypeKind.POINTER:
            return Ref("other", op, base=left)  # `(char *)block + header`: a pointer into the same block
        return _OTHER

    def _compound_assign(self, c: ci.Cursor, use: ResultUse) -> Ref:
        children = list(c.get_children())
        target = self._lvalue(children[0], "compound") if children else _OTHER
        for child in children[1:]:
            self.expr(child, ResultUse("operand"))
        return target

    def _unary(self, c: ci.Cursor, use: ResultUse) -> Ref:
        op = lc.unary_operator(c)
        child = next(iter(c.get_children()), None)
        if child is None:
            return _OTHER
        if op in ("post++", "post--", "pre++", "pre--"):
            return self._lvalue(child, "increment")
        if op == "&":
            return self.expr(child, ResultUse("address"))
        if op == "!":
            return self.expr(child, use if use.kind == "condition" else ResultUse("operand", operator="!"))
        if op == "*":
            inner = _unwrapped(child)
            if lc.kind_of(inner) == K.UNARY_OPERATOR and lc.unary_operator(inner) == "&":
                variable = next(iter(inner.get_children()), None)
                if variable is not None:  # `*(void **)&p = v` (a type-punned store) is `p = v`
                    return self.expr(variable, use)
            pointer = self.expr(child, ResultUse("operand", operator="*"))
            # the pointee: `*this->pending_` keeps its way back to `this` (for ownership of objects)
            return Ref("other", "*", base=pointer if pointer.is_variable or pointer.kind == "this" else None)
        ref = self.expr(child, ResultUse("operand", operator=op))
        if op == "-" and ref.kind == "literal":
            return Ref("literal", "-" + ref.name, type=ref.type)
        if op == "-":
            return Ref("other", "-")  # a negated value (`return -errno;`): the usual error-code return
        return _OTHER

    def _subscript(self, c: ci.Cursor, use: ResultUse) -> Ref:
        """`p[i]`: the pointer operand is dereferenced (operator '[]'), the index only read. The
        element keeps its way back to a local or parameter array (`items[2] = p`), as `*p` does."""
        element = _OTHER
        for i, child in enumerate(c.get_children()):
            pointer = child.type.get_canonical().kind == ci.TypeKind.POINTER
            first = len(self.fn.accesses)
            ref = self.expr(child, ResultUse("operand", operator="[]" if pointer else ""))
            if i == 0 and "[" in ref.type and use.kind in ("write", "compound", "increment") and ref.is_variable:
                self.fn.accesses[first:] = [replace(a, element_write=True) if a.ref == ref else a
                                            for a in self.fn.accesses[first:]]
            if i == 0 and ref.kind in ("local", "param", "field", "global"):
                element = Ref("other", "[]", base=ref)
        return element

    def _conditional(self, c: ci.Cursor, use: ResultUse) -> Ref:
        children = list(c.get_children())
        for i, child in enumerate(children):
            if i == 0:
                self.expr(child, ResultUse("condition"))
            else:
                self._conditionally(child, use)
        return _OTHER

    def _conditionally(self, c: ci.Cursor, use: ResultUse) -> Ref:
        """An operand evaluated on one branch only (`c ? a : b`, `x || abort()`): a noreturn call
        there (assert's `__assert_fail`, Q_ASSERT's `qt_assert`) does not end the statement."""
        node = self.nodes[self.current]
        kind = node.kind
        ref = self.expr(c, use)
        if node.kind == "noreturn" and kind != "noreturn":
            node.kind = kind
        return ref

    def _new(self, c: ci.Cursor, use: ResultUse) -> Ref:
        site = f"{self.fn.usr}#new{len(self.fn.allocations)}"
        args: list[Ref] = []
        type_name = ""
        pointee = c.type.get_pointee()
        if pointee.kind != ci.TypeKind.INVALID:
            type_name = self.unit.class_bases(pointee)[0]
        array = self._has_token_before_paren(c, "[")
        size_seen = False
        params: tuple[str, ...] = ()
        placement = False
        tokens = [t.spelling for t in c.get_tokens()][:3]
        type_seen = tokens[tokens.index("new") + 1:][:1] != ["("] if "new" in tokens else True
        for child in c.get_children():
            kind = lc.kind_of(child)
            if not type_seen and kind is not None and kind.is_expression() and kind != K.CALL_EXPR or (
                    not type_seen and kind == K.CALL_EXPR and child.spelling not in ("", type_name.rsplit("::", 1)[-1])):
                # `new (storage) T`: placement arguments come before the type; `new (std::nothrow) T` allocates
                self.expr(child, ResultUse("operand"))
                placement = placement or "nothrow" not in self._text(child)
                continue
            if kind in (K.TYPE_REF, K.TEMPLATE_REF, K.NAMESPACE_REF):
                type_seen = True
            if kind == K.CALL_EXPR and child.referenced is not None and lc.kind_of(child.referenced) == K.CONSTRUCTOR:
                params = tuple(a.type.spelling for a in child.referenced.get_arguments())
                args.extend(self._argument(a, type_name, i) for i, a in enumerate(child.get_arguments()))
            elif kind in (K.TYPE_REF, K.TEMPLATE_REF, K.NAMESPACE_REF):
                continue
            elif kind == K.INIT_LIST_EXPR:
                args.extend(self._argument(a, type_name, i) for i, a in enumerate(child.get_children()))
            elif array and not size_seen and kind is not None and kind.is_expression():
                size_seen = True  # the size expression of new T[n]
                self.expr(child, ResultUse("operand"))
            elif kind is not None and kind.is_expression():
                args.append(self._argument(child, type_name, len(args)))  # new int(3)
        self.fn.allocations.append(Allocation(site, self.unit.location(c), array, type_name or pointee.spelling,
                                              tuple(args), use, self.current, self._text(c), params, placement,
                                              self.unit.location(c.extent.end)))
        return Ref("new", type_name, site, type=c.type.spelling)

    def _delete(self, c: ci.Cursor, use: ResultUse) -> Ref:
        child = next(iter(c.get_children()), None)
        operand = self.expr(child, ResultUse("argument", callee="delete")) if child is not None else _OTHER
        array = self._has_token_before_paren(c, "[", limit=3)
        self.fn.deletes.append(Delete(self.unit.location(c), array, operand, self.current))
        return _OTHER

    def _has_token_before_paren(self, c: ci.Cursor, token: str, limit: int = 64) -> bool:
        for i, tok in enumerate(c.get_tokens()):
            s = tok.spelling
            if s == token:
                return True
            if s in ("(", "{", ";") or i >= limit:
                return False
        return False

    def _call(self, c: ci.Cursor, use: ResultUse) -> Ref:
        decl = c.referenced
        children = list(c.get_children())
        if decl is None or lc.kind_of(decl) not in _FUNCTION_KINDS:
            # call through a pointer, a dependent call in a template, or a builtin
            refs = [self.expr(child, ResultUse("operand")) for child in children]
            if refs and refs[0].is_variable:
                self.fn.pointer_calls.append(PointerCall(self.unit.location(c), refs[0], tuple(refs[1:]), self.current))
            elif children:
                self._dependent_call(c, children[0])
            return Ref("call", c.spelling)
        callee = self._callee(decl)
        receiver: Ref | None = None
        args_cursors = list(c.get_arguments())
        if callee.kind == "operator" and callee.class_name and not callee.is_static and args_cursors:
            receiver = self.expr(args_cursors[0], ResultUse("receiver"))
            args_cursors = args_cursors[1:]
        elif callee.kind in ("method", "operator", "destructor") and not callee.is_static:
            callee_expr = children[0] if children else None
            while callee_expr is not None and lc.kind_of(callee_expr) in (K.UNEXPOSED_EXPR, K.PAREN_EXPR):
                callee_expr = next(iter(callee_expr.get_children()), None)
            if callee_expr is not None and lc.kind_of(callee_expr) == K.MEMBER_REF_EXPR:
                base = next(iter(callee_expr.get_children()), None)
                receiver = self.expr(base, ResultUse("receiver")) if base is not None else Ref("this")
            else:
                receiver = Ref("this")
        elif callee.kind == "constructor" and use.kind == "initializes":
            receiver = use.target
        if receiver is not None and receiver.is_variable and callee.kind != "constructor":
            how = "call-const" if callee.is_const else "call-mutating"
            self.fn.accesses.append(Access(self.unit.location(c), receiver, not callee.is_const, self.current, how))
        args = tuple(self._argument(a, callee.qualified_name, i) for i, a in enumerate(args_cursors))
        self._argument_accesses(args, args_cursors, callee)
        site = f"{self.fn.usr}#call{self.call_count}"
        self.call_count += 1
        node = self.nodes[self.current]
        self.fn.calls.append(CallSite(
            site, self.unit.location(c), callee, receiver, args, use, self.current, node.macros,
            self.loop_depth > 0, bool(self.handlers), self._text(c), self.unit.location(c.extent.end),
        ))
        if callee.qualified_name in NORETURN or callee.name in NORETURN:
            if node.kind == "stmt":
                node.kind = "noreturn"
        elif not callee.noexcept and node.kind != "throw":
            self._throw_edge(self.current)
        return Ref("call", callee.name, site, type=c.type.spelling)

    def _dependent_call(self, call: ci.Cursor, callee: ci.Cursor) -> None:
        """`obj.method(...)` whose callee a template parameter decides: the method's name (its last
        token) and the object it is called on."""
        if lc.kind_of(callee) != K.MEMBER_REF_EXPR or callee.referenced is not None:
            return
        base = next(iter(callee.get_children()), None)
        tokens = [t.spelling for t in callee.get_tokens()]
        if base is None or not tokens or not tokens[-1].isidentifier():
            return
        receiver = self._variable_of(base)
        if receiver is not None:
            self.fn.dependent_calls.append(DependentCall(self.unit.location(call), receiver, tokens[-1], self.current))

    def _variable_of(self, c: ci.Cursor) -> Ref | None:
        kind = lc.kind_of(c)
        if kind == K.MEMBER_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) == K.FIELD_DECL:
            return Ref("field", c.referenced.spelling, lc.usr(c.referenced), Ref("this"), c.referenced.type.spelling)
        if kind == K.DECL_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) == K.PARM_DECL:
            return Ref("param", c.referenced.spelling, lc.usr(c.referenced), type=c.referenced.type.spelling)
        return None

    def _argument(self, c: ci.Cursor, callee: str, index: int) -> Ref:
        """An argument's value; a default argument (`QObject *parent = nullptr`) has no location."""
        if c.location.file is None:
            return Ref("default", type=c.type.spelling)
        return self.expr(c, ResultUse("argument", callee=callee, index=index))

    def _argument_accesses(self, args: tuple[Ref, ...], cursors: list[ci.Cursor], callee: Callee) -> None:
        """A variable passed by non-const reference may be written by the callee."""
        for i, (ref, cur) in enumerate(zip(args, cursors)):
            if not ref.is_variable or i >= len(callee.param_types):
                continue
            ptype = callee.param_types[i]
            if ptype.endswith("&") and not ptype.startswith("const ") and "&&" not in ptype:
                self.fn.accesses.append(Access(self.unit.location(cur), ref, True, self.current, "address"))

    def _callee(self, decl: ci.Cursor) -> Callee:
        usr = lc.usr(decl)
        cached = self.unit.callee_cache.get(usr)
        if cached is not None:
            return cached  # type: ignore[return-value]
        from clangcheck.model.builder import qualified_name

        kind = lc.kind_of(decl)
        parent = decl.semantic_parent
        parent_kind = lc.kind_of(parent) if parent is not None else None
        in_class = parent_kind in (K.CLASS_DECL, K.STRUCT_DECL, K.CLASS_TEMPLATE, K.UNION_DECL,
                                   K.CLASS_TEMPLATE_PARTIAL_SPECIALIZATION)
        name = decl.spelling
        if kind == K.CONSTRUCTOR:
            ckind = "constructor"
        elif kind == K.DESTRUCTOR:
            ckind = "destructor"
        elif name.startswith("operator") and not name[8:9].isalnum() and name[8:9] != "_":
            ckind = "operator"
        elif in_class:
            ckind = "method"
        else:
            ckind = "function"
        nodiscard = False
        for child in decl.get_children():
            if lc.kind_of(child) == K.WARN_UNUSED_RESULT_ATTR:
                nodiscard = True
        method = kind in (K.CXX_METHOD, K.CONVERSION_FUNCTION)
        if in_class:
            self.unit.register_class(parent)
        callee = Callee(
            name=name,
            qualified_name=qualified_name(decl),
            usr=usr,
            kind=ckind,
            class_name=qualified_name(parent) if in_class else "",
            is_virtual=method and decl.is_virtual_method(),
            is_const=method and decl.is_const_method(),
            is_static=method and decl.is_static_method(),
            # C functions cannot throw (a USR without '#' is a function with C linkage)
            noexcept=decl.exception_specification_kind in _NOTHROW or (ckind == "function" and "#" not in usr)
            or self.unit.language == "c",
            return_type=decl.result_type.spelling if kind != K.CONSTRUCTOR else "",
            nodiscard=nodiscard,
            in_system_header=lc.in_system_header(decl.location),
            param_types=tuple(a.type.spelling for a in decl.get_arguments()) if kind != K.FUNCTION_TEMPLATE else (),
            in_project=self.unit.is_analyzed(decl),
        )
        self.unit.callee_cache[usr] = callee
        return callee

    def _lambda(self, c: ci.Cursor, use: ResultUse) -> Ref:
        loc = self.unit.location(c)
        fn = Function(
            name="lambda", qualified_name=f"{self.fn.qualified_name}::(lambda at {loc.line}:{loc.column})",
            usr=f"{self.fn.usr}@lambda@{loc.line}:{loc.column}", kind="lambda", location=loc,
            class_name=self.fn.class_name, parent_usr=self.fn.usr, in_header=self.fn.in_header,
        )
        builder = FunctionBuilder(self.unit, fn)
        by_ref_default = self._lambda_default_capture(c)
        head = [t.spelling for t in c.get_tokens()][:3]
        if len(head) == 3 and head[0] == "[" and head[1] in ("&", "=") and head[2] in ("]", ","):
            fn.default_capture = head[1]
        for child in c.get_children():
            kind = lc.kind_of(child)
            if kind == K.VARIABLE_REF and child.referenced is not None:
                ref = self._variable_ref(child.referenced, False)
                fn.captures.append((ref, by_ref_default or self._captured_by_reference(child)))
        builder.build_function(c)
        self.unit.add_function(fn)
        return Ref("lambda", fn.name, fn.usr)

    def _lambda_default_capture(self, c: ci.Cursor) -> bool:
        tokens = [t.spelling for t in c.get_tokens()][:3]
        return tokens[:2] == ["[", "&"] and (len(tokens) < 3 or tokens[2] in ("]", ","))

    def _captured_by_reference(self, capture: ci.Cursor) -> bool:
        src = self.unit_source(capture.location.file.name) if capture.location.file else None
        if src is None:
            return False
        line = src.lines[capture.location.line - 1] if capture.location.line <= len(src.lines) else b""
        before = line[: capture.location.column - 1].rstrip()
        return before.endswith(b"&")

    # --- helpers ---------------------------------------------------------------------------
    def _variable(self, c: ci.Cursor) -> LocalVariable:
        t = c.type
        return LocalVariable(
            c.spelling, lc.usr(c), t.spelling, self.unit.location(c),
            is_static=c.storage_class == ci.StorageClass.STATIC,
            is_reference=t.kind in (ci.TypeKind.LVALUEREFERENCE, ci.TypeKind.RVALUEREFERENCE),
            thread_local=_is_thread_local(c),
        )

    def _variable_ref(self, decl: ci.Cursor, is_static: bool) -> Ref:
        """Locals and parameters of some function, or a global (namespace scope, static member, static local)."""
        if lc.kind_of(decl) == K.PARM_DECL:
            return Ref("param", decl.spelling, lc.usr(decl), type=_variable_type(decl.type))
        parent = decl.semantic_parent
        parent_kind = lc.kind_of(parent) if parent is not None else None
        if parent_kind in _FUNCTION_KINDS and not is_static:
            return Ref("local", decl.spelling, lc.usr(decl), type=_variable_type(decl.type))
        from clangcheck.model.builder import qualified_name

        return Ref("global", qualified_name(decl), lc.usr(decl), type=_variable_type(decl.type))

    def _record_assignment(self, c: ci.Cursor, target: Ref, value: Ref, declaration: bool = False) -> None:
        self.fn.assignments.append(Assignment(self.unit.location(c), target, value, self.current, declaration))

    def _peek(self, c: ci.Cursor) -> Ref:
        """What an operand denotes, without recording anything (for the other side of a comparison)."""
        kind = lc.kind_of(c)
        while kind in _PASS_THROUGH:
            children = [ch for ch in c.get_children() if lc.kind_of(ch) not in (K.TYPE_REF,)]
            if len(children) != 1:
                return _OTHER
            c = children[0]
            kind = lc.kind_of(c)
        if kind in _LITERALS:
            return self._literal(c, kind)
        if kind == K.UNARY_OPERATOR and lc.unary_operator(c) == "-":
            inner = self._peek(next(iter(c.get_children())))
            return Ref("literal", "-" + inner.name) if inner.kind == "literal" else _OTHER
        if kind == K.DECL_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) in (K.VAR_DECL, K.PARM_DECL):
            return self._variable_ref(c.referenced, c.referenced.storage_class == ci.StorageClass.STATIC)
        if kind == K.MEMBER_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) == K.FIELD_DECL:
            return Ref("field", c.referenced.spelling, lc.usr(c.referenced), Ref("this"))
        if kind == K.CALL_EXPR:
            return Ref("call", c.spelling)
        value = lc.integer_value(c)  # `100 - 1`, `sizeof buf`, an enum constant, a macro of them
        if value is not None:
            return Ref("literal", str(value), type=c.type.spelling)
        return Ref("other", c.spelling)

    def _literal(self, c: ci.Cursor, kind: ci.CursorKind) -> Ref:
        """Integer, character and bool literals carry their value (e.g. for `n < 0` vs `n == len`)."""
        value = None
        if kind in (K.INTEGER_LITERAL, K.CHARACTER_LITERAL, K.CXX_BOOL_LITERAL_EXPR):
            value = lc.integer_value(c)
        name = "" if value is None else ("true" if value and kind == K.CXX_BOOL_LITERAL_EXPR else
                                         "false" if kind == K.CXX_BOOL_LITERAL_EXPR else str(value))
        return Ref(_LITERALS[kind], name, type=c.type.spelling)

    def _text(self, c: ci.Cursor) -> str:
        """Source text of an expression when it sits on one line (for messages), else ''."""
        ext = c.extent
        start, end = ext.start, ext.end
        if start.file is None or end.file is None or start.line != end.line or start.file.name != end.file.name:
            return ""
        src = self.unit_source(start.file.name)
        if start.line > len(src.lines):
            return ""
        return src.lines[start.line - 1][start.column - 1:end.column - 1].decode("utf-8", "replace")

    def _is_false_literal(self, c: ci.Cursor) -> bool:
        ref = self._peek(c)
        return ref.kind == "literal" and ref.name in ("false", "0")



def _is_thread_local(cursor: ci.Cursor) -> bool:
    """`thread_local` / `_Thread_local` / `__thread` storage of a variable declaration."""
    try:
        return cursor.tls_kind != ci.TLSKind.NONE
    except (AttributeError, ValueError):
        return False


def _names(spelling: str, ident: str) -> bool:
    """Does a cursor spelled `class ns::QString` name the identifier `QString`?"""
    return spelling == ident or spelling.rsplit(" ", 1)[-1].rsplit("::", 1)[-1] == ident


def _mirror(op: str) -> str:
    return {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)


_STATEMENTS = {
    K.COMPOUND_STMT: FunctionBuilder._compound,
    K.DECL_STMT: FunctionBuilder._decl,
    K.IF_STMT: FunctionBuilder._if,
    K.WHILE_STMT: FunctionBuilder._while,
    K.DO_STMT: FunctionBuilder._do,
    K.FOR_STMT: FunctionBuilder._for,
    K.CXX_FOR_RANGE_STMT: FunctionBuilder._range_for,
    K.SWITCH_STMT: FunctionBuilder._switch,
    K.CASE_STMT: FunctionBuilder._case,
    K.DEFAULT_STMT: FunctionBuilder._case,
    K.BREAK_STMT: FunctionBuilder._break,
    K.CONTINUE_STMT: FunctionBuilder._continue,
    K.RETURN_STMT: FunctionBuilder._return,
    K.GOTO_STMT: FunctionBuilder._goto,
    K.LABEL_STMT: FunctionBuilder._label,
    K.CXX_TRY_STMT: FunctionBuilder._try,
    K.NULL_STMT: FunctionBuilder._null,
}
_EXPRESSIONS = {
    K.DECL_REF_EXPR: FunctionBuilder._decl_ref,
    K.MEMBER_REF_EXPR: FunctionBuilder._member_ref,
    K.CXX_THIS_EXPR: FunctionBuilder._this,
    K.BINARY_OPERATOR: FunctionBuilder._binary,
    K.COMPOUND_ASSIGNMENT_OPERATOR: FunctionBuilder._compound_assign,
    K.UNARY_OPERATOR: FunctionBuilder._unary,
    K.CONDITIONAL_OPERATOR: FunctionBuilder._conditional,
    K.CXX_NEW_EXPR: FunctionBuilder._new,
    K.CXX_DELETE_EXPR: FunctionBuilder._delete,
    K.CALL_EXPR: FunctionBuilder._call,
    K.LAMBDA_EXPR: FunctionBuilder._lambda,
    K.ARRAY_SUBSCRIPT_EXPR: FunctionBuilder._subscript,
}


_NULL_SPELLINGS = ("NULL", "nullptr", "0")


_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_MIRRORED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


def simple_condition(c: ci.Cursor, depth: int = 0) -> str:
    """A condition spelled from the AST (so also inside a macro), in the terms the path analyses
    read: `p`, `!p`, `p != NULL`, `s->fd == NULL`, `p != buf`, and a variable compared with what
    the compiler evaluates (`fd == INVALID_SOCK` -> `fd == -1`, an enum constant, `sizeof buf`);
    `&&`/`||` of such terms, `?` for a term that is none of them; '' when nothing is simple.
    `__builtin_expect` (`Q_LIKELY`, `likely`) and `!!x` are seen through."""
    c = _unwrapped(c)
    kind = lc.kind_of(c)
    if kind is None or depth > 6:
        return ""
    children = list(c.get_children())
    if kind == K.CALL_EXPR and c.spelling == "__builtin_expect" and children:
        return simple_condition(children[-2] if len(children) >= 2 else children[0], depth + 1)
    if kind == K.UNARY_OPERATOR and len(children) == 1 and lc.unary_operator(c) == "!":
        inner = simple_condition(children[0], depth + 1)
        if inner.startswith("!"):
            return inner[1:]  # `!!x` is `x`
        parts = inner.split(" ")
        if len(parts) == 3 and parts[1] in _NEGATED:
            return f"{parts[0]} {_NEGATED[parts[1]]} {parts[2]}"  # `!(fd != -1)` is `fd == -1`
        return f"!{inner}" if inner and " " not in inner else ""
    if kind == K.BINARY_OPERATOR and len(children) == 2 and lc.binary_operator(c) in ("&&", "||"):
        left, right = (simple_condition(ch, depth + 1) or "?" for ch in children)
        if left == right == "?":
            return ""
        wrap = (lambda t: f"({t})" if " " in t and not t.startswith("(") else t)
        return f"{wrap(left)} {lc.binary_operator(c)} {wrap(right)}"
    op = lc.binary_operator(c) if kind == K.BINARY_OPERATOR and len(children) == 2 else ""
    if op in _MIRRORED:
        left, right = (_variable_spelling(ch) for ch in children)
        if op in ("==", "!="):
            null = [_is_null(ch) for ch in children]
            if left and null[1]:
                return f"{left} {op} NULL"
            if right and null[0]:
                return f"{right} {op} NULL"
            if left and right:  # `(unsigned char *)(p) != stackbuf`: two variables, casts seen through
                return f"{left} {op} {right}"
        values = [None if spelled else lc.integer_value(ch) for ch, spelled in zip(children, (left, right))]
        if left and values[1] is not None:
            return f"{left} {op} {values[1]}"
        if right and values[0] is not None:
            return f"{right} {_MIRRORED[op]} {values[0]}"
        return ""
    return _variable_spelling(c)


def _variable_spelling(c: ci.Cursor, depth: int = 0) -> str:
    """`p`, `s.fd`, `s->fd`, `this->m` for a variable or member expression, else ''."""
    c = _unwrapped(c)
    kind = lc.kind_of(c)
    if kind is None or depth > 6:
        return ""
    children = list(c.get_children())
    if kind == K.DECL_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) in (K.VAR_DECL, K.PARM_DECL):
        return c.spelling
    if kind == K.MEMBER_REF_EXPR and c.referenced is not None and lc.kind_of(c.referenced) == K.FIELD_DECL:
        if not children:
            return c.spelling  # an implicit `this->`
        base = _variable_spelling(children[0], depth + 1)
        if not base:
            return ""
        arrow = "->" if children[0].type.kind == ci.TypeKind.POINTER else "."
        return f"{base}{arrow}{c.spelling}"
    return ""


def _is_null(c: ci.Cursor) -> bool:
    """0, `nullptr`, `__null`, and C's `((void *)0)` (a pointer: libclang evaluates the 0 under the cast)."""
    value = lc.integer_value(c)
    if value is None:
        value = lc.integer_value(_unwrapped(c))
    if value is not None:
        return int(value) == 0
    return lc.kind_of(_unwrapped(c)) in (K.CXX_NULL_PTR_LITERAL_EXPR, K.GNU_NULL_EXPR)


def _unwrapped(c: ci.Cursor) -> ci.Cursor:
    """The expression under implicit conversions, parentheses and C casts."""
    while lc.kind_of(c) in (K.UNEXPOSED_EXPR, K.PAREN_EXPR, K.CSTYLE_CAST_EXPR):
        children = list(c.get_children())
        if len(children) != 1:
            break
        c = children[0]
    return c


def _variable_type(t: ci.Type) -> str:
    """A variable's type as written, or what a typedef of an atomic stands for (`typedef atomic_long
    hatomic_t;` is `_Atomic(long)`): the type says the variable is atomic, whatever its alias."""
    spelling = t.spelling
    if t.kind != ci.TypeKind.TYPEDEF and t.kind != ci.TypeKind.ELABORATED:
        return spelling
    canonical = t.get_canonical()
    if canonical.kind == ci.TypeKind.ATOMIC or canonical.spelling.startswith(("std::atomic<", "std::__atomic")):
        return canonical.spelling
    return spelling
