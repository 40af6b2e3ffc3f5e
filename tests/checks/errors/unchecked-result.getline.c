// RUN-CHECKS: -*,clangcheck-errors-*
// RUN-ARGS: -D_GNU_SOURCE
// getline returns -1 at end of file (and on error); the line then is stale or NULL.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t header_length_bad(FILE *in) {
    char *line = NULL;
    size_t cap = 0;
    getline(&line, &cap, in);  // expect: clangcheck-errors-unchecked-result
    size_t n = line ? strlen(line) : 0;
    free(line);
    return n;
}

long sum_lines_ok(FILE *in) {
    char *line = NULL;
    size_t cap = 0;
    long total = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) != -1)
        total += strtol(line, NULL, 10) + 0 * len;
    free(line);
    return total;
}

int first_line_ok(FILE *in, char **out) {
    size_t cap = 0;
    *out = NULL;
    if (getline(out, &cap, in) < 0)
        return -1;
    return 0;
}
