#include "tst_localsocketping.h"

#include <QCoreApplication>
#include <QLocalSocket>
#include <QTest>

#include "pingserver.h"
#include "socketfactory.h"

static const int kRounds = 5;

void tst_LocalSocketPing::initTestCase()
{
    m_serverName = QStringLiteral("clangcheck-ping-%1").arg(QCoreApplication::applicationPid());
}

void tst_LocalSocketPing::pingPong()
{
    PingServer server(m_serverName, 1);
    server.start();
    QVERIFY(server.waitForListening(5000));

    SocketFactory factory(m_serverName);
    QLocalSocket *socket = factory.createSocket();
    QVERIFY(socket->waitForConnected(3000));

    const char ping[] = "ping";
    char pong[4];
    const qint64 n = sizeof pong;
    for (int i = 0; i < kRounds; ++i) {
        QCOMPARE(socket->write(ping, n), n);
        QVERIFY(socket->waitForBytesWritten(3000));
        while (socket->bytesAvailable() < n)
            QVERIFY(socket->waitForReadyRead(3000));
        QCOMPARE(socket->read(pong, n), n);
        QCOMPARE(QByteArray(pong, int(n)), QByteArray("pong"));
    }
    QVERIFY2(server.lastError().isEmpty(), qPrintable(server.lastError()));

    socket->disconnectFromServer();
    QVERIFY(server.wait(5000));
    QCOMPARE(server.pingsServed(), kRounds);
}

void tst_LocalSocketPing::pingOnce()
{
    PingServer server(m_serverName, 1);
    server.start();
    QVERIFY(server.waitForListening(5000));

    SocketFactory factory(m_serverName);
    QCOMPARE(factory.pingOnce("ping"), QByteArray("pong"));
    QVERIFY(server.wait(5000));
    QCOMPARE(server.pingsServed(), 1);
}

void tst_LocalSocketPing::serverDownIsDetected()
{
    SocketFactory factory(m_serverName + QStringLiteral("-nobody"));
    QVERIFY(!factory.isServerUp(500));
}

QTEST_MAIN(tst_LocalSocketPing)
