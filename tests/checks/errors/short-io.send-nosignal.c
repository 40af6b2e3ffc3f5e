// RUN-CHECKS: -*,clangcheck-errors-*
// Partial sends: MSG_NOSIGNAL turns SIGPIPE into EPIPE, it does not make send() send everything.
#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>

int send_all_ok(int fd, const char *buf, size_t len) {
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, buf + sent, len - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        sent += (size_t)n;
    }
    return 0;
}

int send_all_pointer_ok(int fd, const char *p, size_t left) {
    while (left) {
        ssize_t n = send(fd, p, left, MSG_NOSIGNAL);
        if (n == -1)
            return errno == EPIPE ? -2 : -1;
        p += n;
        left -= (size_t)n;
    }
    return 0;
}

int send_frame_bad(int fd, const char *frame, size_t len) {
    ssize_t n = send(fd, frame, len, MSG_NOSIGNAL);  // expect: clangcheck-errors-short-io
    if (n == -1)
        return errno == EPIPE ? -2 : -1;
    return 0;
}

int sendto_datagram_ok(int fd, const char *dgram, size_t len, const struct sockaddr *to, socklen_t tolen) {
    // a datagram goes out whole or not at all, but the count still says so
    return sendto(fd, dgram, len, MSG_NOSIGNAL, to, tolen) == (ssize_t)len ? 0 : -1;
}
