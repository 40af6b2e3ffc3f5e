// RUN-WITH: qt
// QThreadPool with QRunnable subclasses: run() executes on a pool thread, ordered by waitForDone().
#include <QMutex>
#include <QMutexLocker>
#include <QRunnable>
#include <QThreadPool>

// --- bad: tasks add to a shared total with no lock, and there are several of them ----------------------------
static long g_total;

class SumTask : public QRunnable {
public:
    explicit SumTask(long v) : m_v(v) {}
    void run() override { g_total += m_v; }  // expect: clangcheck-concurrency-data-race

private:
    long m_v;
};

long sum_bad() {
    QThreadPool pool;
    for (long i = 0; i < 8; ++i)
        pool.start(new SumTask(i));
    pool.waitForDone();
    return g_total;
}

// --- ok: the same behind a QMutex, the total read after waitForDone() ------------------------------------------
static long g_safe_total;
static QMutex g_total_lock;

class SafeSumTask : public QRunnable {
public:
    explicit SafeSumTask(long v) : m_v(v) {}
    void run() override {
        QMutexLocker locker(&g_total_lock);
        g_safe_total += m_v;
    }

private:
    long m_v;
};

long sum_ok() {
    QThreadPool pool;
    for (long i = 0; i < 8; ++i)
        pool.start(new SafeSumTask(i));
    pool.waitForDone();
    return g_safe_total;
}

// --- ok: a lambda task on the global pool writes its own result slot, read after waitForDone() -----------------
static int g_answer;

int answer_ok() {
    QThreadPool::globalInstance()->start([] { g_answer = 42; });
    QThreadPool::globalInstance()->waitForDone();
    return g_answer;
}
