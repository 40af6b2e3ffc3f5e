// RUN-CHECKS: -*,clangcheck-concurrency-lock-not-released,clangcheck-concurrency-double-lock,clangcheck-concurrency-unlock-not-held
// A path that returns still holding a mutex: an early return, a break, a wrapper's lock never
// released. Wrappers meant to return locked, correlated conditions and exit() paths are not reported.
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[16];

int put_bad(int k, int v) {
    pthread_mutex_lock(&table_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'table_lock' is locked here and not released on every path out of 'put_bad' [clangcheck-concurrency-lock-not-released]
    if (k < 0 || k >= 16)
        return -1;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: 'put_bad' returns here still holding 'table_lock'
    table[k] = v;
    pthread_mutex_unlock(&table_lock);
    return 0;
}

int put_ok(int k, int v) {
    pthread_mutex_lock(&table_lock);
    if (k < 0 || k >= 16) {
        pthread_mutex_unlock(&table_lock);
        return -1;
    }
    table[k] = v;
    pthread_mutex_unlock(&table_lock);
    return 0;
}

int put_goto_ok(int k, int v) {
    int rc = -1;
    pthread_mutex_lock(&table_lock);
    if (k < 0 || k >= 16)
        goto out;
    table[k] = v;
    rc = 0;
out:
    pthread_mutex_unlock(&table_lock);
    return rc;
}

void bump_maybe_shared_ok(bool shared) {
    if (shared)
        pthread_mutex_lock(&table_lock);
    table[0]++;
    if (shared)
        pthread_mutex_unlock(&table_lock);
}

void fatal_ok(int code) {
    pthread_mutex_lock(&table_lock);
    if (code != 0)
        exit(code);
    pthread_mutex_unlock(&table_lock);
}

int scan_bad(int n) {
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&table_lock);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'table_lock' is locked here and not released on every path out of 'scan_bad' [clangcheck-concurrency-lock-not-released]
        if (table[i] < 0)
            break;
        pthread_mutex_unlock(&table_lock);
    }
    return 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'scan_bad' returns here still holding 'table_lock'
}

// Wrappers: every path of table_acquire returns locked; its callers release.
void table_acquire(void) { pthread_mutex_lock(&table_lock); }
void table_release(void) { pthread_mutex_unlock(&table_lock); }

int get_ok(int k) {
    table_acquire();
    int v = table[k];
    table_release();
    return v;
}

int get_bad(int k) {
    table_acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'table_lock' is locked here by 'table_acquire' and not released on every path out of 'get_bad' [clangcheck-concurrency-lock-not-released]
    if (k < 0)
        return -1;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: 'get_bad' returns here still holding 'table_lock'
    int v = table[k];
    table_release();
    return v;
}

bool table_try_ok(void) {
    if (pthread_mutex_trylock(&table_lock) == 0)
        return true;  // returns locked on success: the caller's contract
    return false;
}

void private_bad(void) {
    static pthread_mutex_t once = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&once);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'private_bad::once' is locked here and not released on every path out of 'private_bad' [clangcheck-concurrency-lock-not-released]
}

// A conditional lock wrapper and its unlock; a function that drops its caller's lock around a
// callback and takes it back.
struct conn {
    pthread_mutex_t mu;
    int shared;
    int n;
};

void conn_lock_ok(struct conn *c) {
    if (c && c->shared)
        pthread_mutex_lock(&c->mu);
}

void conn_unlock_ok(struct conn *c) {
    if (c && c->shared)
        pthread_mutex_unlock(&c->mu);
}

void conn_bump_ok(struct conn *c) {
    conn_lock_ok(c);
    c->n++;
    conn_unlock_ok(c);
}

void conn_call_out_ok(struct conn *c, void (*cb)(void)) {
    pthread_mutex_unlock(&c->mu);
    cb();
    pthread_mutex_lock(&c->mu);
}

void conn_locked_work_ok(struct conn *c, void (*cb)(void)) {
    pthread_mutex_lock(&c->mu);
    conn_call_out_ok(c, cb);
    pthread_mutex_unlock(&c->mu);
}
