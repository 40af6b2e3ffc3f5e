// RUN-CHECKS: -*,clangcheck-errors-*
// fread/fwrite return an item count: fewer items than asked is EOF or an error.
#include <stdio.h>

struct record { int id; char name[28]; };

int load_records_bad(FILE *in, struct record *out, size_t count) {
    if (fread(out, sizeof *out, count, in) == 0)  // expect: clangcheck-errors-short-io
        return -1;
    return 0;
}

int save_records_ok(FILE *out, const struct record *recs, size_t count) {
    if (fwrite(recs, sizeof *recs, count, out) != count)
        return -1;
    return fflush(out) == 0 ? 0 : -1;
}

size_t load_some_ok(FILE *in, struct record *out, size_t cap) {
    size_t got = fread(out, sizeof *out, cap, in);
    if (got < cap && ferror(in))
        return 0;
    return got;  // the caller uses the number that arrived
}

int copy_stream_ok(FILE *in, FILE *out) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (fwrite(buf, 1, n, out) != n)
            return -1;
    }
    return ferror(in) ? -1 : 0;
}

void save_header_bad(FILE *out, const struct record *hdr) {
    fwrite(hdr, sizeof *hdr, 1, out);  // expect: clangcheck-errors-unchecked-result
}
