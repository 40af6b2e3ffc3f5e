"""clangcheck-ownership-member-not-released across TUs, and the leak check's options, on real parses."""
from __future__ import annotations

from pathlib import Path

from helpers import run_analysis, write_database

HEADER = """
struct Frame { char *payload = nullptr; };
class Connection {
public:
    Connection();
    ~Connection();
private:
    Frame *pending_;
    char *label_;
};
"""
CTOR = """#include "conn.h"
Connection::Connection() : pending_(new Frame), label_(new char[8]) {}
"""


def _project(tmp_path: Path, dtor: str | None) -> Path:
    (tmp_path / "conn.h").write_text(HEADER)
    (tmp_path / "ctor.cpp").write_text(CTOR)
    files = [tmp_path / "ctor.cpp"]
    if dtor is not None:
        (tmp_path / "dtor.cpp").write_text('#include "conn.h"\n' + dtor)
        files.append(tmp_path / "dtor.cpp")
    return write_database(tmp_path, files, ["-std=c++17", f"-I{tmp_path}"])


def _member_findings(tmp_path: Path, dtor: str | None):
    outcome = run_analysis(_project(tmp_path, dtor), checks="-*,clangcheck-ownership-member-not-released")
    assert not outcome.failures, outcome.failures
    return outcome.findings


def test_destructor_in_another_tu_that_misses_a_member(tmp_path):
    findings = _member_findings(tmp_path, "Connection::~Connection() { delete[] label_; }\n")
    assert [(Path(f.location.file).name, f.location.line, f.args[0]) for f in findings] == [("ctor.cpp", 2, "pending_")]
    notes = findings[0].notes
    assert notes[0].message == "allocated here"
    assert Path(notes[1].location.file).name == "dtor.cpp" and "does not release 'pending_'" in notes[1].message


def test_destructor_in_another_tu_that_releases_everything(tmp_path):
    assert _member_findings(tmp_path, "Connection::~Connection() { delete[] label_; delete pending_; }\n") == []


def test_destructor_never_seen_stays_silent(tmp_path):
    assert _member_findings(tmp_path, None) == []


def test_exception_paths_are_an_option(tmp_path):
    source = tmp_path / "exc.cpp"
    source.write_text("void may_throw(int);\n"
                      "void f(int n) {\n    int *data = new int[8];\n    may_throw(n);\n    delete[] data;\n}\n")
    database = write_database(tmp_path, [source], ["-std=c++17"])
    quiet = run_analysis(database, checks="-*,clangcheck-ownership-leak")
    assert quiet.findings == []
    config = "{CheckOptions: {clangcheck-ownership-leak.ReportExceptionPaths: true}}"
    loud = run_analysis(database, checks="-*,clangcheck-ownership-leak", config=config)
    assert [(f.location.line, f.check_id) for f in loud.findings] == [(3, "clangcheck-ownership-leak")]


def test_users_knowledge_file_adds_an_allocator_pair(tmp_path):
    (tmp_path / "mine.yaml").write_text("allocators:\n  widget: [create_widget]\nreleasers:\n  widget: [destroy_widget]\n")
    source = tmp_path / "w.cpp"
    source.write_text("struct W;\nW *create_widget();\nvoid destroy_widget(W *);\nbool ok();\n"
                      "bool f() {\n    W *w = create_widget();\n    if (!ok())\n        return false;\n"
                      "    destroy_widget(w);\n    return true;\n}\n")
    database = write_database(tmp_path, [source], ["-std=c++17"])
    assert run_analysis(database, checks="-*,clangcheck-ownership-leak").findings == []
    config = f"{{CheckOptions: {{clangcheck-ownership-leak.KnowledgeFiles: '{tmp_path / 'mine.yaml'}'}}}}"
    findings = run_analysis(database, checks="-*,clangcheck-ownership-leak", config=config).findings
    assert [(f.location.line, f.args) for f in findings] == [(8, ("w", "create_widget"))]
