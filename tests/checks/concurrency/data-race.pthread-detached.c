/* Detached threads are never joined: nothing the starter does after pthread_create is ordered with them. */
#include <pthread.h>
#include <stddef.h>

/* --- bad: a detached logger bumps a counter the starter reads later --------------------------- */
static unsigned long lines_logged;

static void *logger(void *arg) {
    (void)arg;
    lines_logged++; // expect: clangcheck-concurrency-data-race
    return NULL;
}

unsigned long spawn_logger_bad(void) {
    pthread_t t;
    pthread_create(&t, NULL, logger, NULL);
    pthread_detach(t);
    return lines_logged;
}

/* --- ok: the detached thread and the starter share the counter only under a mutex ------------ */
static unsigned long frames_sent;
static pthread_mutex_t frames_lock = PTHREAD_MUTEX_INITIALIZER;

static void *sender(void *arg) {
    (void)arg;
    pthread_mutex_lock(&frames_lock);
    frames_sent++;
    pthread_mutex_unlock(&frames_lock);
    return NULL;
}

unsigned long spawn_sender_ok(void) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&t, &attr, sender, NULL);
    pthread_mutex_lock(&frames_lock);
    unsigned long n = frames_sent;
    pthread_mutex_unlock(&frames_lock);
    return n;
}
