/*
 * The slab allocator interface: object caches and kmalloc
 * (Linux: include/linux/slab.h, mm/slab.h). Pagoda implements SLUB.
 */
#ifndef _MM_SLAB_H
#define _MM_SLAB_H

#include "types.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "mm/gfp.h"
#include "mm/mm.h"


/* kmem_cache_create() flags (Linux's values). */
#define SLAB_CONSISTENCY_CHECKS 0x00000100u	/* check free pointers, double frees */
#define SLAB_RED_ZONE           0x00000400u	/* guard bytes around each object */
#define SLAB_POISON             0x00000800u	/* fill free objects with 0x6b */
#define SLAB_HWCACHE_ALIGN      0x00002000u	/* align objects to 64 bytes */
#define SLAB_STORE_USER         0x00010000u	/* record last alloc/free caller */
#define SLAB_PANIC              0x00040000u	/* panic if creation fails */
#define SLAB_RECLAIM_ACCOUNT    0x00020000u	/* objects are reclaimable */
#define SLAB_DEBUG_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)
/* Flags SLUB sets itself. */
#define SLAB_KMALLOC            0x00001000u	/* a kmalloc-* cache */
#define __OBJECT_POISON         0x80000000u	/* poison the object (SLAB_POISON and no ctor) */

#define KMALLOC_MIN_SIZE 8
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_SHIFT_HIGH 13			/* kmalloc-8k is the largest cache */
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define ARCH_KMALLOC_MINALIGN 8
#define L1_CACHE_BYTES 64		/* Linux: asm/cache.h; SLAB_HWCACHE_ALIGN's unit */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)
/* Larger than this, kmalloc fails: the buddy allocator's largest block. */
#define KMALLOC_MAX_SIZE (1UL << (MAX_PAGE_ORDER + PAGE_SHIFT))

/* Byte patterns of slub_debug (Linux: include/linux/poison.h). */
#define POISON_INUSE      0x5a	/* slab memory no object covers */
#define POISON_FREE       0x6b	/* a free object, and a fresh one */
#define POISON_END        0xa5	/* the last byte of a poisoned object */
#define SLUB_RED_INACTIVE 0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE   0xcc	/* red zone of an allocated object */

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *));
/* With objects still allocated: reports them, and the cache stays (see slab_common.c). */
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
char *kstrdup(const char *s, gfp_t gfp);
/* The usable size of a kmalloc'ed object. */
size_t ksize(const void *obj);

void kmem_cache_init(void);
/* Object size, as the cache was created, and the name. */
unsigned int kmem_cache_size(struct kmem_cache *s);
const char *kmem_cache_name(struct kmem_cache *s);
/* Count of reports printed by the slub_debug checks (for tests). */
extern unsigned long slab_error_count;
/* "<cache>: <what>" of the last report, so a test can see what was named. */
extern char slab_last_bug[128];

/*
 * ---- SLUB's structures (Linux: mm/slab.h, mm/slub.c) -------------------
 *
 * A slab is 2^order pages cut into objects. Its first struct page holds
 * the slab's state (mm_types.h): slab_cache, freelist (the first free
 * object; each free object stores the next one's address at s->offset),
 * inuse, objects, and frozen (it is some CPU's active slab).
 *
 * Locking, outermost first:
 *   slab_mutex        the slab_caches list
 *   c->lock           one CPU's active slab: c->page and c->freelist;
 *                     its owner takes it by spin_trylock, interrupts on
 *                     (slub.c says why)
 *   n->list_lock      the node's partial and full lists, and the freelist
 *                     and counters in struct page of every slab on the node
 *                     (Linux changes those with cmpxchg_double instead)
 */

/* One CPU's share of a cache (Linux: struct kmem_cache_cpu). */
struct kmem_cache_cpu {
	void **freelist;	/* next free object of c->page, for this CPU only */
	struct page *page;	/* the active slab (frozen), or NULL */
	/*
	 * Linux: local_lock_t. A spinlock, so flush_all can empty other CPUs'
	 * slabs, and tried rather than taken so an interrupt never waits for
	 * the code it interrupted.
	 */
	spinlock_t lock;
} __aligned(64);		/* a cache line each: no sharing between CPUs */

