// Results that report failure or a byte count, discarded or used.
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
    if (got < 0)
        return;
    if (listen(fd, 5) != 0)
        return;
    plain_status();                           // not a failure-reporting API
    void *p = malloc(n);
    free(p);
}

int returned_ok(int fd, const char *buf, size_t n) {
    return write(fd, buf, n);
}

void suppressed(int fd) {
    listen(fd, 5);  // NOLINT(clangcheck-errors-*)
    // NOLINTNEXTLINE
    listen(fd, 5);
}
