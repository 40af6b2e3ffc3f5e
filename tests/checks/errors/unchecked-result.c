// C: close/fclose count only on a handle this function wrote; stored results must be read.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void fclose_written_bad(const char *path, int pid) {
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return;
    fprintf(f, "%d\n", pid);
    fclose(f);  // expect: clangcheck-errors-unchecked-result
}

void close_written_bad(int fd, const char *buf, size_t n) {
    if (write(fd, buf, n) != (ssize_t)n)
        return;
    close(fd);  // expect: clangcheck-errors-unchecked-result
}

void close_read_only_ok(int fd, char *buf, size_t n) {
    if (read(fd, buf, n) != (ssize_t)n)
        buf[0] = 0;
    close(fd);  // nothing was written: nothing can be lost
}

void fclose_unwritten_ok(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return;
    fclose(f);
}

void fclose_checked_ok(FILE *f) {
    fputs("done\n", f);
    if (fclose(f) != 0)
        perror("fclose");
}

void void_cast_ok(int fd) {
    (void)close(fd);
    (void)fflush(stdout);
}

void *malloc_never_read_bad(size_t n) {
    void *p = malloc(n);  // expect: clangcheck-errors-unchecked-result
    return NULL;
}

int fflush_discarded_bad(void) {
    fflush(stdout);  // stdout: reported only with Strict: true
    return 0;
}
