#include "buffers.h"

extern "C" void buffer_drop_array(char *data) { delete[] data; }

void array_of_fresh_bad()
{
    char *data = buffer_new();
    delete[] data;
}
