/*
 * SLUB, the slab allocator (Linux: mm/slub.c).
 *
 * A cache hands out objects of one size, cut from slabs: blocks of
 * 2^order pages from the buddy allocator. A free object stores the address
 * of the next free object of its slab, so the free objects of a slab form
 * a list that costs no memory outside the slab (struct kmem_cache and the
 * slab overlay of struct page are described in slab.h).
 *
 * Each CPU has an active slab. Taking it moves the slab's whole freelist
 * to c->freelist and marks the slab frozen, so that allocating and freeing
 * on that CPU are a pop and a push on a list no other CPU touches. Frees
 * from other CPUs go to the frozen slab's own freelist, which the owner
 * takes back when c->freelist runs dry. A slab that is neither active
 * nor full waits on its node's partial list; an empty one goes back to the
 * buddy allocator, unless the node has fewer than min_partial partial slabs.
 *
 * Caches with debugging on (slub_debug.c) never have an active slab: every
 * alloc and free takes the node's list_lock, where the checks can run.
 */
#include "mm/slab.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "bitops.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "errno.h"
#include "smp.h"
#include "sched.h"

/* The gfp bits a slab allocation keeps (Linux: GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK). */
#define SLAB_GFP_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN | \
		       __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | \
		       __GFP_NOMEMALLOC | __GFP_HARDWALL | __GFP_THISNODE)

#define MIN_PARTIAL 5
#define MAX_PARTIAL 10

static unsigned int slub_min_order;
static unsigned int slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
static unsigned int slub_min_objects;	/* 0: derived from the number of CPUs */

/* ---- layout ------------------------------------------------------------ */

/* The first order in [min, max] that wastes at most 1/fract of the slab. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * Bigger slabs mean fewer trips to the node lists and less waste at the
 * end of the slab, but they are harder for the buddy allocator to find.
 * Aim for a few objects per CPU per slab, accept more waste if that keeps
 * the order at most slub_max_order.
 */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = slub_min_objects, max_objects, min_order, order;

	if (!min_objects)
		min_objects = 4 * (fls64(nr_cpu_ids) + 1);
	max_objects = max(order_objects(slub_max_order, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = max(slub_min_order, get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, slub_max_order, fraction);
		if (order <= slub_max_order)
			return order;
	}
	order = get_order(size);	/* a large object: one per slab */
	return order <= MAX_PAGE_ORDER ? (int)order : -ENOSYS;
}

/* Place the free pointer, the debug metadata and the padding (see slab.h). */
static bool calculate_sizes(struct kmem_cache *s)
{
	unsigned int flags = s->flags;
	unsigned int size = ALIGN(s->object_size, sizeof(void *));
	int order;

	/* A constructed object must keep what its ctor wrote, so no poison. */
	if ((flags & SLAB_POISON) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	/* The right red zone is at least a word, even with no padding to use. */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);
	s->inuse = size;
	/*
	 * Poison and constructed contents must survive a free, and a red zone
	 * must not hold it, so the free pointer goes after the object. Else it
	 * sits mid-object, where small overflows and stale writes to the first
	 * word do not reach it.
	 */
	if ((flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && s->object_size < sizeof(void *))) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, sizeof(void *));
	}
	if (flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	if (flags & SLAB_RED_ZONE) {
		/* A padding word keeps underflows of the next object off our tracks. */
		size += sizeof(void *);
		s->red_left_pad = ALIGN(sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
	order = calculate_order(s->size);
	if (order < 0)
		return false;
	s->allocflags = __GFP_COMP;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = (struct kmem_cache_order_objects){ order, order_objects(order, s->size) };
	s->min = (struct kmem_cache_order_objects){ get_order(s->size),
						    order_objects(get_order(s->size), s->size) };
	return s->oo.objects != 0;
}

/* Linux: kmem_cache_open(). The caller has set name, object_size, align, ctor. */
int __kmem_cache_create(struct kmem_cache *s, unsigned int flags)
{
	int nid;
	struct kmem_cache_node *n;

	s->flags = kmem_cache_flags(flags, s->name);
	if (!calculate_sizes(s))
		return -EINVAL;
	/* Bigger objects: fewer of them per slab, so keep more slabs around. */
	s->min_partial = clamp((fls64(s->size) - 1) / 2, (unsigned long)MIN_PARTIAL,
			       (unsigned long)MAX_PARTIAL);
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		s->cpu_slab[cpu].freelist = NULL;
		s->cpu_slab[cpu].page = NULL;
		spin_lock_init(&s->cpu_slab[cpu].lock, "kmem_cache_cpu");
	}
	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		n = get_node(s, nid);
		spin_lock_init(&n->list_lock, "list_lock");
		n->nr_partial = 0;
		INIT_LIST_HEAD(&n->partial);
		INIT_LIST_HEAD(&n->full);
		atomic_long_set(&n->nr_slabs, 0);
		atomic_long_set(&n->total_objects, 0);
	}
	return 0;
}

