// RUN-CHECKS: -*,clangcheck-errors-*
// snprintf returns the length it wanted to write: a result >= the size means the text was cut.
#include <stdio.h>

int format_path_bad(char *out, size_t size, const char *dir, const char *name) {
    if (snprintf(out, size, "%s/%s", dir, name) < 0)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}

int format_path_ok(char *out, size_t size, const char *dir, const char *name) {
    int n = snprintf(out, size, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= size)
        return -1;
    return 0;
}

void format_label_ok(char *out, size_t size, int id) {
    snprintf(out, size, "worker-%d", id);  // truncating a label is acceptable: not a must-check call
}