/* One NUMA node's slabs of a cache (Linux: struct kmem_cache_node). */
struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial;
	struct list_head partial;	/* slabs with free objects, not frozen */
	struct list_head full;		/* debug caches only: slabs with none */
	atomic_long_t nr_slabs;		/* every slab of the node, wherever it is */
	atomic_long_t total_objects;
};

#define MAX_OBJS_PER_PAGE 32767	/* page->objects is 15 bits */

/* A slab's size: its page order and how many objects fit. */
struct kmem_cache_order_objects {
	unsigned int order;
	unsigned int objects;
};

/*
 * Where the bytes of one object slot go, from the slot's start:
 *   [red_left_pad][object_size, the user's][right red zone up to inuse]
 *   [free pointer, if not inside the object][2 struct track][padding]
 * The object pointer handed out points past red_left_pad; s->size is the
 * slot's stride. Without debugging a slot is just the object, aligned.
 */
struct kmem_cache {
	struct kmem_cache_cpu cpu_slab[NR_CPUS];	/* Linux: a __percpu pointer */
	unsigned int flags;		/* SLAB_* */
	unsigned long min_partial;	/* empty slabs a node keeps on its partial list */
	unsigned int size;		/* a slot, with metadata */
	unsigned int object_size;	/* what the creator asked for */
	unsigned int offset;		/* of the free pointer, from the object */
	struct kmem_cache_order_objects oo;	/* the slab size SLUB prefers */
	struct kmem_cache_order_objects min;	/* the fallback when memory is fragmented */
	gfp_t allocflags;		/* added to every slab allocation */
	void (*ctor)(void *);
	unsigned int inuse;		/* object and right red zone: metadata starts here */
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	struct list_head list;		/* on slab_caches */
	/* Linux: pointers, each node's structure allocated on that node. */
	struct kmem_cache_node node[MAX_NUMNODES];
};

/* The caller of the last alloc and free of an object (SLAB_STORE_USER). */
struct track {
	unsigned long addr;	/* Linux also keeps a stack trace (stack depot) */
	int cpu;
	int pid;
	unsigned long when;	/* jiffies */
};

enum track_item { TRACK_ALLOC, TRACK_FREE };

/* A cache's numbers, for /proc/slabinfo (Linux: mm/slab.h). */
struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};

/* What is known about a slab object (Linux: struct kmem_obj_info). */
struct kmem_obj_info {
	void *kp_ptr;			/* the address asked about */
	struct page *kp_slab;
	void *kp_objp;			/* the start of its object */
	struct kmem_cache *kp_slab_cache;
	void *kp_ret;			/* the allocation's caller (SLAB_STORE_USER) */
	void *kp_free_ret;		/* the last free's caller; Linux: kp_free_stack */
};

extern struct kmem_cache *kmem_cache;	/* the cache of struct kmem_cache */
extern struct list_head slab_caches;
extern spinlock_t slab_mutex;		/* Linux: a mutex */
/* kmalloc_caches[i]: 2^i bytes, and [1] = kmalloc-96, [2] = kmalloc-192. */
extern struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

#define _RET_IP_ ((unsigned long)__builtin_return_address(0))

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int node)
{
	return &s->node[node];
}

#define for_each_kmem_cache_node(s, nid, n) \
	for ((nid) = 0; (nid) < nr_online_nodes && ((n) = get_node(s, nid)); (nid)++)

/* The start of a slab's first slot, and each object in turn. */
#define for_each_object(p, s, addr, objects) \
	for ((p) = (void *)(addr) + (s)->red_left_pad; \
	     (p) < (void *)(addr) + (objects) * (s)->size; (p) += (s)->size)

/* Linux also scrambles this pointer (CONFIG_SLAB_FREELIST_HARDENED). */
static inline void *get_freepointer(struct kmem_cache *s, void *object)
{
	return *(void **)(object + s->offset);
}

