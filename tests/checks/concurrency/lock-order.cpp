// Two locks taken in opposite orders by two threads can deadlock.
#include <mutex>
#include <thread>

// --- bad: transfer() takes a then b, refund() takes b then a, each in its own thread --------------
std::mutex a_mutex, b_mutex;
int a_balance, b_balance;
void transfer() {
    std::lock_guard<std::mutex> first(a_mutex);
    std::lock_guard<std::mutex> second(b_mutex);  // expect: clangcheck-concurrency-lock-order
    --a_balance;
    ++b_balance;
}
void refund() {
    std::lock_guard<std::mutex> first(b_mutex);
    std::lock_guard<std::mutex> second(a_mutex);
    --b_balance;
    ++a_balance;
}
void run_bank() {
    std::thread t1(transfer);
    std::thread t2(refund);
    t1.join();
    t2.join();
}

// --- ok: the same two locks, always in the same order; scoped_lock takes both at once ---------------
std::mutex c_mutex, d_mutex;
int c_value, d_value;
void left() {
    std::lock_guard<std::mutex> first(c_mutex);
    std::lock_guard<std::mutex> second(d_mutex);
    ++c_value;
}
void right() {
    std::lock_guard<std::mutex> first(c_mutex);
    std::lock_guard<std::mutex> second(d_mutex);
    ++d_value;
}
void both() {
    std::scoped_lock all(d_mutex, c_mutex);
    c_value = d_value;
}
void run_ordered() {
    std::thread t1(left);
    std::thread t2(right);
    std::thread t3(both);
    t1.join();
    t2.join();
    t3.join();
}

// --- bad: a lock held in the caller, the other taken in the callee, against a thread doing the reverse ---
std::mutex e_mutex, f_mutex;
void take_f() { f_mutex.lock(); f_mutex.unlock(); }  // expect: clangcheck-concurrency-lock-order
void e_then_f() {
    e_mutex.lock();
    take_f();
    e_mutex.unlock();
}
void f_then_e() {
    f_mutex.lock();
    e_mutex.lock();
    e_mutex.unlock();
    f_mutex.unlock();
}
void run_nested() {
    std::thread t1(e_then_f);
    std::thread t2(f_then_e);
    t1.join();
    t2.join();
}
