#include <stdlib.h>
#include <string.h>
#include "records.h"

static struct record table[4];

struct record *record_alloc(void) {
    struct record *r = (struct record *)malloc(sizeof *r);
    return r;
}

struct record *record_alloc_twice(void) {
    return record_alloc();
}

struct record *record_alloc_or_die(void) {
    struct record *r = (struct record *)malloc(sizeof *r);
    if (r == NULL)
        abort();
    return r;
}

struct record *record_find(int id) {
    for (int i = 0; i < 4; i++)
        if (table[i].id == id)
            return &table[i];
    return NULL;
}

void record_name(struct record *r, const char *name) {
    strncpy(r->name, name, sizeof r->name - 1);
}

void record_name_via(struct record *r, const char *name) {
    record_name(r, name);
}

void record_name_safe(struct record *r, const char *name) {
    if (r != NULL)
        strncpy(r->name, name, sizeof r->name - 1);
}
