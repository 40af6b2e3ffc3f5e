// Loops made by the main thread and handed to workers from a global table, next to a loop the
// main thread keeps for itself: the workers' loops and the main thread's are different objects.
// The one loop two workers are handed is one object.
#include <pthread.h>
#include <stdlib.h>

struct loop {
    pthread_mutex_t mu;
    int ticks;
};

static struct loop *worker_loops[2];
static struct loop *accept_loop;
static struct loop *common_loop;

static struct loop *loop_new(void) {
    struct loop *l = (struct loop *)calloc(1, sizeof *l);
    if (l != NULL)
        pthread_mutex_init(&l->mu, NULL);
    return l;
}

static void loop_run(struct loop *l) {
    for (int n = 0; n < 100; n++) {
        pthread_mutex_lock(&l->mu);
        pthread_mutex_unlock(&l->mu);
        l->ticks++;
        // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'ticks' is updated by two instances of thread 'shared_worker' at once without a common lock [clangcheck-concurrency-data-race]
        // CHECK-MESSAGES: :[[@LINE-2]]:12: note: updated here in each instance of thread 'shared_worker', holding no lock
    }
}

static void *worker(void *arg) {
    loop_run((struct loop *)arg);
    return NULL;
}

static void *shared_worker(void *arg) {
    (void)arg;
    loop_run(common_loop);
    return NULL;
}

int main(void) {
    pthread_t workers[2], shared[2];
    accept_loop = loop_new();
    common_loop = loop_new();
    for (int i = 0; i < 2; i++) {
        worker_loops[i] = loop_new();
        pthread_create(&workers[i], NULL, worker, worker_loops[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_create(&shared[i], NULL, shared_worker, NULL);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: note: thread 'shared_worker' is started here (more than once)
    loop_run(accept_loop);
    for (int i = 0; i < 2; i++) {
        pthread_join(workers[i], NULL);
        pthread_join(shared[i], NULL);
    }
    return 0;
}
