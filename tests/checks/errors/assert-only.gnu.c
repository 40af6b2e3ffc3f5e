// RUN-ARGS: -std=gnu11
// GNU C: glibc's assert() is a statement expression here; same rules.
#include <assert.h>
#include <unistd.h>

void pipe_asserted_bad(int fds[2]) {
    int rc = pipe(fds);  // expect: clangcheck-errors-assert-only
    assert(rc == 0);
}

int dup_checked_ok(int fd) {
    int copy = dup(fd);
    if (copy < 0)
        return -1;
    assert(copy != fd);
    return copy;
}
