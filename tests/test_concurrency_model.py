"""Per-TU thread facts on real parses: lock sets per access, scopes, starts and their regions."""
from __future__ import annotations

from pathlib import Path

from clangcheck.model import libclang as lc
from clangcheck.model.builder import build_unit
from clangcheck.model.threads import summarize_unit
from helpers import resource_dir


def summary_of(tmp_path: Path, source: str):
    path = tmp_path / "unit.cpp"
    path.write_text(source)
    tu = lc.parse(str(path), ["-x", "c++", "-std=c++17", "-resource-dir", resource_dir()])
    assert lc.first_error(tu) is None, lc.first_error(tu)
    unit = build_unit(tu, str(path), lambda _: False, "c++")
    return unit, {f.qualified_name: f for f in summarize_unit(unit).functions}


SOURCE = """#include <mutex>
#include <thread>
std::mutex m;
int x, y, z;
void f(bool c) {
    {
        std::lock_guard<std::mutex> g(m);
        x = 1;
    }
    y = 2;
    m.lock();
    if (c) m.unlock();
    z = 3;
    m.unlock();
}
void g() {
    x = 0;
    std::thread t(f, true);
    y = 1;
    t.join();
    z = 2;
}
"""


def test_guard_scope_and_must_hold_locks(tmp_path):
    unit, fns = summary_of(tmp_path, SOURCE)
    locks = {(a.name, a.location.line): a.locks for a in fns["f"].accesses if a.write}
    assert locks[("x", 8)] == {"m"}          # inside the guard's block
    assert locks[("y", 10)] == frozenset()   # after the block closed
    assert locks[("z", 13)] == frozenset()   # unlocked on one path: not held on every path
    guard = next(v for fn in unit.functions for v in fn.locals if v.name == "g")
    assert guard.scope_end is not None and guard.scope_end.line == 9


def test_start_region_stops_at_join(tmp_path):
    _, fns = summary_of(tmp_path, SOURCE)
    g = fns["g"]
    [start] = g.starts
    assert start.api == "std::thread" and not start.escapes and not start.multiple
    by_line = {a.location.line: a.node for a in g.accesses if a.write}
    assert by_line[17] not in start.region   # before the start
    assert by_line[19] in start.region       # between start and join
    assert by_line[21] not in start.region   # after the join


def test_atomics_thread_locals_and_owned_locals_are_not_accesses(tmp_path):
    _, fns = summary_of(tmp_path, """#include <atomic>
std::atomic<int> a;
thread_local int t;
struct S { int v; };
int f() { S s; s.v = 1; ++a; ++t; return s.v; }
""")
    f = fns["f"]
    assert {x.name for x in f.accesses} == {"v"}
    assert all(x.owned for x in f.accesses)
