"""The leak check's fix-it (`T *p = new T(args)` -> a smart pointer), end to end on real parses:
exported by the CLI, applied by our applier, re-parsed by libclang, re-analyzed without the leak."""
from __future__ import annotations

import json
from pathlib import Path

import clang.cindex as ci
import yaml

from clangcheck.model.ownership import OwnershipAnalysis, load_knowledge
from clangcheck.model.ownership_fixits import smart_pointer_fix
from clangcheck.model.source import source_file
from clangcheck.report import fixes
from helpers import require_qt, resource_dir, run_cli
from test_model import model_of

CHECKS = "--checks=-*,clangcheck-ownership-*"

LEAKY = """#include <cstdio>

struct Conn {
    Conn(int port, const char *host) : port(port), host(host) {}
    bool open() { return port > 0; }
    void close() {}
    int port;
    const char *host;
};

int serve(int port) {
    Conn *c = new Conn(port, "localhost");
    if (!c->open())
        return -1;
    std::printf("%d\\n", c->port);
    Conn &ref = *c;
    ref.close();
    delete c;
    return 0;
}

int serve_then_log(int port) {
    Conn *c = new Conn(port, "remote");
    if (!c->open())
        return -1;
    delete c;
    std::puts("closed");
    return 0;
}
"""


def _project(tmp_path: Path, source: str, args: tuple[str, ...] = ("-std=c++17",)) -> Path:
    (tmp_path / "a.cpp").write_text(source)
    db = [{"directory": str(tmp_path), "file": "a.cpp", "arguments": ["c++", *args, "-c", "a.cpp"]}]
    (tmp_path / "compile_commands.json").write_text(json.dumps(db))
    return tmp_path / "a.cpp"


def _errors(path: Path, args: tuple[str, ...] = ("-std=c++17",)) -> list[str]:
    unit = ci.Index.create().parse(str(path), args=[*args, f"-resource-dir={resource_dir()}"])
    return [d.spelling for d in unit.diagnostics if d.severity >= ci.Diagnostic.Error]


def test_exported_fix_applies_parses_and_removes_the_leak(tmp_path):
    path = _project(tmp_path, LEAKY)
    result = run_cli("analyze", str(tmp_path), CHECKS, "--no-cache", "--export-fixes", "fixes.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("potential leak of 'c'") == 2
    document = yaml.safe_load((tmp_path / "fixes.yaml").read_text())
    assert all(d["DiagnosticMessage"]["Replacements"] for d in document["Diagnostics"]), "both leaks get a safe fix"
    found = fixes.read(str(tmp_path / "fixes.yaml"))
    fixes.apply([r for f in found for r in f.fixits[0].replacements])
    fixed = path.read_text()
    assert fixed.count("#include <memory>\n") == 1  # both findings add it; the duplicate edit is applied once
    assert 'auto c = std::make_unique<Conn>(port, "localhost");' in fixed
    assert 'auto c = std::make_unique<Conn>(port, "remote");' in fixed
    assert "delete c;" not in fixed
    # the first delete was the last thing done: removed with its line; the second is followed by a call,
    # so the object is still destroyed before it
    assert "    ref.close();\n    return 0;" in fixed
    assert "    c.reset();\n    std::puts(\"closed\");" in fixed
    assert _errors(path) == []
    again = run_cli("analyze", str(tmp_path), CHECKS, "--no-cache", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, ""), again.stdout


def _fixes_for(tmp_path: Path, source: str, function: str, args: tuple[str, ...] = ()):
    source_file.cache_clear()
    model = model_of(tmp_path, source, args)
    result = OwnershipAnalysis(model, load_knowledge()).run()
    fo = next(r for r in result.functions if r.function.qualified_name == function)
    leaks = [leak for leak in fo.leaks if leak.kind == "path"]
    assert leaks, "the case must leak on a path"
    return model, [smart_pointer_fix(model, fo.function, fo.graph, leak.site.id) for leak in leaks]


NOT_MECHANICAL = """#include <memory>
struct T { int x = 0; };
struct Base { virtual ~Base() = default; };
struct Derived : Base {};
bool ok();
void show(const T *);
T *keep;

int passed(bool c) {
    T *p = new T();
    show(p);  // a const T* parameter (borrowed): p.get() would be needed
    if (!ok()) return -1;
    delete p;
    return 0;
}

int compared() {
    T *p = new T;
    if (p->x == 0 && !ok()) return -1;
    if (p) p->x = 1;  // unique_ptr converts to bool, but the fix stays with dereferences only
    delete p;
    return 0;
}

int base_declared() {
    Base *b = new Derived;
    if (!ok()) return -1;
    delete b;
    return 0;
}

int braced() {
    T *p = new T{};
    if (!ok()) return -1;
    p->x = 2;
    delete p;
    return 0;
}
"""


def test_no_fix_when_the_rewrite_would_not_compile_or_would_change_meaning(tmp_path):
    for function in ("passed", "compared", "base_declared", "braced"):
        _, found = _fixes_for(tmp_path, NOT_MECHANICAL, function)
        assert found == [None], function


def test_existing_include_is_not_added_again(tmp_path):
    source = "#include <memory>\nstruct T { int x; };\nbool ok();\n" \
             "int f() {\n    T *p = new T();\n    if (!ok()) return -1;\n    p->x = 1;\n    delete p;\n    return 0;\n}\n"
    _, (fix,) = _fixes_for(tmp_path, source, "f")
    assert fix is not None and fix.safe
    assert [r.text for r in fix.replacements] == ["auto p = std::make_unique<T>()", ""]


QT = """#include <QtCore/QObject>
#include <QtCore/QTimer>

bool ready();

int poll() {
    QTimer *timer = new QTimer();
    if (!ready())
        return -1;
    timer->start(10);
    delete timer;
    return 0;
}
"""


def test_qt_code_without_make_unique_gets_a_qscopedpointer(tmp_path):
    flags = require_qt()
    model, (fix,) = _fixes_for(tmp_path, QT, "poll", ("-fPIC", *flags))
    assert model.std_make_unique  # Qt 6 needs C++17: the library has it
    assert fix is not None and "std::make_unique<QTimer>()" in fix.replacements[-2].text
    model.std_make_unique = False  # as in Qt 5 code compiled with -std=c++11
    result = OwnershipAnalysis(model, load_knowledge()).run()
    fo = next(r for r in result.functions if r.function.qualified_name == "poll")
    fix = smart_pointer_fix(model, fo.function, fo.graph, fo.leaks[0].site.id)
    assert fix is not None
    texts = [r.text for r in fix.replacements]
    assert texts == ["#include <QScopedPointer>\n", "QScopedPointer<QTimer> timer(new QTimer())", ""], texts
    path = tmp_path / "unit.cpp"
    fixes.apply(fix.replacements)
    assert _errors(path, ("-std=c++17", "-fPIC", *flags)) == []
    source_file.cache_clear()
    again = OwnershipAnalysis(model_of(tmp_path, path.read_text(), ("-fPIC", *flags)), load_knowledge()).run()
    assert not [l for r in again.functions for l in r.leaks]
