// thread_local variables have one instance per thread: never shared.
#include <thread>

// --- ok: a per-thread error slot -----------------------------------------------------------------------
thread_local int last_error = 0;

void fail(int code) { last_error = code; }

int errors_ok() {
    std::thread t([] { fail(2); });
    fail(1);
    int mine = last_error;
    t.join();
    return mine;
}

// --- bad: the same slot as a plain static ------------------------------------------------------------------
static int shared_error = 0;

void fail_shared(int code) { shared_error = code; }  // expect: clangcheck-concurrency-data-race

int errors_bad() {
    std::thread t([] { fail_shared(2); });
    fail_shared(1);
    int mine = shared_error;
    t.join();
    return mine;
}
