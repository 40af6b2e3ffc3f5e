// The standard streams are synchronised: two threads printing to std::cerr interleave their output
// but do not race. A plain std::ostringstream shared the same way does.
#include <iostream>
#include <sstream>
#include <thread>

static std::ostringstream g_log;

void report_ok(int n) { std::cerr << "done " << n << '\n'; }
void log_bad(int n) { g_log << n; }
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'g_log' is written in thread 'log_bad' and read in the main thread without a common lock [clangcheck-concurrency-data-race]
// CHECK-MESSAGES: :[[@LINE-2]]:23: note: written here in thread 'log_bad', holding no lock
// CHECK-MESSAGES: :[[@LINE-3]]:23: note: read here in the main thread, holding no lock

int main() {
    std::thread a(report_ok, 1);
    std::thread b(log_bad, 2);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: note: thread 'log_bad' is started here
    report_ok(3);
    log_bad(4);
    a.join();
    b.join();
    return 0;
}
