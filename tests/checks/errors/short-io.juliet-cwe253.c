// RUN-CHECKS: -*,clangcheck-errors-*
// After Juliet's CWE-253 (Incorrect Check of Function Return Value): the test cannot see the failure.
#include <stdio.h>
#include <string.h>

static void printLine(const char *line) { if (line != NULL) printf("%s\n", line); }

void CWE253_char_fwrite_01_bad(void) {
    // fwrite returns an item count (size_t): it is never negative, a short write passes the test
    if (fwrite("string", sizeof(char), strlen("string"), stdout) < 0)  // expect: clangcheck-errors-short-io
        printLine("fwrite failed!");
}

void CWE253_char_fwrite_01_good_ok(void) {
    if (fwrite("string", sizeof(char), strlen("string"), stdout) != strlen("string"))
        printLine("fwrite failed!");
}

void CWE253_char_fread_01_bad(FILE *in) {
    char data[100];
    if (fread(data, sizeof(char), 100, in) == (size_t)-1)  // expect: clangcheck-errors-short-io
        printLine("fread failed!");
}

void CWE253_char_fread_01_good_ok(FILE *in) {
    char data[100];
    if (fread(data, sizeof(char), 100, in) != 100)
        printLine("fread failed!");
}
