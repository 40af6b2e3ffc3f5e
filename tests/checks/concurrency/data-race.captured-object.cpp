// A local object captured by reference into a thread's lambda is one object for both threads,
// even when its struct never synchronises; an object each thread makes for itself is not shared.
#include <thread>

struct Stats {
    int hits = 0;
};

int shared_bad() {
    Stats s;
    std::thread t([&s] { s.hits++; });
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'hits' is updated in thread 'shared_bad::(lambda at 11:19)' and written in the main thread without a common lock [clangcheck-concurrency-data-race]
    // CHECK-MESSAGES: :[[@LINE-2]]:28: note: updated here in thread 'shared_bad::(lambda at 11:19)', holding no lock
    // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread 'shared_bad::(lambda at 11:19)' is started here
    s.hits = 5;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: note: written here in the main thread, holding no lock
    t.join();
    return s.hits;
}

int own_ok() {
    std::thread t([] {
        Stats mine;
        mine.hits++;
    });
    Stats other;
    other.hits = 5;
    t.join();
    return other.hits;
}
