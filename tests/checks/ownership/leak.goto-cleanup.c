// The goto-cleanup idiom: every error jumps to a label that releases what was acquired.
#include <stdio.h>
#include <stdlib.h>

int copy_file_ok(const char *from, const char *to) {
    int rc = -1;
    char *buf = NULL;
    FILE *out = NULL;
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    out = fopen(to, "wb");
    if (!out)
        goto close_in;
    buf = malloc(4096);
    if (!buf)
        goto close_out;
    size_t n;
    while ((n = fread(buf, 1, 4096, in)) > 0)
        fwrite(buf, 1, n, out);
    rc = 0;
    free(buf);
close_out:
    fclose(out);
close_in:
    fclose(in);
    return rc;
}

int copy_file_bad(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    FILE *out = fopen(to, "wb");
    if (!out)
        goto fail;  // expect: clangcheck-ownership-leak
    fputc(fgetc(in), out);
    fclose(out);
    fclose(in);
    return 0;
fail:
    return -1;
}
