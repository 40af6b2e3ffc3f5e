// RUN-WITH: qt
// Qt, product code (no QTEST_MAIN here): Q_ASSERT vanishes in release builds and QVERIFY/QCOMPARE
// only abort a test function, so neither handles the failure.
#include <QFile>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

void listen_qverify_bad(QLocalServer *server) {
    QVERIFY2(server->listen(QStringLiteral("foo")), "listen failed");
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the result of 'QLocalServer::listen' is checked only inside 'QVERIFY2' [clangcheck-errors-assert-only]
    // CHECK-MESSAGES: :[[@LINE-2]]:14: note: 'QVERIFY2' only records a failure and returns from a Qt Test function; this is not Qt Test code
}

void write_qcompare_bad(QLocalSocket *socket) {
    const char ping[] = "ping";
    QCOMPARE(socket->write(ping, 4), qint64(4));  // expect: clangcheck-errors-assert-only
}

void open_q_assert_bad(QFile &file) {
    const bool ok = file.open(QIODevice::ReadOnly);  // expect: clangcheck-errors-assert-only
    Q_ASSERT(ok);
}

void copy_q_assert_x_bad(QFile &file) {
    bool copied = file.copy(QStringLiteral("/tmp/b"));  // expect: clangcheck-errors-assert-only
    Q_ASSERT_X(copied, "copy_q_assert_x_bad", "copy failed");
}

bool open_handled_ok(QFile &file) {
    const bool ok = file.open(QIODevice::ReadOnly);
    Q_ASSERT(ok);  // documents the expectation; the if below handles it
    if (!ok)
        return false;
    return true;
}

bool wait_handled_ok(QLocalSocket *socket) {
    return socket->waitForConnected(1000);
}
