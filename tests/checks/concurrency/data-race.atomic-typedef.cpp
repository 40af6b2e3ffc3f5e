// std::atomic behind an alias is atomic too.
#include <atomic>
#include <thread>

using counter_t = std::atomic<long>;
typedef std::atomic<bool> flag_t;

struct Stats {
    counter_t served{0};
    flag_t stopping{false};
    long failed = 0;
};

Stats g_stats;

void work() {
    g_stats.served++;
    g_stats.stopping = true;
    g_stats.failed++;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'failed' is updated in thread 'work' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
}

int main() {
    std::thread t(work);
    long seen = g_stats.served + g_stats.failed + (g_stats.stopping ? 1 : 0);
    t.join();
    return static_cast<int>(seen);
}
