/*
 * The slab allocator interface: object caches and kmalloc
 * (Linux: include/linux/slab.h, mm/slab.h). Pagoda implements SLUB.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include "types.h"
#include "mm/gfp.h"

/* kmem_cache_create() flags (Linux's values). */
#define SLAB_CONSISTENCY_CHECKS 0x00000100u	/* check free pointers, double frees */
#define SLAB_RED_ZONE           0x00000400u	/* guard bytes around each object */
#define SLAB_POISON             0x00000800u	/* fill free objects with 0x6b */
#define SLAB_HWCACHE_ALIGN      0x00002000u	/* align objects to 64 bytes */
#define SLAB_STORE_USER         0x00010000u	/* record last alloc/free caller */
#define SLAB_PANIC              0x00040000u	/* panic if creation fails */
#define SLAB_RECLAIM_ACCOUNT    0x00020000u	/* objects are reclaimable */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

#define KMALLOC_MIN_SIZE 8
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_SHIFT_HIGH 13			/* kmalloc-8k is the largest cache */
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define ARCH_KMALLOC_MINALIGN 8
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *));
/* Reports (and leaks) objects still allocated, as Linux does. */
void kmem_cache_destroy(struct kmem_cache *s);
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node);
void kmem_cache_free(struct kmem_cache *s, void *obj);
/* Release empty slabs and this cache's per-CPU slabs back to the page allocator. */
int kmem_cache_shrink(struct kmem_cache *s);
/* kmem_cache_shrink() on every cache (used by tests to settle free-page counts). */
void kmem_cache_shrink_all(void);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kmalloc_node(size_t size, gfp_t gfp, int node);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *obj);
/* The usable size of a kmalloc'ed object. */
size_t ksize(const void *obj);

void kmem_cache_init(void);
/* Object size, as the cache was created, and the name. */
unsigned int kmem_cache_size(struct kmem_cache *s);
const char *kmem_cache_name(struct kmem_cache *s);
/* Count of reports printed by the slub_debug checks (for tests). */
extern unsigned long slab_error_count;

#endif
