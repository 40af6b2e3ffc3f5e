/* A small buffer layer whose functions live in buffers.c; app.c only sees these declarations. */
#ifndef BUFFERS_H
#define BUFFERS_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

void buffer_print(char *data);          /* reads it, keeps nothing */
void buffer_release(char *data);        /* frees it */
void buffer_forward(char *data);        /* hands it to buffer_release */
void buffer_inspect(char *data);        /* hands it to buffer_print */
void buffer_queue(char *data);          /* stores it in a global queue */
void buffer_drop_array(char *data);     /* delete[]s it (C++ TU) */
int tune_socket(int fd);                /* sets options, never closes */
void buffer_unknown(char *data);        /* declared, defined nowhere */
char *buffer_new(void);                 /* returns a fresh block */
char *buffer_peek(void);                /* returns its own block */
void buffer_make(char **out);           /* stores a fresh block through out */
int buffer_try_make(char **out);        /* ... only when it returns 0 */

/* the pointer reached through what is passed: its address, an array of pointers, a struct */
struct pair { char *first; int count; };
void slot_print(char **slot);           /* reads *slot */
void slot_release(char **slot);         /* frees *slot */
void opaque_print(void *slot);          /* casts to char ** and reads */
void items_print(char *items[]);        /* reads items[2] */
void items_release(char *items[]);      /* frees items[2] */
void pair_print(struct pair p);         /* reads p.first */
void pair_release(struct pair p);       /* frees p.first */
#ifdef __cplusplus
}
#endif
#endif
