// RUN-ARGS: -std=c++20
// std::jthread joins when its scope ends: what follows the scope is ordered after the thread.
#include <thread>

// --- ok: read after the jthread's scope closed -------------------------------------------------------
static long rows_loaded;

long load_ok() {
    {
        std::jthread loader([] { rows_loaded = 1000; });
    }
    return rows_loaded;
}

// --- bad: read inside the scope, while the jthread may still run ------------------------------------------
static long rows_indexed;

long index_bad() {
    std::jthread indexer([] { rows_indexed = 1000; });  // expect: clangcheck-concurrency-data-race
    return rows_indexed;
}

// --- ok: stop token and join() before the read ----------------------------------------------------------------
static int polls;

int poll_ok() {
    std::jthread poller([](std::stop_token stop) {
        while (!stop.stop_requested())
            ++polls;
    });
    poller.request_stop();
    poller.join();
    return polls;
}
