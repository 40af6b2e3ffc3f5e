#include <stddef.h>
#include "workers.h"

int pool_run(routine_fn job, void *ctx, worker_t *handle);

static int hits;
static int guarded;
static int configured;
static guard_t lock;

static void count_bad(void *arg) {
    (void)arg;
    hits = hits + 1;
}

static void count_ok(void *arg) {
    (void)arg;
    guard_enter(lock);
    guarded = guarded + 1;
    guard_leave(lock);
}

static void add_bad(void *arg) {
    int *total = (int *)arg;
    *total = *total + 1;
}

static void read_config_ok(void *arg) {
    (void)arg;
    if (configured)
        guard_enter(lock), guard_leave(lock);
}

static int leave_early_bad(int stop) {
    guard_enter(lock);
    if (stop)
        return -1;
    guard_leave(lock);
    return 0;
}

int main(void) {
    worker_t a, b, c, d, e;
    int total = 0;
    lock = guard_new();
    configured = 1;  /* before any worker exists */
    if (worker_spawn(count_bad, NULL, &a) != 0 || pool_run(count_bad, NULL, &b) != 0)
        return 1;
    worker_wait(a);
    worker_wait(b);
    if (worker_spawn(count_ok, NULL, &a) != 0 || worker_spawn(count_ok, NULL, &b) != 0)
        return 1;
    worker_wait(a);
    worker_wait(b);
    if (worker_spawn(add_bad, &total, &c) != 0 || worker_spawn(add_bad, &total, &d) != 0)
        return 1;
    worker_wait(c);
    worker_wait(d);
    if (worker_spawn(read_config_ok, NULL, &e) != 0)
        return 1;
    worker_wait(e);
    configured = 0;  /* after the last worker is joined */
    return leave_early_bad(total) + hits + guarded;
}
