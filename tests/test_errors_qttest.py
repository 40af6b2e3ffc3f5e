"""Qt Test detection for clangcheck-errors-assert-only: test classes run from another TU, tst_ files."""
from __future__ import annotations

from pathlib import Path

from helpers import require_qt, run_analysis, write_database
from test_model import model_of

CHECK = "-*,clangcheck-errors-assert-only"
HEADER = """#pragma once
#include <QObject>
#include <QLocalServer>
class %(name)s : public QObject {
    Q_OBJECT
private slots:
%(slots)s
};
"""
SOURCE = """#include "%(header)s"
#include <QTest>
void %(name)s::listen_ok() {
    QLocalServer server;
    QVERIFY(server.listen(QStringLiteral("x")));
}
"""


def findings(tmp_path: Path, name: str, slots: str, file_name: str = "server_test.cpp") -> list:
    args = ["-std=c++17", *require_qt(), "-fPIC", f"-I{tmp_path}"]
    header = tmp_path / f"{name.lower()}.h"
    header.write_text(HEADER % {"name": name, "slots": slots})
    source = tmp_path / file_name
    source.write_text(SOURCE % {"header": header.name, "name": name})
    runner = tmp_path / "main.cpp"  # QTEST_MAIN in another TU: invisible to server_test.cpp
    runner.write_text(f'#include "{header.name}"\n#include <QTest>\nQTEST_MAIN({name})\n')
    outcome = run_analysis(write_database(tmp_path, [source, runner], args), checks=CHECK)
    assert not outcome.failures, outcome.failures
    return [f for f in outcome.findings if f.location.file == str(source)]


def test_class_with_test_hooks_is_test_code(tmp_path):
    assert findings(tmp_path, "ServerTest", "    void init();\n    void listen_ok();") == []


def test_class_with_data_slot_is_test_code(tmp_path):
    assert findings(tmp_path, "ServerTest", "    void listen_ok();\n    void listen_ok_data();") == []


def test_tst_prefixed_class_is_test_code(tmp_path):
    assert findings(tmp_path, "tst_Server", "    void listen_ok();") == []


def test_tst_file_is_test_code(tmp_path):
    assert findings(tmp_path, "ServerTest", "    void listen_ok();", file_name="tst_server.cpp") == []


def test_plain_qobject_with_slots_is_product_code(tmp_path):
    found = findings(tmp_path, "ServerTest", "    void listen_ok();")
    assert [(f.check_id, f.location.line) for f in found] == [("clangcheck-errors-assert-only", 5)]


def test_private_slots_are_a_model_fact(tmp_path):
    model = model_of(tmp_path, "#include <QObject>\nclass A : public QObject {\n    Q_OBJECT\npublic:\n"
                               "    void f();\nprivate slots:\n    void init();\npublic slots:\n    void g();\n"
                               "private Q_SLOTS:\n    void h_data();\n};\n", tuple(require_qt()) + ("-fPIC",))
    assert model.classes["A"].private_slots == ("init", "h_data")
