// Raw owning members created lazily in a method; the destructor must delete them.
#include <string>

struct Index {
    std::string name;
};

class LazyCache_bad {
public:
    ~LazyCache_bad() {}
    Index *index() {
        if (!idx)
            idx = new Index;  // expect: clangcheck-ownership-member-not-released
        return idx;
    }

private:
    Index *idx = nullptr;
};

class LazyCache_ok {
public:
    ~LazyCache_ok() { clear(); }
    Index *index() {
        if (!idx)
            idx = new Index;
        return idx;
    }

private:
    void clear() { delete idx; }
    Index *idx = nullptr;
};
