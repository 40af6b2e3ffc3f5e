// A non-recursive mutex locked again by the thread that holds it: it waits for itself forever.
// Recursive mutexes, two different objects of one type and a lock after its unlock are fine.
#include <mutex>
#include <pthread.h>

struct Account {
    std::mutex mu;
    long balance = 0;
};

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static std::recursive_mutex tree_lock;

void log_line_bad(const char *) {
    pthread_mutex_lock(&log_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'log_lock' is first locked here
    pthread_mutex_lock(&log_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'log_lock' is locked here while it is already held; a non-recursive mutex deadlocks [clangcheck-concurrency-double-lock]
    pthread_mutex_unlock(&log_lock);
}

void log_twice_ok(const char *) {
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
}

void transfer_ok(Account &from, Account &to, long amount) {
    from.mu.lock();
    to.mu.lock();
    from.balance -= amount;
    to.balance += amount;
    to.mu.unlock();
    from.mu.unlock();
}

void deposit_bad(Account &a, long amount) {
    a.mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'a.mu' is first locked here
    a.balance += amount;
    a.mu.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'a.mu' is locked here while it is already held; a non-recursive mutex deadlocks [clangcheck-concurrency-double-lock]
    a.mu.unlock();
}

void walk_ok() {
    tree_lock.lock();
    tree_lock.lock();
    tree_lock.unlock();
    tree_lock.unlock();
}

void log_acquire() { pthread_mutex_lock(&log_lock); }
void log_release() { pthread_mutex_unlock(&log_lock); }

void log_wrapped_bad() {
    log_acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'log_lock' is first locked here
    log_acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'log_lock' is locked here by 'log_acquire' while it is already held; a non-recursive mutex deadlocks [clangcheck-concurrency-double-lock]
    log_release();
}

void log_maybe_ok(bool again) {
    if (again)
        pthread_mutex_lock(&log_lock);
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
}
