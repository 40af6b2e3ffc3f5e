#include <stdlib.h>
#include "records.h"

void source_bad(void) {
    struct record *r = record_alloc();
    r->id = 1;
    free(r);
}

void source_of_source_bad(void) {
    struct record *r = record_alloc_twice();
    r->id = 2;
    free(r);
}

void sink_bad(void) {
    struct record *r = (struct record *)malloc(sizeof *r);
    record_name(r, "a");
    free(r);
}

void sink_of_sink_bad(void) {
    struct record *r = (struct record *)malloc(sizeof *r);
    record_name_via(r, "b");
    free(r);
}

void source_and_sink_bad(void) {
    struct record *r = record_alloc();
    record_name(r, "c");
    free(r);
}

void checked_ok(void) {
    struct record *r = record_alloc();
    if (r == NULL)
        return;
    r->id = 3;
    free(r);
}

void or_die_ok(void) {
    struct record *r = record_alloc_or_die();
    r->id = 4;
    free(r);
}

void lookup_ok(void) {
    struct record *r = record_find(7);
    r->id = 5;
}

void safe_sink_ok(void) {
    struct record *r = (struct record *)malloc(sizeof *r);
    record_name_safe(r, "d");
    free(r);
}
