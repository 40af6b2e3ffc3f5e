// RUN-WITH: qt
// Objects created inside QThread::run() live in that thread: lambdas and slots connected to them run
// there, alongside the main thread.
#include <QAtomicInt>
#include <QObject>
#include <QThread>
#include <QTimer>

// --- ok: a lambda connected inside run() touches only run()-local state ---------------------------------
class Ticker : public QThread {
protected:
    void run() override {
        int ticks = 0;
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, &timer, [&ticks, &timer] {
            if (++ticks == 10)
                timer.stop();
        });
        timer.start(100);
        exec();
    }
};

void tick_ok() {
    Ticker t;
    t.start();
    t.wait();
}

// --- bad: the lambda (run in the thread) writes a member the main thread reads ------------------------
class Heartbeat : public QThread {
public:
    int beats() const { return m_beats; }

protected:
    void run() override {
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] { ++m_beats; });  // expect: clangcheck-concurrency-data-race
        timer.start(100);
        exec();
    }

private:
    int m_beats = 0;
};

int heartbeat_bad(Heartbeat &h) {
    h.start();
    return h.beats();
}

// --- ok: the same with a QAtomicInt ---------------------------------------------------------------------
class AtomicHeartbeat : public QThread {
public:
    int beats() const { return m_beats.loadRelaxed(); }

protected:
    void run() override {
        QTimer timer;
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] { m_beats.ref(); });
        timer.start(100);
        exec();
    }

private:
    QAtomicInt m_beats;
};

int atomic_heartbeat_ok(AtomicHeartbeat &h) {
    h.start();
    return h.beats();
}
