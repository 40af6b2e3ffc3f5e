/* Handles closed by the other family's function: neither is closed. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
void fd_by_fclose(void) {
    int fd = open("x", O_RDONLY);
    if (fd != -1)
        fclose((FILE *)fd);  // expect: clangcheck-ownership-mismatched-release
}
void file_by_close(void) {
    FILE *f = fopen("x", "r");
    if (f)
        close((int)(long)f);  // expect: clangcheck-ownership-mismatched-release
}
void matched(void) {
    int fd = open("x", O_RDONLY);
    if (fd != -1)
        close(fd);
}
