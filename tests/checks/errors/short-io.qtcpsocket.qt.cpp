// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// QIODevice::write on a QTcpSocket: -1 on error, otherwise the bytes it took (buffered).
#include <QTcpSocket>

bool send_request_ok(QTcpSocket *socket, const QByteArray &request) {
    return socket->write(request) == request.size();
}

bool send_header_ok(QTcpSocket &socket, const char *hdr, qint64 len) {
    const qint64 n = socket.write(hdr, len);
    if (n != len) {
        socket.abort();
        return false;
    }
    return true;
}

void send_request_bad(QTcpSocket *socket, const QByteArray &request) {
    socket->write(request);  // expect: clangcheck-errors-unchecked-result
    socket->flush();
}

bool send_header_bad(QTcpSocket &socket, const char *hdr, qint64 len) {
    if (socket.write(hdr, len) == -1)  // expect: clangcheck-errors-short-io
        return false;
    return socket.waitForBytesWritten(1000);
}

bool read_reply_ok(QTcpSocket &socket, char *buf, qint64 len) {
    qint64 got = 0;
    while (got < len) {
        if (!socket.bytesAvailable() && !socket.waitForReadyRead(3000))
            return false;
        const qint64 n = socket.read(buf + got, len - got);
        if (n < 0)
            return false;
        got += n;
    }
    return true;
}
