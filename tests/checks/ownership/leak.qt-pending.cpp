// RUN-WITH: qt
// nextPendingConnection() returns a socket its server owns; a server without parent needs an owner.
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>

class Acceptor : public QObject {
public:
    void onNewConnection_ok();
    bool start_bad(const QString &name);
    bool start_ok(const QString &name);
    QLocalServer *server = nullptr;
};

void Acceptor::onNewConnection_ok()
{
    QLocalSocket *client = server->nextPendingConnection();
    client->write("hello");
    client->flush();
}

bool Acceptor::start_bad(const QString &name)
{
    QLocalServer *s = new QLocalServer();
    if (!s->listen(name))
        return false;  // expect: clangcheck-ownership-leak
    s->setParent(this);
    return true;
}

bool Acceptor::start_ok(const QString &name)
{
    QLocalServer *s = new QLocalServer(this);
    return s->listen(name);
}

int serveOnce_ok(quint16 port)
{
    QTcpServer tcp;
    if (!tcp.listen(QHostAddress::LocalHost, port) || !tcp.waitForNewConnection(1000))
        return -1;
    QTcpSocket *peer = tcp.nextPendingConnection();
    peer->write("hi");
    return peer->waitForBytesWritten(100) ? 0 : 1;
}
