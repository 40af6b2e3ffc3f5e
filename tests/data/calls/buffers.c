#include <stdio.h>
#include <stdlib.h>
#include "buffers.h"

static char *queued[16];
static int queued_count;

void buffer_print(char *data) { printf("%s\n", data); }

void buffer_release(char *data) { free(data); }

void buffer_forward(char *data) { buffer_release(data); }

void buffer_inspect(char *data) { buffer_print(data); }

void buffer_queue(char *data) { queued[queued_count++ % 16] = data; }

int tune_socket(int fd) { return fd < 0 ? -1 : 0; }

static char own_block[64];

char *buffer_new(void)
{
    char *block = malloc(64);
    return block;
}

char *buffer_peek(void) { return own_block; }

void buffer_make(char **out) { *out = buffer_new(); }

int buffer_try_make(char **out)
{
    char *block = malloc(64);
    if (block == NULL)
        return -1;
    *out = block;
    return 0;
}

void slot_print(char **slot)
{
    char *data = *slot;
    printf("%s\n", data);
}

void slot_release(char **slot)
{
    free(*slot);
    *slot = NULL;
}

void opaque_print(void *slot)
{
    char **typed = (char **)slot;
    char *data = *typed;
    printf("%s\n", data);
}

void items_print(char *items[])
{
    char *data = items[2];
    printf("%s\n", data);
}

void items_release(char *items[]) { free(items[2]); }

void pair_print(struct pair p) { printf("%s %d\n", p.first, p.count); }

void pair_release(struct pair p)
{
    char *data = p.first;
    free(data);
}
