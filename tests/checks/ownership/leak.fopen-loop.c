// CWE-775: a file opened per iteration, skipped by `continue` before fclose.
#include <stdio.h>

int count_nonempty_bad(const char **paths, int n) {
    int count = 0;
    for (int i = 0; i < n; ++i) {
        FILE *f = fopen(paths[i], "r");
        if (!f)
            continue;
        if (fgetc(f) == EOF)
            continue;  // expect: clangcheck-ownership-leak
        ++count;
        fclose(f);
    }
    return count;
}

int count_nonempty_ok(const char **paths, int n) {
    int count = 0;
    for (int i = 0; i < n; ++i) {
        FILE *f = fopen(paths[i], "r");
        if (!f)
            continue;
        if (fgetc(f) != EOF)
            ++count;
        fclose(f);
    }
    return count;
}
