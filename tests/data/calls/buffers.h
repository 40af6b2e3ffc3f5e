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
#ifdef __cplusplus
}
#endif
#endif
