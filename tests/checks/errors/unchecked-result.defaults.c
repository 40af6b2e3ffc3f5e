/* What maintainers act on by default: mutex calls, half-closing a socket and diagnostics on
 * stdout/stderr are reported only with Strict: true; nothing inside a macro that then aborts. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "failed: %s\n", #x); fflush(stderr); write(2, "!", 1); abort(); } } while (0)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void defaults(int fd, FILE *out, int *p) {
    pthread_mutex_lock(&lock);
    pthread_mutex_unlock(&lock);
    fflush(stderr);
    fflush(out);  // expect: clangcheck-errors-unchecked-result
    shutdown(fd, SHUT_RDWR);
    CHECK(p != 0);
    write(fd, "x", 1);  // expect: clangcheck-errors-unchecked-result
}

int error_path_needs_no_read(int fd, const char *buf) {
    ssize_t n = write(fd, buf, 4);
    if (buf[0] == 0)
        return -1;
    return n == 4 ? 0 : -1;
}

/* pthread_join fails only for a thread that is not joinable or a deadlock: a programming error,
 * like the mutex calls */
void joined(pthread_t worker) {
    pthread_join(worker, NULL);
}
