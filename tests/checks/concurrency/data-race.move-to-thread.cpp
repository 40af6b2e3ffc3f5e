// RUN-WITH: qt
// Qt thread affinity: a slot runs in the thread its receiver (or context object) lives in. A worker
// moved to a QThread with moveToThread() runs its slots in that thread's event loop.
#include <QMutex>
#include <QMutexLocker>
#include <QObject>
#include <QThread>

// --- bad: the worker's slot writes a member the main thread reads ----------------------------------
class Counter : public QObject {
public:
    int processed = 0;
    void process() { processed++; }  // expect: clangcheck-concurrency-data-race
};

class CounterController {
public:
    CounterController() : counter(new Counter) {
        counter->moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, counter, &Counter::process);
        thread.start();
    }
    QThread thread;
    Counter *counter;
};

int poll_counter_bad(CounterController &c) {
    return c.counter->processed;
}

// --- ok: the same with a QMutexLocker on both sides ----------------------------------------------------------
class SafeCounter : public QObject {
public:
    int processed() const {
        QMutexLocker locker(&m_mutex);
        return m_processed;
    }
    void process() {
        QMutexLocker locker(&m_mutex);
        m_processed++;
    }

private:
    mutable QMutex m_mutex;
    int m_processed = 0;
};

class SafeController {
public:
    SafeController() : counter(new SafeCounter) {
        counter->moveToThread(&thread);
        QObject::connect(&thread, &QThread::started, counter, &SafeCounter::process);
        thread.start();
    }
    QThread thread;
    SafeCounter *counter;
};

int poll_safe_ok(SafeController &c) {
    return c.counter->processed();
}

// --- bad: a lambda with the moved object as context runs in its thread (queued) ---------------------------
struct Stats : public QObject {
    long bytes = 0;
};

void account_bad(QObject *source, long *total) {
    QThread *io = new QThread;
    Stats *stats = new Stats;
    stats->moveToThread(io);
    QObject::connect(source, &QObject::destroyed, stats, [stats] { stats->bytes += 512; },  // expect: clangcheck-concurrency-data-race
                     Qt::QueuedConnection);
    io->start();
    *total = stats->bytes;
}

// --- ok: a direct connection runs the lambda in the emitting thread (here: this one) --------------------
struct Tally : public QObject {
    long bytes = 0;
};

long tally_ok(QObject *source) {
    QThread *io = new QThread;
    Tally *tally = new Tally;
    tally->moveToThread(io);
    QObject::connect(source, &QObject::destroyed, tally, [tally] { tally->bytes += 512; }, Qt::DirectConnection);
    io->start();
    return tally->bytes;
}

// --- ok: slots of a moved object, read back after the thread was stopped and waited for ------------------
struct Result : public QObject {
    int value = 0;
    void compute() { value = 42; }
};

int compute_ok() {
    QThread worker;
    Result *result = new Result;
    result->moveToThread(&worker);
    QObject::connect(&worker, &QThread::started, result, &Result::compute);
    worker.start();
    worker.quit();
    worker.wait();
    return result->value;
}
