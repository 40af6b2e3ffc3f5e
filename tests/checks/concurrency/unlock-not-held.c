// An unlock on a path that does not hold the mutex: a second unlock, the failure branch of a
// trylock, a private mutex never locked. Unlock wrappers (their callers lock) are not reported.
#include <pthread.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits, misses;

void count_twice_bad(void) {
    pthread_mutex_lock(&stats_lock);
    hits++;
    pthread_mutex_unlock(&stats_lock);
    misses++;
    pthread_mutex_unlock(&stats_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'stats_lock' is unlocked here on a path that does not hold it [clangcheck-concurrency-unlock-not-held]
}

void count_try_bad(void) {
    if (pthread_mutex_trylock(&stats_lock) != 0)
        misses++;
    else
        hits++;
    pthread_mutex_unlock(&stats_lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'stats_lock' is unlocked here on a path that does not hold it [clangcheck-concurrency-unlock-not-held]
}

void count_try_ok(void) {
    if (pthread_mutex_trylock(&stats_lock) == 0) {
        hits++;
        pthread_mutex_unlock(&stats_lock);
    }
}

void count_in_loop_ok(int n) {
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&stats_lock);
        hits++;
        pthread_mutex_unlock(&stats_lock);
    }
}

// Wrappers: stats_release unlocks what its caller locked.
void stats_acquire(void) { pthread_mutex_lock(&stats_lock); }
void stats_release(void) { pthread_mutex_unlock(&stats_lock); }

void count_wrapped_ok(void) {
    stats_acquire();
    hits++;
    stats_release();
}

void count_wrapped_bad(void) {
    stats_acquire();
    hits++;
    stats_release();
    stats_release();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'stats_lock' is unlocked here by 'stats_release' on a path that does not hold it [clangcheck-concurrency-unlock-not-held]
}

void private_bad(void) {
    pthread_mutex_t scratch = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_unlock(&scratch);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'scratch' is unlocked here on a path that does not hold it [clangcheck-concurrency-unlock-not-held]
}
