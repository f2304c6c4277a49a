/*
 * What any slab allocator shares (Linux: mm/slab_common.c): the list of
 * caches, creating and destroying caches, and kmalloc. kmalloc is a set
 * of caches of fixed sizes, kmalloc-8 to kmalloc-8k; a request is served
 * by the smallest that fits, and anything bigger goes straight to the
 * page allocator as a compound page. kmalloc() and kfree() themselves are
 * in slub.c, as in Linux 6.x, so SLUB's fast paths inline into them.
 */
#include "mm/slab.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "bitops.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "errno.h"

LIST_HEAD(slab_caches);
DEFINE_SPINLOCK(slab_mutex);
struct kmem_cache *kmem_cache;
struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];

/* Linux also has reclaimable, DMA and cgroup-accounted copies of these. */
static const struct {
	const char *name;
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { "kmalloc-96", 96 },	[2] = { "kmalloc-192", 192 },
	[3] = { "kmalloc-8", 8 },	[4] = { "kmalloc-16", 16 },
	[5] = { "kmalloc-32", 32 },	[6] = { "kmalloc-64", 64 },
	[7] = { "kmalloc-128", 128 },	[8] = { "kmalloc-256", 256 },
	[9] = { "kmalloc-512", 512 },	[10] = { "kmalloc-1k", 1024 },
	[11] = { "kmalloc-2k", 2048 },	[12] = { "kmalloc-4k", 4096 },
	[13] = { "kmalloc-8k", 8192 },
};

#define SLAB_CREATE_FLAGS (SLAB_DEBUG_FLAGS | SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_RECLAIM_ACCOUNT)

/* ---- caches ------------------------------------------------------------ */

/*
 * SLAB_HWCACHE_ALIGN puts each object on its own cache line, except that
 * objects of half a line or less share one, two or four to a line.
 */
static unsigned int calculate_alignment(unsigned int flags, unsigned int align, unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = L1_CACHE_BYTES;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_KMALLOC_MINALIGN);
	return ALIGN(align, sizeof(void *));
}

/* A kmalloc'ed copy of a string, or NULL (Linux: mm/util.c kstrdup). */
char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = kmalloc(len, gfp);

	if (p)
		memcpy(p, s, len);
	return p;
}

/* Boot caches' names are literals in the kernel image, not on the heap. */
static void kfree_const(const void *x)
{
	if (virt_addr_valid(x))
		kfree(x);
}

/* Linux also merges a new cache into an existing one of the same shape. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned int flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	int err = -EINVAL;

	if (!name || !size || size > KMALLOC_MAX_SIZE || (align & (align - 1)) ||
	    (flags & ~SLAB_CREATE_FLAGS))
		goto out;
	err = -ENOMEM;
	s = kmem_cache_alloc(kmem_cache, GFP_KERNEL | __GFP_ZERO);
	if (!s)
		goto out;
	s->name = kstrdup(name, GFP_KERNEL);
	if (!s->name)
		goto out_free;
	s->object_size = s->size = size;
	s->align = calculate_alignment(flags, align, size);
	s->ctor = ctor;
	err = __kmem_cache_create(s, flags);
	if (err)
		goto out_free;
	spin_lock(&slab_mutex);
	list_add(&s->list, &slab_caches);
	spin_unlock(&slab_mutex);
	return s;

out_free:
	kfree(s->name);
	kmem_cache_free(kmem_cache, s);
out:
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: Failed to create slab '%s'. Error %d",
		      name ? name : "(null)", err);
	pr_warn("kmem_cache_create(%s) failed with error %d\n", name ? name : "(null)", err);
	return NULL;
}

/*
 * With objects still allocated the cache is reported and stays, fully
 * usable; destroying it again once they are freed works. (Linux leaves
 * it for good: its refcount is already gone.)
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	int err;

	if (!s)
		return;
	spin_lock(&slab_mutex);
	err = __kmem_cache_shutdown(s);
	if (!err)
		list_del(&s->list);
	spin_unlock(&slab_mutex);
	if (err) {
		pr_err("kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
		       s->name, (void *)_RET_IP_);
		dump_stack();
		return;
	}
	kfree_const(s->name);
	kmem_cache_free(kmem_cache, s);
}

int kmem_cache_shrink(struct kmem_cache *s)
{
	return __kmem_cache_shrink(s);
}

void kmem_cache_shrink_all(void)
{
	struct kmem_cache *s;

	spin_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list)
		__kmem_cache_shrink(s);
	spin_unlock(&slab_mutex);
}

unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}

const char *kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

/* A cache made before kmalloc works; `s` is static or from kmem_cache. */
void create_boot_cache(struct kmem_cache *s, const char *name, unsigned int size,
		       unsigned int flags)
{
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	int err;

	/* kmalloc objects are aligned to the largest power of two dividing their size. */
	if (flags & SLAB_KMALLOC)
		align = max(align, size & -size);
	s->name = name;
	s->object_size = s->size = size;
	s->align = calculate_alignment(flags, align, size);
	err = __kmem_cache_create(s, flags);
	if (err)
		panic("Creation of kmalloc slab %s size=%u failed. Reason %d", name, size, err);
	spin_lock(&slab_mutex);
	list_add(&s->list, &slab_caches);
	spin_unlock(&slab_mutex);
}

