// Event-loop style code: every thread makes its own loop and runs the same functions on it, and on
// the connections hanging off it. The loop type holds a mutex (so its fields are meant to be
// shared), and the loops escape (a loop points to itself), yet two threads on loops each made for
// itself touch different objects: no race. A loop one thread hands to another is one object.
#include <pthread.h>
#include <stdlib.h>

struct conn {
    pthread_mutex_t mu;
    long bytes;
    long queued;
    struct loop *owner;
};

struct loop {
    pthread_mutex_t mu;
    int ticks;
    int posted;
    struct loop *self;
    struct conn *conns[4];
};

static struct loop *loop_new(void) {
    struct loop *l = (struct loop *)calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    pthread_mutex_init(&l->mu, NULL);
    l->self = l;
    for (int i = 0; i < 4; i++) {
        l->conns[i] = (struct conn *)calloc(1, sizeof(struct conn));
        if (l->conns[i] != NULL) {
            pthread_mutex_init(&l->conns[i]->mu, NULL);
            l->conns[i]->owner = l;
        }
    }
    return l;
}

static void loop_post(struct loop *l) {
    pthread_mutex_lock(&l->mu);
    l->posted++;
    pthread_mutex_unlock(&l->mu);
}

static struct conn *conn_of(struct loop *l, int n) {
    return l->conns[n % 4];
}

static void conn_read(struct conn *c) {
    c->bytes += 10;
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'bytes' is updated in thread 'runner_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
    // CHECK-MESSAGES: :[[@LINE-2]]:8: note: updated here in thread 'runner_bad', holding no lock
    // CHECK-MESSAGES: :[[@LINE-3]]:8: note: read here in the main thread, holding no lock
    pthread_mutex_lock(&c->mu);
    c->queued = c->bytes;
    pthread_mutex_unlock(&c->mu);
}

static void loop_run(struct loop *l) {
    for (int n = 0; n < 100; n++) {
        l->ticks++;
        // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'ticks' is updated in thread 'runner_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
        // CHECK-MESSAGES: :[[@LINE-2]]:12: note: updated here in thread 'runner_bad', holding no lock
        // CHECK-MESSAGES: :[[@LINE-3]]:12: note: read here in the main thread, holding no lock
        struct conn *c = conn_of(l, n);
        if (c != NULL)
            conn_read(c);
        loop_post(l);
    }
}

static void *worker_ok(void *arg) {
    (void)arg;
    struct loop *mine = loop_new();
    if (mine != NULL)
        loop_run(mine);
    return NULL;
}

static void *runner_bad(void *arg) {
    loop_run((struct loop *)arg);
    return NULL;
}

int main(void) {
    pthread_t workers[4], runner;
    for (int i = 0; i < 4; i++)
        pthread_create(&workers[i], NULL, worker_ok, NULL);
    struct loop *main_loop = loop_new();
    if (main_loop == NULL)
        return 1;
    struct loop *handed = loop_new();
    if (handed == NULL)
        return 1;
    pthread_create(&runner, NULL, runner_bad, handed);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'runner_bad' is started here
    loop_run(main_loop);
    loop_run(handed);
    pthread_join(runner, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(workers[i], NULL);
    return 0;
}
