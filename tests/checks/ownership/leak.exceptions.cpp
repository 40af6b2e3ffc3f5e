// Explicit throws and try/catch: a rethrow that skips the delete, a handler that releases first.
#include <stdexcept>
#include <string>

struct Parser {
    explicit Parser(const std::string &text) : text(text) {}
    bool valid() const { return !text.empty(); }
    int value() const { return static_cast<int>(text.size()); }
    std::string text;
};

void log_error(const char *);

int parse_rethrow_bad(const std::string &text) {
    Parser *p = new Parser(text);
    try {
        if (!p->valid())
            throw std::invalid_argument("empty");
    } catch (const std::invalid_argument &) {
        log_error("invalid");
        throw;  // expect: clangcheck-ownership-leak
    }
    int v = p->value();
    delete p;
    return v;
}

int parse_rethrow_ok(const std::string &text) {
    Parser *p = new Parser(text);
    try {
        if (!p->valid())
            throw std::invalid_argument("empty");
    } catch (const std::invalid_argument &) {
        delete p;
        throw;
    }
    int v = p->value();
    delete p;
    return v;
}

int parse_swallow_ok(const std::string &text) {
    Parser *p = new Parser(text);
    int v = -1;
    try {
        if (!p->valid())
            throw std::invalid_argument("empty");
        v = p->value();
    } catch (const std::invalid_argument &) {
        log_error("invalid");
    }
    delete p;
    return v;
}

int parse_throw_bad(const std::string &text) {
    char *scratch = new char[text.size() + 1];
    if (text.empty())
        throw std::length_error("empty");  // expect: clangcheck-ownership-leak
    delete[] scratch;
    return 0;
}
