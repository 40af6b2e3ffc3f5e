// RUN-WITH: qt
// A lambda only borrows what it captures: connecting it to the object's own signal hands
// nothing on. It owns the capture only when its body releases or keeps it.
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QTest>
#include <QThread>

class ServerThread : public QThread {
public:
    void run() override;
    void releasedInLambda();
    void parented();
    void keptInLambda();
    void withContext();
    void handedOnInLambda();
    QLocalServer *kept = nullptr;
};

void ServerThread::run()
{
    QLocalServer *server = new QLocalServer();
    QObject::connect(server, &QLocalServer::newConnection, [server] {
        QLocalSocket *socket = server->nextPendingConnection();
        socket->write("pong");
    });
    QVERIFY2(server->listen("foo"), "listen failed");  // expect: clangcheck-ownership-leak
    exec();
    delete server;
}

void ServerThread::releasedInLambda()
{
    QLocalServer *server = new QLocalServer();
    QObject::connect(server, &QLocalServer::newConnection, [server] { server->deleteLater(); });
    QVERIFY2(server->listen("foo"), "listen failed");
    delete server;
}

void ServerThread::parented()
{
    QLocalServer *server = new QLocalServer(this);
    QObject::connect(server, &QLocalServer::newConnection, [server] { server->close(); });
    QVERIFY2(server->listen("foo"), "listen failed");
}

void ServerThread::keptInLambda()
{
    QLocalServer *server = new QLocalServer();
    QObject::connect(server, &QLocalServer::newConnection, [this, server] { kept = server; });
    QVERIFY2(server->listen("foo"), "listen failed");
    delete server;
}

void ServerThread::withContext()
{
    QLocalServer *server = new QLocalServer();
    QObject::connect(server, &QLocalServer::newConnection, this, [server] { server->close(); });
    QVERIFY(server->listen("foo"));  // expect: clangcheck-ownership-leak
    delete server;
}

void adopt(QLocalServer *server);

void ServerThread::handedOnInLambda()
{
    QLocalServer *server = new QLocalServer();
    QObject::connect(server, &QLocalServer::newConnection, [server] { adopt(server); });
    QVERIFY(server->listen("foo"));
}
