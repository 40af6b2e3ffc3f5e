// A lock held by the caller carries into the callee: a helper that expects its caller to lock.
#include <mutex>
#include <thread>
#include <vector>

// --- ok: append_locked() is only called with the mutex held ----------------------------------------------------
struct Journal {
    std::mutex m;
    std::vector<int> entries;
    void append_locked(int e) { entries.push_back(e); }
    void append(int e) {
        std::lock_guard<std::mutex> lock(m);
        append_locked(e);
    }
    std::size_t size() {
        std::lock_guard<std::mutex> lock(m);
        return entries.size();
    }
};

std::size_t journal_ok(Journal &j) {
    std::thread t(&Journal::append, &j, 1);
    std::size_t n = j.size();
    t.join();
    return n;
}

// --- bad: one caller forgets the lock ----------------------------------------------------------------------------
struct Ledger {
    std::mutex m;
    std::vector<int> entries;
    void append_locked(int e) { entries.push_back(e); }  // expect: clangcheck-concurrency-data-race
    void append(int e) {
        std::lock_guard<std::mutex> lock(m);
        append_locked(e);
    }
    void append_fast(int e) { append_locked(e); }
};

void ledger_bad(Ledger &l) {
    std::thread t(&Ledger::append, &l, 1);
    l.append_fast(2);
    t.join();
}
