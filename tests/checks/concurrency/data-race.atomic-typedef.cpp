// std::atomic behind an alias is atomic too, and so is a class made only of atomics.
#include <atomic>
#include <thread>

using counter_t = std::atomic<long>;
typedef std::atomic<bool> flag_t;

class Counter {
public:
    Counter &operator++() { ++value_; return *this; }
    long value() const { return value_.load(); }
private:
    std::atomic<long> value_{0};
};

class Tally {  // an atomic and a plain count: not atomic as a whole
public:
    void add() { ++hits_; ++total_; }
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'total_' is updated in thread 'work' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
    long total() const { return total_; }
private:
    std::atomic<long> hits_{0};
    long total_ = 0;
};

struct Stats {
    Counter requests;
    Tally tally;
    counter_t served{0};
    flag_t stopping{false};
    long failed = 0;
};

Stats g_stats;

void work() {
    ++g_stats.requests;
    g_stats.tally.add();
    g_stats.served++;
    g_stats.stopping = true;
    g_stats.failed++;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'failed' is updated in thread 'work' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
}

int main() {
    std::thread t(work);
    long seen = g_stats.served + g_stats.failed + (g_stats.stopping ? 1 : 0) + g_stats.requests.value()
                + g_stats.tally.total();
    t.join();
    return static_cast<int>(seen);
}
