"""The unit model on real parses: functions, CFG shapes, calls, accesses, allocations, lambdas."""
from __future__ import annotations

from pathlib import Path

import pytest

from clangcheck.model import libclang as lc
from clangcheck.model.builder import build_unit
from clangcheck.model.types import CFG, UnitModel
from helpers import require_qt, resource_dir


def model_of(tmp_path: Path, source: str, args: tuple[str, ...] = (), name: str = "unit.cpp") -> UnitModel:
    path = tmp_path / name
    path.write_text(source)
    tu = lc.parse(str(path), ["-x", "c++", "-std=c++17", *args, "-resource-dir", resource_dir()])
    assert lc.first_error(tu) is None, lc.first_error(tu)
    return build_unit(tu, str(path), lambda _: False, "c++")


def fn(model: UnitModel, name: str):
    found = [f for f in model.functions if f.qualified_name == name]
    assert found, [f.qualified_name for f in model.functions]
    return found[0]


def paths_to_exit(cfg: CFG, start: int = CFG.ENTRY, labels: tuple[str, ...] = ("", "true", "false", "case")) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == CFG.EXIT:
            return True
        for succ, label in cfg.successors(node):
            if label in labels and succ not in seen:
                seen.add(succ)
                stack.append(succ)
    return False


def test_only_main_file_functions_and_no_system_headers(tmp_path):
    model = model_of(tmp_path, "#include <vector>\n#include <string>\nint f() { return 1; }\nnamespace n { struct S { void m() {} }; }\n")
    assert sorted(f.qualified_name for f in model.functions) == ["f", "n::S::m"]
    assert fn(model, "n::S::m").kind == "method"


def test_if_else_and_returns(tmp_path):
    model = model_of(tmp_path, """
int g(int);
int f(int x) {
    if (x > 0) { return g(x); } else if (x < -5) return 2;
    g(3);
    return 0;
}""")
    f = fn(model, "f")
    kinds = [n.kind for n in f.cfg.nodes]
    assert kinds.count("return") == 3
    assert kinds.count("condition") == 2
    preds = f.cfg.predecessors()
    assert len(preds[CFG.EXIT]) >= 3  # every return reaches the exit
    conds = [n for n in f.cfg.nodes if n.kind == "condition"]
    assert {label for n in conds for _, label in n.succ} >= {"true", "false"}


def test_loops_break_continue_and_for_with_empty_parts(tmp_path):
    model = model_of(tmp_path, """
int g(int);
void f(int n) {
    for (;;) { if (g(1)) break; }
    for (int i = 0; i < n; ++i) { if (g(i)) continue; g(2); }
    int j = 0;
    for (; j < n;) j++;
    while (n--) { if (g(n)) break; }
    do { g(4); } while (g(5));
    int a[3] = {1, 2, 3};
    for (int v : a) { if (v) continue; }
}""")
    f = fn(model, "f")
    assert paths_to_exit(f.cfg)
    # the back edges exist: some node has a successor with a smaller id (a loop head)
    assert sum(1 for n in f.cfg.nodes for s, _ in n.succ if s < n.id and s > 1) >= 5
    assert any(c.in_loop for c in f.calls)


def test_infinite_loop_without_break_has_no_exit_path(tmp_path):
    model = model_of(tmp_path, "int g(int);\nvoid f() { for (;;) { g(1); } }\n")
    f = fn(model, "f")
    assert not paths_to_exit(f.cfg, labels=("", "true", "false"))


def test_switch_fallthrough_default_and_goto(tmp_path):
    model = model_of(tmp_path, """
int g(int);
int f(int x) {
    switch (x) {
    case 1: g(1);
    case 2: g(2); break;
    default: return 3;
    }
    if (x) goto out;
    g(9);
out:
    return 0;
}""")
    f = fn(model, "f")
    cond = next(n for n in f.cfg.nodes if n.kind == "condition")
    assert sum(1 for _, label in cond.succ if label == "case") == 3
    assert not any(label == "false" for _, label in cond.succ)  # a default exists
    label_nodes = [n for n in f.cfg.nodes if n.kind == "label" and any(p for p in f.cfg.predecessors()[n.id] if f.cfg.nodes[p[0]].kind == "jump")]
    assert label_nodes, "goto reaches its label"


def test_try_catch_and_throw_edges(tmp_path):
    model = model_of(tmp_path, """
#include <stdexcept>
#include <unistd.h>
int g(int);
void h() noexcept;
void f(int fd) {
    try { g(1); if (fd < 0) throw std::runtime_error("x"); } catch (const std::exception &) { h(); }
    close(fd);      // C linkage: cannot throw
    g(2);           // may throw: an exception edge out of the function
}""")
    f = fn(model, "f")
    throw = next(n for n in f.cfg.nodes if n.kind == "throw")
    catch = next(n for n in f.cfg.nodes if n.kind == "catch")
    assert (catch.id, "exception") in throw.succ
    close_call = next(c for c in f.calls if c.callee.name == "close")
    assert close_call.callee.noexcept
    assert not any(label == "exception" for _, label in f.cfg.nodes[close_call.node].succ)
    g2 = next(c for c in f.calls if c.callee.name == "g" and not c.in_try)
    assert (CFG.EXIT, "exception") in f.cfg.nodes[g2.node].succ
    # the catch has no catch-all: an unmatched exception leaves the function
    assert (CFG.EXIT, "exception") in catch.succ


