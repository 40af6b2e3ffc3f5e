// new[] buffers in a parser with several error returns.
#include <cstring>

bool read_header(const char *, int *);

int parse_bad(const char *input, int len) {
    char *copy = new char[len + 1];
    std::memcpy(copy, input, len);
    copy[len] = '\0';
    int version = 0;
    if (!read_header(copy, &version))
        return -1;  // expect: clangcheck-ownership-leak
    if (version != 2) {
        delete[] copy;
        return -2;
    }
    delete[] copy;
    return 0;
}

int parse_ok(const char *input, int len) {
    char *copy = new char[len + 1];
    std::memcpy(copy, input, len);
    copy[len] = '\0';
    int version = 0;
    int rc = 0;
    if (!read_header(copy, &version))
        rc = -1;
    else if (version != 2)
        rc = -2;
    delete[] copy;
    return rc;
}
