// CWE-401 (Juliet-style): a buffer allocated on each iteration of a loop.
#include <stdlib.h>
#include <string.h>

int consume(const char *);

void fill_each_iteration_bad(int rounds) {
    for (int i = 0; i < rounds; ++i) {
        char *buf = malloc(64);  // expect: clangcheck-ownership-leak
        if (buf == NULL)
            return;
        memset(buf, 'a', 63);
        buf[63] = '\0';
        consume(buf);
    }
}

void fill_each_iteration_ok(int rounds) {
    for (int i = 0; i < rounds; ++i) {
        char *buf = malloc(64);
        if (buf == NULL)
            return;
        memset(buf, 'a', 63);
        buf[63] = '\0';
        consume(buf);
        free(buf);
    }
}

int first_match_bad(const char **names, int n) {
    for (int i = 0; i < n; ++i) {
        char *copy = malloc(strlen(names[i]) + 1);
        if (!copy)
            return -1;
        strcpy(copy, names[i]);
        if (consume(copy) == 0)
            return i;  // expect: clangcheck-ownership-leak
        free(copy);
    }
    return -1;
}

int first_match_ok(const char **names, int n) {
    for (int i = 0; i < n; ++i) {
        char *copy = malloc(strlen(names[i]) + 1);
        if (!copy)
            return -1;
        strcpy(copy, names[i]);
        int found = consume(copy) == 0;
        free(copy);
        if (found)
            return i;
    }
    return -1;
}
