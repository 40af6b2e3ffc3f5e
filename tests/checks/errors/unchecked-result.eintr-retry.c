// RUN-CHECKS: -*,clangcheck-errors-*
// EINTR retry loops: the result is tested on every turn, so it is handled.
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

int accept_retry_ok(int listener) {
    int fd;
    do {
        fd = accept(listener, NULL, NULL);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

ssize_t read_retry_ok(int fd, char *buf, size_t cap) {
    for (;;) {
        ssize_t n = read(fd, buf, cap);
        if (n >= 0 || errno != EINTR)
            return n;
    }
}

int close_retry_ok(int fd) {
    while (close(fd) != 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

int read_header_retry_bad(int fd, char *hdr) {
    ssize_t n;
    do {
        n = read(fd, hdr, 16);  // expect: clangcheck-errors-short-io
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return -1;
    return hdr[0];  // 16 bytes assumed: a short read leaves stale header bytes
}

void connect_retry_bad(int fd, const struct sockaddr *addr, socklen_t len) {
    while (connect(fd, addr, len) < 0 && errno == EINTR)
        ;
    send(fd, "hello", 5, 0);  // expect: clangcheck-errors-unchecked-result
}
