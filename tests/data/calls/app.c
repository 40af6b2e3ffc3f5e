#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "buffers.h"

void printed_only_bad(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    strcpy(data, "text");
    buffer_print(data);
}

void inspected_bad(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_inspect(data);
}

void released_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_release(data);
}

void forwarded_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_forward(data);
}

void queued_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_queue(data);
}

void unknown_callee_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_unknown(data);
}

void array_freed_bad(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    buffer_drop_array(data);
}

int socket_tuned_bad(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (tune_socket(fd) < 0)
        return -1;
    return fd;
}

void fresh_result_bad(void)
{
    char *data = buffer_new();
    if (data == NULL)
        return;
    buffer_print(data);
}

void fresh_result_good(void)
{
    char *data = buffer_new();
    buffer_release(data);
}

void peeked_good(void)
{
    char *data = buffer_peek();
    buffer_print(data);
}

void made_bad(void)
{
    char *data = NULL;
    buffer_make(&data);
    buffer_print(data);
}

void made_good(void)
{
    char *data = NULL;
    buffer_make(&data);
    buffer_release(data);
}

void try_made_good(void)
{
    char *data = NULL;
    if (buffer_try_make(&data) != 0)
        return;
    free(data);
}

void slot_bad(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    slot_print(&data);
}

void slot_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    slot_release(&data);
}

void opaque_bad(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    opaque_print(&data);
}

void opaque_good(void)
{
    char *data = malloc(100);
    if (data == NULL)
        return;
    slot_release(&data);
}

void items_bad(void)
{
    char *items[5] = {0};
    char *data = malloc(100);
    if (data == NULL)
        return;
    items[2] = data;
    items_print(items);
}

void items_good(void)
{
    char *items[5] = {0};
    char *data = malloc(100);
    if (data == NULL)
        return;
    items[2] = data;
    items_release(items);
}

void pair_bad(void)
{
    struct pair p;
    char *data = malloc(100);
    if (data == NULL)
        return;
    p.first = data;
    p.count = 1;
    pair_print(p);
}

void pair_good(void)
{
    struct pair p;
    char *data = malloc(100);
    if (data == NULL)
        return;
    p.first = data;
    p.count = 1;
    pair_release(p);
}