def test_calls_result_uses_and_literals(tmp_path):
    model = model_of(tmp_path, """
#include <unistd.h>
void f(int fd, const char *b, unsigned long n) {
    write(fd, b, n);
    (void)write(fd, b, n);
    ssize_t r = write(fd, b, n);
    if (write(fd, b, n) < 0) return;
    if (write(fd, b, n) != (ssize_t)n) return;
    r = read(fd, 0, 0);
}""")
    f = fn(model, "f")
    uses = [(c.callee.name, c.use.kind) for c in f.calls]
    assert uses == [("write", "discarded"), ("write", "void-cast"), ("write", "initializes"),
                    ("write", "compared"), ("write", "compared"), ("read", "assigned")]
    lt = f.calls[3].use
    assert lt.operator == "<" and lt.other.kind == "literal" and lt.other.name == "0"
    ne = f.calls[4].use
    assert ne.operator == "!=" and ne.other.kind == "param" and ne.other.name == "n"
    assert f.calls[2].use.target.name == "r"
    assert f.calls[0].args[0].kind == "param" and f.calls[0].callee.qualified_name == "write"


def test_fields_globals_reads_writes_and_method_constness(tmp_path):
    model = model_of(tmp_path, """
#include <string>
int counter;
struct S {
    int n = 0; std::string name;
    void bump() { ++n; counter += 1; name = "x"; }
    int get() const { return n + (int)name.size(); }
};
""")
    bump = fn(model, "S::bump")
    writes = {(a.ref.kind, a.ref.name) for a in bump.accesses if a.write}
    assert ("field", "n") in writes and ("global", "counter") in writes and ("field", "name") in writes
    get = fn(model, "S::get")
    assert all(not a.write for a in get.accesses)
    assert {(a.ref.name, a.how) for a in get.accesses} >= {("n", "read"), ("name", "call-const")}
    assert all(a.ref.root().kind == "this" for a in get.accesses if a.ref.kind == "field")


def test_new_delete_arrays_and_constructor_initializers(tmp_path):
    model = model_of(tmp_path, """
struct Buf {
    char *data; int *one;
    Buf(int n) : data(new char[n]), one(new int(3)) {}
    ~Buf() { delete[] data; delete one; }
};
void f() { Buf *b = new Buf(4); delete b; }
""")
    ctor = next(f for f in model.functions if f.kind == "constructor")
    assert [(a.array, a.type) for a in ctor.allocations] == [(True, "char"), (False, "int")]
    assert [a.target.name for a in ctor.assignments] == ["data", "one"]
    dtor = next(f for f in model.functions if f.kind == "destructor")
    assert [(d.array, d.operand.name) for d in dtor.deletes] == [(True, "data"), (False, "one")]
    f = fn(model, "f")
    assert f.allocations[0].use.kind == "initializes" and f.allocations[0].use.target.name == "b"
    assert f.allocations[0].constructor_args[0].kind == "literal"


def test_lambdas_are_functions_with_captures(tmp_path):
    model = model_of(tmp_path, """
#include <thread>
void f() {
    int total = 0, other = 1;
    std::thread t([&total, other] { total += other; });
    t.join();
    auto all = [&] { return total; };
    (void)all;
}""")
    lambdas = [f for f in model.functions if f.kind == "lambda"]
    assert len(lambdas) == 2
    first = lambdas[0] if lambdas[0].location.line < lambdas[1].location.line else lambdas[1]
    assert first.parent_usr == fn(model, "f").usr
    assert sorted((r.name, by_ref) for r, by_ref in first.captures) == [("other", False), ("total", True)]
    assert any(a.write and a.ref.name == "total" for a in first.accesses)
    ctor = next(c for c in fn(model, "f").calls if c.callee.kind == "constructor" and c.callee.class_name == "std::thread")
    assert ctor.args[0].kind == "lambda" and ctor.args[0].usr == first.usr
    assert ctor.receiver.name == "t"


def test_qverify_return_is_a_macro_return(tmp_path):
    flags = require_qt()
    model = model_of(tmp_path, """
#include <QtTest>
#include <QLocalServer>
class Server : public QThread {
    void run() override {
        QLocalServer *server = new QLocalServer();
        QVERIFY2(server->listen("foo"), "listen failed");
        delete server;
    }
};""", (*flags, "-fPIC"))
    run = fn(model, "Server::run")
    returns = [n for n in run.cfg.nodes if n.kind == "return"]
    assert returns and all(n.macros == ("QVERIFY2",) for n in returns)
    listen = next(c for c in run.calls if c.callee.name == "listen")
    assert listen.macros == ("QVERIFY2",) and listen.location.column == 18  # the argument, where it is written
    assert model.inherits("QLocalServer", "QObject")
    assert run.is_override and model.inherits("Server", "QThread")
    alloc = run.allocations[0]
    assert alloc.type == "QLocalServer" and alloc.constructor_args[0].kind == "default"


@pytest.mark.parametrize("source,expect", [
    ("void f(int *p) { if (p == nullptr) return; }", "null"),
    ("#include <stddef.h>\nvoid f(int *p) { if (p == NULL) return; }", "null"),
])
def test_null_comparisons(tmp_path, source, expect):
    model = model_of(tmp_path, source)
    f = fn(model, "f")
    cond = [a for a in f.accesses if a.ref.name == "p"]
    assert cond
