// A class that owns its worker thread: the constructor runs before the thread exists, objects a
// function keeps to itself are not shared, virtual calls reach the overrides.
#include <memory>
#include <mutex>
#include <thread>

// --- bad: the worker loop writes a field a public getter reads without the lock -------------
class Downloader {
public:
    Downloader() : m_received(0) { m_received = 0; }
    void start() { m_thread = std::thread(&Downloader::loop, this); }
    void stop() { m_thread.join(); }
    long received() const { return m_received; }

private:
    void loop() {
        for (int i = 0; i < 10; ++i)
            m_received += 512;  // expect: clangcheck-concurrency-data-race
    }
    std::thread m_thread;
    long m_received;
};

// --- ok: the same shape with a mutex on both sides ----------------------------------------------
class Uploader {
public:
    Uploader() { m_sent = 0; }
    void start() { m_thread = std::thread(&Uploader::loop, this); }
    void stop() { m_thread.join(); }
    long sent() const {
        std::lock_guard<std::mutex> guard(m_mutex);
        return m_sent;
    }

private:
    void loop() {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_sent += 512;
    }
    std::thread m_thread;
    mutable std::mutex m_mutex;
    long m_sent;
};

// --- ok: a unique_ptr the worker owns, a fresh object, an object passed by reference to a helper ----
struct Packet { int size = 0; void grow() { ++size; } };
void resize_packet(Packet &p) { p.size = 64; }
void packet_worker_ok() {
    std::unique_ptr<Packet> mine = std::make_unique<Packet>();
    mine->grow();
    Packet *fresh = new Packet;
    fresh->size = 3;
    delete fresh;
    Packet local;
    resize_packet(local);
}
void packets_ok() {
    std::thread a(packet_worker_ok);
    std::thread b(packet_worker_ok);
    a.join();
    b.join();
}

// --- bad: a virtual call reaches the override that writes shared state ---------------------------------
struct Sink { virtual void put(int v) = 0; virtual ~Sink() = default; };
struct CountingSink : Sink {
    int count = 0;
    void put(int v) override { count += v; }  // expect: clangcheck-concurrency-data-race
};
void feed(Sink *sink) { sink->put(1); }
void feed_twice_bad(Sink *sink) {
    std::thread a(feed, sink);
    std::thread b(feed, sink);
    a.join();
    b.join();
}
