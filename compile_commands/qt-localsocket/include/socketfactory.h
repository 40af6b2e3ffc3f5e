// Client-side helpers for talking to a PingServer.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QLocalSocket;

class SocketFactory : public QObject
{
    Q_OBJECT
public:
    explicit SocketFactory(const QString &serverName, QObject *parent = nullptr);

    // A socket already connecting to the server; the factory owns it.
    QLocalSocket *createSocket();

    // Connects and disconnects once.
    bool isServerUp(int msecs = 1000);

    // One request/response round trip on a throw-away socket.
    QByteArray pingOnce(const QByteArray &payload, int msecs = 3000);

private:
    QString m_serverName;
};
