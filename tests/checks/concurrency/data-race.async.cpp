// RUN-ARGS: -std=c++20
// std::async and std::jthread: futures and scopes order a thread's work with its starter.
#include <future>
#include <thread>
#include <vector>

// --- ok: the result is read after get() ---------------------------------------------------------
int parsed_ok;
void parse_ok() { parsed_ok = 42; }
int wait_for_parse_ok() {
    auto done = std::async(std::launch::async, parse_ok);
    done.get();
    return parsed_ok;
}

// --- bad: read before get() ----------------------------------------------------------------------
int parsed_bad;
void parse_bad() { parsed_bad = 42; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'parsed_bad' is written in thread 'parse_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
int peek_parse_bad() {
    auto done = std::async(std::launch::async, parse_bad);
    int early = parsed_bad;
    done.wait();
    return early;
}

// --- ok: launch::deferred runs in the caller at get(): no thread --------------------------------
int lazy_value;
void compute_lazy_ok() { lazy_value = 7; }
int deferred_ok() {
    auto later = std::async(std::launch::deferred, compute_lazy_ok);
    lazy_value = 1;
    later.get();
    return lazy_value;
}

// --- ok: a std::jthread joins when its scope ends ------------------------------------------------
int scoped_total;
void add_scoped_ok() { scoped_total += 5; }
int jthread_ok() {
    {
        std::jthread worker(add_scoped_ok);
    }
    return scoped_total;
}

// --- bad: the same jthread, read inside its scope ---------------------------------------------------
int scoped_bad_total;
void add_scoped_bad() { scoped_bad_total += 5; }
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'scoped_bad_total' is updated in thread 'add_scoped_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
int jthread_bad() {
    std::jthread worker(add_scoped_bad);
    return scoped_bad_total;
}

// --- bad: a lambda handed to std::async writes what the caller also writes ---------------------------
int shared_async_bad() {
    int status = 0;
    auto f = std::async(std::launch::async, [&status] { status = 1; });  // expect: clangcheck-concurrency-data-race
    status = 2;
    f.get();
    return status;
}
