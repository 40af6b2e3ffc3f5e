// RUN-WITH: qt
// QTRY_VERIFY / QTRY_COMPARE poll in a `for` written inside the macro, then return early on failure.
#include <QtTest>
#include <QLocalServer>
#include <QScopedPointer>

class PollingTest : public QObject {
    Q_OBJECT
private slots:
    void listen_polled_bad() {
        QLocalServer *server = new QLocalServer();
        QTRY_VERIFY(server->listen("polled"));  // expect: clangcheck-ownership-leak
        delete server;
    }

    void count_polled_bad() {
        QLocalServer *server = new QLocalServer();
        QTRY_COMPARE(server->maxPendingConnections(), 30);  // expect: clangcheck-ownership-leak
        delete server;
    }

    void listen_polled_ok() {
        QScopedPointer<QLocalServer> server(new QLocalServer());
        QTRY_VERIFY(server->listen("polled-ok"));
    }

    void parented_ok() {
        QLocalServer *server = new QLocalServer(this);
        QTRY_VERIFY(server->listen("parented"));
    }
};
