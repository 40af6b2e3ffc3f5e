/* A routing table behind a pthread read-write lock: readers share it, the updater writes it. */
// RUN-ARGS: -D_POSIX_C_SOURCE=200809L
#include <pthread.h>
#include <stddef.h>

/* --- ok: lookups under the read lock, updates under the write lock --------------------------- */
static int routes[16];
static pthread_rwlock_t routes_lock = PTHREAD_RWLOCK_INITIALIZER;

static void *update_routes(void *arg) {
    (void)arg;
    pthread_rwlock_wrlock(&routes_lock);
    routes[3] = 7;
    pthread_rwlock_unlock(&routes_lock);
    return NULL;
}

int lookup_ok(int i) {
    pthread_t updater;
    pthread_create(&updater, NULL, update_routes, NULL);
    pthread_rwlock_rdlock(&routes_lock);
    int hop = routes[i];
    pthread_rwlock_unlock(&routes_lock);
    pthread_join(updater, NULL);
    return hop;
}

/* --- bad: the updater forgets the write lock ------------------------------------------------ */
static int metrics[16];
static pthread_rwlock_t metrics_lock = PTHREAD_RWLOCK_INITIALIZER;

static void *reset_metrics(void *arg) {
    (void)arg;
    metrics[0] = 0; // expect: clangcheck-concurrency-data-race
    return NULL;
}

int sample_bad(void) {
    pthread_t resetter;
    pthread_create(&resetter, NULL, reset_metrics, NULL);
    pthread_rwlock_rdlock(&metrics_lock);
    int v = metrics[0];
    pthread_rwlock_unlock(&metrics_lock);
    pthread_join(resetter, NULL);
    return v;
}
