// RUN-WITH: qt
#include <QLocalServer>
#include <QLocalSocket>

void serve_bad(QLocalServer *server) {
    QLocalSocket *client = server->nextPendingConnection();  // expect: clangcheck-errors-null-unchecked
    client->disconnectFromServer();
}

void serve_direct_bad(QLocalServer *server) {
    server->nextPendingConnection()->disconnectFromServer();  // expect: clangcheck-errors-null-unchecked
}

void serve_ok(QLocalServer *server) {
    while (QLocalSocket *client = server->nextPendingConnection())
        client->disconnectFromServer();
}

void serve_checked_ok(QLocalServer *server) {
    QLocalSocket *client = server->nextPendingConnection();
    if (client == nullptr)
        return;
    client->disconnectFromServer();
}
