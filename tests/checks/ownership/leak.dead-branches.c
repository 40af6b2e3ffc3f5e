/* Branches the TU decides: constant conditions, consts, statics nothing writes, constant
 * functions and switches on constants. Their dead edges are no paths. */
#include <stdlib.h>

static const int ENABLED = 1;
static int verbose = 0;    /* never written below: its value is known */
static int toggled = 0;    /* written below: unknown */
static int always_on(void) { return 1; }

void literal_twice(void) {
    char *p = NULL;
    if (1)
        p = malloc(4);
    if (1)
        free(p);
}

void const_flag(void) {
    char *p = NULL;
    if (ENABLED == 1)
        p = malloc(4);
    if (ENABLED != 1)
        return;
    free(p);
}

void never_written_static(void) {
    char *p = malloc(4);
    if (verbose)
        return;
    free(p);
}

void written_static(void) {
    char *p = malloc(4);
    if (toggled)
        return;  // expect: clangcheck-ownership-leak
    free(p);
}

void set_toggle(void) { toggled = 1; }

void constant_function(void) {
    char *p = NULL;
    if (always_on())
        p = malloc(4);
    if (always_on())
        free(p);
}

void switch_on_constant(void) {
    char *p = malloc(4);
    switch (2) {
    case 1:
        return;
    case 2:
        break;
    default:
        return;
    }
    free(p);
}

void loop_forever_until_break(void) {
    char *p = malloc(4);
    while (1) {
        if (p[0])
            break;
        p[0] = 1;
    }
    free(p);
}

void leak_under_true(void) {
    if (1) {
        char *p = malloc(4);  // expect: clangcheck-ownership-leak
        p[0] = 0;
    }
}
