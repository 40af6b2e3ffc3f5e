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
