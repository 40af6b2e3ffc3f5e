#include "pingserver.h"

#include <QLocalServer>
#include <QLocalSocket>
#include <QMutexLocker>
#include <QTest>

PingServer::PingServer(const QString &name, int expectedClients, QObject *parent)
    : QThread(parent), m_name(name), m_expectedClients(expectedClients)
{
}

bool PingServer::waitForListening(int msecs)
{
    QMutexLocker locker(&m_mutex);
    while (!m_listening) {
        if (!m_listeningChanged.wait(&m_mutex, msecs))
            return false;
    }
    return true;
}

int PingServer::pingsServed() const
{
    QMutexLocker locker(&m_mutex);
    return m_pingsServed;
}

void PingServer::run()
{
    QLocalServer::removeServer(m_name);
    QLocalServer *server = new QLocalServer();
    // Counted as they arrive, on this thread: the lambda only borrows the server.
    QObject::connect(server, &QLocalServer::newConnection, [this, server] {
        QMutexLocker locker(&m_mutex);
        m_connectionsSeen += server->hasPendingConnections() ? 1 : 0;
    });
    QVERIFY2(server->listen(m_name), "listen failed");
    {
        QMutexLocker locker(&m_mutex);
        m_listening = true;
        m_listeningChanged.wakeAll();
    }

    for (int i = 0; i < m_expectedClients; ++i) {
        if (!server->waitForNewConnection(5000)) {
            m_lastError = QStringLiteral("no client: ") + server->errorString();
            break;
        }
        // Pending connections are children of the server: deleted with it.
        serveClient(server->nextPendingConnection());
    }
    delete server;
}

void PingServer::serveClient(QLocalSocket *client)
{
    char buf[4];
    const qint64 n = sizeof buf;
    for (;;) {
        while (client->bytesAvailable() < n) {
            if (!client->waitForReadyRead(3000))
                return; // client hung up: done
        }
        if (client->read(buf, n) != n) {
            m_lastError = QStringLiteral("short read: ") + client->errorString();
            return;
        }
        if (qstrncmp(buf, "ping", 4) != 0) {
            m_lastError = QStringLiteral("unexpected request");
            return;
        }
        if (client->write("pong", n) != n || !client->waitForBytesWritten(3000)) {
            m_lastError = QStringLiteral("reply failed: ") + client->errorString();
            return;
        }
        QMutexLocker locker(&m_mutex);
        ++m_pingsServed;
    }
}
