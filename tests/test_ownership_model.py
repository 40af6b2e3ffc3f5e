"""The ownership model on real parses: the graph's nodes and edges, null tests, allocator summaries."""
from __future__ import annotations

import pytest

from clangcheck.model.ownership import OwnershipAnalysis, _null_branch, load_knowledge
from test_model import fn, model_of


@pytest.mark.parametrize("text,expected", [
    ("!p", "true"), ("p", "false"), ("p == nullptr", "true"), ("NULL != p", "false"), ("fd < 0", "true"),
    ("fd == -1", "true"), ("fd >= 0", "false"), ("(p = malloc(4)) == NULL", "true"), ("!(f = fopen(x, y))", "true"),
    ("!p || n > 3", None), ("!p && n > 3", "true"), ("p && n", None), ("p || n", "false"), ("!p->ok()", None), ("p[0] == 0", None),
    ("pp == nullptr", None),
])
def test_null_branch(text, expected):
    assert _null_branch(text, {"p", "fd", "f"}) == expected


def test_graph_links_sites_variables_and_owners(tmp_path):
    model = model_of(tmp_path, """
#include <cstdlib>
struct W {};
W *make() { return new W; }
void f(bool c) {
    W *w = make();
    W *alias = w;
    char *b = static_cast<char *>(std::malloc(4));
    if (c) { delete alias; std::free(b); return; }
    std::free(b);
}""")
    result = OwnershipAnalysis(model, load_knowledge()).run()
    fo = next(r for r in result.functions if r.function.qualified_name == "f")
    graph = fo.graph
    sites = {data["site"].text: n for n, data in graph.nodes(data=True) if n[0] == "site"}
    assert set(sites) == {"make", "malloc"}  # make() is an allocator by its summary
    w = next(iter(graph.successors(sites["make"])))
    alias = next(t for t in graph.successors(w) if t[0] == "var")
    assert ("release", "delete") in set(graph.successors(alias))
    # w/alias leak on the fall-through path; b is freed on both paths
    assert [(leak.kind, leak.variable) for leak in fo.leaks] == [("path", "w")]
    assert fn(model, "make").kind == "function"
