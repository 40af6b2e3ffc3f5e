"""clangcheck-errors-side-effect-in-assert: the hoisting fix-it, applied to real files, compiles and keeps the call."""
from __future__ import annotations

from pathlib import Path

from clangcheck.model import libclang as lc
from helpers import require_qt, resource_dir, run_analysis, write_database

CHECK = "-*,clangcheck-errors-side-effect-in-assert"


def apply(path: Path, fixits) -> str:
    data = path.read_bytes()
    edits = sorted((r for fix in fixits for r in fix.replacements), key=lambda r: r.offset, reverse=True)
    for r in edits:
        assert r.file == str(path)
        data = data[: r.offset] + r.text.encode() + data[r.offset + r.length:]
    return data.decode()


def findings_for(tmp_path: Path, name: str, source: str, args: list[str]):
    path = tmp_path / name
    path.write_text(source)
    outcome = run_analysis(write_database(tmp_path, [path], args), checks=CHECK)
    assert not outcome.failures, outcome.failures
    return path, outcome.findings


def parses(path: Path, args: list[str]) -> bool:
    tu = lc.parse(str(path), [*args, "-resource-dir", resource_dir()])
    return lc.first_error(tu) is None


def test_assert_call_is_hoisted_into_a_const_local(tmp_path):
    source = (
        "#include <cassert>\n#include <unistd.h>\n"
        "void f(int fd, const char *buf, size_t n) {\n"
        "    assert(write(fd, buf, n) == static_cast<ssize_t>(n));\n"
        "}\n"
    )
    args = ["-std=c++17"]
    path, findings = findings_for(tmp_path, "hoist.cpp", source, args)
    assert len(findings) == 1 and len(findings[0].fixits) == 1
    fix = findings[0].fixits[0]
    assert fix.safe
    fixed = apply(path, (fix,))
    assert "    const ssize_t result = write(fd, buf, n);\n    assert(result == static_cast<ssize_t>(n));\n" in fixed
    path.write_text(fixed)
    assert parses(path, args)
    assert run_analysis(write_database(tmp_path, [path], args), checks=CHECK).findings == []


def test_q_assert_open_becomes_const_bool_ok(tmp_path):
    args = ["-std=c++17", *require_qt(), "-fPIC"]
    source = (
        "#include <QFile>\n"
        "void g(QFile &file, int ok) {\n"
        "    Q_ASSERT(file.open(QIODevice::ReadOnly));\n"
        "    if (ok) Q_ASSERT(file.open(QIODevice::ReadOnly) && ok);\n"
        "}\n"
    )
    path, findings = findings_for(tmp_path, "qhoist.cpp", source, args)
    assert [f.location.line for f in findings] == [3, 4]
    first, braceless = findings
    assert braceless.fixits == ()  # `if (ok) const bool ... ;` would change the program
    fixed = apply(path, first.fixits)
    assert "    const bool ok2 = file.open(QIODevice::ReadOnly);\n    Q_ASSERT(ok2);\n" in fixed  # 'ok' is taken
    path.write_text(fixed)
    assert parses(path, args)


def test_short_circuit_makes_the_fix_unsafe(tmp_path):
    source = "#include <assert.h>\n#include <unistd.h>\nvoid h(int fd) {\n    assert(fd < 0 || fsync(fd) == 0);\n}\n"
    path, findings = findings_for(tmp_path, "unsafe.c", source, ["-std=c11"])
    assert len(findings) == 1
    assert findings[0].fixits and not findings[0].fixits[0].safe
