// Double-checked locking: the unlocked first check races with the locked write unless the flag is atomic.
#include <atomic>
#include <mutex>
#include <thread>

// --- bad: a plain bool flag read outside the lock -------------------------------------------------------------
struct Cache {
    std::mutex m;
    bool loaded = false;
    int value = 0;
    int get() {
        if (!loaded) {
            std::lock_guard<std::mutex> lock(m);
            if (!loaded) {
                value = 42;
                loaded = true;  // expect: clangcheck-concurrency-data-race
            }
        }
        return 0;
    }
};

int cache_bad(Cache &c) {
    std::thread t(&Cache::get, &c);
    int v = c.get();
    t.join();
    return v;
}

// --- ok: the flag is a std::atomic<bool>, the value only touched under the lock ----------------------------------
struct AtomicCache {
    std::mutex m;
    std::atomic<bool> loaded{false};
    int value = 0;
    int get() {
        if (!loaded.load(std::memory_order_acquire)) {
            std::lock_guard<std::mutex> lock(m);
            if (!loaded.load(std::memory_order_relaxed)) {
                value = 42;
                loaded.store(true, std::memory_order_release);
            }
        }
        std::lock_guard<std::mutex> lock(m);
        return value;
    }
};

int cache_ok(AtomicCache &c) {
    std::thread t(&AtomicCache::get, &c);
    int v = c.get();
    t.join();
    return v;
}
