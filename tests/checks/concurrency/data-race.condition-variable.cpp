// Producer and consumer over std::condition_variable: the queue and the flag live under one mutex.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// --- ok: every access to the queue and to `done` holds the mutex ----------------------------------------------
struct Channel {
    std::mutex m;
    std::condition_variable cv;
    std::deque<int> items;
    bool done = false;

    void produce() {
        for (int i = 0; i < 8; ++i) {
            std::lock_guard<std::mutex> lock(m);
            items.push_back(i);
            cv.notify_one();
        }
        std::lock_guard<std::mutex> lock(m);
        done = true;
        cv.notify_all();
    }

    int consume() {
        int sum = 0;
        std::unique_lock<std::mutex> lock(m);
        while (true) {
            cv.wait(lock, [this] { return !items.empty() || done; });
            if (items.empty())
                return sum;
            sum += items.front();
            items.pop_front();
        }
    }
};

int channel_ok(Channel &c) {
    std::thread producer(&Channel::produce, &c);
    int sum = c.consume();
    producer.join();
    return sum;
}

// --- bad: the producer sets `finished` without the lock --------------------------------------------------------------
struct Pipe {
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;

    void close() {
        finished = true;  // expect: clangcheck-concurrency-data-race
        cv.notify_all();
    }

    void wait_closed() {
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [this] { return finished; });
    }
};

void pipe_bad(Pipe &p) {
    std::thread closer(&Pipe::close, &p);
    p.wait_closed();
    closer.join();
}
