// std::scoped_lock over two mutexes holds both; std::unique_lock released early holds none.
#include <mutex>
#include <thread>

// --- ok: a transfer between two accounts under scoped_lock of both mutexes -------------------------------------------
struct Account {
    std::mutex m;
    long balance = 100;
};

void transfer(Account &from, Account &to, long amount) {
    std::scoped_lock lock(from.m, to.m);
    from.balance -= amount;
    to.balance += amount;
}

struct Bank {
    Account a, b;
    std::mutex audit_m;
    long audited = 0;
    void audit() {
        std::scoped_lock lock(a.m, b.m, audit_m);
        audited = a.balance + b.balance;
    }
    void move() {
        std::scoped_lock lock(audit_m);
        audited = 0;
    }
};

long bank_ok(Bank &bank) {
    std::thread t(&Bank::audit, &bank);
    bank.move();
    t.join();
    return bank.audited;
}

// --- bad: unique_lock released before the write -----------------------------------------------------------------------
struct Vault {
    std::mutex m;
    long gold = 0;
    void deposit(long g) {
        std::unique_lock<std::mutex> lock(m);
        long next = gold + g;
        lock.unlock();
        gold = next;  // expect: clangcheck-concurrency-data-race
    }
    long count() {
        std::lock_guard<std::mutex> lock(m);
        return gold;
    }
};

long vault_bad(Vault &v) {
    std::thread t(&Vault::deposit, &v, 5);
    long g = v.count();
    t.join();
    return g;
}
