// A pointer that may be null, one call away: a helper that hands back an allocator's result
// unchecked, a helper that dereferences its parameter before any check, and helpers of helpers.
#include <stdlib.h>
#include <string.h>

struct buf {
    char *data;
    size_t len;
};

static char *make_name(size_t n) {
    char *s = (char *)malloc(n);
    return s;
}

static char *make_name_twice(size_t n) {
    return make_name(n);
}

static char *make_name_checked(size_t n) {
    char *s = (char *)malloc(n);
    if (s == NULL)
        exit(1);
    return s;
}

static struct buf *find_buf(struct buf *table, size_t n, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (table[i].len == len)
            return &table[i];
    return NULL;  /* a lookup: not an allocator's failure */
}

static void fill(struct buf *b, const char *text) {
    b->len = strlen(text);
}

static void fill_twice(struct buf *b, const char *text) {
    fill(b, text);
}

static void fill_if(struct buf *b, const char *text) {
    if (b != NULL)
        b->len = strlen(text);
}

void source_bad(void) {
    char *name = make_name(16);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the result of 'make_name' may be null and 'name' is used without a check [clangcheck-errors-null-unchecked]
    strcpy(name, "x");
    // CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'name' is dereferenced here before any null check
    free(name);
}

void source_of_source_bad(void) {
    char *name = make_name_twice(16);  // expect: clangcheck-errors-null-unchecked
    name[0] = 'x';
    free(name);
}

void source_ok(void) {
    char *name = make_name(16);
    if (name == NULL)
        return;
    strcpy(name, "x");
    free(name);
}

void checked_source_ok(void) {
    char *name = make_name_checked(16);
    strcpy(name, "x");
    free(name);
}

void lookup_ok(struct buf *table, size_t n) {
    struct buf *b = find_buf(table, n, 4);
    b->len = 0;  /* the caller knows the entry exists: not this check's business */
}

void sink_bad(void) {
    struct buf *b = (struct buf *)malloc(sizeof *b);
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: the result of 'malloc' may be null and 'b' is used without a check [clangcheck-errors-null-unchecked]
    fill_twice(b, "hello");
    // CHECK-MESSAGES: :[[@LINE-1]]:16: note: 'b' is dereferenced here before any null check
    free(b);
}

void sink_ok(void) {
    struct buf *b = (struct buf *)malloc(sizeof *b);
    fill_if(b, "hello");
    free(b);
}

void self_argument_bad(char *data) {
    data = make_name(8);  // expect: clangcheck-errors-null-unchecked
    strcpy(data, "ab");
    free(data);
}

void copied_bad(void) {
    char *name = make_name(4);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the result of 'make_name' may be null and 'name' is used without a check [clangcheck-errors-null-unchecked]
    char *copy = name;
    copy[0] = 'a';
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: 'copy' is dereferenced here before any null check
    free(name);
}

void copied_ok(void) {
    char *name = make_name(4);
    char *copy = name;
    if (copy == NULL)
        return;
    copy[0] = 'a';
    free(name);
}
