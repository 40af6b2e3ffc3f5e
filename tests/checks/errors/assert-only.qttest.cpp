// RUN-WITH: qt
// A Qt Test TU (QTEST_MAIN): QVERIFY/QCOMPARE are the test's real checks, nothing is reported.
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

class tst_Ping : public QObject {
    Q_OBJECT
private slots:
    void listen_ok();
    void writeRead_ok();
};

void tst_Ping::listen_ok() {
    QLocalServer server;
    QVERIFY2(server.listen(QStringLiteral("tst-ping")), "listen failed");
}

void tst_Ping::writeRead_ok() {
    QLocalSocket socket;
    char pong[4];
    QCOMPARE(socket.write("ping", 4), qint64(4));
    QCOMPARE(socket.read(pong, 4), qint64(4));
    const bool connected = socket.waitForConnected(100);
    QVERIFY(connected);
}

QTEST_MAIN(tst_Ping)
