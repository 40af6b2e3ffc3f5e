// An allocator that clears its block (memset keeps no copy), a type-punned store as allocation
// macros write it, and a member embedded in the fresh object passed to a helper: all private to the
// thread that made them. The same helpers on one global object race.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct heap { int n; };
struct loop { struct heap timers; int flags; };

static void *zalloc(size_t n) {
    void *p = malloc(n);
    if (!p)
        exit(1);
    memset(p, 0, n);
    return p;
}

static void heap_init(struct heap *h) { h->n = 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'n' is written by two instances of thread 'global_loop_bad' at once without a common lock [clangcheck-concurrency-data-race]
// CHECK-MESSAGES: :[[@LINE-2]]:44: note: written here in each instance of thread 'global_loop_bad', holding no lock

static void loop_init(struct loop *l) {
    heap_init(&l->timers);
    l->flags = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'flags' is written by two instances of thread 'global_loop_bad' at once without a common lock [clangcheck-concurrency-data-race]
    // CHECK-MESSAGES: :[[@LINE-2]]:8: note: written here in each instance of thread 'global_loop_bad', holding no lock
}

static struct loop *loop_new(void) {
    struct loop *l;
    *(void **)&l = zalloc(sizeof *l);
    loop_init(l);
    return l;
}

static void *own_loop_ok(void *arg) {
    (void)arg;
    struct loop *l = loop_new();
    l->flags = 1;
    free(l);
    return NULL;
}

static struct loop g_loop;

static void *global_loop_bad(void *arg) {
    (void)arg;
    loop_init(&g_loop);
    return NULL;
}

int main(void) {
    pthread_t t[4];
    pthread_create(&t[0], NULL, own_loop_ok, NULL);
    pthread_create(&t[1], NULL, own_loop_ok, NULL);
    pthread_create(&t[2], NULL, global_loop_bad, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'global_loop_bad' is started here
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: thread 'global_loop_bad' is started here
    pthread_create(&t[3], NULL, global_loop_bad, NULL);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: thread 'global_loop_bad' is started here
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: thread 'global_loop_bad' is started here
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    return 0;
}
