/* C11 <threads.h>: thrd_create / thrd_join and mtx_t, the same rules as pthreads. */
#include <stddef.h>
#include <threads.h>

/* --- ok: the counter is guarded by a C11 mutex ------------------------------------------------ */
static long hits;
static mtx_t hits_lock;

static int count_hit(void *arg) {
    (void)arg;
    mtx_lock(&hits_lock);
    hits++;
    mtx_unlock(&hits_lock);
    return 0;
}

long count_ok(void) {
    thrd_t t;
    mtx_init(&hits_lock, mtx_plain);
    thrd_create(&t, count_hit, NULL);
    mtx_lock(&hits_lock);
    long seen = hits;
    mtx_unlock(&hits_lock);
    thrd_join(t, NULL);
    return seen;
}

/* --- bad: the status word is written by the thread and polled by the starter ------------------ */
static int status;

static int worker(void *arg) {
    (void)arg;
    status = 1; // expect: clangcheck-concurrency-data-race
    return 0;
}

int poll_bad(void) {
    thrd_t t;
    thrd_create(&t, worker, NULL);
    int s = status;
    thrd_join(t, NULL);
    return s;
}
