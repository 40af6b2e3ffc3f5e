// RUN-CHECKS: -*,clangcheck-errors-*
// File-system calls that fail for ordinary reasons (missing directory, permissions, full disk).
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

void rotate_log_bad(const char *log, const char *old) {
    rename(log, old);  // expect: clangcheck-errors-unchecked-result
}

int rotate_log_ok(const char *log, const char *old) {
    if (rename(log, old) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

int ensure_dir_ok(const char *dir) {
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

void make_spool_bad(const char *dir) {
    mkdir(dir, 0700);  // expect: clangcheck-errors-unchecked-result
}

void drop_lock_ok(const char *lock) {
    (void)unlink(lock);  // stale or already gone: either way, nothing to do
}

int cleanup_bad(const char *tmp) {
    int rc = unlink(tmp);  // expect: clangcheck-errors-unchecked-result
    return 0;
}
