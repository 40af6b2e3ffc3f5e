// RUN-CHECKS: -*,clangcheck-errors-*
// A test of a result that takes the same branch on failure as on success (CWE-253).
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

enum { FAILED = -1 };

void fputs_zero_bad(FILE *out) {
    if (fputs("text", out) == 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}

void fputs_eof_ok(FILE *out) {
    if (fputs("text", out) == EOF)
        abort();
}

void fputs_negative_ok(FILE *out) {
    if (fputs("text", out) < 0)
        abort();
}

void fprintf_zero_bad(FILE *out) {
    if (fprintf(out, "%d\n", 42) == 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}

void fprintf_enum_ok(FILE *out) {
    if (fprintf(out, "%d\n", 42) == FAILED)
        abort();
}

void fgets_negative_bad(char *buf, FILE *in) {
    if (fgets(buf, 100, in) < 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}

void fgets_null_ok(char *buf, FILE *in) {
    if (fgets(buf, 100, in) == NULL)
        abort();
}

void sscanf_zero_bad(const char *text, int *out) {
    if (sscanf(text, "%d", out) == 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}

void sscanf_two_ok(const char *text, int *a, int *b) {
    if (sscanf(text, "%d %d", a, b) == 2)
        return;
    abort();
}

void sscanf_eof_ok(const char *text, int *out) {
    if (sscanf(text, "%d", out) == EOF)
        abort();
}

void stored_bad(FILE *out) {
    int r = fputc('x', out);  // expect: clangcheck-errors-wrong-failure-test
    if (r == 0)
        abort();
}

int stored_returned_ok(FILE *out) {
    int r = fputc('x', out);
    if (r == 0)
        puts("zero");
    return r;  // the caller tests it
}

void weof_ok(FILE *out) {
    if (fputwc(L'x', out) == WEOF)
        abort();
}

void weof_zero_bad(FILE *out) {
    if (fputwc(L'x', out) == 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}

void socket_like_ok(void) {
    FILE *f = fopen("/tmp/x", "r");
    if (f == NULL)
        return;
    fclose(f);
}

void fputws_weof_ok(FILE *out) {
    if (fputws(L"text", out) == WEOF)  /* int -1 converted to wint_t: equal */
        abort();
}

int flush_ok(FILE *out) {
    return fflush(out) == 0 ? 0 : -1;
}

int fprintf_short_ok(FILE *out, const char *user) {
    if (fprintf(out, "%s:\n", user) < 2)  /* true on failure (and on a short line): it sees it */
        return 0;
    return 1;
}

int sscanf_with_count_ok(const char *text, unsigned *a, unsigned *b, int *n) {
    if (sscanf(text, "%u.%u%n", a, b, n) != 2)  /* %n converts nothing: 2 is full success */
        return -1;
    return 0;
}

void putchar_zero_bad(void) {
    if (putchar('A') == 0)  // expect: clangcheck-errors-wrong-failure-test
        abort();
}
