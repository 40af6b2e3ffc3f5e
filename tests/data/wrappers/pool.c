/* A wrapper of the wrapper, in a TU of its own. */
#include "workers.h"

int pool_run(routine_fn job, void *ctx, worker_t *handle) {
    return worker_spawn(job, ctx, handle);
}
