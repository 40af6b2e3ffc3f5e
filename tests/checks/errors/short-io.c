// Byte counts checked only for failure (C, POSIX and stdio).
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int write_header_bad(int fd, const char *hdr, size_t len) {
    ssize_t n = write(fd, hdr, len);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: the byte count of 'write' is checked for failure only, never against 'len' [clangcheck-errors-short-io]
    // CHECK-MESSAGES: :[[@LINE+1]]:9: note: the count is only tested for failure here
    if (n < 0)
        return -1;
    return 0;
}

int send_direct_bad(int fd, const char *buf) {
    if (send(fd, buf, 8, 0) == -1)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}

int recv_not_bad(int fd, char *buf, size_t cap) {
    ssize_t got = recv(fd, buf, cap, 0);  // expect: clangcheck-errors-short-io
    if (!got || got == -1)
        return -1;
    return buf[0];  // assumes the whole buffer arrived
}

int fwrite_zero_bad(FILE *out, const char *rec, size_t count) {
    if (fwrite(rec, 16, count, out) == 0)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}

int assigned_in_condition_bad(int fd, char *buf) {
    ssize_t n;
    if ((n = read(fd, buf, 64)) < 0)  // expect: clangcheck-errors-short-io
        return -1;
    return buf[0];
}

int compared_with_size_ok(int fd, const char *buf, size_t len) {
    ssize_t n = write(fd, buf, len);
    if (n < 0 || (size_t)n != len)
        return -1;
    return 0;
}

int write_all_loop_ok(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int accumulating_offset_ok(int fd, char *buf, size_t len) {
    size_t off = 0;
    while (off < len) {
        ssize_t n = read(fd, buf + off, len - off);
        if (n <= 0)
            return -1;
        off += (size_t)n;
    }
    return 0;
}

ssize_t propagated_ok(int fd, const char *buf, size_t len) {
    ssize_t n = write(fd, buf, len);
    if (n < 0)
        perror("write");
    return n;  // the caller compares
}

long consumed_count_ok(int fd, char *buf, size_t cap) {
    ssize_t n = read(fd, buf, cap);
    if (n <= 0)
        return -1;
    return (long)fwrite(buf, 1, (size_t)n, stdout);  // processes what arrived, however much
}

int fread_item_ok(FILE *in, int *value) {
    if (fread(value, sizeof *value, 1, in) != 1)
        return -1;
    return 0;
}

int retry_on_eintr_ok(int fd, const char *buf, size_t len) {
    ssize_t n;
    do {
        n = write(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)len ? 0 : -1;
}

int one_byte_ok(int fd, char *c) {
    if (read(fd, c, 1) <= 0)  // one byte either arrives or not: nothing can be short
        return -1;
    return *c;
}

int clear_screen_bad(void) {
    if (write(STDOUT_FILENO, "\x1b[H\x1b[2J", 7) <= 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the byte count of 'write' is checked for failure only, never against '7' [clangcheck-errors-short-io]
        return -1;
    return 0;
}
