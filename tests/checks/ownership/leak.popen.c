// popen/pclose pairs (CWE-775): the pipe must be closed with pclose on every path.
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

int first_line_ok(const char *cmd, char *line, int size) {
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    int rc = fgets(line, size, p) ? 0 : -1;
    pclose(p);
    return rc;
}

int first_line_bad(const char *cmd, char *line, int size) {
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    if (!fgets(line, size, p))
        return -1;  // expect: clangcheck-ownership-leak
    pclose(p);
    return 0;
}
