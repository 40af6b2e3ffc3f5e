// RUN-WITH: qt
// QSharedPointer / QScopedPointer owners, and QScopedPointer::take() handing the object back.
#include <QLocalSocket>
#include <QObject>
#include <QScopedPointer>
#include <QSharedPointer>

QSharedPointer<QLocalSocket> shared_ok(const QString &name)
{
    QSharedPointer<QLocalSocket> socket(new QLocalSocket());
    socket->connectToServer(name);
    return socket;
}

QLocalSocket *taken_ok(const QString &name)
{
    QScopedPointer<QLocalSocket> socket(new QLocalSocket());
    socket->connectToServer(name);
    if (!socket->waitForConnected(100))
        return nullptr;
    return socket.take();
}

bool taken_bad(const QString &name)
{
    QScopedPointer<QLocalSocket> guard(new QLocalSocket());
    QLocalSocket *socket = guard.take();
    socket->connectToServer(name);
    if (!socket->waitForConnected(100))
        return false;  // expect: clangcheck-ownership-leak
    delete socket;
    return true;
}
