// strdup'ed copies: kept in a struct (owned), or lost on an error path.
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

struct user { char *name; char *home; };

int set_user_ok(struct user *u, const char *name, const char *home) {
    char *n = strdup(name);
    if (!n)
        return -1;
    char *h = strdup(home);
    if (!h) {
        free(n);
        return -1;
    }
    u->name = n;
    u->home = h;
    return 0;
}

int set_user_bad(struct user *u, const char *name, const char *home) {
    char *n = strdup(name);
    if (!n)
        return -1;
    char *h = strdup(home);
    if (!h)
        return -1;  // expect: clangcheck-ownership-leak
    u->name = n;
    u->home = h;
    return 0;
}

size_t name_length_bad(const char *name) {
    char *copy = strdup(name);  // expect: clangcheck-ownership-leak
    return copy ? strlen(copy) : 0;
}
