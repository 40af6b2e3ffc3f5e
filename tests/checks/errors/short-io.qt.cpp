// RUN-WITH: qt
// QIODevice byte counts: a socket's read returns what has arrived so far.
#include <QLocalSocket>
#include <QTest>

bool read_request_bad(QLocalSocket *socket, char *buf) {
    if (socket->read(buf, 4) == -1)  // expect: clangcheck-errors-short-io
        return false;
    return qstrncmp(buf, "ping", 4) == 0;
}

bool write_bytes_bad(QLocalSocket *socket, const QByteArray &data) {
    const qint64 n = socket->write(data);  // expect: clangcheck-errors-short-io
    return n >= 0;
}

bool size_asserted_only_bad(QLocalSocket *socket, char *buf) {
    const qint64 n = socket->read(buf, 4);  // expect: clangcheck-errors-short-io
    if (n < 0)
        return false;
    Q_ASSERT(n == 4);  // gone in release builds: not a size check
    return true;
}

bool read_compared_ok(QLocalSocket *socket, char *buf) {
    return socket->read(buf, 4) == 4;
}

QByteArray read_all_ok(QLocalSocket *socket, qint64 want) {
    QByteArray reply(int(want), '\0');
    qint64 got = 0;
    while (got < want && socket->waitForReadyRead(1000)) {
        const qint64 n = socket->read(reply.data() + got, want - got);
        if (n < 0)
            return {};
        got += n;
    }
    return reply;
}

bool write_compared_with_data_size_ok(QLocalSocket *socket, const QByteArray &payload) {
    return socket->write(payload) == payload.size();
}

QByteArray read_overload_returning_bytes_ok(QLocalSocket *socket) {
    return socket->read(16);  // the QByteArray overload carries its own length
}
