"""clangcheck/model/values.py on real parses: where a call's result goes, over the CFG."""
from __future__ import annotations

from clangcheck.model import values
from clangcheck.model.types import CFG
from test_model import fn, model_of

SOURCE = """
#include <cassert>
#include <unistd.h>
void log_count(long);
long f(int fd, char *buf, unsigned long len, bool verbose) {
    long n = read(fd, buf, len);
    if (n < 0)
        return -1;
    if (verbose)
        log_count(n);
    long m = write(fd, buf, len);
    m = write(fd, buf, len);
    assert(m == 4);
    return 0;
}
"""


def flows(tmp_path):
    model = model_of(tmp_path, SOURCE)
    f = fn(model, "f")
    return model, f, {(c.callee.name, c.location.line): values.result_flow(model, f, c) for c in f.calls
                      if c.callee.name in ("read", "write")}


def test_reads_are_classified_and_followed_past_the_first(tmp_path):
    _, _, by_call = flows(tmp_path)
    read = by_call[("read", 6)]
    assert read.variable is not None and read.variable.name == "n"
    assert sorted(u.kind for u in read.uses) == sorted([values.FAILURE_CHECK, values.VALUE])
    assert read.dropped_how == ""  # read on every path (the `n < 0` test)


def test_overwritten_before_read_and_assert_macro(tmp_path):
    _, _, by_call = flows(tmp_path)
    first, second = by_call[("write", 11)], by_call[("write", 12)]
    assert first.dropped_how == "overwritten" and first.dropped_at.line == 12
    assert [u.macros for u in second.uses] == [("assert",)]
    assert second.uses[0].kind == values.SIZE_CHECK


def test_code_after_an_assert_is_reachable(tmp_path):
    # assert's `__assert_fail` sits on one branch of `?:`: it must not end the statement
    _, f, _ = flows(tmp_path)
    assert_node = next(n for n in f.cfg.nodes if n.macros == ("assert",))
    assert assert_node.kind == "stmt"
    assert CFG.EXIT in f.cfg.reachable(assert_node.id)


def test_assignment_value_read_back_in_a_condition(tmp_path):
    model = model_of(tmp_path, "#include <unistd.h>\nint g(int fd, char *b) {\n long n;\n"
                               " if ((n = read(fd, b, 4)) < 0) return -1;\n return 0;\n}\n")
    g = fn(model, "g")
    call = next(c for c in g.calls if c.callee.name == "read")
    flow = values.result_flow(model, g, call)
    assert [u.kind for u in flow.uses] == [values.FAILURE_CHECK]
