// The project's own mutex class and guard (leveldb's port::Mutex / MutexLock shape): recognised by
// what their bodies do, not by name.
#include <mutex>
#include <thread>

namespace port {
class Mutex {
public:
    void Lock() { mu_.lock(); }
    void Unlock() { mu_.unlock(); }
private:
    std::mutex mu_;
};
}  // namespace port

class MutexLock {
public:
    explicit MutexLock(port::Mutex *mu) : mu_(mu) { mu_->Lock(); }
    ~MutexLock() { mu_->Unlock(); }
private:
    port::Mutex *mu_;
};

class Queue {
public:
    void push_ok(int v) {
        mutex_.Lock();
        items_ = items_ + v;
        mutex_.Unlock();
    }
    int pop_ok() {
        MutexLock l(&mutex_);
        return items_;
    }
    void drain_bad() { dropped_ = dropped_ + 1; }
    int dropped_count_bad() { return dropped_; }
    // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: 'dropped_' is written in thread 'Queue::drain_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
private:
    port::Mutex mutex_;
    int items_ = 0;
    int dropped_ = 0;
};

int main() {
    Queue q;
    std::thread producer([&q] { q.push_ok(1); });
    std::thread cleaner(&Queue::drain_bad, &q);
    int seen = q.pop_ok() + q.dropped_count_bad();
    producer.join();
    cleaner.join();
    return seen;
}
