// RUN-WITH: qt
// QAtomicInt and QAtomicPointer are safe to share; a plain int beside them is not.
#include <QAtomicInt>
#include <QAtomicPointer>
#include <QThread>

// --- ok: a reference count and a published pointer ------------------------------------------------------------------
struct Frame {
    int id = 0;
};

class Decoder : public QThread {
public:
    int decoded() const { return m_count.loadAcquire(); }
    Frame *latest() const { return m_latest.loadAcquire(); }

protected:
    void run() override {
        m_count.fetchAndAddRelease(1);
        m_latest.storeRelease(new Frame);
    }

private:
    QAtomicInt m_count;
    QAtomicPointer<Frame> m_latest;
};

int decoder_ok(Decoder &d) {
    d.start();
    return d.decoded() + (d.latest() ? 1 : 0);
}

// --- bad: a plain int counter in the same shape --------------------------------------------------------------------
class Encoder : public QThread {
public:
    int encoded() const { return m_count; }

protected:
    void run() override { m_count++; }  // expect: clangcheck-concurrency-data-race

private:
    int m_count = 0;
};

int encoder_bad(Encoder &e) {
    e.start();
    return e.encoded();
}
