// Allocation and release macros that test their pointer (`if (p) free(p)`): the null test inside
// the macro is known from the AST, so the path where the pointer is null (it cannot be: the
// allocation macro exits on failure) is not explored. A return before the release still leaks.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAFE_ALLOC(p, size) do { void *ptr_ = malloc(size); if (!ptr_) exit(1); memset(ptr_, 0, size); *(void **)&(p) = ptr_; } while (0)
#define SAFE_FREE(p) do { if (p) { free(p); (p) = NULL; } } while (0)

int consume(char *buf, int n);

int copy_ok(int n) {
    char *buf = NULL;
    SAFE_ALLOC(buf, 64);
    int total = 0;
    while (total < n)
        total += consume(buf, 64);
    SAFE_FREE(buf);
    return total;
}

int copy_bad(int n) {
    char *buf = NULL;
    SAFE_ALLOC(buf, 64);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: note: allocated here
    if (n < 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: note: assuming 'n < 0' is true
        return -1;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: potential leak of 'ptr_' allocated by 'malloc' [clangcheck-ownership-leak]
        // CHECK-MESSAGES: :[[@LINE-2]]:9: note: this return leaves 'ptr_' unowned
    int total = consume(buf, n);
    SAFE_FREE(buf);
    return total;
}
