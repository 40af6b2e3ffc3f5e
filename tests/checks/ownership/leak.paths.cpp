// Leaks on one path only: loops, goto, throw; exception paths from calls are not followed by default.
#include <cstdlib>
#include <cstdio>
#include <stdexcept>

bool step(int);
void may_throw(int);

int loop_continue_bad(int count) {
    int ok = 0;
    for (int i = 0; i < count; ++i) {
        char *msg = new char[64];
        if (!step(i))
            continue;  // expect: clangcheck-ownership-leak
        ++ok;
        delete[] msg;
    }
    return ok;
}

bool loop_break_bad() {
    for (;;) {
        char *chunk = static_cast<char *>(std::malloc(128));
        if (chunk == nullptr)
            return false;
        if (!step(1))
            break;  // expect: clangcheck-ownership-leak
        std::free(chunk);
    }
    return true;
}

int goto_bad(int n) {
    char *p = static_cast<char *>(std::malloc(16));
    if (!p)
        return -1;
    if (!step(n))
        goto out;  // expect: clangcheck-ownership-leak
    std::free(p);
out:
    return 0;
}

void throw_bad(int n) {
    int *data = new int[8];
    if (n < 0)
        throw std::runtime_error("negative");  // expect: clangcheck-ownership-leak
    delete[] data;
}

void reallocated_each_iteration_bad(int n) {
    char *p = nullptr;
    for (int i = 0; i < n; ++i) {
        p = static_cast<char *>(std::malloc(8));  // expect: clangcheck-ownership-leak
        if (p == nullptr)
            return;
        step(i);
    }
    std::free(p);
}

int loop_released_ok(int count) {
    int ok = 0;
    for (int i = 0; i < count; ++i) {
        char *msg = new char[64];
        if (!step(i)) {
            delete[] msg;
            continue;
        }
        ++ok;
        delete[] msg;
    }
    return ok;
}

int goto_cleanup_ok(int n) {
    int rc = -1;
    char *p = static_cast<char *>(std::malloc(16));
    if (!p)
        return -1;
    if (!step(n))
        goto out;
    rc = 0;
out:
    std::free(p);
    return rc;
}

void exception_from_call_ok(int n) {
    int *data = new int[8];
    may_throw(n);  // not followed by default (ReportExceptionPaths)
    delete[] data;
}

void caught_throw_ok(int n) {
    int *data = new int[8];
    try {
        if (n < 0)
            throw std::runtime_error("negative");
    } catch (const std::exception &) {
    }
    delete[] data;
}

void abort_path_ok(int n) {
    FILE *f = std::fopen("/tmp/x", "w");
    if (!f)
        return;
    if (n < 0)
        std::abort();
    std::fclose(f);
}
