// new (std::nothrow) returns null on failure: the null branch holds nothing.
#include <new>

struct Block { char bytes[4096]; };

bool fill(Block *b) {
    b->bytes[0] = 1;
    return b->bytes[1] == 0;
}

int reserve_ok() {
    Block *b = new (std::nothrow) Block;
    if (b == nullptr)
        return -1;
    int rc = fill(b) ? 0 : 1;
    delete b;
    return rc;
}

int reserve_bad() {
    Block *b = new (std::nothrow) Block;
    if (!b)
        return -1;
    if (!fill(b))
        return 1;  // expect: clangcheck-ownership-leak
    delete b;
    return 0;
}
