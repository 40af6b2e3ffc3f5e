// Ownership returned through an out-parameter, C++ flavour (`*out = p`, `out = p` by reference).
#include <string>

struct Config {
    std::string path;
    bool load() { return !path.empty(); }
};

bool load_config_ok(const std::string &path, Config **out) {
    Config *c = new Config{path};
    if (!c->load()) {
        delete c;
        return false;
    }
    *out = c;
    return true;
}

bool load_config_bad(const std::string &path, Config **out) {
    Config *c = new Config{path};
    if (!c->load())
        return false;  // expect: clangcheck-ownership-leak
    *out = c;
    return true;
}

bool load_config_ref_ok(const std::string &path, Config *&out) {
    Config *c = new Config{path};
    out = c;
    return c->load();
}
