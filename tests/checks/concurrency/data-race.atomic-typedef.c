// An atomic behind a typedef (`typedef atomic_long hatomic_t;`) is still atomic: the type says so
// whatever its alias. A plain long beside it is not.
#include <pthread.h>
#include <stdatomic.h>

typedef atomic_long hatomic_t;

struct stats {
    hatomic_t served;
    long failed;
};

static struct stats g_stats;

static long next_id(void) {
    static hatomic_t s_id = 0;
    return ++s_id;
}

static long plain_id(void) {
    static long p_id = 0;
    return ++p_id;
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'plain_id::p_id' is updated by two instances of thread 'worker' at once without a common lock [clangcheck-concurrency-data-race]
}

static void *worker(void *arg) {
    (void)arg;
    next_id();
    plain_id();
    g_stats.served++;
    g_stats.failed++;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'failed' is updated by two instances of thread 'worker' at once without a common lock [clangcheck-concurrency-data-race]
    return 0;
}

int main(void) {
    pthread_t a, b;
    pthread_create(&a, 0, worker, 0);
    pthread_create(&b, 0, worker, 0);
    pthread_join(a, 0);
    pthread_join(b, 0);
    return 0;
}
