// RUN-WITH: qt
// QtConcurrent::run and QThreadPool: a future's waitForFinished() or the pool's waitForDone()
// orders the task with what follows.
#include <QAtomicInt>
#include <QFuture>
#include <QMutex>
#include <QMutexLocker>
#include <QRunnable>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

// --- bad: the task writes a global the caller reads before waiting ---------------------------
int scanned_bad;
void scan_bad() { scanned_bad = 100; }
// CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'scanned_bad' is written in thread 'scan_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
int start_scan_bad() {
    QFuture<void> f = QtConcurrent::run(scan_bad);
    int early = scanned_bad;
    f.waitForFinished();
    return early;
}

// --- ok: read after waitForFinished() ---------------------------------------------------------------
int scanned_ok;
void scan_ok() { scanned_ok = 100; }
int start_scan_ok() {
    QFuture<void> f = QtConcurrent::run(scan_ok);
    f.waitForFinished();
    return scanned_ok;
}

// --- bad: a QRunnable started in a loop on the pool: instances race on a static counter -------------
class Indexer : public QRunnable {
public:
    void run() override { ++s_indexed; }  // expect: clangcheck-concurrency-data-race
    static int s_indexed;
};
int Indexer::s_indexed = 0;
void index_all_bad(int n) {
    for (int i = 0; i < n; ++i)
        QThreadPool::globalInstance()->start(new Indexer);
    QThreadPool::globalInstance()->waitForDone();
}

// --- ok: the same with a QMutex, and an atomic ----------------------------------------------------------
class SafeIndexer : public QRunnable {
public:
    void run() override {
        QMutexLocker locker(&s_mutex);
        ++s_indexed;
        s_atomic.ref();
    }
    static QMutex s_mutex;
    static int s_indexed;
    static QAtomicInt s_atomic;
};
QMutex SafeIndexer::s_mutex;
int SafeIndexer::s_indexed = 0;
QAtomicInt SafeIndexer::s_atomic;
int index_all_ok(int n) {
    for (int i = 0; i < n; ++i)
        QThreadPool::globalInstance()->start(new SafeIndexer);
    QThreadPool::globalInstance()->waitForDone();
    return SafeIndexer::s_indexed;
}

// --- ok: each runnable's own fields belong to its own object ------------------------------------------
class Chunk : public QRunnable {
public:
    explicit Chunk(int first) : m_first(first) {}
    void run() override { m_sum = m_first * 2; }

private:
    int m_first;
    int m_sum = 0;
};
void chunks_ok() {
    for (int i = 0; i < 8; ++i)
        QThreadPool::globalInstance()->start(new Chunk(i));
}

// --- bad: a lambda on the pool writes a captured local the caller also writes ----------------------------
int pool_lambda_bad() {
    int state = 0;
    QThreadPool::globalInstance()->start([&state] { state = 1; });  // expect: clangcheck-concurrency-data-race
    state = 2;
    QThreadPool::globalInstance()->waitForDone();
    return state;
}

// --- ok: a lambda on QtConcurrent, its result collected after waitForFinished() ------------------------------
int concurrent_lambda_ok() {
    int found = 0;
    QFuture<void> f = QtConcurrent::run([&found] { found = 3; });
    f.waitForFinished();
    return found;
}