static inline void set_freepointer(struct kmem_cache *s, void *object, void *fp)
{
	*(void **)(object + s->offset) = fp;
}

/*
 * Is `object` NULL or the start of an object of this slab? O(1), so even
 * caches without debugging check every free with it.
 */
static inline bool check_valid_pointer(struct kmem_cache *s, struct page *page, void *object)
{
	unsigned long off = (unsigned long)object - (unsigned long)page_address(page) -
			    s->red_left_pad;

	if (!object)
		return true;
	return off < (unsigned long)page->objects * s->size && off % s->size == 0;
}

/*
 * The kmalloc_caches index for a size, as Linux spells it out: a chain of
 * compares is cheaper than a bit search, and folds away for a constant.
 */
static inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 8) return 3;
	if (size <= 16) return 4;
	if (size <= 32) return 5;
	if (size <= 64) return 6;
	if (size <= 96) return 1;
	if (size <= 128) return 7;
	if (size <= 192) return 2;
	if (size <= 256) return 8;
	if (size <= 512) return 9;
	if (size <= 1024) return 10;
	if (size <= 2048) return 11;
	if (size <= 4096) return 12;
	return 13;	/* callers send anything over KMALLOC_MAX_CACHE_SIZE elsewhere */
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (PAGE_SIZE << order) / size;
}

/* slub.c */
int __kmem_cache_create(struct kmem_cache *s, unsigned int flags);
int __kmem_cache_shutdown(struct kmem_cache *s);
int __kmem_cache_shrink(struct kmem_cache *s);
void flush_all(struct kmem_cache *s);
size_t slab_ksize(const struct kmem_cache *s);
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo);

/* slab_common.c */
void create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
		       unsigned int flags);
void create_kmalloc_caches(void);
void *kmalloc_large_node(size_t size, gfp_t gfp, int node);
void free_large_kmalloc(struct page *page, const void *x, unsigned long caller);
/* Report a pointer kfree and friends cannot take, and count it. */
void kfree_invalid(const void *x, const char *func, unsigned long caller, const char *why);

/*
 * The head page of a heap address, or NULL (reported) if it cannot be one.
 * Only a linear-map address of RAM has a struct page; Linux trusts its
 * callers here and crashes (or corrupts) on anything else.
 */
static inline struct page *kmem_virt_to_page(const void *x, const char *func,
					     unsigned long caller)
{
	if (unlikely(!virt_addr_valid(x) || !pfn_valid(virt_to_pfn(x)))) {
		kfree_invalid(x, func, caller, "not a linear-map address of RAM");
		return NULL;
	}
	return compound_head(virt_to_page(x));
}
/* Print what is known about a slab object (Linux: mm/slab_common.c). */
bool kmem_dump_obj(void *object);

/* slub_debug.c */
unsigned int kmem_cache_flags(unsigned int flags, const char *name);
/* slub_debug= syntax: "[FZPU-]*[,cache[,cache...]]"; 0 or -EINVAL. */
int parse_slub_debug_flags(const char *str, unsigned int *flags, const char **slabs);
void setup_slab_debug(struct kmem_cache *s, struct page *page, void *addr);
void setup_object_debug(struct kmem_cache *s, void *object);
bool alloc_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			    unsigned long addr);
bool free_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			   unsigned long addr);
void free_slab_debug(struct kmem_cache *s, struct page *page);
void slab_err(struct kmem_cache *s, struct page *page, const char *fmt, ...) __printf(3, 4);
void object_err(struct kmem_cache *s, struct page *page, void *object, const char *reason);
void print_tracking(struct kmem_cache *s, void *object);
void list_slab_objects(struct kmem_cache *s, struct page *page);
/* Check every slab and object of a cache; returns the slabs checked. */
long validate_slab_cache(struct kmem_cache *s);
void __kmem_obj_info(struct kmem_obj_info *kpp, void *object, struct page *page);

#endif
