// Library code (no main): its entry points are not assumed to run alongside a thread that outlives
// its starter unless the class is meant to be shared (a mutex, an atomic or a thread member, a lock
// taken over its fields, or the object a thread runs on), as RacerD does. What the starter itself
// does after the start is always concurrent with the thread.
#include <thread>

class Engine {
public:
    void start() { worker_ = std::thread(&Engine::loop, this); }
    // CHECK-MESSAGES: :[[@LINE-1]]:30: note: thread 'Engine::loop' is started here
    void stop() { worker_.join(); }
    int seen() const { return seen_; }
    // CHECK-MESSAGES: :[[@LINE-1]]:31: note: read here in the main thread, holding no lock

private:
    void loop() { seen_ = seen_ + 1; }
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'seen_' is written in thread 'Engine::loop' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
    // CHECK-MESSAGES: :[[@LINE-2]]:19: note: written here in thread 'Engine::loop', holding no lock
    std::thread worker_;
    int seen_ = 0;
};

struct Parser {
    int depth = 0;
    void parse(const char *) { depth = depth + 1; }
    // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'depth' is written in thread 'parse_and_peek_bad::(lambda at 37:19)' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
    // CHECK-MESSAGES: :[[@LINE-2]]:32: note: written here in thread 'parse_and_peek_bad::(lambda at 37:19)', holding no lock
};

void parse_in_background_ok(Parser *p) {
    std::thread([p] { p->parse("x"); }).detach();
}

int parser_depth_ok(const Parser &p) { return p.depth; }

int parse_and_peek_bad(Parser *p) {
    std::thread t([p] { p->parse("y"); });
    // CHECK-MESSAGES: :[[@LINE-1]]:17: note: thread 'parse_and_peek_bad::(lambda at 37:19)' is started here
    int d = p->depth;
    // CHECK-MESSAGES: :[[@LINE-1]]:16: note: read here in the main thread, holding no lock
    t.join();
    return d;
}
