// Growing a buffer with realloc through a temporary: the old block must be freed when it fails.
#include <stdlib.h>
#include <string.h>

int grow_bad(char **out, size_t n) {
    char *buf = malloc(16);
    if (!buf)
        return -1;
    char *bigger = realloc(buf, n);
    if (!bigger)
        return -1;  // expect: clangcheck-ownership-leak
    *out = bigger;
    return 0;
}

int grow_ok(char **out, size_t n) {
    char *buf = malloc(16);
    if (!buf)
        return -1;
    char *bigger = realloc(buf, n);
    if (!bigger) {
        free(buf);
        return -1;
    }
    *out = bigger;
    return 0;
}
