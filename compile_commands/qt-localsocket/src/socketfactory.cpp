#include "socketfactory.h"

#include <QLocalSocket>

SocketFactory::SocketFactory(const QString &serverName, QObject *parent)
    : QObject(parent), m_serverName(serverName)
{
}

QLocalSocket *SocketFactory::createSocket()
{
    QLocalSocket *socket = new QLocalSocket(this);
    socket->connectToServer(m_serverName);
    return socket;
}

bool SocketFactory::isServerUp(int msecs)
{
    QLocalSocket *probe = new QLocalSocket();
    probe->connectToServer(m_serverName);
    if (!probe->waitForConnected(msecs))
        return false;
    probe->disconnectFromServer();
    delete probe;
    return true;
}

QByteArray SocketFactory::pingOnce(const QByteArray &payload, int msecs)
{
    QLocalSocket *socket = new QLocalSocket();
    socket->connectToServer(m_serverName);
    QByteArray reply;
    if (socket->waitForConnected(msecs) && socket->write(payload) == payload.size()
        && socket->waitForBytesWritten(msecs)) {
        while (reply.size() < payload.size() && socket->waitForReadyRead(msecs))
            reply += socket->read(payload.size() - reply.size());
    }
    socket->disconnectFromServer();
    socket->deleteLater(); // runs when control returns to the event loop
    return reply;
}
