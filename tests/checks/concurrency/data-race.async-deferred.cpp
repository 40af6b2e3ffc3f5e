// std::async: launch::deferred runs the callable in the caller at get() (no thread); launch::async
// (or the default policy) may run it on another thread until get()/wait().
#include <future>

// --- ok: deferred: the task runs in this thread, at get() -------------------------------------------
static int lazy_total;

int deferred_ok() {
    auto f = std::async(std::launch::deferred, [] { lazy_total += 10; });
    lazy_total = 1;
    f.get();
    return lazy_total;
}

// --- bad: launch::async: the caller writes while the task runs ----------------------------------------
static int eager_total;

int async_bad() {
    auto f = std::async(std::launch::async, [] { eager_total += 10; });  // expect: clangcheck-concurrency-data-race
    eager_total = 1;
    f.get();
    return eager_total;
}

// --- ok: launch::async, but the result is only read after get() --------------------------------------------
static int checksum;

int checksum_ok() {
    auto f = std::async(std::launch::async, [] { checksum = 0x5a; });
    f.wait();
    return checksum;
}
