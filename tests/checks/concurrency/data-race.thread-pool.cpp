// A pool of std::thread in a std::vector: every worker runs the same code, so it races with itself.
#include <mutex>
#include <thread>
#include <vector>

// --- bad: workers bump one counter without a lock --------------------------------------------------------
struct Crawler {
    int pages = 0;
    void crawl() { ++pages; }  // expect: clangcheck-concurrency-data-race
};

int crawl_bad(Crawler &c) {
    std::vector<std::thread> pool;
    for (int i = 0; i < 4; ++i)
        pool.emplace_back(&Crawler::crawl, &c);
    for (auto &t : pool)
        t.join();
    return c.pages;
}

// --- ok: the same with a mutex, the total read after every join -----------------------------------------
struct SafeCrawler {
    std::mutex m;
    int pages = 0;
    void crawl() {
        std::lock_guard<std::mutex> lock(m);
        ++pages;
    }
};

int crawl_ok(SafeCrawler &c) {
    std::vector<std::thread> pool;
    for (int i = 0; i < 4; ++i)
        pool.emplace_back(&SafeCrawler::crawl, &c);
    for (auto &t : pool)
        t.join();
    return c.pages;
}

// --- bad: the main thread reads the total before the pool is joined ----------------------------------------
static std::mutex hits_lock;
static long hits;

long peek_bad() {
    std::vector<std::thread> pool;
    for (int i = 0; i < 4; ++i)
        pool.emplace_back([] {
            std::lock_guard<std::mutex> lock(hits_lock);
            ++hits;  // expect: clangcheck-concurrency-data-race
        });
    long seen = hits;
    for (auto &t : pool)
        t.join();
    return seen;
}
