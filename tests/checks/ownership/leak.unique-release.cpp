// unique_ptr::release() hands the object to a raw pointer: from there it is the raw owner's job.
#include <memory>

struct Session {
    bool open() { return true; }
    int id = 0;
};

void adopt(std::unique_ptr<Session> s);

int released_then_lost_bad() {
    auto owner = std::make_unique<Session>();
    Session *raw = owner.release();
    if (!raw->open())
        return -1;  // expect: clangcheck-ownership-leak
    delete raw;
    return 0;
}

int released_then_deleted_ok() {
    auto owner = std::make_unique<Session>();
    Session *raw = owner.release();
    int id = raw->id;
    delete raw;
    return id;
}

void released_then_readopted_ok() {
    std::unique_ptr<Session> owner(new Session);
    Session *raw = owner.release();
    adopt(std::unique_ptr<Session>(raw));
}

void kept_ok() {
    std::unique_ptr<Session> owner(new Session);
    owner->open();
}
