// Overloads share a name but not what they do with their pointer: only the one that dereferences
// its argument before a check makes an unchecked allocation a finding.
#include <cstdlib>
#include <cstring>

struct record {
    int id;
    char name[16];
};

static void store(record *r, int id) {
    r->id = id;
}

static void store(record *r) {
    if (r == nullptr)
        return;
    r->id = 0;
}

static void store(record *r, const char *name) {
    store(r, 1);
    std::strcpy(r->name, name);
}

void overload_bad() {
    record *r = static_cast<record *>(std::malloc(sizeof(record)));
    // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: the result of 'malloc' may be null and 'r' is used without a check [clangcheck-errors-null-unchecked]
    store(r, "abc");
    // CHECK-MESSAGES: :[[@LINE-1]]:11: note: 'r' is dereferenced here before any null check
    std::free(r);
}

void overload_ok() {
    record *r = static_cast<record *>(std::malloc(sizeof(record)));
    store(r);
    std::free(r);
}
