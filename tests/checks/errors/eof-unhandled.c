// RUN-CHECKS: -*,clangcheck-errors-*
// A read in a loop whose count is tested only for a negative value: at end of file, or when the
// peer closes the connection, read/recv return 0 at once, forever, and the loop spins.
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

void consume(const char *buf, size_t n);

int pump_bad(int fd) {
    char buf[4096];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'recv' returns 0 at end of stream and this loop never tests for it [clangcheck-errors-eof-unhandled]
        if (n < 0)
        // CHECK-MESSAGES: :[[@LINE-1]]:13: note: only a negative result is tested here; 0 passes as data
            return -1;
        consume(buf, (size_t)n);
    }
}

int drain_bad(int fd) {
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) != -1)  // expect: clangcheck-errors-eof-unhandled
        consume(buf, (size_t)n);
    return errno == EAGAIN ? 0 : -1;
}

int pump_ok(int fd) {
    char buf[4096];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0)
            return 0;  // peer closed
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        consume(buf, (size_t)n);
    }
}

int drain_ok(int fd) {
    char buf[512];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        consume(buf, (size_t)n);
    return n == 0 ? 0 : -1;
}

ssize_t read_retry_ok(int fd, char *buf, size_t cap) {
    for (;;) {
        ssize_t n = read(fd, buf, cap);
        if (n >= 0 || errno != EINTR)
            return n;  // 0 leaves the loop with the data
    }
}

ssize_t recv_retry_ok(int fd, char *buf, size_t cap) {
    ssize_t n;
    do {
        n = recv(fd, buf, cap, 0);
    } while (n < 0 && errno == EINTR);
    return n;
}
