/* POSIX threads in C: start routines, mutexes, and the order pthread_create/pthread_join give. */
#include <pthread.h>
#include <stddef.h>

/* --- bad: every worker adds to an unguarded global --------------------------------------------- */
static long total_bad;
static void *add_bad(void *arg) {
    (void)arg;
    total_bad += 1; // expect: clangcheck-concurrency-data-race
    return NULL;
}
void run_add_bad(void) {
    pthread_t ids[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&ids[i], NULL, add_bad, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(ids[i], NULL);
}

/* --- ok: the same with a global mutex, read after the joins ----------------------------------- */
static long total_ok;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;
static void *add_ok(void *arg) {
    (void)arg;
    pthread_mutex_lock(&total_lock);
    total_ok += 1;
    pthread_mutex_unlock(&total_lock);
    return NULL;
}
long run_add_ok(void) {
    pthread_t ids[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&ids[i], NULL, add_ok, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(ids[i], NULL);
    return total_ok;
}

/* --- ok: a struct handed to the thread: guarded inside, written by the starter before and after */
struct job {
    pthread_mutex_t lock;
    int done;
    int input;
};
static void *do_job(void *arg) {
    struct job *j = arg;
    pthread_mutex_lock(&j->lock);
    j->done += j->input;
    pthread_mutex_unlock(&j->lock);
    return NULL;
}
int run_job_ok(void) {
    struct job j;
    pthread_t t;
    pthread_mutex_init(&j.lock, NULL);
    j.input = 3; /* before the thread exists */
    j.done = 0;
    pthread_create(&t, NULL, do_job, &j);
    pthread_join(t, NULL);
    return j.done; /* after it is joined */
}

/* --- bad: the starter writes the shared struct while the thread runs ---------------------------- */
struct counter {
    int value;
};
static void *bump(void *arg) {
    struct counter *c = arg;
    c->value++; // expect: clangcheck-concurrency-data-race
    return NULL;
}
int run_counter_bad(void) {
    struct counter c = {0};
    pthread_t t;
    pthread_create(&t, NULL, bump, &c);
    c.value = 10; /* the main thread's side of the race above */
    pthread_join(t, NULL);
    return c.value;
}

/* --- ok: each thread works on its own local struct -------------------------------------------------- */
struct scratch {
    int used;
};
static void fill(struct scratch *s) { s->used = 1; }
static void *own_scratch(void *arg) {
    struct scratch mine;
    fill(&mine);
    (void)arg;
    return NULL;
}
void run_scratch_ok(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, own_scratch, NULL);
    pthread_create(&b, NULL, own_scratch, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}

/* --- ok: _Thread_local data is per thread ----------------------------------------------------------- */
static _Thread_local int calls_here;
static void *count_calls(void *arg) {
    (void)arg;
    calls_here++;
    return NULL;
}
void run_tls_ok(void) {
    pthread_t a, b;
    pthread_create(&a, NULL, count_calls, NULL);
    pthread_create(&b, NULL, count_calls, NULL);
    calls_here = 0;
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}
