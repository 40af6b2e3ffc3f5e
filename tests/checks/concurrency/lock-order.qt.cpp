// RUN-WITH: qt
// QMutexLocker scopes nested in opposite orders in a QThread and in the main thread.
#include <QMutex>
#include <QMutexLocker>
#include <QThread>

// --- bad: run() takes queue then cache, flush() takes cache then queue ----------------------------------------------
class Uploader : public QThread {
public:
    void flush() {
        QMutexLocker c(&m_cacheLock);
        QMutexLocker q(&m_queueLock);  // expect: clangcheck-concurrency-lock-order
    }

protected:
    void run() override {
        QMutexLocker q(&m_queueLock);
        QMutexLocker c(&m_cacheLock);
    }

private:
    QMutex m_queueLock;
    QMutex m_cacheLock;
};

void upload_bad(Uploader &u) {
    u.start();
    u.flush();
    u.wait();
}

// --- ok: both take queue before cache --------------------------------------------------------------------------------
class Downloader : public QThread {
public:
    void flush() {
        QMutexLocker q(&m_queueLock);
        QMutexLocker c(&m_cacheLock);
    }

protected:
    void run() override {
        QMutexLocker q(&m_queueLock);
        QMutexLocker c(&m_cacheLock);
    }

private:
    QMutex m_queueLock;
    QMutex m_cacheLock;
};

void download_ok(Downloader &d) {
    d.start();
    d.flush();
    d.wait();
}
