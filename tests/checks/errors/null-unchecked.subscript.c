// RUN-CHECKS: -*,clangcheck-errors-*
// p[i] dereferences p just like *p or p->x.
#include <stdlib.h>
#include <string.h>

int *histogram_bad(const unsigned char *data, size_t n) {
    int *counts = calloc(256, sizeof *counts);  // expect: clangcheck-errors-null-unchecked
    for (size_t i = 0; i < n; ++i)
        counts[data[i]]++;
    return counts;
}

int *histogram_ok(const unsigned char *data, size_t n) {
    int *counts = calloc(256, sizeof *counts);
    if (!counts)
        return NULL;
    for (size_t i = 0; i < n; ++i)
        counts[data[i]]++;
    return counts;
}

char *grow_bad(char *buf, size_t len) {
    char *bigger = realloc(buf, len * 2);  // expect: clangcheck-errors-null-unchecked
    bigger[len] = '\0';
    return bigger;
}

char *grow_ok(char *buf, size_t len) {
    char *bigger = realloc(buf, len * 2);
    if (bigger == NULL) {
        free(buf);
        return NULL;
    }
    bigger[len] = '\0';
    return bigger;
}

int local_array_ok(size_t i) {
    int table[8] = {0};
    return table[i % 8];  // an array is never null
}
