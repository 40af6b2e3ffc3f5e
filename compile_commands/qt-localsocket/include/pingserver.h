// A QLocalServer living in its own thread: answers every 4-byte "ping" with "pong".
#pragma once

#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

class QLocalSocket;

class PingServer : public QThread
{
    Q_OBJECT
public:
    explicit PingServer(const QString &name, int expectedClients = 1, QObject *parent = nullptr);
    ~PingServer() override { wait(); }

    // Blocks the caller until run() is listening (or msecs elapse).
    bool waitForListening(int msecs);

    QString lastError() const { return m_lastError; }
    int pingsServed() const;

protected:
    void run() override;

private:
    void serveClient(QLocalSocket *client);

    const QString m_name;
    const int m_expectedClients;
    QString m_lastError;          // set by run() when something goes wrong

    mutable QMutex m_mutex;
    QWaitCondition m_listeningChanged;
    bool m_listening = false;     // guarded by m_mutex
    int m_pingsServed = 0;        // guarded by m_mutex
    int m_connectionsSeen = 0;    // guarded by m_mutex
};
