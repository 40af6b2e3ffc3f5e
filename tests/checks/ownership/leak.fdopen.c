// CWE-775: a descriptor wrapped in a stream by fdopen; fclose then closes both.
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int valid_name(const char *);

int append_line_bad(const char *path, const char *line) {
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        return -1;
    if (!valid_name(path))
        return -1;  // expect: clangcheck-ownership-leak
    FILE *f = fdopen(fd, "a");
    if (!f) {
        close(fd);
        return -1;
    }
    fputs(line, f);
    fclose(f);
    return 0;
}

int append_line_ok(const char *path, const char *line) {
    int fd = open(path, O_WRONLY | O_APPEND);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "a");
    if (!f) {
        close(fd);
        return -1;
    }
    fputs(line, f);
    fclose(f);
    return 0;
}

int stream_not_closed_bad(int fd) {
    FILE *f = fdopen(fd, "r");  // expect: clangcheck-ownership-leak
    if (!f)
        return -1;
    return fgetc(f);
}
