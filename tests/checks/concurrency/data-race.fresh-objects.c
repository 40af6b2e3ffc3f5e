// Objects a thread makes for itself are not shared: `new`, malloc/calloc, and the project's own
// constructor functions (`loop_new()`, in any TU) that return a fresh allocation on every path.
#include <pthread.h>
#include <stdlib.h>

struct loop {
    int ticks;
    int running;
};

static void *zalloc(size_t n) {
    void *p = calloc(1, n);
    return p;
}

static struct loop *loop_new(void) {
    struct loop *l = (struct loop *)zalloc(sizeof *l);
    if (l == NULL)
        return NULL;
    l->running = 1;
    return l;
}

static void loop_run(struct loop *l) {
    while (l->ticks < 100)
    // CHECK-MESSAGES: :[[@LINE-1]]:15: note: read here in another instance of thread 'ticker_bad', holding no lock
        l->ticks++;
        // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'ticks' is updated in thread 'ticker_bad' and read in another instance of thread 'ticker_bad' without a common lock [clangcheck-concurrency-data-race]
        // CHECK-MESSAGES: :[[@LINE-2]]:12: note: updated here in thread 'ticker_bad', holding no lock
}

static void *worker_ok(void *arg) {
    (void)arg;
    struct loop *mine = loop_new();
    if (mine != NULL) {
        loop_run(mine);
        free(mine);
    }
    return NULL;
}

static struct loop shared_loop;

static void *ticker_bad(void *arg) {
    (void)arg;
    loop_run(&shared_loop);
    return NULL;
}

int main(void) {
    pthread_t a, b, c, d;
    pthread_create(&a, NULL, worker_ok, NULL);
    pthread_create(&b, NULL, worker_ok, NULL);
    pthread_create(&c, NULL, ticker_bad, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'ticker_bad' is started here
    pthread_create(&d, NULL, ticker_bad, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'ticker_bad' is started here
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_join(c, NULL);
    pthread_join(d, NULL);
    return shared_loop.ticks;
}
