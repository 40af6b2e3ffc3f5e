// A thread started more than once, reaching objects nothing in the program identifies: each start
// is taken to work on its own (a connection, a loop per worker). What the starts are all handed,
// a global, or one object every start of a site is given, is one object.
#include <pthread.h>
#include <stddef.h>

struct io {
    pthread_mutex_t lock;
    int n;
    int closed;
    int fd;
    int ticks;
};

struct io *next_io(void); /* defined nowhere in the program: each call may give another io */

static void count(struct io *io) { io->n++; }

static void close_io(struct io *io) {
    pthread_mutex_lock(&io->lock);
    io->closed = 1;
    pthread_mutex_unlock(&io->lock);
}

static void *worker(void *arg) {
    (void)arg;
    struct io *io = next_io();
    count(io);
    close_io(io);
    return NULL;
}

static void *run_shared(void *arg) {
    struct io *io = arg;
    io->fd = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'fd' is written by two instances of thread 'run_shared' at once without a common lock [clangcheck-concurrency-data-race]
    return NULL;
}

static struct io g_io;

static void *run_global(void *arg) {
    (void)arg;
    g_io.ticks++;
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'ticks' is updated by two instances of thread 'run_global' at once without a common lock [clangcheck-concurrency-data-race]
    return NULL;
}

void start_shared(struct io *one, pthread_t *threads, int n) {
    for (int i = 0; i < n; i++)
        pthread_create(&threads[i], NULL, run_shared, one); /* every start is handed `one` */
}

int main(void) {
    pthread_t threads[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_create(&threads[i], NULL, run_global, NULL);
    return 0;
}
