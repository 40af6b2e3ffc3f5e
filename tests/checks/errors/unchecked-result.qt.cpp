// RUN-WITH: qt
// Qt: failure-reporting calls, QThread::wait only with an explicit deadline.
#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QThread>
#include <tuple>

class Worker : public QThread {
public:
    ~Worker() override { wait(); }  // waits forever: cannot time out, nothing to check
    void stop_bad() { wait(500); }  // expect: clangcheck-errors-unchecked-result
};

void listen_bad(QLocalServer &server) {
    server.listen(QStringLiteral("foo"));  // expect: clangcheck-errors-unchecked-result
}

void open_bad(QFile &file) {
    file.open(QIODevice::WriteOnly);  // expect: clangcheck-errors-unchecked-result
    file.write("x", 1);  // expect: clangcheck-errors-unchecked-result
}

void mkpath_bad(const QString &path) {
    QDir().mkpath(path);  // expect: clangcheck-errors-unchecked-result
}

bool listen_ok(QLocalServer &server) {
    if (!server.listen(QStringLiteral("foo")))
        return false;
    return true;
}

bool wait_checked_ok(QThread &thread) {
    return thread.wait(1000);
}

void deliberate_ok(QFile &file) {
    (void)file.remove();
    std::ignore = QDir().mkpath(QStringLiteral("/tmp/x"));
}
