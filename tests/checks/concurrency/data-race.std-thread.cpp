// std::thread: what the main thread and a started thread share, and what orders them.
#include <atomic>
#include <mutex>
#include <thread>

// --- bad: a global incremented by a thread while the main thread reads it ---------------
int hits_bad;
void count_hits_bad() { ++hits_bad; }
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'hits_bad' is updated in thread 'count_hits_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
// CHECK-MESSAGES: :[[@LINE-2]]:27: note: updated here in thread 'count_hits_bad', holding no lock
int report_hits_bad() {
    std::thread t(count_hits_bad);
// CHECK-MESSAGES: :[[@LINE-1]]:17: note: thread 'count_hits_bad' is started here
    int seen = hits_bad;
// CHECK-MESSAGES: :[[@LINE-1]]:16: note: read here in the main thread, holding no lock
    t.join();
    return seen;
}

// --- ok: the same, with a lock_guard on both sides -----------------------------------------
int hits_ok;
std::mutex hits_mutex;
void count_hits_ok() {
    std::lock_guard<std::mutex> lock(hits_mutex);
    ++hits_ok;
}
int report_hits_ok() {
    std::thread t(count_hits_ok);
    int seen;
    {
        std::lock_guard<std::mutex> lock(hits_mutex);
        seen = hits_ok;
    }
    t.join();
    return seen;
}

// --- ok: std::atomic and thread_local need no lock ------------------------------------------
std::atomic<int> ticks_atomic;
thread_local int ticks_local;
void tick_ok() { ++ticks_atomic; ++ticks_local; }
int report_ticks_ok() {
    std::thread t(tick_ok);
    int seen = ticks_atomic.load() + ticks_local;
    ticks_local = 0;
    t.join();
    return seen;
}

// --- ok: written before the thread starts, read after it is joined ---------------------------
int config_before;
int result_after;
void use_config_ok() { result_after = config_before * 2; }
int ordered_ok() {
    config_before = 21;
    std::thread t(use_config_ok);
    t.join();
    return result_after;
}

// --- bad: written between start and join -------------------------------------------------------
int limit_bad;
void read_limit_bad() { if (limit_bad > 3) limit_bad = 3; }
// CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'limit_bad' is written in thread 'read_limit_bad' and written in the main thread without a common lock [clangcheck-concurrency-data-race]
void set_limit_bad() {
    std::thread t(read_limit_bad);
    limit_bad = 10;
    t.join();
}

// --- bad: a local captured by reference, written by the lambda while the caller reads it ----
int captured_bad() {
    int progress = 0;
    std::thread t([&progress] { progress = 100; });  // expect: clangcheck-concurrency-data-race
    int early = progress;
    t.join();
    return early;
}

// --- ok: the same local, read only after join; a by-value capture shares nothing --------------
int captured_ok() {
    int progress = 0;
    int seed = 5;
    std::thread t([&progress, seed] { progress = seed * 2; });
    t.join();
    seed = progress;
    return seed;
}

// --- ok: read-only data shared by two threads --------------------------------------------------
const char *const kGreeting = "hello";
int table_read_only[4] = {1, 2, 3, 4};
int sum_table_ok() { return table_read_only[0] + table_read_only[3] + kGreeting[0]; }
void two_readers_ok() {
    std::thread a(sum_table_ok);
    std::thread b(sum_table_ok);
    a.join();
    b.join();
}

// --- ok: the thread and the main thread each use their own local object ----------------------
struct Tally { int n = 0; void add() { ++n; } };
void tally_worker_ok() { Tally mine; mine.add(); mine.n += 2; }
void tally_main_ok() {
    std::thread t(tally_worker_ok);
    Tally ours;
    ours.add();
    t.join();
}