static struct kmem_cache *create_kmalloc_cache(unsigned int i)
{
	struct kmem_cache *s = kmem_cache_alloc(kmem_cache, GFP_NOWAIT | __GFP_ZERO);

	if (!s)
		panic("Out of memory when creating slab %s", kmalloc_info[i].name);
	create_boot_cache(s, kmalloc_info[i].name, kmalloc_info[i].size, SLAB_KMALLOC);
	return s;
}

void create_kmalloc_caches(void)
{
	for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
		kmalloc_caches[i] = create_kmalloc_cache(i);
		/* 96 and 192 after the power of two below them, as in Linux. */
		if (i == 6)
			kmalloc_caches[1] = create_kmalloc_cache(1);
		if (i == 7)
			kmalloc_caches[2] = create_kmalloc_cache(2);
	}
}

/* ---- kmalloc ----------------------------------------------------------- */

/* Bigger than kmalloc-8k: a compound page block straight from the buddy allocator. */
void *kmalloc_large_node(size_t size, gfp_t gfp, int node)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (order > MAX_PAGE_ORDER)
		return NULL;
	if (node != NUMA_NO_NODE && (node < 0 || node >= nr_online_nodes)) {
		WARN_ON_ONCE(1);
		node = NUMA_NO_NODE;
	}
	/* Heap memory is unmovable and in the linear map: no zone modifiers. */
	gfp = (gfp & ~GFP_ZONEMASK) | __GFP_COMP;
	page = node == NUMA_NO_NODE ? alloc_pages(gfp, order) : alloc_pages_node(node, gfp, order);
	if (!page)
		return NULL;
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			    PAGE_SIZE << order);
	return page_address(page);
}

/* ---- kfree's slow cases ------------------------------------------------ */

void kfree_invalid(const void *x, const char *func, unsigned long caller, const char *why)
{
	pr_err("%s: invalid pointer %p from %pS: %s, ignored\n", func, x, (void *)caller, why);
	__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
	dump_stack();
}

/* kfree of a page block kmalloc_large_node() handed out, checked. */
void free_large_kmalloc(struct page *page, const void *x, unsigned long caller)
{
	unsigned int order = compound_order(page);

	if (!PageHead(page) || x != page_address(page) || !page_ref_count(page) ||
	    order <= get_order(KMALLOC_MAX_CACHE_SIZE)) {
		kfree_invalid(x, "kfree", caller, "not a slab object or a kmalloc'ed page block");
		return;
	}
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			    -(long)(PAGE_SIZE << order));
	__free_pages(page, order);
}

size_t ksize(const void *x)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return 0;
	page = kmem_virt_to_page(x, "ksize", _RET_IP_);
	if (!page)
		return 0;
	if (!PageSlab(page)) {
		if (WARN_ON(!PageHead(page) || x != page_address(page)))
			return 0;
		return PAGE_SIZE << compound_order(page);
	}
	return slab_ksize(page->slab_cache);
}

bool kmem_dump_obj(void *object)
{
	struct kmem_obj_info kp;
	struct page *page;

	if (ZERO_OR_NULL_PTR(object) || !virt_addr_valid(object) ||
	    !pfn_valid(virt_to_pfn(object)))
		return false;
	page = compound_head(virt_to_page(object));
	if (!PageSlab(page))
		return false;
	__kmem_obj_info(&kp, object, page);
	pr_info("%p: slab %s start %p pointer offset %ld size %u\n", object,
		kp.kp_slab_cache->name, kp.kp_objp, (long)(object - kp.kp_objp),
		kp.kp_slab_cache->object_size);
	if (kp.kp_ret)
		pr_info("    allocated at %pS\n", kp.kp_ret);
	if (kp.kp_free_ret)
		pr_info("    freed at %pS\n", kp.kp_free_ret);
	return true;
}
