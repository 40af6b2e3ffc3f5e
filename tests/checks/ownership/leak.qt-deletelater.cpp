// RUN-WITH: qt
// QObject::deleteLater() and connect(..., &QObject::deleteLater): the object deletes itself.
#include <QLocalSocket>
#include <QObject>
#include <QTimer>

void send(QLocalSocket *);

void oneShot_ok()
{
    QTimer *timer = new QTimer();
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, timer, &QObject::deleteLater);
    timer->start(100);
}

void oneShot_bad()
{
    QTimer *timer = new QTimer();  // expect: clangcheck-ownership-leak
    timer->setSingleShot(true);
    timer->start(100);
}

void closeLater_ok(const QString &name)
{
    QLocalSocket *socket = new QLocalSocket();
    socket->connectToServer(name);
    socket->write("bye");
    socket->deleteLater();
}

bool closeLater_bad(const QString &name)
{
    QLocalSocket *socket = new QLocalSocket();
    socket->connectToServer(name);
    if (!socket->waitForConnected(100))
        return false;  // expect: clangcheck-ownership-leak
    socket->write("bye");
    socket->deleteLater();
    return true;
}

void onDisconnect_ok(const QString &name)
{
    QLocalSocket *socket = new QLocalSocket();
    QObject::connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    socket->connectToServer(name);
}
