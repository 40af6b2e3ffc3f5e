// Function-local statics are initialised exactly once even with threads (C++11 "magic statics");
// a lazily created global behind a plain null check is not.
#include <map>
#include <string>
#include <thread>

// --- ok: a Meyers singleton: the static's initialisation is thread-safe ----------------------------------
struct Registry {
    std::map<std::string, int> names;
};

const Registry &registry() {
    static const Registry instance{{{"zero", 0}, {"one", 1}}};
    return instance;
}

int lookup_ok() {
    std::thread t([] { (void)registry(); });
    int n = static_cast<int>(registry().names.size());
    t.join();
    return n;
}

// --- bad: a global pointer created on first use, from two threads ----------------------------------------
static Registry *g_registry = nullptr;

Registry *lazy_registry() {
    if (!g_registry)
        g_registry = new Registry;  // expect: clangcheck-concurrency-data-race
    return g_registry;
}

int lazy_bad() {
    std::thread t([] { (void)lazy_registry(); });
    Registry *r = lazy_registry();
    t.join();
    return static_cast<int>(r->names.size());
}
