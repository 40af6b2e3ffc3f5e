// RUN-WITH: qt
// QtTest macros return from the test function when they fail: QCOMPARE, QVERIFY.
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QScopedPointer>
#include <QTest>

class tst_Server : public QObject {
public:
    void compare_bad();
    void compare_ok();
    void verifyConnected_bad();
    void parented_ok();
};

void tst_Server::compare_bad()
{
    QLocalServer *server = new QLocalServer();
    QCOMPARE(server->listen("tst-compare"), true);  // expect: clangcheck-ownership-leak
    server->close();
    delete server;
}

void tst_Server::compare_ok()
{
    QScopedPointer<QLocalServer> server(new QLocalServer());
    QCOMPARE(server->listen("tst-compare"), true);
    server->close();
}

void tst_Server::verifyConnected_bad()
{
    QLocalSocket *socket = new QLocalSocket();
    socket->connectToServer("tst-verify");
    QVERIFY(socket->waitForConnected(100));  // expect: clangcheck-ownership-leak
    socket->disconnectFromServer();
    delete socket;
}

void tst_Server::parented_ok()
{
    QLocalSocket *socket = new QLocalSocket(this);
    socket->connectToServer("tst-parent");
    QVERIFY(socket->waitForConnected(100));
}
