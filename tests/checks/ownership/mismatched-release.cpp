// Memory released with the wrong function for its allocation.
#include <cstdlib>

struct Frame { int n; };

void array_delete_bad() {
    char *buf = new char[64];
    delete buf;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'buf' allocated by 'new[]' is released with 'delete' [clangcheck-ownership-mismatched-release]
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: allocated here
}

void scalar_array_delete_bad() {
    Frame *f = new Frame;
    delete[] f;  // expect: clangcheck-ownership-mismatched-release
}

void new_free_bad() {
    Frame *f = new Frame;
    std::free(f);  // expect: clangcheck-ownership-mismatched-release
}

void malloc_delete_bad() {
    int *p = static_cast<int *>(std::malloc(sizeof(int)));
    delete p;  // expect: clangcheck-ownership-mismatched-release
}

void matched_ok() {
    char *buf = new char[64];
    delete[] buf;
    Frame *f = new Frame;
    delete f;
    int *p = static_cast<int *>(std::malloc(sizeof(int)));
    std::free(p);
}

void matched_per_branch_ok(bool many) {
    if (many) {
        char *arr = new char[8];
        delete[] arr;
        return;
    }
    char *one = new char;
    char *same = one;
    delete same;
}