/* ---- node lists (n->list_lock held) ------------------------------------ */

static void add_partial(struct kmem_cache_node *n, struct page *page, bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&page->slab_list, &n->partial);
	else
		list_add(&page->slab_list, &n->partial);
}

static void remove_partial(struct kmem_cache_node *n, struct page *page)
{
	list_del(&page->slab_list);
	n->nr_partial--;
}

/* Linux keeps the full list only with SLAB_STORE_USER. */
static void add_full(struct kmem_cache *s, struct kmem_cache_node *n, struct page *page)
{
	if (kmem_cache_debug(s))
		list_add(&page->slab_list, &n->full);
}

static void remove_full(struct kmem_cache *s, struct page *page)
{
	if (kmem_cache_debug(s))
		list_del(&page->slab_list);
}

static void inc_slabs_node(struct kmem_cache *s, int nid, int objects)
{
	atomic_long_inc(&get_node(s, nid)->nr_slabs);
	atomic_long_add(objects, &get_node(s, nid)->total_objects);
}

static void dec_slabs_node(struct kmem_cache *s, int nid, int objects)
{
	atomic_long_add(-1, &get_node(s, nid)->nr_slabs);
	atomic_long_add(-objects, &get_node(s, nid)->total_objects);
}

/* ---- slabs from and to the page allocator ------------------------------ */

static enum node_stat_item cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B : NR_SLAB_UNRECLAIMABLE_B;
}

static struct page *alloc_slab_page(gfp_t gfp, int node, struct kmem_cache_order_objects oo)
{
	if (node == NUMA_NO_NODE)
		return alloc_pages(gfp, oo.order);
	return alloc_pages_node(node, gfp, oo.order);
}

static void *setup_object(struct kmem_cache *s, void *object)
{
	setup_object_debug(s, object);
	if (s->ctor)
		s->ctor(object);
	return object;
}

/* A new slab with every object free and chained in address order. */
static struct page *allocate_slab(struct kmem_cache *s, gfp_t gfp, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t flags = (gfp & SLAB_GFP_MASK) | s->allocflags;
	struct page *page;
	void *start, *p, *next;

	/* The preferred size only if it is there for the asking. */
	page = alloc_slab_page((flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL, node, oo);
	if (!page && oo.order > s->min.order) {
		oo = s->min;
		page = alloc_slab_page(flags, node, oo);
	}
	if (!page)
		return NULL;
	page->objects = oo.objects;
	page->inuse = 0;
	page->frozen = 0;
	page->slab_cache = s;
	__SetPageSlab(page);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), cache_vmstat_idx(s), PAGE_SIZE << oo.order);

	start = page_address(page);
	setup_slab_debug(s, page, start);
	p = setup_object(s, start + s->red_left_pad);
	page->freelist = p;
	for (unsigned int i = 1; i < page->objects; i++) {
		next = setup_object(s, p + s->size);
		set_freepointer(s, p, next);
		p = next;
	}
	set_freepointer(s, p, NULL);
	return page;
}

static struct page *new_slab(struct kmem_cache *s, gfp_t gfp, int node)
{
	return allocate_slab(s, gfp, node);
}

static void free_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int order = compound_order(page);

	free_slab_debug(s, page);
	__ClearPageSlab(page);
	page->slab_cache = NULL;	/* it is page->mapping to the page allocator */
	page->freelist = NULL;
	page->counters = 0;
	mod_node_page_state(NODE_DATA(page_to_nid(page)), cache_vmstat_idx(s),
			    -(long)(PAGE_SIZE << order));
	__free_pages(page, order);
}

static void discard_slab(struct kmem_cache *s, struct page *page)
{
	dec_slabs_node(s, page_to_nid(page), page->objects);
	free_slab(s, page);
}

/* ---- taking and returning whole slabs ---------------------------------- */

