// Ownership handed to the caller through an out-parameter (`*out = p`).
#include <stdlib.h>
#include <string.h>

struct frame { int len; char data[64]; };

int frame_parse_ok(const char *text, struct frame **out) {
    struct frame *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->len = (int)strlen(text);
    if (f->len >= 64) {
        free(f);
        return -1;
    }
    memcpy(f->data, text, f->len);
    *out = f;
    return 0;
}

int frame_parse_bad(const char *text, struct frame **out) {
    struct frame *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->len = (int)strlen(text);
    if (f->len >= 64)
        return -1;  // expect: clangcheck-ownership-leak
    memcpy(f->data, text, f->len);
    *out = f;
    return 0;
}
