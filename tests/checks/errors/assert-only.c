// C: a result whose only check is assert(), gone with -DNDEBUG.
#include <assert.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

int expect_magic_bad(int fd) {
    uint32_t magic = 0;
    ssize_t n = read(fd, &magic, sizeof magic);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the result of 'read' is checked only inside 'assert' [clangcheck-errors-assert-only]
    assert(n == (ssize_t)sizeof magic);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'assert' is compiled out in release builds (NDEBUG): there the result is not checked
    return magic == 0x52454c59u;
}

void pipe_asserted_bad(int fds[2]) {
    int rc = pipe(fds);  // expect: clangcheck-errors-assert-only
    assert(rc == 0);
}

int checked_and_asserted_ok(int fd, uint32_t *magic) {
    ssize_t n = read(fd, magic, sizeof *magic);
    if (n != (ssize_t)sizeof *magic)
        return -1;
    assert(*magic != 0);
    return 0;
}

int asserted_then_returned_ok(int fd) {
    int rc = listen(fd, 5);
    assert(rc == 0);
    return rc;  // the caller sees the failure in release builds too
}
