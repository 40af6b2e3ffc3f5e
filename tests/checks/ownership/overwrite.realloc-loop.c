// `p = realloc(p, n)` in a growth loop: the old block leaks when realloc fails (CWE-401).
#include <stdlib.h>
#include <string.h>

char *join_bad(const char **parts, int n) {
    size_t len = 1;
    char *out = malloc(1);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (int i = 0; i < n; ++i) {
        len += strlen(parts[i]);
        out = realloc(out, len);  // expect: clangcheck-ownership-overwrite
        if (!out)
            return NULL;
        strcat(out, parts[i]);
    }
    return out;
}

char *join_ok(const char **parts, int n) {
    size_t len = 1;
    char *out = malloc(1);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (int i = 0; i < n; ++i) {
        len += strlen(parts[i]);
        char *grown = realloc(out, len);
        if (!grown) {
            free(out);
            return NULL;
        }
        out = grown;
        strcat(out, parts[i]);
    }
    return out;
}
