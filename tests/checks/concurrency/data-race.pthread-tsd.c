/* Thread-specific data: each thread's value lives behind pthread_getspecific, not in a shared global. */
#include <pthread.h>
#include <stdlib.h>

/* --- ok: a per-thread scratch buffer through a pthread key ------------------------------------ */
static pthread_key_t scratch_key;

static void *parse(void *arg) {
    char *scratch = pthread_getspecific(scratch_key);
    if (!scratch) {
        scratch = malloc(256);
        pthread_setspecific(scratch_key, scratch);
    }
    scratch[0] = *(char *)arg;
    return NULL;
}

void parse_all_ok(char *inputs) {
    pthread_t a, b;
    pthread_key_create(&scratch_key, free);
    pthread_create(&a, NULL, parse, inputs);
    pthread_create(&b, NULL, parse, inputs + 1);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}

/* --- bad: the same parser with one global scratch pointer ------------------------------------- */
static char *shared_scratch;

static void *parse_shared(void *arg) {
    if (!shared_scratch)
        shared_scratch = malloc(256); // expect: clangcheck-concurrency-data-race
    shared_scratch[0] = *(char *)arg;
    return NULL;
}

void parse_all_bad(char *inputs) {
    pthread_t a, b;
    pthread_create(&a, NULL, parse_shared, inputs);
    pthread_create(&b, NULL, parse_shared, inputs + 1);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}
