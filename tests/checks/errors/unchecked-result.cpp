// Results that report failure or a byte count, discarded or used.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <sys/socket.h>
#include <tuple>

[[nodiscard]] int project_status();
int plain_status();

void discarded_bad(int fd, const char *buf, size_t n) {
    write(fd, buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'write' is ignored [clangcheck-errors-unchecked-result]
    listen(fd, 5);  // expect: clangcheck-errors-unchecked-result
    std::fwrite(buf, 1, n, stdout);  // expect: clangcheck-errors-unchecked-result
    project_status();  // expect: clangcheck-errors-unchecked-result
    if (n > 2)
        send(fd, buf, n, 0);  // expect: clangcheck-errors-unchecked-result
}

void used_ok(int fd, const char *buf, size_t n) {
    (void)write(fd, buf, n);                  // a deliberate discard
    std::ignore = listen(fd, 5);              // also deliberate
    ssize_t got = write(fd, buf, n);
    if (got < 0 || static_cast<size_t>(got) != n)
        return;
    if (listen(fd, 5) != 0)
        return;
    plain_status();                           // not a failure-reporting API
    void *p = malloc(n);
    free(p);
}

void stored_never_read_bad(int fd) {
    int rc = listen(fd, 5);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the result of 'listen' is stored in 'rc' but never read [clangcheck-errors-unchecked-result]
}

int overwritten_bad(int fd, const sockaddr *addr, socklen_t len) {
    int rc = bind(fd, addr, len);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: the result of 'bind' is stored in 'rc' but not read on every path [clangcheck-errors-unchecked-result]
    rc = listen(fd, 5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'rc' is overwritten here before it is read
    return rc;
}

void read_on_one_path_bad(int fd, const char *buf, size_t n, bool verbose) {
    ssize_t sent = send(fd, buf, n, 0);  // expect: clangcheck-errors-unchecked-result
    if (verbose)
        std::printf("%zd\n", sent);
}

int retry_loop_ok(int fd, const sockaddr *addr, socklen_t len) {
    int rc;
    do {
        rc = connect(fd, addr, len);
    } while (rc < 0 && errno == EINTR);
    return rc;
}

int checked_after_other_work_ok(int fd, const sockaddr *addr, socklen_t len) {
    int rc = bind(fd, addr, len);
    std::printf("bound\n");
    if (rc != 0)
        return -1;
    return 0;
}

int returned_ok(int fd, const char *buf, size_t n) {
    return write(fd, buf, n);
}

void suppressed(int fd) {
    listen(fd, 5);  // NOLINT(clangcheck-errors-*)
    // NOLINTNEXTLINE
    listen(fd, 5);
}
