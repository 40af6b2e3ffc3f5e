// RUN-WITH: qt
// RUN-CHECKS: -*,clangcheck-errors-*
// A Qt Test class whose QTEST_MAIN lives in another TU (a test runner collecting several classes):
// it derives from QObject and has Qt Test hooks (init/cleanup, *_data) among its private slots,
// so QVERIFY/QCOMPARE are its real checks and nothing is reported.
#include <QLocalServer>
#include <QLocalSocket>
#include <QTest>

class LocalServerTest : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void listen_ok();
    void listen_ok_data();
private:
    QLocalServer *m_server = nullptr;
};

void LocalServerTest::init() {
    m_server = new QLocalServer(this);
}

void LocalServerTest::cleanup() {
    delete m_server;
}

void LocalServerTest::listen_ok_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("clangcheck-test");
}

void LocalServerTest::listen_ok() {
    QFETCH(QString, name);
    QVERIFY2(m_server->listen(name), qPrintable(m_server->errorString()));
    QLocalSocket client;
    client.connectToServer(name);
    QVERIFY(client.waitForConnected(1000));
    QCOMPARE(client.write("ping", 4), qint64(4));
}
