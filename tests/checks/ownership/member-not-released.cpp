// Raw owning members that the destructor does not release (same TU; the cross-TU case is a pytest).
#include <cstdlib>

struct Frame { char *payload = nullptr; };

class Connection {
public:
    Connection();
    ~Connection();
    void reset();
private:
    Frame *pending_;
    char *label_;
    char *scratch_;
};

Connection::Connection() : pending_(new Frame), label_(new char[16]), scratch_(nullptr) {
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: member 'pending_' owns memory allocated by 'new Frame' that '~Connection' never releases [clangcheck-ownership-member-not-released]
    // CHECK-MESSAGES: :[[@LINE-2]]:37: note: allocated here
    // CHECK-MESSAGES: :[[@LINE+6]]:13: note: '~Connection' does not release 'pending_'
    scratch_ = static_cast<char *>(std::malloc(32));
}

void Connection::reset() { std::free(scratch_); scratch_ = nullptr; }

Connection::~Connection() {
    delete[] label_;
    reset();  // releases scratch_: followed through the call
}

class Cache {
public:
    void fill() { data_ = new int[8]; }  // expect: clangcheck-ownership-member-not-released
private:
    int *data_ = nullptr;  // no destructor declared: nothing releases it
};

class Pool {
public:
    Pool() { items_ = new int[4]; buffer_ = static_cast<char *>(std::malloc(8)); }
    ~Pool() { delete[] items_; std::free(buffer_); }
private:
    int *items_;
    char *buffer_;
};

class Declared {
public:
    Declared() { p_ = new int(1); }
    ~Declared();  // defined in a TU not analyzed here: silent
private:
    int *p_;
};
