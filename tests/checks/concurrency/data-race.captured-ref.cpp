// Locals captured by reference into a thread's lambda are shared with it; captured by value, they are copies.
#include <string>
#include <thread>

// --- bad: the lambda appends to a local string the caller keeps reading ----------------------------------------
std::size_t log_bad() {
    std::string log;
    std::thread t([&log] { log += "worker started\n"; });  // expect: clangcheck-concurrency-data-race
    std::size_t n = log.size();
    t.join();
    return n;
}

// --- ok: captured by value, the thread has its own copy -------------------------------------------------------
std::size_t copy_ok() {
    std::string prefix = "job-";
    std::thread t([prefix]() mutable { prefix += "1"; });
    prefix += "0";
    t.join();
    return prefix.size();
}

// --- ok: by reference, but the caller touches it only after join() ---------------------------------------------------
int sum_ok() {
    int sum = 0;
    std::thread t([&sum] {
        for (int i = 0; i < 10; ++i)
            sum += i;
    });
    t.join();
    return sum;
}
