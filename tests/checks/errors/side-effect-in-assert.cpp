// The call itself sits inside the assertion: release builds never make it.
#include <cassert>
#include <sys/socket.h>
#include <unistd.h>

void write_in_assert_bad(int fd, const char *buf, size_t n) {
    assert(write(fd, buf, n) == static_cast<ssize_t>(n));
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'write' is called inside 'assert': release builds do not make the call [clangcheck-errors-side-effect-in-assert]
}

void listen_in_assert_bad(int fd) {
    if (fd >= 0)
        assert(listen(fd, 5) == 0);  // expect: clangcheck-errors-side-effect-in-assert
}

void hoisted_ok(int fd, const char *buf, size_t n) {
    const ssize_t written = write(fd, buf, n);
    assert(written == static_cast<ssize_t>(n));
    (void)written;
}

bool pure_in_assert_ok(int fd) {
    assert(fd >= 0 && isatty(fd) >= 0);  // isatty reports no failure the caller must handle
    return true;
}
