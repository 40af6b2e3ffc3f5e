// Heap objects and handles with no owner on some path (C++ and POSIX).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/socket.h>
#include <netinet/in.h>

struct Widget { int size = 0; void grow() { ++size; } };
bool ready(int);
void consume(Widget *w);                 // defined elsewhere: may keep it (escape, silent)
void inspect(const Widget *w);           // pointer to const: borrowed

bool early_return_bad(int n) {
    Widget *w = new Widget;
    if (!ready(n))
        return false;
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: potential leak of 'w' allocated by 'new Widget' [clangcheck-ownership-leak]
    // CHECK-MESSAGES: :[[@LINE-4]]:17: note: allocated here
    // CHECK-MESSAGES: :[[@LINE-4]]:9: note: assuming '!ready(n)' is true
    // CHECK-MESSAGES: :[[@LINE-4]]:9: note: this return leaves 'w' unowned
    w->grow();
    delete w;
    return true;
}

void never_released_bad() {
    char *buf = static_cast<char *>(std::malloc(64));
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'buf' allocated by 'malloc' is never released [clangcheck-ownership-leak]
    std::strcpy(buf, "x");
}

void discarded_bad() {
    new Widget;  // expect: clangcheck-ownership-leak
}

int socket_on_error_bad(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
        return -1;  // expect: clangcheck-ownership-leak
    return fd;
}

int open_leak_bad(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd == -1)
        return -1;
    char c;
    if (read(fd, &c, 1) != 1)
        return -2;  // expect: clangcheck-ownership-leak
    close(fd);
    return c;
}

long dir_leak_bad(const char *path) {
    DIR *d = opendir(path);
    if (!d)
        return -1;
    long n = 0;
    while (readdir(d) != nullptr) {
        if (++n > 100)
            return n;  // expect: clangcheck-ownership-leak
    }
    closedir(d);
    return n;
}

bool released_on_every_path_ok(int n) {
    Widget *w = new Widget;
    if (!ready(n)) {
        delete w;
        return false;
    }
    delete w;
    return true;
}

int null_checked_ok(const char *path) {
    FILE *f = std::fopen(path, "r");
    if (f == nullptr)
        return -1;
    int c = std::fgetc(f);
    std::fclose(f);
    return c;
}

int assigned_in_condition_ok(const char *path) {
    FILE *f;
    if ((f = std::fopen(path, "r")) == NULL)
        return -1;
    std::fclose(f);
    return 0;
}

Widget *returned_to_caller_ok() {
    Widget *w = new Widget;
    w->grow();
    return w;
}

void smart_pointers_ok() {
    std::unique_ptr<Widget> a(new Widget);
    auto b = std::make_unique<Widget>();
    std::shared_ptr<Widget> c(new Widget);
    a.reset(new Widget);
    Widget *raw = new Widget;
    std::unique_ptr<Widget> d(raw);
}

void container_ok(std::vector<Widget *> &all) {
    Widget *w = new Widget;
    all.push_back(w);
}

Widget *g_current;
struct Holder { Widget *w; };

void stored_ok(Holder &h) {
    Widget *a = new Widget;
    g_current = a;
    Widget *b = new Widget;
    h.w = b;
}

void escapes_to_unknown_ok() {
    Widget *w = new Widget;
    consume(w);  // consume() is not visible here: silent
}

void borrowed_then_deleted_ok() {
    Widget *w = new Widget;
    inspect(w);
    delete w;
}

void alias_released_ok() {
    Widget *w = new Widget;
    Widget *same = w;
    delete same;
}

void exit_is_not_a_leak_ok(int n) {
    char *p = static_cast<char *>(std::malloc(16));
    if (n < 0)
        std::exit(1);
    std::free(p);
}

void lambda_capture_ok(std::vector<void (*)()> &) {
    Widget *w = new Widget;
    auto done = [w]() { delete w; };
    done();
}
