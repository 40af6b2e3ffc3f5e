// Allocators that hide a header in front of the block hand out a pointer into it: `p + header`
// is the same block, for the caller, for an out-parameter and for the variable itself.
#include <stdlib.h>
#include <string.h>

struct header { size_t size; };

char *block_new_ok(size_t n) {
    char *raw = malloc(sizeof(struct header) + n);
    if (raw == NULL)
        return NULL;
    ((struct header *)raw)->size = n;
    return raw + sizeof(struct header);
}

int block_out_ok(size_t n, char **out) {
    void *raw = malloc(sizeof(struct header) + n);
    if (raw == NULL)
        return -1;
    *out = (char *)raw + sizeof(struct header);
    return 0;
}

char *block_shift_ok(size_t n) {
    char *p = malloc(sizeof(struct header) + n);
    if (p == NULL)
        return NULL;
    p = p + sizeof(struct header);  // still the same block: not an overwrite
    memset(p, 0, n);
    return p;
}

int block_shift_bad(size_t n) {
    char *p = malloc(sizeof(struct header) + n);  // expect: clangcheck-ownership-leak
    if (p == NULL)
        return -1;
    p = p + sizeof(struct header);
    if (n > 4096)
        return -1;
    memset(p, 0, n);
    return 0;  // never released on any path
}
