// Threads started more than once race with themselves; joins in a loop order what follows.
#include <mutex>
#include <thread>
#include <vector>

// --- bad: every worker started in the loop writes the same global ----------------------------
long processed_bad;
void process_bad(int n) { processed_bad += n; }
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'processed_bad' is updated by two instances of thread 'process_bad' at once without a common lock [clangcheck-concurrency-data-race]
// CHECK-MESSAGES: :[[@LINE+4]]:9: note: thread 'process_bad' is started here (more than once)
void pool_bad() {
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; ++i)
        workers.emplace_back(process_bad, i);
    for (auto &w : workers)
        w.join();
}

// --- ok: the same pool with a mutex, and the total read after every join ------------------------
long processed_ok;
std::mutex processed_mutex;
void process_ok(int n) {
    std::lock_guard<std::mutex> guard(processed_mutex);
    processed_ok += n;
}
long pool_ok() {
    std::vector<std::thread> workers;
    for (int i = 0; i < 4; ++i)
        workers.emplace_back(process_ok, i);
    for (auto &w : workers)
        w.join();
    return processed_ok;
}

// --- ok: started and joined in the same iteration: one at a time ---------------------------------
int one_at_a_time;
void step_ok() { ++one_at_a_time; }
void sequential_ok() {
    for (int i = 0; i < 3; ++i) {
        std::thread t(step_ok);
        t.join();
    }
}

// --- ok: the first thread is joined before the second starts -------------------------------------
int phase_value;
void phase_one_ok() { phase_value = 1; }
void phase_two_ok() { phase_value = 2; }
void phases_ok() {
    std::thread one(phase_one_ok);
    one.join();
    std::thread two(phase_two_ok);
    two.join();
}

// --- bad: a lambda started in a loop increments a captured counter ---------------------------------
int lambda_loop_bad() {
    int hits = 0;
    std::vector<std::thread> ts;
    for (int i = 0; i < 2; ++i)
        ts.emplace_back([&hits] { ++hits; });  // expect: clangcheck-concurrency-data-race
    for (auto &t : ts)
        t.join();
    return hits;
}
