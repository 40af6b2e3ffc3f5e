// Lock sets: RAII guards end with their scope or unlock(); explicit lock()/unlock(); locks a
// caller holds carry into the functions it calls.
#include <mutex>
#include <shared_mutex>
#include <thread>

// --- ok: the helper takes no lock itself, but every caller holds the mutex ------------------
std::mutex queue_mutex;
int queue_length;
void bump_queue() { ++queue_length; }
void producer_ok() {
    std::lock_guard<std::mutex> guard(queue_mutex);
    bump_queue();
}
void consumer_ok() {
    std::unique_lock<std::mutex> guard(queue_mutex);
    bump_queue();
}
void run_queue_ok() {
    std::thread a(producer_ok);
    std::thread b(consumer_ok);
    a.join();
    b.join();
}

// --- bad: one caller forgets the lock -------------------------------------------------------
std::mutex jobs_mutex;
int jobs_done;
void finish_job() { jobs_done = jobs_done + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'jobs_done' is written in thread 'careless_bad' and written in thread 'careful_bad' without a common lock [clangcheck-concurrency-data-race]
void careful_bad() {
    std::lock_guard<std::mutex> guard(jobs_mutex);
    finish_job();
}
void careless_bad() { finish_job(); }
void run_jobs_bad() {
    std::thread a(careful_bad);
    std::thread b(careless_bad);
    a.join();
    b.join();
}

// --- ok: explicit lock() / unlock() around the access -------------------------------------------
std::mutex level_mutex;
int level;
void raise_level_ok() {
    level_mutex.lock();
    level += 2;
    level_mutex.unlock();
}
int read_level_ok() {
    std::thread t(raise_level_ok);
    level_mutex.lock();
    int seen = level;
    level_mutex.unlock();
    t.join();
    return seen;
}

// --- bad: the guard was unlocked before the write -----------------------------------------------
std::mutex stage_mutex;
int stage;
void advance_stage_bad() {
    std::unique_lock<std::mutex> guard(stage_mutex);
    int next = stage + 1;
    guard.unlock();
    stage = next;  // expect: clangcheck-concurrency-data-race
}
int read_stage_bad() {
    std::thread t(advance_stage_bad);
    std::lock_guard<std::mutex> guard(stage_mutex);
    int seen = stage;
    t.join();
    return seen;
}

// --- bad: the guard's block ended before the write ------------------------------------------------
std::mutex score_mutex;
int score;
void add_score_bad(int points) {
    {
        std::lock_guard<std::mutex> guard(score_mutex);
        score += points;
    }
    score = score * 2;  // expect: clangcheck-concurrency-data-race
}
void run_score_bad() {
    std::thread a(add_score_bad, 1);
    std::thread b(add_score_bad, 2);
    a.join();
    b.join();
}

// --- ok: scoped_lock over two mutexes, shared_lock for readers, a lock on only one path is no lock
std::mutex left_mutex, right_mutex;
std::shared_mutex table_mutex;
int left_right_total;
int table_size;
void move_ok() {
    std::scoped_lock both(left_mutex, right_mutex);
    left_right_total -= 1;
    std::unique_lock<std::shared_mutex> writer(table_mutex);
    ++table_size;
}
int peek_ok() {
    std::lock_guard<std::mutex> guard(right_mutex);
    std::shared_lock<std::shared_mutex> reader(table_mutex);
    return left_right_total + table_size;
}
void run_move_ok() {
    std::thread a(move_ok);
    std::thread b(peek_ok);
    a.join();
    b.join();
}

// --- bad: the mutex is held on one branch only (must-hold: intersection where paths join) -----------
std::mutex maybe_mutex;
int maybe_count;
void maybe_locked_bad(bool careful) {
    if (careful)
        maybe_mutex.lock();
    ++maybe_count;  // expect: clangcheck-concurrency-data-race
    if (careful)
        maybe_mutex.unlock();
}
void run_maybe_bad() {
    std::thread a(maybe_locked_bad, true);
    std::thread b(maybe_locked_bad, false);
    a.join();
    b.join();
}

// --- ok: deferred unique_lock, locked before the access -----------------------------------------------
std::mutex late_mutex;
int late_value;
void late_ok() {
    std::unique_lock<std::mutex> guard(late_mutex, std::defer_lock);
    guard.lock();
    late_value++;
}
void run_late_ok() {
    std::thread a(late_ok);
    std::thread b(late_ok);
    a.join();
    b.join();
}
