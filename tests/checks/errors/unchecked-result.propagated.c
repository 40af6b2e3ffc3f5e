// RUN-CHECKS: -*,clangcheck-errors-*
// Socket setup whose results go back to the caller: the caller handles them.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int enable_nodelay_ok(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int bind_and_listen_ok(int fd, const struct sockaddr *addr, socklen_t len) {
    int rc = bind(fd, addr, len);
    if (rc != 0)
        return rc;
    rc = listen(fd, 16);
    return rc;
}

int reuse_then_bind_ok(int fd, const struct sockaddr *addr, socklen_t len) {
    int one = 1;
    int rc = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (rc < 0)
        return rc;
    return bind(fd, addr, len);
}

int reuse_then_bind_bad(int fd, const struct sockaddr *addr, socklen_t len) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // expect: clangcheck-errors-unchecked-result
    return bind(fd, addr, len);
}

int keepalive_overwritten_bad(int fd) {
    int one = 1;
    int rc = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);  // expect: clangcheck-errors-unchecked-result
    rc = listen(fd, 16);
    return rc;
}
