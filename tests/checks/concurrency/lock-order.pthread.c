/* Two pthread mutexes taken in opposite orders by two threads can deadlock. */
#include <pthread.h>
#include <stddef.h>

/* --- bad: accounts then ledger in one thread, ledger then accounts in the other --------------- */
static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ledger = PTHREAD_MUTEX_INITIALIZER;

static void *transfer(void *arg) {
    (void)arg;
    pthread_mutex_lock(&accounts);
    pthread_mutex_lock(&ledger); // expect: clangcheck-concurrency-lock-order
    pthread_mutex_unlock(&ledger);
    pthread_mutex_unlock(&accounts);
    return NULL;
}

void audit_bad(void) {
    pthread_t t;
    pthread_create(&t, NULL, transfer, NULL);
    pthread_mutex_lock(&ledger);
    pthread_mutex_lock(&accounts);
    pthread_mutex_unlock(&accounts);
    pthread_mutex_unlock(&ledger);
    pthread_join(t, NULL);
}

/* --- ok: both threads take inbox before outbox ----------------------------------------------- */
static pthread_mutex_t inbox = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t outbox = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *arg) {
    (void)arg;
    pthread_mutex_lock(&inbox);
    pthread_mutex_lock(&outbox);
    pthread_mutex_unlock(&outbox);
    pthread_mutex_unlock(&inbox);
    return NULL;
}

void drain_ok(void) {
    pthread_t t;
    pthread_create(&t, NULL, forward, NULL);
    pthread_mutex_lock(&inbox);
    pthread_mutex_lock(&outbox);
    pthread_mutex_unlock(&outbox);
    pthread_mutex_unlock(&inbox);
    pthread_join(t, NULL);
}
