// C: malloc/strdup/fopen, NULL checks, goto cleanup.
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse(const char *);

char *dup_name_ok(const char *name) {
    char *copy = strdup(name);
    if (copy == NULL)
        return NULL;
    return copy;
}

int dup_name_bad(const char *name) {
    char *copy = strdup(name);
    if (!copy)
        return -1;
    if (parse(copy) < 0)
        return -1;  // expect: clangcheck-ownership-leak
    free(copy);
    return 0;
}

int count_lines_bad(const char *path) {
    FILE *f = fopen(path, "r");  // expect: clangcheck-ownership-leak
    if (!f)
        return -1;
    int n = 0;
    char line[128];
    while (fgets(line, sizeof line, f))
        n++;
    return n;  // never closed on any path: one finding, at the allocation
}

int cleanup_ok(const char *path) {
    int rc = -1;
    char *buf = malloc(256);
    FILE *f = fopen(path, "r");
    if (!buf || !f)
        goto done;
    if (!fgets(buf, 256, f))
        goto done;
    rc = parse(buf);
done:
    if (f)
        fclose(f);
    free(buf);
    return rc;
}

void *make_buffer(size_t n) {
    void *p = calloc(n, 1);
    return p;
}

int summary_bad(void) {
    char *b = make_buffer(16);  // expect: clangcheck-ownership-leak
    if (!b)                     // (make_buffer returns a fresh allocation: a summary)
        return -1;
    return parse(b);
}

int summary_ok(void) {
    char *b = make_buffer(16);
    if (!b)
        return -1;
    int rc = parse(b);
    free(b);
    return rc;
}
