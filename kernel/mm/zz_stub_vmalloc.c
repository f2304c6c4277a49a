/* TEMPORARY until vmalloc.c lands (not part of the design). */
#include "mm/vmalloc.h"
void vmalloc_init(void) {}
