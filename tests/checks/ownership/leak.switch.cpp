// A switch whose cases return before the release.
#include <cstdlib>

enum class Kind { Text, Binary, Unknown };

int handle(const char *data);

int dispatch_bad(Kind kind, int size) {
    char *buf = static_cast<char *>(std::malloc(size));
    if (!buf)
        return -1;
    switch (kind) {
    case Kind::Text:
        handle(buf);
        break;
    case Kind::Binary:
        return 1;  // expect: clangcheck-ownership-leak
    default:
        break;
    }
    std::free(buf);
    return 0;
}

int dispatch_ok(Kind kind, int size) {
    char *buf = static_cast<char *>(std::malloc(size));
    if (!buf)
        return -1;
    int rc = 0;
    switch (kind) {
    case Kind::Text:
        handle(buf);
        break;
    case Kind::Binary:
        rc = 1;
        break;
    default:
        break;
    }
    std::free(buf);
    return rc;
}