/*
 * Put a CPU's slab back on its node, with the CPU's free objects
 * (`freelist`) added to the slab's own: to the partial list, or to the
 * page allocator if it is empty and the node has partial slabs enough.
 */
static void deactivate_slab(struct kmem_cache *s, struct page *page, void *freelist)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(page));
	unsigned long flags;
	void *tail = NULL;
	unsigned int nr = 0;
	bool remote, discard;

	/* These objects are ours alone now; count them outside the lock. */
	for (void *p = freelist; p; p = get_freepointer(s, p)) {
		tail = p;
		nr++;
	}
	spin_lock_irqsave(&n->list_lock, flags);
	remote = page->freelist != NULL;	/* freed by other CPUs: cold */
	if (tail) {
		set_freepointer(s, tail, page->freelist);
		page->freelist = freelist;
	}
	page->inuse -= nr;
	page->frozen = 0;
	discard = !page->inuse && n->nr_partial >= s->min_partial;
	if (!discard && page->freelist)
		add_partial(n, page, remote);
	/* else full: on no list until an object is freed (__slab_free) */
	spin_unlock_irqrestore(&n->list_lock, flags);
	if (discard)
		discard_slab(s, page);
}

/*
 * The owner CPU takes c->lock with spin_trylock and interrupts left on, as
 * Linux 6.x takes its per-CPU locks where it has no cmpxchg_double (and as
 * page_alloc.c takes its pcp lists): an interrupt handler that finds the
 * lock held has interrupted the owner, so it must not wait, and uses the
 * node lists instead. flush_all may spin on another CPU's lock, which is
 * only ever held for a few instructions. Pagoda has no kernel preemption
 * yet; when it does, these sections must disable it (Linux: local_lock).
 */
static inline struct kmem_cache_cpu *cpu_slab_trylock(struct kmem_cache *s)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[smp_processor_id()];

	return spin_trylock(&c->lock) ? c : NULL;
}

/*
 * The slow path's lock, interrupts off. Spinning is safe only once a
 * trylock has shown this CPU was not inside the section (___slab_alloc):
 * whatever interrupts us after that finishes before we run again.
 */
static struct kmem_cache_cpu *lock_cpu_slab(struct kmem_cache *s, unsigned long *flags)
{
	struct kmem_cache_cpu *c;

	local_irq_save(*flags);
	c = &s->cpu_slab[smp_processor_id()];
	spin_lock(&c->lock);
	return c;
}

static void unlock_cpu_slab(struct kmem_cache_cpu *c, unsigned long flags)
{
	spin_unlock(&c->lock);
	local_irq_restore(flags);
}

/* Under c->lock: take the active slab and its freelist off the CPU. */
static struct page *detach_cpu_slab(struct kmem_cache_cpu *c, void **freelist)
{
	struct page *page = c->page;

	*freelist = c->freelist;
	c->page = NULL;
	c->freelist = NULL;
	return page;
}

/* Take `cpu`'s active slab away and deactivate it (Linux: flush_slab). */
static void flush_cpu_slab(struct kmem_cache *s, int cpu)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	unsigned long flags;
	struct page *page;
	void *freelist;

	spin_lock_irqsave(&c->lock, flags);
	page = detach_cpu_slab(c, &freelist);
	spin_unlock_irqrestore(&c->lock, flags);
	if (page)
		deactivate_slab(s, page, freelist);
}

/*
 * The slow path gives up this CPU's slab: deactivate it outside the lock
 * (it takes list_lock), then retake the lock. Returns the locked CPU slab.
 */
static struct kmem_cache_cpu *drop_cpu_slab(struct kmem_cache *s, struct kmem_cache_cpu *c,
					    unsigned long *flags)
{
	void *freelist;
	struct page *page = detach_cpu_slab(c, &freelist);

	unlock_cpu_slab(c, *flags);
	deactivate_slab(s, page, freelist);
	return lock_cpu_slab(s, flags);
}

/*
 * Every CPU's active slab back to the node lists. Linux queues work on
 * each CPU; here c->lock is a real lock, so we take it from this CPU.
 */
void flush_all(struct kmem_cache *s)
{
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		flush_cpu_slab(s, cpu);
}

/* ---- allocation -------------------------------------------------------- */

static bool node_match(struct page *page, int node)
{
	return node == NUMA_NO_NODE || page_to_nid(page) == node;
}

