// A call that also keeps its failure in the handle's sticky error state is checked when that state
// is read after it: a stream's failbit, a FILE's error indicator. A stream the function was given
// keeps its state for the caller to test; a local one nobody tests loses it.
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <istream>

int tested_with_not(const char *path, char *buf, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    in.read(buf, n);
    if (!in)
        return -1;
    return 0;
}

long counted(std::ifstream &in, char *buf, std::size_t n) {
    in.read(buf, n);
    return in.gcount();
}

int tested_as_bool(const char *path, char *buf, std::size_t n) {
    std::ifstream in(path);
    in.read(buf, n);
    return in ? 1 : 0;
}

int callers_stream(std::istream &in, char *buf) {
    in.read(buf, 4); // the caller owns `in` and its failbit
    return buf[0];
}

int never_tested_bad(const char *path, char *buf, std::size_t n) {
    std::ifstream in(path);
    in.read(buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'std::basic_istream::read' is ignored [clangcheck-errors-unchecked-result]
    return buf[0];
}

int indicator_tested(FILE *fp, const char *buf, std::size_t n) {
    fwrite(buf, 1, n, fp);
    fputs("\n", fp);
    if (ferror(fp))
        return -1;
    return 0;
}

int indicator_of_another_file_bad(FILE *fp, FILE *log, const char *buf, std::size_t n) {
    fwrite(buf, 1, n, fp);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'fwrite' is ignored [clangcheck-errors-unchecked-result]
    if (ferror(log))
        return -1;
    return 0;
}

int indicator_tested_before_bad(FILE *fp, const char *buf, std::size_t n) {
    if (ferror(fp))
        return -1;
    fwrite(buf, 1, n, fp);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the result of 'fwrite' is ignored [clangcheck-errors-unchecked-result]
    return 0;
}
