// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QTcpServer::nextPendingConnection returns nullptr when nothing is pending.
#include <QTcpServer>
#include <QTcpSocket>

void greet_bad(QTcpServer &server) {
    QTcpSocket *peer = server.nextPendingConnection();  // expect: clangcheck-errors-null-unchecked
    peer->write("hello\n");  // expect: clangcheck-errors-unchecked-result
}

void greet_ok(QTcpServer &server) {
    QTcpSocket *peer = server.nextPendingConnection();
    if (!peer)
        return;
    if (peer->write("hello\n") != 6)
        peer->abort();
}

void accept_all_ok(QTcpServer &server) {
    while (server.hasPendingConnections()) {
        if (QTcpSocket *peer = server.nextPendingConnection())
            peer->disconnectFromHost();
    }
}

QTcpSocket *handed_to_caller_ok(QTcpServer &server) {
    return server.nextPendingConnection();
}
