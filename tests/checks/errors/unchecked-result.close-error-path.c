// RUN-CHECKS: -*,clangcheck-errors-*
// close/fclose of a written handle: on an error path (the write already failed, or the function
// returns an error anyway) its result adds nothing; after a successful write it is the last word.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int save_ok(const char *path, const char *buf, size_t n) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    if (write(fd, buf, n) != (ssize_t)n) {
        close(fd);  // the write failed: that is the error reported
        return -1;
    }
    return close(fd);
}

int save_errno_ok(const char *path, const char *buf, size_t n) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -errno;
    ssize_t w = write(fd, buf, n);
    if (w != (ssize_t)n)
        goto fail;
    if (fsync(fd) != 0)
        goto fail;
    return close(fd) == 0 ? 0 : -errno;
fail:
    close(fd);
    return -errno;
}

void log_line_ok(FILE *f, const char *line) {
    if (fputs(line, f) < 0) {
        fclose(f);  // only on the failure branch of the write
        return;
    }
    if (fclose(f) != 0)
        perror("fclose");
}

void dump_or_die_ok(FILE *f, const char *text) {
    if (fputs(text, f) == EOF) {
        fclose(f);
        exit(EXIT_FAILURE);
    }
    if (fclose(f) == EOF)
        exit(EXIT_FAILURE);
}

int save_bad(const char *path, const char *buf, size_t n) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    if (write(fd, buf, n) != (ssize_t)n) {
        close(fd);
        return -1;
    }
    close(fd);  // expect: clangcheck-errors-unchecked-result
    return 0;
}

void report_bad(FILE *f, int value) {
    if (fprintf(f, "%d\n", value) < 0)
        perror("fprintf");  // reported, but then the stream is closed unchecked on both paths
    fclose(f);  // expect: clangcheck-errors-unchecked-result
}

void write_success_path_bad(FILE *f, const char *text) {
    if (fputs(text, f) >= 0) {
        fclose(f);  // expect: clangcheck-errors-unchecked-result
        return;
    }
    perror("fputs");
}
