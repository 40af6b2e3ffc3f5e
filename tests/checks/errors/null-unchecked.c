// Pointers that may be null, used before any check.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void write_pidfile_bad(const char *path) {
    FILE *f = fopen(path, "w");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the result of 'fopen' may be null and 'f' is used without a check [clangcheck-errors-null-unchecked]
    fprintf(f, "%d\n", (int)getpid());
    // CHECK-MESSAGES: :[[@LINE-1]]:13: note: 'f' is dereferenced here before any null check
    if (fclose(f) != 0)
        perror(path);
}

size_t home_length_bad(void) {
    const char *home = getenv("HOME");  // expect: clangcheck-errors-null-unchecked
    return strlen(home);
}

struct point { int x, y; };

int malloc_deref_bad(int flag) {
    struct point *p = malloc(sizeof *p);  // expect: clangcheck-errors-null-unchecked
    if (flag)
        p->x = 1;
    else {
        free(p);
        return 0;
    }
    int x = p->x;
    free(p);
    return x;
}

char *copy_bad(const char *s, size_t n) {
    char *buf = malloc(n + 1);  // expect: clangcheck-errors-null-unchecked
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

int fopen_checked_ok(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    int c = fgetc(f);
    fclose(f);
    return c;
}

size_t getenv_checked_ok(void) {
    const char *home = getenv("HOME");
    if (!home)
        return 0;
    return strlen(home);
}

char *assign_in_condition_ok(size_t n) {
    char *p;
    if ((p = malloc(n)) == NULL)
        return NULL;
    memset(p, 0, n);
    return p;
}

char *returned_to_caller_ok(size_t n) {
    char *p = malloc(n);
    return p;  // the caller checks
}

void free_null_ok(size_t n) {
    char *p = malloc(n);
    free(p);  // free(NULL) is fine
}
