// RUN-CHECKS: -*,clangcheck-errors-*
// Deliberate discards: a (void) cast, and the `if (call) {}` idiom that silences warn_unused_result.
// A test whose branches meet at once decides nothing: it is read as a deliberate discard too.
#include <unistd.h>

void wake_pipe_ok(int wake_fd) {
    (void)write(wake_fd, "x", 1);  // the reader only needs a byte to be pending
}

void restore_terminal_ok(void) {
    if (write(STDOUT_FILENO, "\x1b[?25h", 6) <= 0) {}  // best effort at exit: to avoid a warning
}

void restore_cursor_ok(void) {
    if (write(STDOUT_FILENO, "\x1b[H", 3) < 0)
        ;  // deliberately ignored
}

void hide_cursor_bad(void) {
    write(STDOUT_FILENO, "\x1b[?25l", 6);  // expect: clangcheck-errors-unchecked-result
}

int show_cursor_bad(void) {
    if (write(STDOUT_FILENO, "\x1b[?25h", 6) < 0)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}
