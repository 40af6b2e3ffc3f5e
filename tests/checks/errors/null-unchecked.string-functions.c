/* The C string and memory functions dereference their pointer arguments. */
#include <stdlib.h>
#include <string.h>

void copy_unchecked(const char *text) {
    char *copy = malloc(strlen(text) + 1);  // expect: clangcheck-errors-null-unchecked
    strcpy(copy, text);
    free(copy);
}

void clear_unchecked(size_t n) {
    char *block = calloc(n, 1);  // expect: clangcheck-errors-null-unchecked
    memset(block, 0, n);
    free(block);
}

void copy_checked(const char *text) {
    char *copy = malloc(strlen(text) + 1);
    if (copy == NULL)
        return;
    strcpy(copy, text);
    free(copy);
}
