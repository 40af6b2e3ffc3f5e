// The only pointer to an allocation is reassigned before the allocation is released.
#include <cstdlib>
#include <cstring>

bool big(int);

char *grow_bad(int n) {
    char *out = new char[16];
    if (big(n))
        out = new char[n];
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'out' is overwritten while it owns memory allocated by 'new char[]' [clangcheck-ownership-overwrite]
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: allocated here
    // CHECK-MESSAGES: :[[@LINE-4]]:9: note: assuming 'big(n)' is true
    return out;
}

bool realloc_bad(char *&data, size_t n) {
    char *p = static_cast<char *>(std::malloc(8));
    if (!p)
        return false;
    p = static_cast<char *>(std::realloc(p, n));  // expect: clangcheck-ownership-overwrite
    if (!p)
        return false;
    data = p;
    return true;
}

void nulled_bad() {
    int *v = new int(3);
    v = nullptr;  // expect: clangcheck-ownership-overwrite
}

char *grow_ok(int n) {
    char *out = new char[16];
    if (big(n)) {
        delete[] out;
        out = new char[n];
    }
    return out;
}

bool realloc_ok(char *&data, size_t n) {
    char *p = static_cast<char *>(std::malloc(8));
    if (!p)
        return false;
    char *q = static_cast<char *>(std::realloc(p, n));
    if (!q) {
        std::free(p);
        return false;
    }
    data = q;
    return true;
}

void reassigned_after_free_ok() {
    int *v = new int(3);
    delete v;
    v = nullptr;
    v = new int(4);
    delete v;
}

void alias_keeps_it_ok() {
    int *v = new int(3);
    int *keep = v;
    v = new int(4);
    delete v;
    delete keep;
}
