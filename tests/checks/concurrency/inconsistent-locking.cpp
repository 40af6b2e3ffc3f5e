// A variable its mutex guards at most accesses is accessed once without it (no thread needs
// to be seen: the class is built to be used from several).
#include <mutex>
#include <string>

// --- bad: the size getter forgets the lock every other member takes ----------------------------
class Inbox {
public:
    void push(const std::string &m) {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_last = m;
        ++m_size;
    }
    void clear() {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_size = 0;
    }
    int size() const { return m_size; }
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'm_size' is read without holding 'Inbox::m_mutex', which is held at 2 of its 3 accesses [clangcheck-concurrency-inconsistent-locking]
// CHECK-MESSAGES: :[[@LINE-8]]:11: note: 'Inbox::m_mutex' is held here
    std::string last() const {
        std::lock_guard<std::mutex> guard(m_mutex);
        return m_last;
    }

private:
    mutable std::mutex m_mutex;
    std::string m_last;
    int m_size = 0;
};

// --- ok: always locked; the constructor needs no lock --------------------------------------------
class Outbox {
public:
    Outbox() { m_pending = 0; }
    void add() {
        std::lock_guard<std::mutex> guard(m_mutex);
        ++m_pending;
    }
    int pending() const {
        std::lock_guard<std::mutex> guard(m_mutex);
        return m_pending;
    }

private:
    mutable std::mutex m_mutex;
    int m_pending;
};

// --- bad: an explicit unlock() too early in one method -----------------------------------------------
std::mutex g_registry_mutex;
int g_registered;
void register_one() {
    g_registry_mutex.lock();
    ++g_registered;
    g_registry_mutex.unlock();
}
void register_many(int n) {
    g_registry_mutex.lock();
    g_registered += n;
    g_registry_mutex.unlock();
}
void unregister_one() {
    g_registry_mutex.lock();
    g_registry_mutex.unlock();
    --g_registered;  // expect: clangcheck-concurrency-inconsistent-locking
}

// --- ok: locked in the caller, so the helper is guarded too --------------------------------------------
class Cache {
public:
    void put(int v) {
        std::lock_guard<std::mutex> guard(m_mutex);
        store(v);
    }
    void bump() {
        std::lock_guard<std::mutex> guard(m_mutex);
        store(m_value + 1);
    }
    int get() const {
        std::lock_guard<std::mutex> guard(m_mutex);
        return m_value;
    }

private:
    void store(int v) { m_value = v; }
    mutable std::mutex m_mutex;
    int m_value = 0;
};

// --- ok: a variable never locked anywhere is not "inconsistently" locked (data-race's business) --------------
int g_plain;
void set_plain(int v) { g_plain = v; }
int get_plain() { return g_plain; }
