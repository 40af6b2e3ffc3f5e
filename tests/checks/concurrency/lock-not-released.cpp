// C++: an explicit lock() left held by an early return or an exception path is reported; RAII
// guards and a class's own Lock() wrapper (its callers unlock) are not.
#include <mutex>
#include <stdexcept>

class Cache {
public:
    int lookup_bad(int key) {
        mu_.lock();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'mu_' is locked here and not released on every path out of 'Cache::lookup_bad' [clangcheck-concurrency-lock-not-released]
        if (key < 0)
            return -1;
            // CHECK-MESSAGES: :[[@LINE-1]]:13: note: 'Cache::lookup_bad' returns here still holding 'mu_'
        int v = slots_[key % 8];
        mu_.unlock();
        return v;
    }
    int lookup_ok(int key) {
        std::unique_lock<std::mutex> guard(mu_);
        if (key < 0)
            return -1;
        return slots_[key % 8];
    }
    void Lock() { mu_.lock(); }
    void Unlock() { mu_.unlock(); }
    void store_ok(int key, int v) {
        Lock();
        slots_[key % 8] = v;
        Unlock();
    }
    void store_bad(int key, int v) {
        Lock();
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'mu_' is locked here by 'Cache::Lock' and not released on every path out of 'Cache::store_bad' [clangcheck-concurrency-lock-not-released]
        if (v == 0)
            return;
            // CHECK-MESSAGES: :[[@LINE-1]]:13: note: 'Cache::store_bad' returns here still holding 'mu_'
        slots_[key % 8] = v;
        Unlock();
    }
private:
    std::mutex mu_;
    int slots_[8] = {};
};
