// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QProcess::waitFor* return false on timeout or failure: the process may still be running.
#include <QProcess>

QByteArray run_tool_bad(const QString &tool) {
    QProcess proc;
    proc.start(tool, {});
    proc.waitForFinished(5000);  // expect: clangcheck-errors-unchecked-result
    return proc.readAllStandardOutput();
}

QByteArray run_tool_ok(const QString &tool) {
    QProcess proc;
    proc.start(tool, {});
    if (!proc.waitForStarted(1000) || !proc.waitForFinished(5000)) {
        proc.kill();
        return {};
    }
    return proc.readAllStandardOutput();
}

int exit_code_bad(QProcess &proc) {
    bool done = proc.waitForFinished(1000);  // expect: clangcheck-errors-unchecked-result
    return proc.exitCode();
}

bool finished_ok(QProcess &proc, int ms) {
    const bool done = proc.waitForFinished(ms);
    return done && proc.exitStatus() == QProcess::NormalExit;
}
