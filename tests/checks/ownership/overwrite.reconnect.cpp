// A fallback connection assigned over the first one while it still owns the only reference.
#include <string>

struct Conn {
    explicit Conn(const std::string &host) : host(host) {}
    bool ok() const { return !host.empty(); }
    std::string host;
};

int reconnect_bad(const std::string &primary, const std::string &backup) {
    Conn *c = new Conn(primary);
    if (!c->ok())
        c = new Conn(backup);  // expect: clangcheck-ownership-overwrite
    int rc = c->ok() ? 0 : -1;
    delete c;
    return rc;
}

int reconnect_ok(const std::string &primary, const std::string &backup) {
    Conn *c = new Conn(primary);
    if (!c->ok()) {
        delete c;
        c = new Conn(backup);
    }
    int rc = c->ok() ? 0 : -1;
    delete c;
    return rc;
}
