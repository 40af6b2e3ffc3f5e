/* Producer and consumer with a pthread condition variable: the queue and the flag live under the mutex. */
#include <pthread.h>
#include <stddef.h>

/* --- ok: every access to the queue and the done flag holds the mutex ----------------------- */
static int queue_len;
static int producer_done;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg) {
    (void)arg;
    for (int i = 0; i < 8; i++) {
        pthread_mutex_lock(&queue_lock);
        queue_len++;
        pthread_cond_signal(&queue_ready);
        pthread_mutex_unlock(&queue_lock);
    }
    pthread_mutex_lock(&queue_lock);
    producer_done = 1;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
    return NULL;
}

int consume_ok(void) {
    pthread_t producer;
    int taken = 0;
    pthread_create(&producer, NULL, produce, NULL);
    pthread_mutex_lock(&queue_lock);
    while (!producer_done || queue_len > 0) {
        while (queue_len == 0 && !producer_done)
            pthread_cond_wait(&queue_ready, &queue_lock);
        if (queue_len > 0) {
            queue_len--;
            taken++;
        }
    }
    pthread_mutex_unlock(&queue_lock);
    pthread_join(producer, NULL);
    return taken;
}

/* --- bad: the flag is set outside the mutex before the signal ------------------------------ */
static int shutdown_requested;
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;

static void *waiter(void *arg) {
    (void)arg;
    pthread_mutex_lock(&stop_lock);
    while (!shutdown_requested)
        pthread_cond_wait(&stop_cond, &stop_lock);
    pthread_mutex_unlock(&stop_lock);
    return NULL;
}

void request_stop_bad(void) {
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    shutdown_requested = 1; // expect: clangcheck-concurrency-data-race
    pthread_cond_broadcast(&stop_cond);
    pthread_join(t, NULL);
}
