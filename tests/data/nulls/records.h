#ifndef RECORDS_H
#define RECORDS_H
#include <stddef.h>

struct record {
    int id;
    char name[16];
};

struct record *record_alloc(void);          /* malloc, unchecked */
struct record *record_alloc_twice(void);    /* record_alloc, unchecked */
struct record *record_alloc_or_die(void);   /* exits when malloc fails */
struct record *record_find(int id);         /* NULL when not found: a lookup */
void record_name(struct record *r, const char *name);   /* dereferences r */
void record_name_via(struct record *r, const char *name); /* passes r on to record_name */
void record_name_safe(struct record *r, const char *name); /* tests r first */
#endif
