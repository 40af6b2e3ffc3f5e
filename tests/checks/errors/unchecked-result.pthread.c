// RUN-CHECKS: -*,clangcheck-errors-*
// pthread calls report failure through their return value, not errno.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_count;

void *worker(void *arg);

void bump_bad(void) {
    pthread_mutex_lock(&g_lock);  // a mutex that cannot lock is a programming error: Strict: true only
    ++g_count;
    pthread_mutex_unlock(&g_lock);
}

int bump_ok(void) {
    int rc = pthread_mutex_lock(&g_lock);
    if (rc != 0)
        return rc;
    ++g_count;
    pthread_mutex_unlock(&g_lock);
    return 0;
}

int start_bad(pthread_t *t) {
    pthread_create(t, NULL, worker, NULL);  // expect: clangcheck-errors-unchecked-result
    return 0;
}

int start_ok(pthread_t *t) {
    int rc = pthread_create(t, NULL, worker, NULL);
    if (rc != 0) {
        fprintf(stderr, "pthread_create: %d\n", rc);
        return -1;
    }
    return pthread_join(*t, NULL);
}

int try_bump_ok(void) {
    if (pthread_mutex_trylock(&g_lock) != 0)
        return 0;  // busy: skip this round
    ++g_count;
    pthread_mutex_unlock(&g_lock);
    return 1;
}
