/* A pthread rwlock guards a configuration at every access but one. */
// RUN-ARGS: -D_POSIX_C_SOURCE=200809L
#include <pthread.h>

/* --- bad: reload() writes the config without the write lock -------------------------------- */
static int config_level;
static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;

int level(void) {
    pthread_rwlock_rdlock(&config_lock);
    int v = config_level;
    pthread_rwlock_unlock(&config_lock);
    return v;
}

void set_level(int v) {
    pthread_rwlock_wrlock(&config_lock);
    config_level = v;
    pthread_rwlock_unlock(&config_lock);
}

void bump_level(void) {
    pthread_rwlock_wrlock(&config_lock);
    config_level++;
    pthread_rwlock_unlock(&config_lock);
}

void reload(void) {
    config_level = 0; // expect: clangcheck-concurrency-inconsistent-locking
}

/* --- ok: the same discipline kept everywhere ---------------------------------------------- */
static int config_mode;
static pthread_rwlock_t mode_lock = PTHREAD_RWLOCK_INITIALIZER;

int mode(void) {
    pthread_rwlock_rdlock(&mode_lock);
    int v = config_mode;
    pthread_rwlock_unlock(&mode_lock);
    return v;
}

void set_mode(int v) {
    pthread_rwlock_wrlock(&mode_lock);
    config_mode = v;
    pthread_rwlock_unlock(&mode_lock);
}
