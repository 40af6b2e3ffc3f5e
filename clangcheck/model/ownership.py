"""Ownership analysis: who owns each heap object and handle, and the CFG paths on which nobody does.

Per function, a networkx graph links allocation sites to the variables they are bound to, variables
to their aliases, and variables to owners (the caller via return, a smart pointer, a container, a
Qt parent, a field or global) or releases (`delete`, `free`, `fclose`, `close`, `deleteLater`).
Each edge to an owner or a release carries the CFG node where it happens. A leak is then a path
query over the CFG: from the allocation to an exit (return, a macro's return, a throw, the end of
the function, or the allocation itself again in a loop) that passes no such node. What calls do is
data (`knowledge/ownership.yaml`); the checks in `checks/ownership.py` only report these results.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
import yaml

from clangcheck.findings import Location
from clangcheck.model.conditions import BranchFacts, condition_text, strip_parens
from clangcheck.model.types import CFG, Allocation, CallSite, Function, Node, Ref, ResultUse, UnitModel

HEAP_FAMILIES = ("new", "new[]", "malloc")  # compared by the mismatched-release check
HANDLE_FAMILIES = ("fd", "file", "pipe", "dir")  # so are these: `fclose(fd)` closes nothing
_POINTER_LIKE = re.compile(r"\*\s*(const\s*)?$")


# --- knowledge -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Knowledge:
    """The ownership facts of knowledge/ownership.yaml (plus users' files), as lookup tables."""

    allocators: dict[str, str]  # qualified name -> family
    releasers: dict[str, str]  # releases argument 0
    releasers_receiver: dict[str, str]  # releases the object it is called on
    reallocators: frozenset[str]
    adopters_on_success: frozenset[str]  # take argument 0 only when they return non-null (fdopen)
    owners: frozenset[str]  # take ownership of a pointer argument
    owners_receiver: frozenset[str]
    self_deleting_slots: frozenset[str]
    parent_types: frozenset[str]
    borrowed: frozenset[str]
    borrowing: dict[str, frozenset[int]]  # call -> argument indexes it never keeps (connect's receiver)
    borrowing_with_lambda: dict[str, frozenset[int]]  # ... when its callback is a lambda we see (connect's sender)


def _flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        return [name for group in value.values() for name in _flatten(group)]
    return [str(v) for v in value]


def _by_family(value) -> dict[str, str]:
    return {name: family for family, names in (value or {}).items() for name in _flatten(names)}


@lru_cache(maxsize=16)
def load_knowledge(extra_files: tuple[str, ...] = ()) -> Knowledge:
    """The bundled file merged with users' files of the same shape (later files add, never remove)."""
    texts = [resources.files("clangcheck.knowledge").joinpath("ownership.yaml").read_text(encoding="utf-8")]
    texts += [Path(p).read_text(encoding="utf-8") for p in extra_files]
    borrowing: dict[str, dict[str, set[int]]] = {"borrowing_arguments": {}, "borrowing_with_lambda_slot": {}}
    merged: dict[str, object] = {"allocators": {}, "releasers": {}, "releasers_receiver": {}}
    lists: dict[str, list[str]] = {k: [] for k in ("reallocators", "adopters_on_success", "owners", "owners_receiver",
                                                   "self_deleting_slots", "parent_parameter_types", "borrowed")}
    for text in texts:
        data = yaml.safe_load(text) or {}
        for key in ("allocators", "releasers", "releasers_receiver"):
            merged[key].update(_by_family(data.get(key)))  # type: ignore[union-attr]
        for key in lists:
            lists[key] += _flatten(data.get(key))
        for key, table in borrowing.items():
            for name, indexes in (data.get(key) or {}).items():
                table.setdefault(str(name), set()).update(int(i) for i in indexes)
    return Knowledge(
        allocators=merged["allocators"], releasers=merged["releasers"],  # type: ignore[arg-type]
        releasers_receiver=merged["releasers_receiver"],  # type: ignore[arg-type]
        reallocators=frozenset(lists["reallocators"]), adopters_on_success=frozenset(lists["adopters_on_success"]),
        owners=frozenset(lists["owners"]),
        owners_receiver=frozenset(lists["owners_receiver"]), self_deleting_slots=frozenset(lists["self_deleting_slots"]),
        parent_types=frozenset(lists["parent_parameter_types"]), borrowed=frozenset(lists["borrowed"]),
        borrowing={name: frozenset(ix) for name, ix in borrowing["borrowing_arguments"].items()},
        borrowing_with_lambda={name: frozenset(ix) for name, ix in borrowing["borrowing_with_lambda_slot"].items()},
    )


# --- results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Site:
    """An allocation site: `new`, `new[]`, an allocating call, or a call to a project allocator."""

    id: str
    location: Location
    family: str  # 'new' | 'new[]' | 'malloc' | 'file' | 'fd' | 'dir' | ...
    text: str  # 'new QLocalServer', 'malloc', 'make_frame'
    node: int
    parented: bool = False
    end: Location | None = None  # where the allocating expression ends, for report regions
    source: str = ""  # a callee of another TU that may hand out a fresh object ('usr#ret', 'usr#out1')


@dataclass(frozen=True)
class Step:
    """One note on a leaking path."""

    location: Location
    message: str


@dataclass(frozen=True)
class Leak:
    """An allocation that some path leaves unowned.

    kind: 'path' (an exit reached with no owner), 'never' (no owner or release on any path),
    'overwrite' (the only holder reassigned), 'realloc' (`p = realloc(p, n)`).
    """

    kind: str
    site: Site
    variable: str
    location: Location
    steps: tuple[Step, ...]
    function: str


@dataclass(frozen=True)
class Mismatch:
    site: Site
    variable: str
    location: Location
    release: str  # 'delete', 'delete[]', 'free', or the handle releaser called ('fclose', 'close')
    function: str


@dataclass
class ReleaseFact:
    """A parameter released inside a function: what a caller's allocation is compared with."""

    family: str
    location: Location
    releaser: str  # 'delete', 'free', 'fclose'
    function: str  # the releasing function's qualified name


@dataclass
class ParamFate:
    """What a function does with one pointer parameter, as its callers in other TUs need to know."""

    consumed: bool = False  # released, stored, returned or handed to an owner here
    releases: list[ReleaseFact] = field(default_factory=list)
    passes: list[str] = field(default_factory=list)  # 'usr#index' of project callees it is passed on to


@dataclass
class Deferred:
    """A leak that depends on callees in other TUs: it holds under the consumption patterns in `masks`.

    Bit b of a mask is set when `keys[b]` (a callee's parameter, 'usr#index') takes the pointer."""

    leak: Leak
    keys: tuple[str, ...]
    masks: tuple[int, ...]
    source: str = ""  # and, when set, only if that callee hands out a fresh object


@dataclass
class PendingMismatch:
    """An allocation passed to callees in other TUs: compared with their releases at link time."""

    site: Site
    variable: str
    keys: tuple[str, ...]
    call: Location  # where it is passed on
    releases: tuple[ReleaseFact, ...] = ()  # in this function, for a site whose family the link decides


@dataclass
class FunctionOwnership:
    function: Function
    graph: nx.MultiDiGraph
    leaks: list[Leak] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    pending: list[PendingMismatch] = field(default_factory=list)


@dataclass
class UnitOwnership:
    functions: list[FunctionOwnership]
    field_sites: list[tuple[Function, Ref, Site]]  # `this->f = new …` outside any owner
    owned_fields: set[str]  # field usrs given a Qt parent or an owner somewhere in the TU
    released_fields: dict[str, set[str]]  # function usr -> field usrs it releases
    field_mismatches: list[Mismatch]
    fates: dict[str, list[ParamFate]] = field(default_factory=dict)  # function usr -> its parameters
    fresh: dict[str, str] = field(default_factory=dict)  # 'usr#ret' / 'usr#out<i>' -> family handed out
    fresh_from: dict[str, list[str]] = field(default_factory=dict)  # such a key -> the sources it forwards


# --- the analysis ----------------------------------------------------------------------------
_EXIT_KINDS = ("return", "jump", "throw")
_MAX_OPEN_CALLEES = 8  # more callees of other TUs on one allocation: assume they take it
_MAX_PATH_STATES = 100_000  # (node, exit, known conditions) states of one path query
_EXACT_OPEN_CALLEES = 2  # up to this many, every pattern of who takes it is judged (2^k path queries)


class OwnershipAnalysis:
    """Runs once per TU; every ownership check reads its result."""

    def __init__(self, unit: UnitModel, knowledge: Knowledge, report_exceptions: bool = False):
        self.unit = unit
        self.k = knowledge
        self.report_exceptions = report_exceptions
        self.defined = {f.usr: f for f in unit.functions if f.kind != "lambda"}
        self.lambdas: dict[str, list[Function]] = {}
        for f in unit.functions:
            if f.kind == "lambda":
                self.lambdas.setdefault(f.parent_usr, []).append(f)
        self._lambda_usrs = {f.usr for f in unit.functions if f.kind == "lambda"}
        self._self_releasing = self._self_releasing_methods()
        self._edges: dict[str, nx.MultiDiGraph] = {}  # function usr -> its variable edges
        self._fates: dict[str, list[ParamFate]] = {}
        # 'usr#ret' (returns) or 'usr#out<i>' (stores through parameter i on every path) -> the family
        # of the fresh, unowned object it hands out; and the sources of other TUs it forwards
        self.fresh: dict[str, str] = {}
        self.fresh_from: dict[str, set[str]] = {}

    # knowledge lookups
    def _in(self, call: CallSite, names) -> bool:
        return self.unit.callee_in(call.callee, names)

    def _family(self, call: CallSite, table: dict[str, str]) -> str | None:
        callee = call.callee
        if callee.qualified_name in table:
            return table[callee.qualified_name]
        info = self.unit.classes.get(callee.class_name) if callee.class_name else None
        for base in info.bases if info else ():
            if f"{base}::{callee.name}" in table:
                return table[f"{base}::{callee.name}"]
        return None

    def _self_releasing_methods(self) -> frozenset[str]:
        """Methods whose body may `delete this`, directly or through another such method called on
        `this`: a reference count's `release()` (`if (--_rc == 0) delete this;`). Calling one
        releases the object it is called on."""
        found = {f.usr for f in self.defined.values() if any(d.operand.kind == "this" for d in f.deletes)}
        for _ in range(2):  # `unref()` calling `release()`
            found |= {f.usr for f in self.defined.values() if f.kind == "method" and any(
                c.callee.usr in found and (c.receiver is None or c.receiver.kind == "this") for c in f.calls)}
        return frozenset(found)

    def _receiver_release(self, c: CallSite) -> str | None:
        """The family of the release a call makes of the object it is called on, if it makes one."""
        family = self._family(c, self.k.releasers_receiver)
        if family is None and c.callee.usr in self._self_releasing:
            family = "new"
        return family

    def run(self) -> UnitOwnership:
        result = UnitOwnership([], [], set(), {}, [])
        for fn in self.defined.values():
            self._fates[fn.usr] = self._param_fates(fn)
        self._summarize_allocators()  # reads the fates: an object passed on to a keeper is not handed out
        result.fates = self._fates
        result.fresh = dict(self.fresh)
        result.fresh_from = {key: sorted(v) for key, v in self.fresh_from.items()}
        for fn in self.unit.functions:
            fo = self.analyze_function(fn, result)
            if fo is not None:
                result.functions.append(fo)
        return result

    # --- sites ---------------------------------------------------------------------------------
    def _is_parented(self, alloc: Allocation) -> bool:
        """A constructor argument bound to a `QObject *`-like parameter that is not null."""
        for arg, ptype in zip(alloc.constructor_args, alloc.constructor_params):
            if arg.kind in ("default", "null") or (arg.kind == "literal" and arg.name in ("0", "")):
                continue
            pointee = ptype.replace("const", "").replace("*", "").replace("&", "").strip()
            if not ptype.rstrip().endswith("*"):
                continue
            if pointee in self.k.parent_types or any(self.unit.inherits(pointee, b) for b in self.k.parent_types):
                return True
        return False

    def sites(self, fn: Function) -> list[tuple[Site, object]]:
        """(site, its use) for every allocation in `fn`, in source order; a call to project code of
        another TU that may hand out a fresh object is a site whose `source` the link decides."""
        out: list[tuple[Site, object]] = []
        for a in fn.allocations:
            if a.placement:
                continue  # constructs in storage someone else owns
            family = "new[]" if a.array else "new"
            out.append((Site(a.id, a.location, family, f"new {a.type}" + ("[]" if a.array else ""), a.node,
                             self._is_parented(a), a.end), a.use))
        for c in fn.calls:
            family = self._family(c, self.k.allocators) or self.fresh.get(f"{c.callee.usr}#ret")
            if family is not None and not self._in(c, self.k.borrowed):
                out.append((Site(c.id, c.location, family, c.callee.name, c.node, end=c.end), c.use))
                continue
            if family is not None or not c.callee.in_project or c.callee.is_virtual or not c.callee.usr:
                continue
            local = c.use.kind in ("initializes", "assigned") and c.use.target is not None and \
                c.use.target.kind == "local" and _POINTER_LIKE.search(c.callee.return_type or "")
            if local or (c.use.kind == "discarded" and _POINTER_LIKE.search(c.callee.return_type or "")):
                out += self._project_site(c, f"{c.callee.usr}#ret", c.id, c.use)
            for i, arg in enumerate(c.args):
                if arg.kind == "local" and self._out_argument(fn, c, i, arg):
                    out += self._project_site(c, f"{c.callee.usr}#out{i}", f"{c.id}#out{i}",
                                              ResultUse("assigned", arg))
        out.sort(key=lambda s: (s[0].location.line, s[0].location.column))
        return out

    def _project_site(self, c: CallSite, key: str, site_id: str, use) -> list[tuple[Site, object]]:
        if c.callee.usr in self.defined:  # decided here: a project allocator of this TU, or not a site
            family = self.fresh.get(key)
            sources = self.fresh_from.get(key)
            if family:
                return [(Site(site_id, c.location, family, c.callee.name, c.node, end=c.end), use)]
            if not sources or len(sources) > 1:
                return []
            key = next(iter(sources))  # it forwards what one callee of another TU hands out
        return [(Site(site_id, c.location, "", c.callee.name, c.node, end=c.end, source=key), use)]

    @staticmethod
    def _out_argument(fn: Function, c: CallSite, index: int, arg: Ref) -> bool:
        """`make(&p)` into a `T **` parameter, or `make(p)` into a `T *&` one: the callee may set `p`."""
        ptype = c.callee.param_types[index] if index < len(c.callee.param_types) else ""
        if ptype.startswith("const ") or not _POINTER_LIKE.search(arg.type):
            return False
        if _pointer_reference(ptype):
            return True
        return ptype.replace(" ", "").endswith("**") and any(
            acc.how == "address" and acc.node == c.node and acc.ref.usr == arg.usr for acc in fn.accesses)

    def _summarize_allocators(self) -> None:
        """Project functions that return a fresh, unowned allocation, or store one through a parameter
        on every path, are allocation sites themselves."""
        for _ in range(3):
            changed = False
            for fn in self.defined.values():
                for key, (family, sources) in self._hands_out(fn).items():
                    if family and key not in self.fresh:
                        self.fresh[key] = family
                        changed = True
                    if sources - self.fresh_from.get(key, set()):
                        self.fresh_from.setdefault(key, set()).update(sources)
                        changed = True
            if not changed:
                break

    def _kept_elsewhere(self, fn: Function, usrs: dict[str, int]) -> set[str]:
        """Locals whose object the function also keeps or hands to someone besides its caller
        (`loop->ios[fd] = io; return io;` returns a borrowed handle, not a fresh object)."""
        handout = {n.id for n in fn.cfg.nodes if n.kind == "return"}
        handout |= {a.node for a in fn.assignments if _out_parameter(a.target) is not None}  # `*out = p`
        graph = self._edges_of(fn)
        kept = set()
        for usr, bound_at in usrs.items():
            start = ("var", usr)
            if start not in graph:
                continue
            holders = [start] + [n for n in nx.descendants(graph, start) if n[0] == "var"]
            for _, target, data in graph.out_edges(holders, data=True):
                if target[0] == "pass":
                    taken, _, unknown = follow(target[1], self._fates, open_world=True)
                    if taken or unknown:
                        kept.add(usr)
                elif target[0] in ("owner", "escape", "release", "adopted", "realloc") and \
                        data["node"] not in handout and data["node"] != bound_at:  # `p = realloc(p, n)`: the old p
                    kept.add(usr)
            # a part of it passed to project code: `heap_insert(&loop->timers, &timer->node)` links it
            names = {h[1] for h in holders}
            if any(c.callee.in_project and a.root().usr in names and self._member_address(fn, c, a)
                   for c in fn.calls for a in c.args):
                kept.add(usr)
        return kept

    def _hands_out(self, fn: Function) -> dict[str, tuple[str, set[str]]]:
        """'usr#ret' / 'usr#out<i>' -> (family, sources of other TUs) of what `fn` hands out fresh."""
        bound: dict[str, Site] = {}  # local or by-value parameter usr -> the site it holds
        direct: dict[str, Site] = {}  # site id -> site
        for site, use in self.sites(fn):
            if site.parented:
                continue
            direct[site.id] = site
            target = getattr(use, "target", None)
            if target is not None and (target.kind == "local" or (
                    target.kind == "param" and not target.type.rstrip().endswith("&"))):
                bound[target.usr] = site
        kept = self._kept_elsewhere(fn, {usr: site.node for usr, site in bound.items()})
        bound = {usr: site for usr, site in bound.items() if usr not in kept}

        def held(value: Ref | None) -> Site | None:
            value = _same_block(value)
            if value is None:
                return None
            if value.kind in ("new", "call"):
                return direct.get(value.usr)
            return bound.get(value.usr) if value.kind in ("local", "param") else None

        out: dict[str, tuple[str, set[str]]] = {}

        def add(key: str, site: Site) -> None:
            family, sources = out.get(key, ("", set()))
            out[key] = (family or site.family, sources | ({site.source} if site.source else set()))

        for node in fn.cfg.nodes:
            site = held(node.returns) if node.kind == "return" else None
            if site is not None:
                add(f"{fn.usr}#ret", site)
        params = {p.usr: i for i, p in enumerate(fn.params)}
        stores: dict[int, list[tuple[int, Site]]] = {}
        for a in fn.assignments:
            param, site = _out_parameter(a.target), held(a.value)
            if site is not None and param is not None and param.usr in params:
                stores.setdefault(params[param.usr], []).append((a.node, site))
        for index, found in stores.items():
            if _every_path_passes(fn.cfg, {node for node, _ in found}):
                for _, site in found:
                    add(f"{fn.usr}#out{index}", site)
        return out

    # --- the graph -----------------------------------------------------------------------------
    def analyze_function(self, fn: Function, unit_result: UnitOwnership) -> FunctionOwnership | None:
        sites = self.sites(fn)
        self._field_events(fn, unit_result)
        if not sites:
            return None
        graph = self._edges_of(fn).copy()
        fo = FunctionOwnership(fn, graph)
        for site, use in sites:
            graph.add_node(("site", site.id), site=site)
            if site.parented:
                graph.add_edge(("site", site.id), ("owner", "qt-parent"), node=site.node)
                continue
            self._bind(fn, site, use, graph, unit_result)
        for site, use in sites:
            succ = list(graph.successors(("site", site.id)))
            variables = [n for n in succ if n[0] == "var"]
            if variables:
                self._check_variable(fn, site, variables[0][1], graph, fo)
            elif not succ and getattr(use, "kind", "") == "discarded":
                fo.leaks.append(Leak("never", site, "", site.location, (Step(site.location, "allocated here"),),
                                     fn.qualified_name))
        # a site of another TU's callee leaks only if that callee hands out a fresh object
        fo.deferred += [Deferred(leak, (), (0,), leak.site.source) for leak in fo.leaks if leak.site.source]
        fo.leaks = [leak for leak in fo.leaks if not leak.site.source]
        return fo

    def _bind(self, fn: Function, site: Site, use, graph: nx.MultiDiGraph, unit_result: UnitOwnership) -> None:
        """Where the allocation goes first: a local, a field, the caller, a call, or nowhere."""
        node = ("site", site.id)
        kind, target = use.kind, use.target
        if kind in ("initializes", "assigned") and target is not None:
            if target.kind == "local":
                graph.add_edge(node, ("var", target.usr), node=site.node, name=target.name)
            elif target.kind == "field" and target.base is not None and target.base.kind == "this":
                graph.add_edge(node, ("field", target.usr), node=site.node)
                unit_result.field_sites.append((fn, target, site))
            else:
                graph.add_edge(node, ("owner", "store"), node=site.node)
        elif kind == "returned":
            graph.add_edge(node, ("owner", "caller"), node=site.node)
        elif kind == "argument":
            graph.add_edge(node, ("owner", "call:" + use.callee), node=site.node)
        elif kind != "discarded":
            graph.add_edge(node, ("escape", kind), node=site.node)

    def _variable_edges(self, fn: Function, graph: nx.MultiDiGraph) -> None:
        """Edges from locals to what they flow into, each with the CFG node where it happens."""
        def local(ref: Ref | None) -> bool:
            return ref is not None and ref.kind in ("local", "param")

        for d in fn.deletes:
            if local(d.operand):
                graph.add_edge(("var", d.operand.usr), ("release", "delete[]" if d.array else "delete"),
                               node=d.node, family="new[]" if d.array else "new", location=d.location)
        for c in fn.calls:
            self._call_edges(fn, c, graph, local)
        self._constructor_edges(fn, graph, local)
        for a in fn.assignments:
            value = _same_block(a.value)
            value = _content_root(value) or value  # `char *d = *pp`, `d = items[2]`, `d = s.first`
            if local(value):
                holder = self._aggregate_root(a.target)
                if holder is not None:  # `items[2] = p`, `s.first = p` of a local array or struct
                    graph.add_edge(("var", value.usr), ("var", holder.usr), node=a.node, alias=True)
                elif local(a.target) and not a.target.type.endswith("&"):
                    if a.target.usr != value.usr:
                        graph.add_edge(("var", value.usr), ("var", a.target.usr), node=a.node, alias=True)
                else:  # a field, a global, `*out = p`: someone else holds it now
                    graph.add_edge(("var", value.usr), ("owner", "store"), node=a.node)
        for n in fn.cfg.nodes:
            returned = _same_block(n.returns)
            if n.kind == "return" and local(returned):
                graph.add_edge(("var", returned.usr), ("owner", "caller"), node=n.id)
        # `sink(&p)` to project code with a summary: the callee's summary says what happens to *p
        summarized = {(c.node, arg.usr) for c in fn.calls for i, arg in enumerate(c.args)
                      if local(arg) and i not in self._borrowed_arguments(c) and self._pass_key(c, i) is not None
                      and i < len(c.callee.param_types) and (_holds_handles(c.callee.param_types[i])
                                                            or c.callee.param_types[i].startswith("void *"))}
        for acc in fn.accesses:
            if acc.how == "address" and local(acc.ref) and (acc.node, acc.ref.usr) not in summarized:
                graph.add_edge(("var", acc.ref.usr), ("escape", "address"), node=acc.node)
        for lam in self.lambdas.get(fn.usr, ()):
            self._lambda_edges(lam, graph)

    def _lambda_edges(self, lam: Function, graph: nx.MultiDiGraph) -> None:
        """A lambda only borrows what it captures unless its body releases, keeps or hands it on
        (`[reply] { reply->deleteLater(); }`). When it does, that holds anywhere in the enclosing
        function (node -1): nothing says when the lambda runs. Nested lambdas fold in the same way."""
        inner = self._edges_of(lam)
        own = {v.usr for v in lam.params} | {v.usr for v in lam.locals}
        for start in [n for n in inner if n[0] == "var" and n[1] not in own]:
            for holder in [start] + [n for n in nx.descendants(inner, start) if n[0] == "var"]:
                for _, target, data in inner.out_edges(holder, data=True):
                    if target[0] != "var":
                        graph.add_edge(start, target, **{**data, "node": -1})

    def _call_edges(self, fn: Function, c: CallSite, graph: nx.MultiDiGraph, local) -> None:
        if local(c.receiver):
            family = self._receiver_release(c)
            if family is not None:
                graph.add_edge(("var", c.receiver.usr), ("release", c.callee.name), node=c.node, family=family,
                               location=c.location)
            elif self._in(c, self.k.owners_receiver):
                graph.add_edge(("var", c.receiver.usr), ("owner", "qt-parent"), node=c.node)
        deletes_itself = any(a.kind == "function" and a.type in self.k.self_deleting_slots for a in c.args)
        for i, arg in enumerate(c.args):
            arg = _content_root(arg) or arg  # `free(*pp)`, `sink(items[2])`: what the array or struct holds
            if not local(arg):
                if c.callee.in_project and self._member_address(fn, c, arg) and local(arg.root()):
                    # a member's address handed to project code: `list_add(&e->node, &cache)` links it
                    graph.add_edge(("var", arg.root().usr), ("owner", "linked"), node=c.node)
                continue
            var = ("var", arg.usr)
            if i == 0 and self._family(c, self.k.releasers) is not None:
                graph.add_edge(var, ("release", c.callee.name), node=c.node, family=self._family(c, self.k.releasers),
                               location=c.location)
            elif i == 0 and c.callee.qualified_name in self.k.reallocators:
                target = c.use.target
                if target is not None and target.kind == "local" and target.usr == arg.usr:
                    graph.add_edge(var, ("realloc", c.id), node=c.node, location=c.location)
                else:  # `q = realloc(p, n)`: p is released only when q is not null
                    self._adopt_on_success(c, var, graph, family="malloc")
            elif i == 0 and c.callee.qualified_name in self.k.adopters_on_success:
                self._adopt_on_success(c, var, graph)
            elif self._in(c, self.k.owners) or deletes_itself:
                graph.add_edge(var, ("owner", c.callee.qualified_name), node=c.node)
            elif i in self._borrowed_arguments(c):
                continue
            elif (key := self._pass_key(c, i)) is not None:
                graph.add_edge(var, ("pass", key), node=c.node)  # what the callee's summary says it does
            elif self._argument_escapes(c, i, arg):
                graph.add_edge(var, ("escape", c.callee.qualified_name), node=c.node)

    def _borrowed_arguments(self, c: CallSite) -> frozenset[int]:
        found = self._lookup(c, self.k.borrowing)
        if any(a.kind == "lambda" and a.usr in self._lambda_usrs for a in c.args):
            found |= self._lookup(c, self.k.borrowing_with_lambda)  # the lambda's body is folded in instead
        return found

    def _lookup(self, c: CallSite, table: dict[str, frozenset[int]]) -> frozenset[int]:
        """The entry for the callee, or for the same method of one of its class's bases."""
        found = table.get(c.callee.qualified_name)
        if found is None and c.callee.class_name:
            info = self.unit.classes.get(c.callee.class_name)
            found = next((table[f"{b}::{c.callee.name}"] for b in (info.bases if info else ())
                          if f"{b}::{c.callee.name}" in table), None)
        return found or frozenset()

    @staticmethod
    def _adopt_on_success(c: CallSite, var: tuple, graph: nx.MultiDiGraph, family: str | None = None) -> None:
        """An edge to an owner that holds only when the call's result (a local, tested next) is not null."""
        target = c.use.target
        result = target.name if target is not None and target.kind == "local" and c.use.kind in (
            "initializes", "assigned") else ""
        graph.add_edge(var, ("adopted", c.id), node=c.node, result=result, family=family, location=c.location,
                       release=c.callee.name)

    def _constructor_edges(self, fn: Function, graph: nx.MultiDiGraph, local) -> None:
        """`new Table(rep)`: the new object may keep a pointer handed to its constructor."""
        for a in fn.allocations:
            for arg, ptype in zip(a.constructor_args, a.constructor_params):
                # a pointer to a class, or a handle (`new PosixFile(name, fd)`): the object may close it
                if local(arg) and not ptype.startswith("const ") and (_may_adopt(ptype) or _is_integral(ptype)):
                    graph.add_edge(("var", arg.usr), ("owner", "constructor:" + a.type), node=a.node)

    def _argument_escapes(self, c: CallSite, index: int, arg: Ref) -> bool:
        """May the callee keep or free the pointer? Unknown project code may; library buffer APIs do not."""
        callee = c.callee
        ptype = callee.param_types[index] if index < len(callee.param_types) else ""
        if _callback_context(c, ptype):
            return True  # handed over
        if ptype.startswith("const ") and _POINTER_LIKE.search(ptype):
            return False  # a pointer to const is borrowed by convention
        if callee.in_project:
            return True  # declared here, defined elsewhere: it may take the pointer
        return _may_adopt(ptype)

    def _aggregate_root(self, target: Ref) -> Ref | None:
        """The local array or plain struct that `items[2]` / `s.first` is part of (it holds what is
        stored there); None for anything reached through a pointer, or a class with a destructor."""
        base = target.base
        if base is None or base.kind != "local" or not (
                (target.kind == "other" and target.name == "[]" and "[" in base.type) or
                (target.kind == "field" and _by_value(base.type))):
            return None
        info = self.unit.classes.get(_type_name(base.type))
        return None if info is not None and (info.declares_destructor or info.bases) else base

    @staticmethod
    def _member_address(fn: Function, c: CallSite, arg: Ref) -> bool:
        """`&e->node` as an argument: the address of a member of an object, not its value."""
        return arg.kind == "field" and any(
            acc.how == "address" and acc.node == c.node and acc.ref == arg for acc in fn.accesses)

    def _pass_key(self, c: CallSite, index: int) -> str | None:
        """'usr#index' when the callee is project code whose summary can say what it does with the
        argument: defined in this TU, or declared in the project and (not virtual) defined elsewhere."""
        callee = c.callee
        if not callee.usr:
            return None
        ptype = callee.param_types[index] if index < len(callee.param_types) else ""
        if _callback_context(c, ptype):
            return None  # handed over (see _argument_escapes)
        if callee.usr in self.defined:
            return f"{callee.usr}#{index}"
        if not callee.in_project or callee.is_virtual or index >= len(callee.param_types):
            return None
        if ptype.startswith("const ") and _POINTER_LIKE.search(ptype):
            return None  # borrowed by convention, as for library code
        return f"{callee.usr}#{index}"

    def _edges_of(self, fn: Function) -> nx.MultiDiGraph:
        graph = self._edges.get(fn.usr)
        if graph is None:
            graph = self._edges[fn.usr] = nx.MultiDiGraph()
            self._variable_edges(fn, graph)
        return graph

    def _param_fates(self, fn: Function) -> list[ParamFate]:
        """Per parameter: taken here (released, stored, returned, owned), released where, passed on to whom."""
        graph = self._edges_of(fn)
        fates = []
        for param in fn.params:
            fate = ParamFate()
            start = ("var", param.usr)
            if start in graph:
                reach = {start} | nx.descendants(graph, start)
                fate.consumed = any(n[0] in ("release", "owner", "escape", "realloc", "adopted") for n in reach)
                fate.passes = sorted({n[1] for n in reach if n[0] == "pass"})
                for _, target, data in graph.out_edges([n for n in reach if n[0] == "var"], data=True):
                    if target[0] == "release":
                        fate.releases.append(_release_fact(fn, target, data))
            fates.append(fate)
        return fates

    def _field_events(self, fn: Function, unit_result: UnitOwnership) -> None:
        """Fields released, parented or handed to an owner in this function (for the member check)."""
        def this_field(ref: Ref | None) -> bool:
            return ref is not None and ref.kind == "field" and ref.base is not None and ref.base.kind == "this"

        released = unit_result.released_fields.setdefault(fn.usr, set())
        for d in fn.deletes:
            if this_field(d.operand):
                released.add(d.operand.usr)
        for c in fn.calls:
            if this_field(c.receiver):
                if self._receiver_release(c) is not None:
                    released.add(c.receiver.usr)
                elif self._in(c, self.k.owners_receiver):
                    unit_result.owned_fields.add(c.receiver.usr)
            deletes_itself = any(a.kind == "function" and a.type in self.k.self_deleting_slots for a in c.args)
            for i, arg in enumerate(c.args):
                if not this_field(arg):
                    continue
                if (i == 0 and self._family(c, self.k.releasers) is not None) or c.callee.qualified_name in self.k.reallocators:
                    released.add(arg.usr)
                elif self._in(c, self.k.owners) or deletes_itself:
                    unit_result.owned_fields.add(arg.usr)

    # --- the path query ------------------------------------------------------------------------
    def _check_variable(self, fn: Function, site: Site, usr: str, graph: nx.MultiDiGraph, fo: FunctionOwnership) -> None:
        start = ("var", usr)
        name = next(iter(graph.get_edge_data(("site", site.id), start).values())).get("name", "")
        aliases = {usr} | {n[1] for n in nx.descendants(graph, start) if n[0] == "var"}
        holders = [("var", u) for u in aliases]
        discharge: dict[int, str] = {}
        conditional: dict[int, str] = {}  # CFG node -> the result that owns it when not null
        opens: list[tuple[int, frozenset[str]]] = []  # CFG node -> callees of other TUs it is passed to
        local_releases: list[ReleaseFact] = []  # compared at link time when the site's family is open
        everywhere = False
        for h in holders:
            for _, target, data in graph.out_edges(h, data=True):
                if target[0] == "var":
                    continue
                if data["node"] == -1 and target[0] != "pass":
                    everywhere = True
                if target[0] == "realloc":
                    continue
                if target[0] == "adopted":
                    conditional.setdefault(data["node"], data["result"])
                    if data.get("family"):
                        self._mismatch(site, name, {**data, "family": data["family"]}, fn, fo)
                    continue
                if target[0] == "pass":
                    taken, releases, unknown = follow(target[1], self._fates, open_world=True)
                    local_releases += releases
                    for r in releases:
                        self._mismatch(site, name, {"family": r.family, "location": r.location}, fn, fo,
                                       r.releaser, function=r.function)
                    if data["node"] == -1 and (taken or unknown):
                        everywhere = True  # a lambda hands it on, whenever it runs
                    elif taken:
                        discharge.setdefault(data["node"], "owner")
                    elif unknown:
                        opens.append((data["node"], unknown))
                    continue
                discharge.setdefault(data["node"], target[0])
                if target[0] == "release":
                    self._mismatch(site, name, data, fn, fo, target[1])
                    local_releases.append(_release_fact(fn, target, data))
        if everywhere:
            return
        overwrites = self._overwrites(fn, site, usr, len(aliases) > 1, graph)
        keys = sorted(set().union(*(u for _, u in opens)))
        if keys or (site.source and local_releases):
            where = (fn.cfg.nodes[opens[0][0]].location if opens else None) or site.location
            fo.pending.append(PendingMismatch(site, name, tuple(keys), where,
                                              tuple(local_releases) if site.source else ()))
        if len(keys) > _MAX_OPEN_CALLEES:
            for node, _ in opens:
                discharge.setdefault(node, "owner")
            keys = []
        if not keys:
            fo.leaks.extend(self._leaks_under(fn, site, name, usr, aliases, discharge, overwrites, conditional))
            return
        by_leak: dict[tuple, tuple[Leak, list[int]]] = {}
        full = (1 << len(keys)) - 1
        # every pattern for one or two callees; beyond, none or all of them take it: a leak that needs
        # some but not all is then not reported (a miss, never a false report)
        masks = range(full + 1) if len(keys) <= _EXACT_OPEN_CALLEES else (0, full)
        for mask in masks:
            taken_keys = {k for b, k in enumerate(keys) if mask >> b & 1}
            assumed = dict(discharge)
            for node, unknown in opens:
                if unknown & taken_keys:
                    assumed.setdefault(node, "owner")
            for leak in self._leaks_under(fn, site, name, usr, aliases, assumed, overwrites, conditional):
                by_leak.setdefault((leak.kind, leak.location), (leak, []))[1].append(mask)
        for leak, masks in by_leak.values():
            if len(masks) == 1 << len(keys):
                fo.leaks.append(leak)  # whatever the callees do
            else:
                fo.deferred.append(Deferred(leak, tuple(keys), tuple(masks), site.source))

    def _leaks_under(self, fn: Function, site: Site, name: str, usr: str, aliases: set[str],
                     discharge: dict[int, str], overwrites: dict[int, str], conditional: dict[int, str]) -> list[Leak]:
        leaks = self._paths(fn, site, name, usr, aliases, discharge, overwrites, conditional)
        if not discharge and not conditional and not overwrites and any(l.kind == "path" for l in leaks):
            return [Leak("never", site, name, site.location, (Step(site.location, "allocated here"),),
                         fn.qualified_name)]
        return leaks

    def _overwrites(self, fn: Function, site: Site, usr: str, aliased: bool, graph: nx.MultiDiGraph) -> dict[int, str]:
        """CFG nodes that reassign the only holder: 'overwrite', or 'realloc' for `p = realloc(p, n)`."""
        out: dict[int, str] = {}
        if aliased:
            return out
        for _, target, data in graph.out_edges(("var", usr), data=True):
            if target[0] == "realloc":
                out[data["node"]] = "realloc"
        for a in fn.assignments:
            if a.target.kind == "local" and a.target.usr == usr and a.node != site.node and a.node not in out \
                    and getattr(_same_block(a.value), "usr", "") != usr:  # `p = p + header`: the same block
                out[a.node] = "overwrite"
        return out

    def _mismatch(self, site: Site, name: str, data: dict, fn: Function, fo: FunctionOwnership,
                  releaser: str = "", function: str = "") -> None:
        release = mismatched_release(site.family, data.get("family"), releaser)
        if release is not None:
            fo.mismatches.append(Mismatch(site, name, data["location"], release, function or fn.qualified_name))

    def _paths(self, fn: Function, site: Site, name: str, usr: str, aliases: set[str], discharge: dict[int, str],
               overwrites: dict[int, str], conditional: dict[int, str] | None = None) -> list[Leak]:
        """Breadth-first over (node, first exit statement on the path): one leak per exit statement."""
        cfg = fn.cfg
        names = {name} | {v.name for v in fn.locals if v.usr in aliases}
        start = site.node
        parent: dict[tuple, tuple[tuple, str] | None] = {}
        queue: deque[tuple[int, int, frozenset]] = deque()
        found: dict[tuple[str, int], tuple] = {}
        facts = BranchFacts(fn)  # correlated conditions: `if (!p) x = open(); … if (!p) close(x);`
        arrays = frozenset(v.name for v in fn.locals if "[" in v.type)  # a fresh block is none of them

        # the object stays reachable while any variable holding it is in scope (`out = grown;` in a loop)
        holders = [v for v in fn.locals if v.usr in aliases]
        scopes = [(v.location, v.scope_end) for v in holders if v.scope_end is not None]
        unscoped = len(scopes) < len(aliases)  # a parameter or a variable without a known block

        def out_of_scope(node: Node) -> bool:
            """A path that leaves the variable's block (a `continue`, a `break`) drops the last reference."""
            loc = node.location
            if unscoped or not scopes or loc is None:
                return False
            here = (loc.line, loc.column)
            return all(loc.file == start_loc.file and (
                here < (start_loc.line, start_loc.column) or here >= (end.line, end.column)) for start_loc, end in scopes)

        def push(state: tuple[int, int, frozenset], prev: tuple[tuple, str] | None) -> None:
            if state not in parent:
                parent[state] = prev
                queue.append(state)

        conditional = conditional or {}
        savable = self._savable(cfg, start, {**conditional, **discharge}, out_of_scope)
        first = (start, -1, facts.initial(fn, start))
        self._expand(cfg, cfg.nodes[start], first, -1, names, push, facts, arrays)
        parent.pop(first, None)
        while queue:
            if len(parent) > _MAX_PATH_STATES:
                return []  # correlated conditions multiply the states of a huge function: no judgment
            state = queue.popleft()
            n, key, _ = state
            if n == CFG.EXIT:
                found.setdefault(("path", key), state)
                continue
            if n == start and overwrites.get(n) == "realloc":
                found.setdefault(("realloc", n), state)  # `p = realloc(p, n)` again on the next iteration
                continue
            if n == start and n not in conditional and n not in discharge:  # not `p = grow(p, n)`
                found.setdefault(("path", key), state)
                continue
            if n in discharge:
                continue
            if n in conditional:
                # owned from here on unless the result is null: follow only the test's null branch
                test = _null_test_after(cfg, n, conditional[n])
                if test is not None:
                    cond, label, succ = test
                    cond_state = (cond, key, state[2])
                    parent.setdefault(cond_state, (state, ""))
                    push((succ, key, state[2]), (cond_state, label))
                continue
            if n in overwrites:
                found.setdefault((overwrites[n], n), state)
                continue
            node = cfg.nodes[n]
            if out_of_scope(node):
                found.setdefault(("path", key), state)
                continue
            # the leak happens at the first return/jump/throw after which no release is reachable
            point = n if key == -1 and _leaves(cfg, node) and n not in savable else key
            self._expand(cfg, node, state, point, names, push, facts, arrays)
        leaks = []
        for (kind, key), state in sorted(found.items(), key=lambda kv: kv[0][1]):
            path = self._walk_back(parent, state, first)
            leaks.append(self._leak(fn, site, name, kind, key, state, path))
        return leaks

    def _savable(self, cfg: CFG, start: int, discharge: dict[int, str], out_of_scope) -> set[int]:
        """Nodes from which an owner or release is still reachable without leaving the variable's scope."""
        preds = cfg.predecessors()
        seen = set(discharge)
        todo = list(discharge)
        while todo:
            for p, label in preds.get(todo.pop(), ()):
                if p in seen or p == start or out_of_scope(cfg.nodes[p]) or label in ("noreturn", "exception"):
                    continue
                seen.add(p)
                todo.append(p)
        return seen

    def _expand(self, cfg: CFG, node: Node, state: tuple, key: int, names: set[str], push,
                facts: BranchFacts, arrays: frozenset[str] = frozenset()) -> None:
        pruned = None
        if node.kind == "condition":  # also a macro's (`if (p) free(p)` in SAFE_FREE), by its AST spelling
            text = condition_text(node)
            pruned = (_null_branch(text, names) or _never_equal_branch(text, names, arrays)) if text else None
        known = state[2]
        for succ, label in node.succ:
            if label == "noreturn" or (label and label == pruned) or not facts.allowed(node.id, label, known):
                continue
            # exceptions: explicit throws reach their handlers; calls and unmatched types only on request
            if label == "exception" and not self.report_exceptions and (
                    node.kind not in ("throw", "catch") or (node.kind == "catch" and succ == CFG.EXIT)):
                continue
            push((succ, key, facts.after(node.id, label, known)), (state, label))

    def _walk_back(self, parent, state, first) -> list[tuple[int, str]]:
        """The path from the allocation to `state`. It stops at the allocation's own state: a path
        that loops back to the allocation gives that state a parent of its own, and walking past it
        would prefix the witness with an iteration it does not need."""
        path: list[tuple[int, str]] = []
        prev, seen = parent.get(state), {state}
        while prev is not None:
            (p_state, label) = prev
            path.append((p_state[0], label))
            if p_state == first or p_state in seen:
                break
            seen.add(p_state)
            prev = parent.get(p_state)
        path.reverse()
        return path

    def _leak(self, fn: Function, site: Site, name: str, kind: str, key: int, end: tuple[int, int],
              path: list[tuple[int, str]]) -> Leak:
        cfg = fn.cfg
        shown = f"'{name}'" if name else f"the result of '{site.text}'"
        steps = [Step(site.location, "allocated here")]
        last = site.location
        for n, label in path:
            node = cfg.nodes[n]
            if node.location is not None and node.location.file == last.file:
                if node.kind == "label" and node.location < last and self._word_at(node.location) in _LOOP_WORDS:
                    steps.append(Step(node.location, "looping back to the head of the loop"))
                last = node.location
            if node.kind == "condition" and label in ("true", "false") and node.text and node.text != "range" \
                    and not node.macros and node.location is not None:
                steps.append(Step(node.location, f"assuming '{node.text}' is {label}"))
        if kind in ("overwrite", "realloc"):
            node = cfg.nodes[key]
            loc = node.location or site.location
            message = (f"when 'realloc' fails it returns null: {shown} loses the only reference to the old block"
                       if kind == "realloc" else f"{shown} is overwritten here while it owns the only reference")
            steps.append(Step(loc, message))
            return Leak(kind, site, name, loc, tuple(steps), fn.qualified_name)
        if key != -1:
            node = cfg.nodes[key]
            loc = node.location or site.location
            steps.append(Step(loc, self._exit_message(fn, node, shown)))
            return Leak("path", site, name, loc, tuple(steps), fn.qualified_name)
        var = next((v for v in fn.locals if v.name == name and v.scope_end is not None), None)
        if end[0] == site.node:
            steps.append(Step(site.location, f"the next iteration allocates again while {shown} is unowned"))
        elif end[0] != CFG.EXIT and var is not None:
            steps.append(Step(var.scope_end, f"{shown} goes out of scope here unowned"))
        else:
            last = next((cfg.nodes[n].location for n, _ in reversed(path) if cfg.nodes[n].location), site.location)
            steps.append(Step(last, f"{shown} is still unowned when '{fn.name}' ends"))
        return Leak("path", site, name, site.location, tuple(steps), fn.qualified_name)

    def _exit_message(self, fn: Function, node: Node, shown: str) -> str:
        if node.kind == "return" and node.macros:
            return f"{node.macros[0]} returns early here, leaving {shown} unowned"
        if node.kind == "return":
            return f"this return leaves {shown} unowned"
        if node.kind == "throw":
            return f"this throw leaves {shown} unowned"
        word = self._word_at(node.location)
        if word == "continue":
            return f"'continue' skips the release of {shown}"
        if word == "break":
            return f"'break' leaves the loop with {shown} unowned"
        if word == "goto":
            return f"this goto leaves {shown} unowned"
        return f"this jump leaves {shown} unowned"

    def _word_at(self, loc: Location | None) -> str:
        if loc is None:
            return ""
        lines = self.unit.source_lines.get(loc.file, [])
        if not 0 < loc.line <= len(lines):
            return ""
        m = re.match(r"[A-Za-z_]\w*", lines[loc.line - 1][loc.column - 1:])
        return m.group(0) if m else ""


def _callback_context(c: CallSite, ptype: str) -> bool:
    """A pointer passed beside a function (RegisterCleanup(&Delete, p), pthread_create): its context."""
    return bool(_POINTER_LIKE.search(ptype)) and any(a.kind == "function" for a in c.args)


def _release_fact(fn: Function, target: tuple, data: dict) -> ReleaseFact:
    """A ("release", releaser) edge of `fn`'s graph as a fact its callers compare with."""
    return ReleaseFact(data.get("family") or "", data["location"], target[1], fn.qualified_name)


def _pointer_reference(type_: str) -> bool:
    return type_.replace(" ", "").endswith("*&")


def _out_parameter(target: Ref) -> Ref | None:
    """The parameter an assignment stores through: `out = p` into a `T *&`, or `*out = p`."""
    if target.kind == "param" and _pointer_reference(target.type):
        return target
    if target.kind == "other" and target.name == "*" and target.base is not None and target.base.kind == "param":
        return target.base
    return None


def _by_value(type_: str) -> bool:
    return bool(type_) and not any(ch in type_ for ch in "*&[")


def _type_name(type_: str) -> str:
    return re.sub(r"^(const\s+)?(struct|class|union)\s+", "", type_).strip()


def _holds_handles(type_: str) -> bool:
    """A pointer to (or array of) pointers or plain descriptors: `char **`, `char *[5]`, `int *`."""
    pointee = type_.replace("*", "", 1).split("[")[0].strip()
    return type_.count("*") >= 2 or ("[" in type_ and "*" in type_) or (
        ("*" in type_ or "[" in type_) and _is_integral(pointee))


def _content_root(ref: Ref | None) -> Ref | None:
    """The local or parameter whose content `*pp`, `pp[i]` (of pointers or descriptors) or `s.first`
    (a pointer or integer member of a struct or union by value) is; None for anything else.
    Reading it back treats the holder as the object: a callee that keeps or releases what it reads
    takes the object (never a false report; a leak of the holder itself may be missed)."""
    if ref is None or ref.base is None or ref.base.kind not in ("local", "param"):
        return None
    base = ref.base
    if ref.kind == "other" and ref.name in ("*", "[]"):
        return base if _holds_handles(base.type) else None
    if ref.kind == "field" and _by_value(base.type) and ("*" in ref.type or _is_integral(ref.type)):
        return base
    return None


def _same_block(ref: Ref | None) -> Ref | None:
    """`p + n`, `(char *)p - n`: the variable whose block the pointer still points into."""
    while ref is not None and ref.kind == "other" and ref.name in ("+", "-") and ref.base is not None:
        ref = ref.base
    return ref


def _every_path_passes(cfg: CFG, nodes: set[int]) -> bool:
    """Does every normal path from the entry to the exit go through one of `nodes`?"""
    seen, todo = {CFG.ENTRY}, [CFG.ENTRY]
    while todo:
        n = todo.pop()
        if n == CFG.EXIT:
            return False
        for succ, label in cfg.nodes[n].succ:
            if succ not in seen and succ not in nodes and label not in ("noreturn", "exception"):
                seen.add(succ)
                todo.append(succ)
    return True


def mismatched_release(allocated: str, released: str | None, releaser: str = "") -> str | None:
    """The release that does not match an allocation of family `allocated` ('free' for `new`), or None."""
    if released == allocated or released is None:
        return None
    if allocated in HEAP_FAMILIES and released in HEAP_FAMILIES:
        return {"new": "delete", "new[]": "delete[]", "malloc": "free"}[released]
    if allocated in HANDLE_FAMILIES and released in HANDLE_FAMILIES and releaser:
        return releaser  # a descriptor given to fclose, a FILE* to close: neither is closed
    return None


def follow(key: str, fates: dict[str, list[ParamFate]], open_world: bool = False
           ) -> tuple[bool, list[ReleaseFact], frozenset[str]]:
    """Where a pointer passed as `key` ('usr#index') ends, following the callees' summaries: taken by
    someone on some path, the releases it meets, and the callees without a summary in `fates`.
    Those are open in a TU (another TU may have them: `open_world`) and take the pointer in a whole
    program (code we never saw may keep it)."""
    seen, todo = {key}, [key]
    releases: list[ReleaseFact] = []
    unknown: set[str] = set()
    taken = False
    while todo:
        current = todo.pop()
        usr, _, index = current.rpartition("#")
        params = fates.get(usr)
        if params is None:
            unknown.add(current)
            continue
        if not index.isdigit() or int(index) >= len(params):
            taken = True  # a variadic argument: nothing says what happens to it
            continue
        fate = params[int(index)]
        taken = taken or fate.consumed
        releases += fate.releases
        for nxt in fate.passes:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    if unknown and not open_world:
        taken = True
    return taken, releases, frozenset(unknown)


def _leaves(cfg: CFG, node: Node) -> bool:
    """A return, jump or throw; a throw caught by a handler of the same function stays inside it."""
    if node.kind == "throw":
        return not any(label == "exception" and s != CFG.EXIT and cfg.nodes[s].kind == "catch" for s, label in node.succ)
    return node.kind in _EXIT_KINDS


def _null_test_after(cfg: CFG, start: int, result: str) -> tuple[int, str, int] | None:
    """(condition, its null label, the successor on that branch) when `result` is tested right after `start`."""
    if not result:
        return None
    n, seen = start, set()
    while n not in seen and n != CFG.EXIT:
        seen.add(n)
        node = cfg.nodes[n]
        if node.kind == "condition":
            label = _null_branch(condition_text(node), {result})
            succ = next((s for s, lab in node.succ if lab == label), None) if label else None
            return (n, label, succ) if succ is not None else None
        normal = [s for s, lab in node.succ if lab not in ("exception", "noreturn")]
        if len(normal) != 1:
            return None
        n = normal[0]
    return None


_LOOP_WORDS = ("for", "while", "do")


# --- null tests in conditions ----------------------------------------------------------------
_NULLS = {"nullptr", "NULL", "0", "Q_NULLPTR"}


def _split_top(text: str, op: str) -> list[str]:
    parts, depth, last, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(op, i):
            parts.append(text[last:i])
            last = i + len(op)
            i = last
            continue
        i += 1
    parts.append(text[last:])
    return parts


def _is_var(text: str, names: set[str]) -> bool:
    text = strip_parens(text)
    if text in names:
        return True
    m = re.match(r"^([A-Za-z_]\w*)\s*=(?!=)", text)  # (p = malloc(n)) tests p
    return bool(m and m.group(1) in names)


def _term_null_when(text: str, names: set[str]) -> str | None:
    """Which truth value of one comparison means 'the resource is null/invalid': 'true', 'false' or None."""
    text = strip_parens(text)
    if text.startswith("!") and not text.startswith("!="):
        inner = text[1:]
        return "true" if _is_var(inner, names) else None
    if _is_var(text, names):
        return "false"
    for op, when in (("==", "true"), ("!=", "false"), ("<=", None), (">=", "false"), ("<", "true"), (">", None)):
        parts = _split_top(text, op)
        if len(parts) != 2:
            continue
        left, right = (p.strip() for p in parts)
        if op in ("==", "!=") and ((_is_var(left, names) and right in _NULLS | {"-1"}) or
                                   (_is_var(right, names) and left in _NULLS | {"-1"})):
            return when
        if op in ("<", ">=") and _is_var(left, names) and right == "0":
            return when
        return None
    return None


_CAST = re.compile(r"^\(\s*(const\s+)?[A-Za-z_][\w\s]*\*+\s*\)\s*")


def _never_equal_branch(text: str, names: set[str], arrays: frozenset[str]) -> str | None:
    """The impossible branch of `p != stackbuf` / `p == stackbuf` while `p` holds a fresh block:
    a heap allocation is never a local array (`if (data != mem) free(data)`)."""
    if not arrays:
        return None
    for op, impossible in (("!=", "false"), ("==", "true")):
        parts = _split_top(strip_parens(text), op)
        if len(parts) != 2:
            continue
        left, right = (strip_parens(_CAST.sub("", strip_parens(p))) for p in parts)
        if (left in names and right in arrays) or (right in names and left in arrays):
            return impossible
    return None


def _null_branch(text: str, names: set[str]) -> str | None:
    """The branch of a condition on which the tracked variable is certainly null (or a negative fd)."""
    names = {n for n in names if n}
    if not text or not names:
        return None
    text = strip_parens(text)
    ors, ands = _split_top(text, "||"), _split_top(text, "&&")
    if len(ors) > 1:  # false only when every disjunct is false
        return "false" if any(_term_null_when(t, names) == "false" for t in ors) else None
    if len(ands) > 1:  # true only when every conjunct is true
        return "true" if any(_term_null_when(t, names) == "true" for t in ands) else None
    return _term_null_when(text, names)


# --- one analysis per unit, shared by the checks ----------------------------------------------
_cache: tuple[int, tuple, UnitModel | None, UnitOwnership | None] = (0, (), None, None)


def analyze(unit: UnitModel, extra_knowledge: tuple[str, ...] = (), report_exceptions: bool = False) -> UnitOwnership:
    """The ownership result of `unit`, computed once for all ownership checks of the same TU."""
    global _cache
    key = (tuple(extra_knowledge), report_exceptions)
    if _cache[2] is unit and _cache[1] == key and _cache[3] is not None:
        return _cache[3]
    result = OwnershipAnalysis(unit, load_knowledge(tuple(extra_knowledge)), report_exceptions).run()
    _cache = (id(unit), key, unit, result)
    return result


def _may_adopt(ptype: str) -> bool:
    """A non-const pointer to a class may be kept by whoever receives it; char*/void*/int* buffers,
    FILE* and DIR* handles and values are borrowed by library APIs (write(fd, buf, n), fgets(buf, …))."""
    if not _POINTER_LIKE.search(ptype):
        return False
    pointee = ptype.rstrip("* ").replace("const ", "").strip()
    return pointee not in ("void", "char", "unsigned char", "signed char", "wchar_t", "uint8_t", "std::uint8_t",
                           "int", "unsigned int", "float", "double", "long", "size_t", "__restrict") \
        and not pointee.startswith(("char ", "void ", "FILE", "DIR"))


def _is_integral(ptype: str) -> bool:
    return ptype.replace("const ", "").strip() in ("int", "long", "unsigned int", "intptr_t", "std::intptr_t")
