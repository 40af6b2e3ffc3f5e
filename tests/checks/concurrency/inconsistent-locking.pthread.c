/* Lock consistency in C: a struct field guarded by its own mutex everywhere but once. */
#include <pthread.h>

/* --- bad: the balance is read without the account's lock in one function ------------------- */
struct account {
    pthread_mutex_t lock;
    long balance;
    long limit;
};

void deposit(struct account *a, long amount) {
    pthread_mutex_lock(&a->lock);
    a->balance += amount;
    pthread_mutex_unlock(&a->lock);
}

void withdraw(struct account *a, long amount) {
    pthread_mutex_lock(&a->lock);
    if (a->balance >= amount)
        a->balance -= amount;
    pthread_mutex_unlock(&a->lock);
}

long peek_balance(struct account *a) {
    return a->balance; // expect: clangcheck-concurrency-inconsistent-locking
}

/* --- ok: `limit` is set once under the lock and read without it: the lock guards one access only */
void set_limit(struct account *a, long limit) {
    pthread_mutex_lock(&a->lock);
    a->limit = limit;
    pthread_mutex_unlock(&a->lock);
}
long get_limit(struct account *a) { return a->limit; }
long get_limit_twice(struct account *a) { return a->limit + a->limit; }
