// A thread joined inside a callee (`stop()` joins the member thread) orders what the caller does
// after that call: the join is summarized per function and carried into callers at link time.
#include <atomic>
#include <thread>

class Service {
public:
    void start() { worker_ = std::thread(&Service::loop, this); }
    void stop() {
        running_ = false;
        if (worker_.joinable())
            worker_.join();
    }
    int results_ = 0;

private:
    void loop() {
        while (running_)
            results_++;
    }
    std::atomic<bool> running_{true};
    std::thread worker_;
};

// --- ok: results read after stop() joined the worker --------------------------------------------------
int collect_ok(Service &s) {
    s.start();
    s.stop();
    return s.results_;
}

// --- ok: joined two calls down ------------------------------------------------------------------------------
void shutdown(Service &s) { s.stop(); }

int collect_nested_ok(Service &s) {
    s.start();
    shutdown(s);
    return s.results_;
}

// --- bad: results read before stop() --------------------------------------------------------------------------
class Pipeline {
public:
    void start() { worker_ = std::thread(&Pipeline::loop, this); }
    void stop() {
        running_ = false;
        worker_.join();
    }
    int results_ = 0;

private:
    void loop() {
        while (running_)
            results_++;  // expect: clangcheck-concurrency-data-race
    }
    std::atomic<bool> running_{true};
    std::thread worker_;
};

int collect_bad(Pipeline &p) {
    p.start();
    int early = p.results_;
    p.stop();
    return early;
}

// --- ok: started and stopped inside one method, the join in a helper ---------------------------------------
class Batch {
public:
    int run() {
        worker_ = std::thread([this] { total_ = 42; });
        finish();
        return total_;
    }

private:
    void finish() { worker_.join(); }
    std::thread worker_;
    int total_ = 0;
};

int batch_ok(Batch &b) { return b.run(); }
