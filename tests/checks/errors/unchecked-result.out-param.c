// RUN-CHECKS: -*,clangcheck-errors-*
// Results handed back through out-parameters are the caller's to check.
#include <sys/socket.h>
#include <unistd.h>

void read_into_ok(int fd, char *buf, size_t cap, ssize_t *got) {
    *got = read(fd, buf, cap);
}

void bind_status_ok(int fd, const struct sockaddr *addr, socklen_t len, int *status) {
    int rc = bind(fd, addr, len);
    *status = rc;
}

struct result { int status; ssize_t count; };

void send_into_struct_ok(int fd, const char *buf, size_t len, struct result *r) {
    r->count = send(fd, buf, len, 0);
}

void bind_status_bad(int fd, const struct sockaddr *addr, socklen_t len, int *status) {
    int rc = bind(fd, addr, len);  // expect: clangcheck-errors-unchecked-result
    *status = 0;
}

void listen_status_bad(int fd, int *status) {
    *status = 0;
    listen(fd, 8);  // expect: clangcheck-errors-unchecked-result
}