/*
 * Take the objects other CPUs freed to our frozen slab. If there are
 * none the slab is full: unfreeze it, and it leaves this CPU.
 */
static void *get_freelist(struct kmem_cache *s, struct page *page)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(page));
	unsigned long flags;
	void *freelist;

	spin_lock_irqsave(&n->list_lock, flags);
	freelist = page->freelist;
	page->freelist = NULL;
	page->inuse = page->objects;
	page->frozen = freelist != NULL;
	spin_unlock_irqrestore(&n->list_lock, flags);
	return freelist;
}

/*
 * One object from a partial slab, which stays on the node (list_lock
 * held): for debug caches, checked, and for allocations that cannot use
 * the CPU slab.
 */
static void *alloc_single_from_partial(struct kmem_cache *s, struct kmem_cache_node *n,
				       struct page *page, unsigned long addr)
{
	void *object = page->freelist;

	page->freelist = get_freepointer(s, object);
	page->inuse++;
	if (kmem_cache_debug(s) && !alloc_debug_processing(s, page, object, addr)) {
		/* Quarantined, all marked used; on the full list its objects can still be freed. */
		remove_partial(n, page);
		add_full(s, n, page);
		return NULL;
	}
	if (page->inuse == page->objects) {
		remove_partial(n, page);
		add_full(s, n, page);
	}
	return object;
}

static void *alloc_single_from_new_slab(struct kmem_cache *s, struct page *page,
					unsigned long addr)
{
	int nid = page_to_nid(page);
	struct kmem_cache_node *n = get_node(s, nid);
	void *object = page->freelist;
	unsigned long flags;

	page->freelist = get_freepointer(s, object);
	page->inuse = 1;
	spin_lock_irqsave(&n->list_lock, flags);
	inc_slabs_node(s, nid, page->objects);
	/* A fresh slab fails its checks only if memory is being corrupted. */
	if (kmem_cache_debug(s) && !alloc_debug_processing(s, page, object, addr))
		object = NULL;
	if (page->inuse == page->objects)
		add_full(s, n, page);
	else
		add_partial(n, page, false);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return object;
}

/*
 * A slab with free objects from node n's partial list, frozen for this
 * CPU; returns its freelist. With pagep NULL, or for a debug cache, one
 * object (checked if debugging) and the slab stays where it is.
 */
static void *get_partial_node(struct kmem_cache *s, struct kmem_cache_node *n,
			      struct page **pagep, unsigned long addr)
{
	struct page *page, *next;
	unsigned long flags;
	void *object = NULL;

