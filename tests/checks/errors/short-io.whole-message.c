// RUN-ARGS: -D_GNU_SOURCE
// An eventfd's or timerfd's 8-byte counter moves whole or not at all: testing the count for
// failure is the whole check. Known from the call that made the descriptor, through copies and
// arrays; a descriptor that may also come from elsewhere (pipe() fills the same array) is not.
#include <stdint.h>
#include <time.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

struct loop {
    int eventfds[2];
    int tfd;
    int pipefds[2];
};

int create(struct loop *l) {
    int efd = eventfd(0, 0);
    if (efd < 0)
        return -1;
    l->eventfds[0] = l->eventfds[1] = efd;
    l->tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    if (pipe(l->pipefds) != 0)
        return -1;
    return 0;
}

void destroy(struct loop *l) {
    close(l->tfd);
    l->tfd = -1;
}

int post(struct loop *l) {
    uint64_t count = 1;
    int nwrite = write(l->eventfds[1], &count, sizeof(count));
    if (nwrite <= 0)
        return -1;
    return 0;
}

int on_timer(struct loop *l) {
    uint64_t expirations;
    if (read(l->tfd, &expirations, sizeof expirations) < 0)
        return -1;
    return (int)expirations;
}

int local_counter(void) {
    int fd = eventfd(0, 0);
    uint64_t v;
    if (read(fd, &v, sizeof v) < 0)
        return -1;
    return (int)v;
}

int wake_bad(struct loop *l) {
    uint64_t count = 1;
    if (write(l->pipefds[1], &count, sizeof count) < 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: the byte count of 'write' is checked for failure only, never against 'sizeof count' [clangcheck-errors-short-io]
        return -1;
    return 0;
}

int any_descriptor_bad(int fd) {
    uint64_t count = 1;
    int nwrite = write(fd, &count, sizeof(count));
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: the byte count of 'write' is checked for failure only, never against 'sizeof(count)' [clangcheck-errors-short-io]
    if (nwrite <= 0)
        return -1;
    return 0;
}
