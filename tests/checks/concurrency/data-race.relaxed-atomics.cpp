// std::atomic operations are race-free whatever their memory order; a plain counter next to them is not.
#include <atomic>
#include <thread>

// --- ok: statistics counters with memory_order_relaxed -------------------------------------------------
struct Stats {
    std::atomic<long> requests{0};
    std::atomic<long> errors{0};
    void record(bool failed) {
        requests.fetch_add(1, std::memory_order_relaxed);
        if (failed)
            errors.fetch_add(1, std::memory_order_relaxed);
    }
    long total() const { return requests.load(std::memory_order_relaxed); }
};

long stats_ok(Stats &s) {
    std::thread t(&Stats::record, &s, true);
    long n = s.total();
    t.join();
    return n;
}

// --- bad: a plain long beside the atomics ------------------------------------------------------------------------
struct Meter {
    std::atomic<long> requests{0};
    long bytes = 0;
    void record(long n) {
        requests.fetch_add(1, std::memory_order_relaxed);
        bytes += n;  // expect: clangcheck-concurrency-data-race
    }
};

long meter_bad(Meter &m) {
    std::thread t(&Meter::record, &m, 512);
    long b = m.bytes;
    t.join();
    return b;
}
