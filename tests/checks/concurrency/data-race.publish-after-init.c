// A message the producer allocates and fills (itself and through a helper) before it queues it is
// private to the producer until then: no race with the consumer. A write after the queueing is one.
#include <pthread.h>
#include <stdlib.h>

struct msg {
    pthread_mutex_t lock;
    int id;
    int len;
    struct msg *next;
};

struct queue {
    pthread_mutex_t mu;
    struct msg *head;
};

static struct queue q;

static void push(struct msg *m) {
    pthread_mutex_lock(&q.mu);
    m->next = q.head;
    q.head = m;
    pthread_mutex_unlock(&q.mu);
}

static void fill(struct msg *m, int n) {
    m->len = n;
}

static void *consumer(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q.mu);
        struct msg *m = q.head;
        if (m)
            q.head = m->next;
        pthread_mutex_unlock(&q.mu);
        if (m) {
            m->id++;
            m->len--;
            // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'len' is updated in thread 'consumer' and written in the main thread without a common lock [clangcheck-concurrency-data-race]
            // CHECK-MESSAGES: :[[@LINE-2]]:16: note: updated here in thread 'consumer', holding no lock
            free(m);
        }
    }
    return NULL;
}

int main(void) {
    pthread_t t;
    pthread_create(&t, NULL, consumer, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'consumer' is started here
    for (int i = 0; i < 10; i++) {
        struct msg *m = calloc(1, sizeof *m);
        if (!m)
            return 1;
        m->id = i;
        fill(m, 3);
        push(m);
        m->len = 7;
        // CHECK-MESSAGES: :[[@LINE-1]]:12: note: written here in the main thread, holding no lock
    }
    pthread_join(t, NULL);
    return 0;
}
