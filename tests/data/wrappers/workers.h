/* A project's own thread and lock layer, as real C code bases have one: callers never see pthreads. */
#ifndef WORKERS_H
#define WORKERS_H

typedef struct worker *worker_t;
typedef struct guard *guard_t;
typedef void (*routine_fn)(void *arg);

int worker_spawn(routine_fn fn, void *arg, worker_t *out);
int worker_wait(worker_t w);
guard_t guard_new(void);
void guard_enter(guard_t g);
void guard_leave(guard_t g);

#endif
