#include "buffers.h"

extern "C" void buffer_drop_array(char *data) { delete[] data; }
