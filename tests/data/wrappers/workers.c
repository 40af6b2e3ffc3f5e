#include <pthread.h>
#include <stdlib.h>
#include "workers.h"

struct worker {
    pthread_t tid;
    routine_fn fn;
    void *arg;
};

struct guard {
    pthread_mutex_t mu;
};

static void *trampoline(void *p) {
    struct worker *w = (struct worker *)p;
    w->fn(w->arg);
    return NULL;
}

int worker_spawn(routine_fn fn, void *arg, worker_t *out) {
    struct worker *w = (struct worker *)malloc(sizeof *w);
    if (w == NULL)
        return -1;
    w->fn = fn;
    w->arg = arg;
    if (pthread_create(&w->tid, NULL, trampoline, w) != 0) {
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

int worker_wait(worker_t w) {
    int rc = pthread_join(w->tid, NULL);
    free(w);
    return rc;
}

guard_t guard_new(void) {
    struct guard *g = (struct guard *)malloc(sizeof *g);
    if (g != NULL)
        pthread_mutex_init(&g->mu, NULL);
    return g;
}

void guard_enter(guard_t g) { pthread_mutex_lock(&g->mu); }
void guard_leave(guard_t g) { pthread_mutex_unlock(&g->mu); }
