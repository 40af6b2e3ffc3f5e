// RUN-WITH: qt
// QThread subclasses: run() is the thread; the constructor and code before start() are ordered
// with it; lambdas connected inside run() run in the thread.
#include <QByteArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMutex>
#include <QMutexLocker>
#include <QReadWriteLock>
#include <QThread>

// --- ok: the QLocalSocket pattern: buffer sized in the constructor, then used only by run() ------
class ServerThread : public QThread {
public:
    explicit ServerThread(const QString &name) : m_name(name) { buffer.resize(1024); }

protected:
    void run() override {
        QLocalServer server;
        server.listen(m_name);
        server.waitForNewConnection(1000);
        QLocalSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QLocalSocket::readyRead, [this, socket] {
            buffer = socket->readAll();
            buffer.append('!');
        });
        buffer.fill('\0');
        exec();
    }

private:
    QString m_name;
    QByteArray buffer;
};

void serve_ok() {
    ServerThread *server = new ServerThread(QStringLiteral("ping"));
    server->start();
    server->wait();
    delete server;
}

// --- bad: the same class, but the main thread touches the buffer while the thread runs ------------
class EchoThread : public QThread {
public:
    EchoThread() { buffer.resize(1024); }
    QByteArray buffer;

protected:
    void run() override {
        QLocalServer server;
        server.listen(QStringLiteral("echo"));
        QLocalSocket *socket = server.nextPendingConnection();
        QObject::connect(socket, &QLocalSocket::readyRead, [this, socket] { buffer = socket->readAll(); });
// CHECK-MESSAGES: :[[@LINE-1]]:77: warning: 'buffer' is written in thread 'EchoThread::run' and written in the main thread without a common lock [clangcheck-concurrency-data-race]
        exec();
    }
};

void echo_bad() {
    EchoThread *thread = new EchoThread;
    thread->start();
// CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'EchoThread::run' is started here
    thread->buffer.clear();
// CHECK-MESSAGES: :[[@LINE-1]]:5: note: written here in the main thread, holding no lock
    thread->wait();
}

// --- ok: shared state behind QMutexLocker and QReadLocker/QWriteLocker ------------------------------
class Progress : public QThread {
public:
    int percent() const {
        QMutexLocker locker(&m_mutex);
        return m_percent;
    }
    QString stage() const {
        QReadLocker reader(&m_lock);
        return m_stage;
    }

protected:
    void run() override {
        for (int i = 0; i <= 100; ++i) {
            QMutexLocker locker(&m_mutex);
            m_percent = i;
        }
        QWriteLocker writer(&m_lock);
        m_stage = QStringLiteral("done");
    }

private:
    mutable QMutex m_mutex;
    mutable QReadWriteLock m_lock;
    int m_percent = 0;
    QString m_stage;
};

int watch_progress_ok(Progress &p) {
    p.start();
    return p.percent() + p.stage().size();
}

// --- bad: QMutexLocker::unlock() before the write --------------------------------------------------------
class Meter : public QThread {
public:
    int level() const {
        QMutexLocker locker(&m_mutex);
        return m_level;
    }

protected:
    void run() override {
        QMutexLocker locker(&m_mutex);
        int next = m_level + 1;
        locker.unlock();
        m_level = next;  // expect: clangcheck-concurrency-data-race
    }

private:
    mutable QMutex m_mutex;
    int m_level = 0;
};

int read_meter_bad(Meter &m) {
    m.start();
    return m.level();
}

// --- ok: set before start(), read after wait() ---------------------------------------------------------------
class Job : public QThread {
public:
    int input = 0;
    int output = 0;

protected:
    void run() override { output = input * 2; }
};

int job_ok() {
    Job job;
    job.input = 21;
    job.start();
    job.wait();
    return job.output;
}
