// RUN-WITH: qt
// A QThread subclass stopped from the main thread: requestInterruption() is thread-safe, a plain bool
// stop flag is a race.
#include <QThread>

// --- bad: a plain bool the main thread sets while run() polls it -----------------------------------------
class Poller : public QThread {
public:
    void stop() { m_stop = true; }  // expect: clangcheck-concurrency-data-race

protected:
    void run() override {
        while (!m_stop)
            msleep(10);
    }

private:
    bool m_stop = false;
};

void poll_bad(Poller &p) {
    p.start();
    p.stop();
    p.wait();
}

// --- ok: the built-in interruption request ----------------------------------------------------------------------
class Sampler : public QThread {
public:
    int samples() const { return m_samples; }

protected:
    void run() override {
        while (!isInterruptionRequested())
            msleep(10);
        m_samples = 100;
    }

private:
    int m_samples = 0;
};

int sample_ok(Sampler &s) {
    s.start();
    s.requestInterruption();
    s.wait();
    return s.samples();
}
