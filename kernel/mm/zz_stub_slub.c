/* TEMPORARY until slub.c lands (not part of the design). */
#include "mm/slab.h"
void kmem_cache_init(void) {}
void kmem_cache_shrink_all(void) {}
