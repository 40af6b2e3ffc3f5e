// [[nodiscard]] means "do not discard": storing the value is using it, whatever happens next.
struct Conn {
    [[nodiscard]] int res() const { return code; }
    int code = 0;
};

int stored(const Conn &c, bool verbose) {
    int r = c.res();
    if (verbose)
        return r;
    return 0;
}

void discarded(const Conn &c) {
    c.res();  // expect: clangcheck-errors-unchecked-result
}
