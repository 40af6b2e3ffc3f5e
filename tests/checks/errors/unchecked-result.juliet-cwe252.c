// RUN-CHECKS: -*,clangcheck-errors-*
// After the Juliet test suite's CWE-252 (Unchecked Return Value) cases, in their shape.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printLine(const char *line) { if (line != NULL) printf("%s\n", line); }

void CWE252_char_fgets_01_bad(void) {
    char data[100] = "";
    fgets(data, 100, stdin);  // expect: clangcheck-errors-unchecked-result
    printLine(data);
}

void CWE252_char_fgets_01_good_ok(void) {
    char data[100] = "";
    if (fgets(data, 100, stdin) == NULL) {
        printLine("fgets failed!");
        exit(1);
    }
    printLine(data);
}

void CWE252_char_fscanf_01_bad(void) {
    int value = 0;
    fscanf(stdin, "%d", &value);  // expect: clangcheck-errors-unchecked-result
    printf("%d\n", value);
}

void CWE252_char_fscanf_01_good_ok(void) {
    int value = 0;
    if (fscanf(stdin, "%d", &value) != 1)
        printLine("fscanf failed!");
    printf("%d\n", value);
}

void CWE252_char_rename_01_bad(void) {
    rename("oldfilename.txt", "newfilename.txt");  // expect: clangcheck-errors-unchecked-result
}

void CWE252_char_remove_01_good_ok(void) {
    if (remove("removemegood.txt") != 0)
        printLine("remove failed!");
}

void CWE252_char_fwrite_01_bad(void) {
    fwrite("string", sizeof(char), strlen("string"), stdout);  // expect: clangcheck-errors-unchecked-result
}

void CWE252_char_fwrite_01_good_ok(void) {
    if (fwrite("string", sizeof(char), strlen("string"), stdout) != strlen("string"))
        printLine("fwrite failed!");
}