	if (!READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry_safe(page, next, &n->partial, slab_list) {
		if (!pagep) {
			object = alloc_single_from_partial(s, n, page, addr);
			if (object)
				break;
			continue;
		}
		remove_partial(n, page);
		object = page->freelist;
		page->freelist = NULL;
		page->inuse = page->objects;
		page->frozen = 1;
		*pagep = page;
		break;	/* Linux also fills a per-CPU partial list here */
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	return object;
}

/*
 * Any node will do for NUMA_NO_NODE: better a remote partial slab than a
 * new one. Linux goes nearest first and only sometimes (remote_node_defrag_ratio).
 */
static void *get_partial(struct kmem_cache *s, int node, struct page **pagep, unsigned long addr)
{
	int searchnode = node == NUMA_NO_NODE ? numa_node_id() : node;
	void *object = get_partial_node(s, get_node(s, searchnode), pagep, addr);

	if (object || node != NUMA_NO_NODE)
		return object;
	for (int nid = 0; nid < nr_online_nodes && !object; nid++)
		if (nid != searchnode)
			object = get_partial_node(s, get_node(s, nid), pagep, addr);
	return object;
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp, int nid)
{
	char buf[128];
	int node;
	struct kmem_cache_node *n;

	if (gfp & __GFP_NOWARN)
		return;
	format_gfp_flags(buf, sizeof(buf), gfp);
	pr_warn("SLUB: Unable to allocate memory on node %d, gfp=%s\n", nid, buf);
	pr_warn("  cache: %s, object size: %u, buffer size: %u, default order: %u, min order: %u\n",
		s->name, s->object_size, s->size, s->oo.order, s->min.order);
	for_each_kmem_cache_node(s, node, n)
		pr_warn("  node %d: slabs: %ld, objs: %ld\n", node,
			atomic_long_read(&n->nr_slabs), atomic_long_read(&n->total_objects));
}

/*
 * A slab to allocate from: a partial one, else a new one, frozen, with
 * its freelist. With pagep NULL (always, for a debug cache), one object,
 * already taken (and checked), and the slab joins the node's lists.
 */
static void *get_new_objects(struct kmem_cache *s, gfp_t gfp, int node,
			     struct page **pagep, unsigned long addr)
{
	struct page *page;
	void *freelist;

	for (;;) {
		freelist = get_partial(s, node, pagep, addr);
		if (freelist)
			return freelist;
		page = new_slab(s, gfp, node);
		if (!page) {
			slab_out_of_memory(s, gfp, node);
			return NULL;
		}
		if (!pagep) {
			freelist = alloc_single_from_new_slab(s, page, addr);
			if (freelist)
				return freelist;
			continue;
		}
		/* Nobody else knows this slab yet: no lock needed. */
		freelist = page->freelist;
		page->freelist = NULL;
		page->inuse = page->objects;
		page->frozen = 1;
		inc_slabs_node(s, page_to_nid(page), page->objects);
		*pagep = page;
		return freelist;
	}
}

/*
 * The slow path: this CPU's freelist is empty, or on the wrong node, or
 * its lock was busy. Refill the freelist from the active slab's remote
 * frees, or install another slab. The lock is dropped around the page
 * allocator and the constructors, which may take their time (Linux also
 * lets them sleep). Safe in an interrupt handler: if we interrupted the
 * owner of c->lock, the trylock fails and we never touch the CPU slab.
 */
static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, int node, unsigned long addr)
{
	struct kmem_cache_cpu *c;
	struct page *page;
	unsigned long flags;
	void *freelist;

	/* Debug caches have no CPU slab: each object is checked under list_lock. */
	if (kmem_cache_debug(s))
		return get_new_objects(s, gfp, node, NULL, addr);
	local_irq_save(flags);
	c = cpu_slab_trylock(s);
	if (!c) {
		local_irq_restore(flags);
		return get_new_objects(s, gfp, node, NULL, addr);
	}
	page = c->page;
	if (page && !node_match(page, node)) {
		c = drop_cpu_slab(s, c, &flags);
		page = c->page;
	}
	if (page) {
		freelist = c->freelist;
		if (!freelist)
			freelist = get_freelist(s, page);
		if (freelist)
			goto load_freelist;
		c->page = NULL;		/* full, and unfrozen by get_freelist */
	}
	unlock_cpu_slab(c, flags);

	freelist = get_new_objects(s, gfp, node, &page, addr);
	if (!freelist)
		return NULL;

	c = lock_cpu_slab(s, &flags);
	while (unlikely(c->page))	/* an interrupt installed a slab meanwhile */
		c = drop_cpu_slab(s, c, &flags);
	c->page = page;
load_freelist:
	c->freelist = get_freepointer(s, freelist);
	unlock_cpu_slab(c, flags);
	return freelist;
}

/*
 * The fast path pops this CPU's freelist: a trylock, two loads, a store
 * and an unlock, inlined into each caller. (Linux: this_cpu_cmpxchg_double
 * of freelist and a transaction id, no lock at all.)
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp, int node,
					     unsigned long addr)
{
	struct kmem_cache_cpu *c;
	void *object = NULL;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	if (node != NUMA_NO_NODE && unlikely(node < 0 || node >= nr_online_nodes)) {
		WARN_ON_ONCE(1);
		node = NUMA_NO_NODE;
	}
	c = cpu_slab_trylock(s);
	if (likely(c)) {
		object = c->freelist;
		if (likely(object && node_match(c->page, node)))
			c->freelist = get_freepointer(s, object);
		else
			object = NULL;
		spin_unlock(&c->lock);
	}
	if (unlikely(!object))
		object = __slab_alloc(s, gfp, node, addr);
	if (unlikely(gfp & __GFP_ZERO) && object)
		memset(object, 0, s->object_size);
	return object;
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc_node(s, gfp, NUMA_NO_NODE, _RET_IP_);
}

void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfp, int node)
{
	return slab_alloc_node(s, gfp, node, _RET_IP_);
}

/* ---- freeing ----------------------------------------------------------- */

/* Debug caches: check, then free under list_lock (Linux: free_to_partial_list). */
static void free_to_partial_list(struct kmem_cache *s, struct page *page, void *object,
				 unsigned long addr)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(page));
	unsigned long flags;
	bool discard = false;
	void *prior;

	spin_lock_irqsave(&n->list_lock, flags);
	if (free_debug_processing(s, page, object, addr)) {
		prior = page->freelist;
		set_freepointer(s, object, prior);
		page->freelist = object;
		page->inuse--;
		discard = !page->inuse && n->nr_partial >= s->min_partial;
		if (!prior) {
			remove_full(s, page);
			if (!discard)
				add_partial(n, page, true);
		} else if (discard) {
			remove_partial(n, page);
		}
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	if (discard)
		discard_slab(s, page);
}

