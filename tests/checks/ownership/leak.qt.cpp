// RUN-WITH: qt
// Qt ownership: parents, deleteLater, QVERIFY's hidden return, server-owned pending connections.
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QScopedPointer>
#include <QSharedPointer>
#include <QTest>
#include <QThread>
#include <QTimer>

class ServerThread : public QThread {
public:
    void run() override;
    void runChecked();
    void serve(QLocalSocket *client);
    QString name;
};

void ServerThread::run()  // the early-return leak of threaded socket tests
{
    QLocalServer *server = new QLocalServer();
    QVERIFY2(server->listen(name), "listen failed");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: potential leak of 'server' allocated by 'new QLocalServer' [clangcheck-ownership-leak]
    // CHECK-MESSAGES: :[[@LINE-3]]:28: note: allocated here
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: QVERIFY2 returns early here, leaving 'server' unowned
    if (server->waitForNewConnection(5000))
        serve(server->nextPendingConnection());  // owned by the server
    delete server;
}

void ServerThread::runChecked()  // the fix: a scoped owner
{
    QScopedPointer<QLocalServer> server(new QLocalServer());
    QVERIFY2(server->listen(name), "listen failed");
}

void ServerThread::serve(QLocalSocket *client)
{
    client->write("pong");
}

class Factory : public QObject {
public:
    QLocalSocket *createSocket_ok();
    bool probe_bad(const QString &name);
    void parentLater_ok();
    void selfDeleting_ok();
    void deleteLater_ok();
    void timer_ok();
    void shared_ok();
    void compare_bad(int n);
};

QLocalSocket *Factory::createSocket_ok()
{
    QLocalSocket *socket = new QLocalSocket(this);  // owned by its parent
    socket->connectToServer("x");
    return socket;
}

bool Factory::probe_bad(const QString &name)
{
    QLocalSocket *probe = new QLocalSocket();
    probe->connectToServer(name);
    if (!probe->waitForConnected(100))
        return false;  // expect: clangcheck-ownership-leak
    delete probe;
    return true;
}

void Factory::parentLater_ok()
{
    QLocalSocket *socket = new QLocalSocket();
    socket->setParent(this);
}

void Factory::selfDeleting_ok()
{
    QLocalSocket *socket = new QLocalSocket();
    QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    socket->connectToServer("x");
}

void Factory::deleteLater_ok()
{
    QLocalSocket *socket = new QLocalSocket();
    socket->connectToServer("x");
    socket->deleteLater();
}

void Factory::timer_ok()
{
    auto *timer = new QTimer(this);
    timer->start(10);
    new QTimer(this);
}

void Factory::shared_ok()
{
    QSharedPointer<QLocalSocket> socket(new QLocalSocket());
    socket->connectToServer("x");
}

void Factory::compare_bad(int n)
{
    QLocalSocket *socket = new QLocalSocket(nullptr);
    QCOMPARE(n, 3);  // expect: clangcheck-ownership-leak
    delete socket;
}
