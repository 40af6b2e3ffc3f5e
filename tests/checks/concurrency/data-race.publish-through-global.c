// An object the main thread allocates and publishes through a global is the object the consumer
// reads there, also when the function that publishes it starts no thread itself: the write after
// the publication races with the consumer's.
#include <pthread.h>
#include <stdlib.h>

struct msg {
    pthread_mutex_t lock;
    int len;
};

static struct msg *g_head;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *consumer(void *arg) {
    (void)arg;
    pthread_mutex_lock(&mu);
    struct msg *m = g_head;
    pthread_mutex_unlock(&mu);
    if (m)
        m->len--;
        // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'len' is updated in thread 'consumer' and written in the main thread without a common lock [clangcheck-concurrency-data-race]
        // CHECK-MESSAGES: :[[@LINE-2]]:12: note: updated here in thread 'consumer', holding no lock
    return NULL;
}

static pthread_t worker;

static void start(void) {
    pthread_create(&worker, NULL, consumer, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'consumer' is started here
}

int main(void) {
    start();
    struct msg *m = calloc(1, sizeof *m);
    if (!m)
        return 1;
    m->len = 1;  /* before the publication: private */
    pthread_mutex_lock(&mu);
    g_head = m;
    pthread_mutex_unlock(&mu);
    m->len = 7;
    // CHECK-MESSAGES: :[[@LINE-1]]:8: note: written here in the main thread, holding no lock
    pthread_join(worker, NULL);
    return 0;
}
