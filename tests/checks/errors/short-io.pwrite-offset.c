// RUN-CHECKS: -*,clangcheck-errors-*
// pread/pwrite at an offset: a short transfer is as possible as with read/write.
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <sys/types.h>
#include <unistd.h>

int write_block_bad(int fd, const char *block, size_t size, off_t at) {
    if (pwrite(fd, block, size, at) < 0)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}

int write_block_ok(int fd, const char *block, size_t size, off_t at) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fd, block + done, size - done, at + (off_t)done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

int read_block_ok(int fd, char *block, size_t size, off_t at) {
    ssize_t n = pread(fd, block, size, at);
    if (n < 0 || (size_t)n < size)
        return -1;  // a hole or the end of the file: not a full block
    return 0;
}

int read_superblock_bad(int fd, char *sb) {
    ssize_t n = pread(fd, sb, 1024, 0);  // expect: clangcheck-errors-short-io
    if (n == -1)
        return -1;
    return sb[0];
}
