// A failure test spelled with a named constant or through __builtin_expect is read from the AST,
// with the constant evaluated: on the branch where the descriptor is INVALID_SOCK (-1) or the
// enum's failure value, nothing was acquired, so returning there leaks nothing.
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define INVALID_SOCK -1
#define likely(x) __builtin_expect(!!(x), 1)
enum { NO_FD = -1 };

int use(int fd);

int open_macro_ok(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == INVALID_SOCK)
        return -1;
    use(fd);
    close(fd);
    return 0;
}

int open_enum_ok(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (NO_FD == fd)
        return -1;
    use(fd);
    close(fd);
    return 0;
}

int open_likely_ok(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (likely(fd != INVALID_SOCK)) {
        use(fd);
        close(fd);
    }
    return 0;
}

int open_then_fail_bad(int n) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == INVALID_SOCK)
        return -1;
    if (write(fd, "x", 1) < n)
        return -2;  // expect: clangcheck-ownership-leak
    close(fd);
    return 0;
}

char *buffer_likely_ok(size_t n) {
    char *p = malloc(n);
    if (!likely(p != NULL))
        return NULL;
    return p;
}