/*
 * A free to a slab that is not this CPU's (or whose CPU slab was busy):
 * onto the slab's freelist, and fix up its place. A frozen slab belongs
 * to some CPU and is on no list. Safe in an interrupt handler.
 */
static noinline void __slab_free(struct kmem_cache *s, struct page *page, void *object)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(page));
	unsigned long flags;
	void *prior;

	spin_lock_irqsave(&n->list_lock, flags);
	prior = page->freelist;
	if (unlikely(object == prior)) {
		spin_unlock_irqrestore(&n->list_lock, flags);
		object_err(s, page, object, "Object already free");
		return;
	}
	set_freepointer(s, object, prior);
	page->freelist = object;
	page->inuse--;
	if (page->frozen) {
		spin_unlock_irqrestore(&n->list_lock, flags);
		return;
	}
	if (!page->inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, page);
		spin_unlock_irqrestore(&n->list_lock, flags);
		discard_slab(s, page);
		return;
	}
	if (!prior)
		add_partial(n, page, true);	/* it was full */
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/*
 * The fast path pushes onto this CPU's freelist, if the object's slab is
 * this CPU's active one and the lock is free; anything else goes to the
 * slab's own freelist under list_lock.
 */
static __always_inline void slab_free(struct kmem_cache *s, struct page *page, void *object,
				      unsigned long addr)
{
	struct kmem_cache_cpu *c;
	bool twice = false;

	/* O(1), and a bad pointer would corrupt the freelist (Linux: debug only). */
	if (unlikely(!check_valid_pointer(s, page, object))) {
		slab_err(s, page, "Invalid object pointer %p", object);
		return;
	}
	if (unlikely(kmem_cache_debug(s))) {
		free_to_partial_list(s, page, object, addr);
		return;
	}
	c = cpu_slab_trylock(s);
	if (likely(c)) {
		if (likely(page == c->page)) {
			/* Even without debugging, the object just freed is caught. */
			twice = object == (void *)c->freelist;
			if (likely(!twice)) {
				set_freepointer(s, object, c->freelist);
				c->freelist = object;
			}
			spin_unlock(&c->lock);
			if (unlikely(twice))
				object_err(s, page, object, "Object already free");
			return;
		}
		spin_unlock(&c->lock);
	}
	__slab_free(s, page, object);
}

/* The cache the object really belongs to, or NULL if it is no slab object. */
static struct kmem_cache *cache_from_obj(struct kmem_cache *s, void *x, unsigned long caller,
					 struct page **pagep)
{
	struct page *page = kmem_virt_to_page(x, "kmem_cache_free", caller);

	if (!page)
		return NULL;
	if (!PageSlab(page)) {
		pr_err("kmem_cache_free: %s: object %p from %pS is not in a slab, ignored\n",
		       s->name, x, (void *)caller);
		__atomic_fetch_add(&slab_error_count, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	*pagep = page;
	if (page->slab_cache != s) {
		pr_err("cache_from_obj: Wrong slab cache. %s but object is from %s\n",
		       s->name, page->slab_cache->name);
		print_tracking(page->slab_cache, x);
		WARN_ON(1);
	}
	return page->slab_cache;
}

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct page *page;

	if (!x)
		return;
	s = cache_from_obj(s, x, _RET_IP_, &page);
	if (s)
		slab_free(s, page, x, _RET_IP_);
}

/* ---- kmalloc and kfree ------------------------------------------------- */

/* Here rather than in slab_common.c, as in Linux 6.x, so the fast paths inline. */
static __always_inline void *__do_kmalloc_node(size_t size, gfp_t gfp, int node,
					       unsigned long caller)
{
	if (unlikely(size > KMALLOC_MAX_CACHE_SIZE))
		return kmalloc_large_node(size, gfp, node);
	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	return slab_alloc_node(kmalloc_caches[kmalloc_index(size)], gfp, node, caller);
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __do_kmalloc_node(size, gfp, NUMA_NO_NODE, _RET_IP_);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __do_kmalloc_node(size, gfp | __GFP_ZERO, NUMA_NO_NODE, _RET_IP_);
}

void *kmalloc_node(size_t size, gfp_t gfp, int node)
{
	return __do_kmalloc_node(size, gfp, node, _RET_IP_);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __do_kmalloc_node(bytes, gfp | __GFP_ZERO, NUMA_NO_NODE, _RET_IP_);
}

void kfree(const void *x)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return;
	page = kmem_virt_to_page(x, "kfree", _RET_IP_);
	if (unlikely(!page))
		return;
	if (unlikely(!PageSlab(page))) {
		free_large_kmalloc(page, x, _RET_IP_);
		return;
	}
	slab_free(page->slab_cache, page, (void *)x, _RET_IP_);
}

