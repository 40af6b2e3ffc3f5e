// CWE-762 (Juliet-style): release functions that do not match the allocation.
#include <cstdlib>

struct Point { int x, y; };

void array_with_scalar_delete_bad() {
    Point *pts = new Point[4];
    pts[0].x = 1;
    delete pts;  // expect: clangcheck-ownership-mismatched-release
}

void array_with_array_delete_ok() {
    Point *pts = new Point[4];
    pts[0].x = 1;
    delete[] pts;
}

void malloc_with_delete_bad() {
    int *v = static_cast<int *>(std::malloc(sizeof(int) * 4));
    if (!v)
        return;
    v[0] = 1;
    delete v;  // expect: clangcheck-ownership-mismatched-release
}

void malloc_with_free_ok() {
    int *v = static_cast<int *>(std::malloc(sizeof(int) * 4));
    if (!v)
        return;
    v[0] = 1;
    std::free(v);
}

void new_with_free_bad() {
    Point *p = new Point{1, 2};
    std::free(p);  // expect: clangcheck-ownership-mismatched-release
}
