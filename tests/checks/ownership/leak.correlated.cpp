// Branches that test the same thing twice: no path opens without closing.
#include <fcntl.h>
#include <unistd.h>
#include <new>

struct Reader {
    bool permanent_;
    int fd_;

    int read_ok(const char *name) const {
        int fd = fd_;
        if (!permanent_) {
            fd = ::open(name, O_RDONLY);
            if (fd < 0)
                return -1;
        }
        int r = static_cast<int>(::read(fd, nullptr, 0));
        if (!permanent_)
            ::close(fd);
        return r;
    }

    int read_flag_changed_bad(const char *name, bool temporary) {
        bool close_it = temporary;
        int fd = fd_;
        if (close_it) {
            fd = ::open(name, O_RDONLY);
            if (fd < 0)
                return -1;
        }
        close_it = false;
        int r = static_cast<int>(::read(fd, nullptr, 0));
        if (close_it)
            ::close(fd);
        return r;  // expect: clangcheck-ownership-leak
    }
};

struct Block { int size; };
struct Cleanup { void (*fn)(void *); void *arg; };
void register_cleanup(Cleanup *c, void (*fn)(void *), void *arg);
void delete_block(void *b);

// a callback and its context: the cleanup takes the block
void callback_context_ok(Cleanup *c) {
    Block *b = new Block{3};
    register_cleanup(c, &delete_block, b);
}

struct File {
    File(const char *name, int fd);
    int fd_;
};

// the handle goes into the object that closes it
File *constructor_adopts_handle_ok(const char *name) {
    int fd = ::open(name, O_RDONLY);
    if (fd < 0)
        return nullptr;
    return new File(name, fd);
}

struct Node { int key; };

// placement new builds in storage owned elsewhere: nothing to release
Node *placement_ok(void *storage) {
    Node *n = new (storage) Node{1};
    return n->key ? n : nullptr;
}
