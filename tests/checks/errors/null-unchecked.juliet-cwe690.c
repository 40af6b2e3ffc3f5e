// RUN-CHECKS: -*,clangcheck-errors-*
// After Juliet's CWE-690 (Unchecked Return Value to NULL Pointer Dereference).
#define _POSIX_C_SOURCE 200809L  // strdup
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void CWE690_char_malloc_01_bad(void) {
    char *data = (char *)malloc(100 * sizeof(char));  // expect: clangcheck-errors-null-unchecked
    data[0] = 'A';
    free(data);
}

void CWE690_char_malloc_01_good_ok(void) {
    char *data = (char *)malloc(100 * sizeof(char));
    if (data == NULL)
        exit(-1);
    data[0] = 'A';
    free(data);
}

void CWE690_char_strdup_01_bad(void) {
    char *data = strdup("BadSinkBody");  // expect: clangcheck-errors-null-unchecked
    printf("%c\n", data[0]);
    free(data);
}

void CWE690_int_calloc_01_bad(void) {
    int *data = (int *)calloc(100, sizeof(int));  // expect: clangcheck-errors-null-unchecked
    data[0] = 5;
    free(data);
}

void CWE690_int_calloc_01_good_ok(void) {
    int *data = (int *)calloc(100, sizeof(int));
    if (data != NULL) {
        data[0] = 5;
        free(data);
    }
}

void CWE690_char_getenv_01_bad(void) {
    char *data = getenv("PATH");  // expect: clangcheck-errors-null-unchecked
    printf("%zu\n", strlen(data));
}
