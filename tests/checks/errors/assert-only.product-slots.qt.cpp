// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// Product code: a QObject with ordinary slots is not a Qt Test class, so a QVERIFY in it only
// returns from the slot; it does not handle the failure.
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

class Announcer : public QObject {
    Q_OBJECT
public:
    explicit Announcer(QObject *parent = nullptr) : QObject(parent) {}
    bool start(const QString &name);
private slots:
    void onNewConnection();
private:
    QLocalServer m_server;
};

bool Announcer::start(const QString &name) {
    return m_server.listen(name);  // the caller decides: fine
}

void Announcer::onNewConnection() {
    QLocalSocket *client = m_server.nextPendingConnection();
    if (!client)
        return;
    QVERIFY(client->waitForBytesWritten(100));  // expect: clangcheck-errors-assert-only
}

void listen_in_product_bad(QLocalServer &server) {
    QVERIFY(server.listen(QStringLiteral("announcer")));  // expect: clangcheck-errors-assert-only
}

bool listen_in_product_ok(QLocalServer &server) {
    if (!server.listen(QStringLiteral("announcer"))) {
        qWarning("listen failed: %s", qPrintable(server.errorString()));
        return false;
    }
    return true;
}
