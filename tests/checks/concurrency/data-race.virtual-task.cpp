// A thread runs a virtual method: every override in the project is reached through the call.
#include <mutex>
#include <thread>

struct Task {
    virtual ~Task() = default;
    virtual void execute() = 0;
};

void run_in_thread(Task *task, std::thread &out) { out = std::thread([task] { task->execute(); }); }

// --- bad: an override writes a member the main thread reads -------------------------------------------------------
struct Download : Task {
    long received = 0;
    void execute() override { received = 4096; }  // expect: clangcheck-concurrency-data-race
};

long download_bad(Download &d) {
    std::thread t;
    run_in_thread(&d, t);
    long r = d.received;
    t.join();
    return r;
}

// --- ok: the override guards its member, and so does the reader ------------------------------------------------------
struct Upload : Task {
    std::mutex m;
    long sent = 0;
    void execute() override {
        std::lock_guard<std::mutex> lock(m);
        sent = 4096;
    }
    long progress() {
        std::lock_guard<std::mutex> lock(m);
        return sent;
    }
};

long upload_ok(Upload &u) {
    std::thread t;
    run_in_thread(&u, t);
    long s = u.progress();
    t.join();
    return s;
}
