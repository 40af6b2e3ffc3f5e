// RUN-WITH: qt
#include <QLocalServer>
#include <QLocalSocket>
#include <QObject>
#include <QTimer>

class Client : public QObject {
public:
    Client() {
        m_socket = new QLocalSocket(this);   // parented: silent
        m_timer = new QTimer();
        m_timer->setParent(this);            // parented later: silent
        m_server = new QLocalServer();       // expect: clangcheck-ownership-member-not-released
        m_later = new QLocalSocket();        // released with deleteLater: silent
    }
    ~Client() override { m_later->deleteLater(); }
private:
    QLocalSocket *m_socket;
    QTimer *m_timer;
    QLocalServer *m_server;
    QLocalSocket *m_later;
};
