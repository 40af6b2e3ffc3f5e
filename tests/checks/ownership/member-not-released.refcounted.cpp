// RUN-CHECKS: -*,clangcheck-ownership-*
// Reference-counted objects release themselves: a method that may `delete this` (directly or
// through another such method) releases the object it is called on.
class RefCounted {
public:
    void duplicate() { ++_rc; }
    void release() {
        if (--_rc == 0)
            delete this;
    }
    void unref() { release(); }
protected:
    virtual ~RefCounted() = default;
private:
    int _rc = 1;
};

class Impl : public RefCounted {
public:
    int value = 0;
};

class Handle {
public:
    Handle() : _pImpl(new Impl) {}
    ~Handle() { _pImpl->release(); }
private:
    Impl *_pImpl;
};

class Holder {
public:
    Holder() : _pImpl(new Impl) {}
    ~Holder() { _pImpl->unref(); }
private:
    Impl *_pImpl;
};

class Forgetful {
public:
    Forgetful() : _pImpl(new Impl) {}  // expect: clangcheck-ownership-member-not-released
    ~Forgetful() { _pImpl->duplicate(); }
private:
    Impl *_pImpl;
};

int local_release_ok(int v) {
    Impl *impl = new Impl;
    impl->value = v;
    int out = impl->value;
    impl->release();
    return out;
}

int local_forgotten_bad(int v) {
    Impl *impl = new Impl;
    impl->value = v;
    if (v < 0)
        return -1;  // expect: clangcheck-ownership-leak
    impl->release();
    return v;
}