/* ---- shrinking and destroying ------------------------------------------ */

/* Free every empty slab on the node's partial list. */
static void discard_empty_partials(struct kmem_cache *s, struct kmem_cache_node *n)
{
	struct page *page, *next;
	unsigned long flags;
	LIST_HEAD(discard);

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry_safe(page, next, &n->partial, slab_list) {
		if (!page->inuse) {
			remove_partial(n, page);
			list_add(&page->slab_list, &discard);
		}
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	list_for_each_entry_safe(page, next, &discard, slab_list)
		discard_slab(s, page);
}

/* Returns 0 if the cache now has no slabs. Linux also sorts partials by fullness. */
int __kmem_cache_shrink(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	int nid, ret = 0;

	flush_all(s);
	for_each_kmem_cache_node(s, nid, n) {
		discard_empty_partials(s, n);
		if (atomic_long_read(&n->nr_slabs))
			ret = 1;
	}
	return ret;
}

/* Empty the cache for destruction; nonzero (and a report) if objects are left. */
int __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	struct page *page;
	unsigned long flags;
	int nid, ret = 0;

	flush_all(s);
	for_each_kmem_cache_node(s, nid, n) {
		discard_empty_partials(s, n);
		spin_lock_irqsave(&n->list_lock, flags);
		list_for_each_entry(page, &n->partial, slab_list)
			list_slab_objects(s, page);
		spin_unlock_irqrestore(&n->list_lock, flags);
		if (n->nr_partial || atomic_long_read(&n->nr_slabs))
			ret = 1;
	}
	return ret;
}

/* ---- information ------------------------------------------------------- */

/* How much of an object its user may use (Linux: slab_ksize). */
size_t slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;	/* the rest is checked */
	if (s->flags & SLAB_STORE_USER)
		return s->inuse;
	return s->size;
}

/* Objects on CPU slabs count as active, as in Linux. */
void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0, flags;
	struct kmem_cache_node *n;
	struct page *page;
	int nid;

	for_each_kmem_cache_node(s, nid, n) {
		nr_slabs += atomic_long_read(&n->nr_slabs);
		nr_objs += atomic_long_read(&n->total_objects);
		spin_lock_irqsave(&n->list_lock, flags);
		list_for_each_entry(page, &n->partial, slab_list)
			nr_free += page->objects - page->inuse;
		spin_unlock_irqrestore(&n->list_lock, flags);
	}
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = s->oo.objects;
	sinfo->cache_order = s->oo.order;
}

/* ---- boot -------------------------------------------------------------- */

/*
 * The cache of caches is static, so it exists before any allocation; the
 * kmalloc caches are then allocated from it. Linux copies its boot caches
 * into slab objects afterwards (bootstrap()) to free its __initdata.
 */
void kmem_cache_init(void)
{
	static struct kmem_cache boot_kmem_cache;

	kmem_cache = &boot_kmem_cache;
	create_boot_cache(kmem_cache, "kmem_cache", sizeof(struct kmem_cache), SLAB_HWCACHE_ALIGN);
	create_kmalloc_caches();
	pr_info("SLUB: HWalign=%d, Order=%u-%u, MinObjects=%u, CPUs=%u, Nodes=%u\n",
		L1_CACHE_BYTES, slub_min_order, slub_max_order, slub_min_objects,
		nr_cpu_ids, nr_online_nodes);
}
