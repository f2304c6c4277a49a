/*
 * The buddy page allocator (Linux: mm/page_alloc.c).
 *
 * Each zone keeps free blocks of 2^order pages, order 0..MAX_PAGE_ORDER,
 * on free_area[order].free_list[migratetype]. Allocating takes the
 * smallest block that is big enough and splits off the unused halves
 * (expand); freeing merges a block with its buddy, found by flipping bit
 * `order` of the pfn, for as long as the buddy is free too
 * (__free_one_page).
 *
 * Order-0 pages go through a per-CPU cache first (rmqueue_pcplist,
 * free_unref_page) that refills and drains in batches, so the zone lock
 * is taken once per `batch` pages rather than once per page.
 *
 * Lock order: pcp->lock, then zone->lock. Both are taken with interrupts
 * off, so an interrupt handler may allocate.
 */
#include "mm/internal.h"
#include "mm/swap.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/oom.h"
#include "sched.h"
#include "timer.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "bitops.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic",
};

/* Which free lists to raid, in order, when a migratetype's own are empty. */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* ---- pageblock migratetypes ------------------------------------------ */

void set_pageblock_migratetype(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);

	WRITE_ONCE(zone->pageblock_flags[pageblock_index(zone, page_to_pfn(page))], migratetype);
}

/* ---- free lists ------------------------------------------------------- */

static void set_buddy_order(struct page *page, unsigned int order)
{
	set_page_private(page, order);
	__SetPageBuddy(page);
}

/* Free pages are counted as they enter and leave the free lists. */
static void add_to_free_list(struct page *page, struct zone *zone,
			     unsigned int order, int migratetype, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	set_buddy_order(page, order);
	if (tail)
		list_add_tail(&page->lru, &area->free_list[migratetype]);
	else
		list_add(&page->lru, &area->free_list[migratetype]);
	area->nr_free++;
	__mod_zone_page_state(zone, NR_FREE_PAGES, 1L << order);
}

static void del_page_from_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->lru);
	__ClearPageBuddy(page);
	set_page_private(page, 0);
	zone->free_area[order].nr_free--;
	__mod_zone_page_state(zone, NR_FREE_PAGES, -(1L << order));
}

static void move_to_free_list(struct page *page, struct zone *zone,
			      unsigned int order, int migratetype)
{
	list_move_tail(&page->lru, &zone->free_area[order].free_list[migratetype]);
}

/* Is `buddy` the free buddy of order `order` of a page in `zone`? */
static bool page_is_buddy(struct zone *zone, struct page *buddy, unsigned int order)
{
	return PageBuddy(buddy) && buddy_order(buddy) == order &&
	       page_zone(buddy) == zone;
}

void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype)
{
	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = __find_buddy_pfn(pfn, order);
		struct page *buddy = page + (buddy_pfn - pfn);
		unsigned long combined_pfn;

		if (!pfn_valid(buddy_pfn) || !page_is_buddy(zone, buddy, order))
			break;
		del_page_from_free_list(buddy, zone, order);
		combined_pfn = buddy_pfn & pfn;
		page = page + (combined_pfn - pfn);
		pfn = combined_pfn;
		order++;
	}
	/*
	 * If the next-larger buddy is free, this block is likely to merge
	 * soon: put it at the tail so it is not handed out first.
	 */
	bool to_tail = false;
	if (order < MAX_PAGE_ORDER - 1) {
		unsigned long higher = __find_buddy_pfn(pfn & ~((2UL << order) - 1), order + 1);

		to_tail = pfn_valid(higher) && page_is_buddy(zone, pfn_to_page(higher), order + 1);
	}
	add_to_free_list(page, zone, order, migratetype, to_tail);
}


/*
 * Split a block of order `high` down to `low`, giving back the upper
 * half at each step. The caller keeps the lowest 2^low pages.
 */
static void expand(struct zone *zone, struct page *page, unsigned int low,
		   unsigned int high, int migratetype)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high, migratetype, false);
	}
}

struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype)
{
	for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = list_first_entry_or_null(&area->free_list[migratetype],
							     struct page, lru);

		if (!page)
			continue;
		del_page_from_free_list(page, zone, current_order);
		expand(zone, page, order, current_order, migratetype);
		return page;
	}
	return NULL;
}

/*
 * Move the free pages of the pageblock holding `page` to `migratetype`'s
 * lists and return how many pages moved.
 */
static unsigned long move_freepages_block(struct zone *zone, struct page *page, int migratetype)
{
	unsigned long start = ALIGN_DOWN(page_to_pfn(page), pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages, pfn = start, moved = 0;

	if (start < zone->zone_start_pfn || end > zone_end_pfn(zone))
		return 0;
	while (pfn < end) {
		struct page *p = pfn_to_page(pfn);

		if (!pfn_valid(pfn) || !PageBuddy(p)) {
			pfn++;
			continue;
		}
		move_to_free_list(p, zone, buddy_order(p), migratetype);
		moved += 1UL << buddy_order(p);
		pfn += 1UL << buddy_order(p);
	}
	return moved;
}

/*
 * Steal from another migratetype (Linux: steal_suitable_fallback). A big
 * enough steal, or an unmovable/reclaimable request, takes over the whole
 * pageblock when at least half of it is free, so unmovable allocations
 * cluster in few pageblocks instead of spreading everywhere.
 */
static void steal_suitable_fallback(struct zone *zone, struct page *page,
				    unsigned int current_order, int start_type)
{
	unsigned long free_pages;

	if (current_order >= pageblock_order) {
		for (unsigned long i = 0; i < (1UL << current_order); i += pageblock_nr_pages)
			set_pageblock_migratetype(page + i, start_type);
		move_to_free_list(page, zone, current_order, start_type);
		return;
	}
	if (current_order >= pageblock_order / 2 || start_type != MIGRATE_MOVABLE) {
		free_pages = move_freepages_block(zone, page, start_type);
		if (free_pages >= pageblock_nr_pages / 2)
			set_pageblock_migratetype(page, start_type);
		if (free_pages)
			return;
		/* A pageblock sticking out of the zone moves nothing: take this block. */
	}
	move_to_free_list(page, zone, current_order, start_type);	/* just this block */
}

/* Search the fallback types from the largest block down: steal big, fragment less. */
static bool __rmqueue_fallback(struct zone *zone, int order, int start_type)
{
	for (int current_order = MAX_PAGE_ORDER; current_order >= order; current_order--) {
		struct free_area *area = &zone->free_area[current_order];

		for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
			int fallback_mt = fallbacks[start_type][i];
			struct page *page;

			if (free_area_empty(area, fallback_mt))
				continue;
			page = list_first_entry(&area->free_list[fallback_mt], struct page, lru);
			steal_suitable_fallback(zone, page, current_order, start_type);
			count_vm_event(PGALLOC_FALLBACK);
			return true;
		}
	}
	return false;
}

static struct page *__rmqueue(struct zone *zone, unsigned int order, int migratetype)
{
	struct page *page;

	for (;;) {
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page || migratetype >= MIGRATE_PCPTYPES ||
		    !__rmqueue_fallback(zone, order, migratetype))
			return page;
	}
}

/* Take up to `count` order-`order` blocks from the zone onto `list`. */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count,
			struct list_head *list, int migratetype)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&zone->lock, flags);
	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(zone, order, migratetype);

		if (!page)
			break;
		page->index = migratetype;	/* Linux: set_pcppage_migratetype */
		list_add_tail(&page->lru, list);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return i;
}

/* ---- per-CPU page lists ------------------------------------------------ */

/* Give `count` pages back to the zone, coldest first, rotating over the lists. */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp)
{
	int mt = 0, empty = 0;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	while (count > 0 && pcp->count > 0 && empty < MIGRATE_PCPTYPES) {
		struct list_head *list = &pcp->lists[mt];

		mt = (mt + 1) % MIGRATE_PCPTYPES;
		if (list_empty(list)) {
			empty++;
			continue;
		}
		empty = 0;
		struct page *page = list_last_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
		count--;
		__free_one_page(page, page_to_pfn(page), zone, 0, page->index);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * The per-CPU lists are taken with spin_trylock and interrupts left on,
 * as in Linux since 6.0: an interrupt handler that finds its CPU's lock
 * held (it interrupted the owner) goes to the zone instead, so nothing
 * can deadlock and the common path never toggles interrupts. Another CPU
 * may take the lock to drain the lists. Pagoda has no kernel preemption
 * yet; when it does, these sections must disable it (Linux: pcp_spin_lock).
 */
static inline struct per_cpu_pages *pcp_trylock(struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[smp_processor_id()];

	return spin_trylock(&pcp->lock) ? pcp : NULL;
}

static inline struct page *rmqueue_pcplist(struct zone *zone, int migratetype)
{
	struct per_cpu_pages *pcp = pcp_trylock(zone);
	struct list_head *list;
	struct page *page = NULL;

	if (!pcp)
		return NULL;
	list = &pcp->lists[migratetype];
	if (list_empty(list))
		pcp->count += rmqueue_bulk(zone, 0, pcp->batch, list, migratetype);
	if (!list_empty(list)) {
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count--;
	}
	spin_unlock(&pcp->lock);
	return page;
}

/* Returns false if the lists were busy; the caller frees to the zone. */
static inline bool free_unref_page(struct page *page, int migratetype)
{
	struct zone *zone = page_zone(page);
	struct per_cpu_pages *pcp = pcp_trylock(zone);

	if (!pcp)
		return false;
	page->index = migratetype;
	list_add(&page->lru, &pcp->lists[migratetype]);	/* hot end */
	if (++pcp->count >= pcp->high)
		free_pcppages_bulk(zone, pcp->batch, pcp);
	spin_unlock(&pcp->lock);
	return true;
}

static void drain_pages_zone(int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	unsigned long flags;

	spin_lock_irqsave(&pcp->lock, flags);
	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp);
	spin_unlock_irqrestore(&pcp->lock, flags);
}

void drain_local_pages(struct zone *zone)
{
	struct zone *z;

	if (zone) {
		drain_pages_zone(smp_processor_id(), zone);
		return;
	}
	for_each_populated_zone(z)
		drain_pages_zone(smp_processor_id(), z);
}

/*
 * Empty every CPU's lists for `zone` (all zones if NULL). Each list has
 * its own lock, so we drain other CPUs' lists from here; Linux queues
 * work on each CPU instead.
 */
void drain_all_pages(struct zone *zone)
{
	struct zone *z;

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (zone) {
			drain_pages_zone(cpu, zone);
			continue;
		}
		for_each_populated_zone(z)
			drain_pages_zone(cpu, z);
	}
}

/* ---- allocation -------------------------------------------------------- */

static inline struct page *rmqueue(struct zone *preferred_zone, struct zone *zone, unsigned int order,
		     gfp_t gfp, unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;
	unsigned long flags;

	if (order == 0 && migratetype < MIGRATE_PCPTYPES) {
		page = rmqueue_pcplist(zone, migratetype);
		if (page)
			return page;
		/* Lists busy (we interrupted their owner) or the zone ran dry. */
	}
	spin_lock_irqsave(&zone->lock, flags);
	if (alloc_flags & ALLOC_HIGHATOMIC)
		page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
	if (!page)
		page = __rmqueue(zone, order, migratetype);
	spin_unlock_irqrestore(&zone->lock, flags);
	return page;
}

bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = mark;

	/* The block we take must leave `min` behind, not just one page of it. */
	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_OOM)
		min -= min / 2;		/* an OOM victim, on its way out */
	if (!(alloc_flags & ALLOC_RESERVES))
		free_pages -= z->nr_reserved_highatomic;
	else if (alloc_flags & ALLOC_NON_BLOCK)
		min -= min / 4;
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* Enough pages, but is there a block of the order we need? */
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & ALLOC_RESERVES) && !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   zone_page_state(z, NR_FREE_PAGES));
}

/*
 * The common case inline: an order-0 request well above the mark needs no
 * look at the free lists (Linux: zone_watermark_fast).
 */
static inline bool zone_watermark_fast(struct zone *z, unsigned int order, unsigned long mark,
				       int highest_zoneidx, unsigned int alloc_flags)
{
	long free_pages = zone_page_state(z, NR_FREE_PAGES);

	if (!order && free_pages - (long)z->nr_reserved_highatomic >
		      (long)mark + z->lowmem_reserve[highest_zoneidx])
		return true;
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages);
}

/* A page leaving the allocator must look like a fresh page. */
static inline bool check_new_page(struct page *page)
{
	if (page_mapcount(page) != 0 || page->mapping || page_ref_count(page) != 0 ||
	    (page->flags & PAGE_FLAGS_CHECK_AT_PREP & ~(1UL << PG_head))) {
		bad_page(page, "bad state on allocation");
		return true;
	}
	return false;
}

static inline void prep_new_page(struct page *page, unsigned int order, gfp_t gfp)
{
	set_page_private(page, 0);
	set_page_count(page, 1);
	kernel_unpoison_pages(page, 1 << order);
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

void prep_compound_page(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;

	__SetPageHead(page);
	for (unsigned long i = 1; i < nr; i++) {
		set_page_count(&page[i], 0);
		set_compound_head(&page[i], page);
	}
	page[1].compound_order = order;
	page[1].compound_nr = nr;
	atomic_set(&page[1].compound_mapcount, -1);
}

/*
 * Set a pageblock aside for high-order atomic allocations, which cannot
 * wait for reclaim. At most 1% of a zone.
 */
static void reserve_highatomic_pageblock(struct page *page, struct zone *zone)
{
	unsigned long flags, max_managed = zone_managed_pages(zone) / 100 + pageblock_nr_pages;
	int mt;

	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	spin_lock_irqsave(&zone->lock, flags);
	mt = get_pageblock_migratetype(page);
	if (zone->nr_reserved_highatomic < max_managed && mt != MIGRATE_HIGHATOMIC) {
		zone->nr_reserved_highatomic += pageblock_nr_pages;
		set_pageblock_migratetype(page, MIGRATE_HIGHATOMIC);
		move_freepages_block(zone, page, MIGRATE_HIGHATOMIC);
	}
	spin_unlock_irqrestore(&zone->lock, flags);
}

static __always_inline struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, int alloc_flags,
				    const struct alloc_context *ac)
{
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		unsigned long mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		struct page *page;

		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(zone, order, mark, ac->highest_zoneidx, alloc_flags))
			continue;	/* Linux may try node_reclaim() here */
		page = rmqueue(ac->preferred_zoneref->zone, zone, order, gfp, alloc_flags,
			       ac->migratetype);
		if (!page)
			continue;
		if (check_new_page(page))
			continue;	/* leaked, like Linux does with a bad page */
		prep_new_page(page, order, gfp);
		count_vm_events(PGALLOC_DMA32 + zone_idx(zone), 1L << order);
		if ((alloc_flags & ALLOC_HIGHATOMIC) && order)
			reserve_highatomic_pageblock(page, zone);
		return page;
	}
	return NULL;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		alloc_flags |= ALLOC_HIGH;
	if (!(gfp & __GFP_DIRECT_RECLAIM) && !(gfp & __GFP_NOMEMALLOC)) {
		alloc_flags |= ALLOC_NON_BLOCK;
		if (order > 0)
			alloc_flags |= ALLOC_HIGHATOMIC;
	}
	if (gfp & __GFP_KSWAPD_RECLAIM)
		alloc_flags |= ALLOC_KSWAPD;
	return alloc_flags;
}

/*
 * Reclaim itself (PF_MEMALLOC: kswapd, a direct reclaimer) may use all
 * the memory below the watermarks, so reclaim can always make progress;
 * an OOM victim half of it, to exit (Linux: __gfp_pfmemalloc_flags).
 */
static unsigned int gfp_pfmemalloc_flags(gfp_t gfp)
{
	struct task_struct *p = current;

	if (gfp & __GFP_NOMEMALLOC)
		return 0;
	if (gfp & __GFP_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (!p || in_interrupt())
		return 0;	/* current is whoever was interrupted */
	if (p->flags & PF_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (p->oom_victim)
		return ALLOC_OOM | ALLOC_WMARK_MIN;
	return 0;
}

static void wake_all_kswapds(unsigned int order, gfp_t gfp, const struct alloc_context *ac)
{
	pg_data_t *last = NULL;
	struct zoneref *z;
	struct zone *zone;

	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		if (zone->zone_pgdat != last)
			wakeup_kswapd(zone, gfp, order, ac->highest_zoneidx);
		last = zone->zone_pgdat;
	}
}

/* Pages reclaim could still give from a zone: its file lists, and anon if swap has room. */
static unsigned long zone_reclaimable_pages(struct zone *zone)
{
	unsigned long nr = zone_page_state(zone, NR_ZONE_INACTIVE_FILE) +
			   zone_page_state(zone, NR_ZONE_ACTIVE_FILE);

	if (atomic_long_read(&nr_swap_pages) > 0)
		nr += zone_page_state(zone, NR_ZONE_INACTIVE_ANON) +
		      zone_page_state(zone, NR_ZONE_ACTIVE_ANON);
	return nr;
}

/*
 * Direct reclaim freed too little: try again? Not after
 * MAX_RECLAIM_RETRIES rounds in a row without progress, nor when even
 * every reclaimable page (a shrinking share of them, the more rounds
 * failed) could not lift a zone over its min watermark (Linux:
 * should_reclaim_retry).
 */
static bool should_reclaim_retry(unsigned int order, const struct alloc_context *ac,
				 unsigned int alloc_flags, bool progress, int *no_progress_loops)
{
	struct zoneref *z;
	struct zone *zone;

	if (progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return false;
	for_each_zone_zonelist(zone, z, ac->zonelist, ac->highest_zoneidx) {
		unsigned long available = zone_reclaimable_pages(zone);

		available -= DIV_ROUND_UP(*no_progress_loops * available, MAX_RECLAIM_RETRIES);
		available += zone_page_state(zone, NR_FREE_PAGES);
		if (__zone_watermark_ok(zone, order, min_wmark_pages(zone), ac->highest_zoneidx,
					alloc_flags, available))
			return true;
	}
	return false;
}

/* Wait a timer tick: someone else holds oom_lock and is killing for us too. */
static void sleep_one_tick(void)
{
	unsigned long flags, start;

	spin_lock_irqsave(&tickslock, flags);
	start = jiffies;
	while (jiffies == start)
		sleep_uninterruptible((void *)&jiffies, &tickslock);
	spin_unlock_irqrestore(&tickslock, flags);
}

/*
 * Reclaim has failed: one last look at the high watermark (someone may
 * have freed memory meanwhile), then the OOM killer. *progress says
 * whether retrying makes sense (Linux: __alloc_pages_may_oom).
 */
static struct page *__alloc_pages_may_oom(gfp_t gfp, unsigned int order,
					  const struct alloc_context *ac, bool *progress)
{
	struct oom_control oc = { .gfp_mask = gfp, .order = order };
	struct page *page;

	*progress = false;
	if (!mutex_trylock(&oom_lock)) {
		*progress = true;
		sleep_one_tick();
		return NULL;
	}
	page = get_page_from_freelist(gfp & ~__GFP_DIRECT_RECLAIM, order, ALLOC_WMARK_HIGH, ac);
	/*
	 * Killing cannot make a large block, nor memory on a node we are tied
	 * to; a __GFP_RETRY_MAYFAIL caller would rather fail than kill.
	 */
	if (!page && order <= PAGE_ALLOC_COSTLY_ORDER &&
	    !(gfp & (__GFP_THISNODE | __GFP_RETRY_MAYFAIL)))
		*progress = out_of_memory(&oc);
	mutex_unlock(&oom_lock);
	return page;
}

/*
 * The slow path, entered when no zone is above its low watermark
 * (Linux: __alloc_pages_slowpath): wake kswapd, retry at the min
 * watermark, let reclaimers and OOM victims into the reserves, then
 * reclaim directly while that makes progress, and finally call the OOM
 * killer and start over. Linux also compacts memory for high orders
 * and honours __GFP_NOFAIL and cpusets.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order,
					   struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order), reserve_flags;
	bool can_direct_reclaim = gfp & __GFP_DIRECT_RECLAIM, progress;
	int no_progress_loops = 0;
	struct page *page;

	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(order, gfp, ac);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
retry:
	if (alloc_flags & ALLOC_KSWAPD)
		wake_all_kswapds(order, gfp, ac);
	reserve_flags = gfp_pfmemalloc_flags(gfp);
	if (reserve_flags) {
		page = get_page_from_freelist(gfp, order, reserve_flags, ac);
		if (page)
			return page;
	}
	/* Reclaim does not recurse; a dying task does not stay to reclaim. */
	if (!can_direct_reclaim || !current || in_interrupt() ||
	    (current->flags & PF_MEMALLOC) || fatal_signal_pending(current))
		goto nopage;
	progress = try_to_free_pages(gfp, order) != 0;
	/* Pages parked on the per-CPU lists are free but invisible to the zone. */
	drain_all_pages(NULL);
	page = get_page_from_freelist(gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if ((gfp & __GFP_NORETRY) ||
	    (order > PAGE_ALLOC_COSTLY_ORDER && !(gfp & __GFP_RETRY_MAYFAIL)))
		goto nopage;
	if (should_reclaim_retry(order, ac, alloc_flags, progress, &no_progress_loops))
		goto retry;
	page = __alloc_pages_may_oom(gfp, order, ac, &progress);
	if (page)
		return page;
	if (progress) {
		no_progress_loops = 0;
		goto retry;
	}
nopage:
	count_vm_event(PAGE_ALLOC_FAIL);
	if (!(gfp & __GFP_NOWARN))
		warn_alloc(gfp, order, "page allocation failure");
	return NULL;
}

static struct zonelist *node_zonelist(int nid, gfp_t gfp)
{
	return &NODE_DATA(nid)->node_zonelists[(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK
									: ZONELIST_FALLBACK];
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid)
{
	struct alloc_context ac;
	struct page *page;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			warn_alloc(gfp, order, "order too large");
		return NULL;
	}
	if (preferred_nid < 0 || preferred_nid >= nr_online_nodes)
		preferred_nid = numa_node_id();
	ac.highest_zoneidx = gfp_zone(gfp);
	ac.zonelist = node_zonelist(preferred_nid, gfp);
	ac.migratetype = gfp_migratetype(gfp);
	ac.preferred_zoneref = first_zones_zonelist(ac.zonelist, ac.highest_zoneidx);
	ac.spread_dirty_pages = false;
	if (!ac.preferred_zoneref->zone)
		return NULL;

	/* The fast path: any zone above its low watermark. */
	page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW, &ac);
	if (page)
		return page;
	return __alloc_pages_slowpath(gfp, order, &ac);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, numa_node_id());
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(gfp, order, nid);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

/* ---- freeing ----------------------------------------------------------- */

static inline bool free_page_is_bad(struct page *page)
{
	const char *reason = NULL;

	if (page_mapcount(page) != 0)
		reason = "nonzero mapcount";
	else if (page->mapping)
		reason = "non-NULL mapping";
	else if (page_ref_count(page) != 0)
		reason = "nonzero _refcount";
	else if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	if (reason)
		bad_page(page, reason);
	return reason != NULL;
}

/* Checks and clean-up before pages return to the allocator; false if bad. */
static inline bool free_pages_prepare(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;
	bool bad = false;

	if (!IS_ALIGNED(page_to_pfn(page), nr)) {
		bad_page(page, "misaligned free: pfn not aligned to the order");
		return false;
	}
	if (PageHead(page)) {
		if (compound_order(page) != order) {
			bad_page(page, "freeing compound page with the wrong order");
			return false;
		}
		for (unsigned long i = 1; i < nr; i++) {
			if (compound_head(&page[i]) != page) {
				bad_page(&page[i], "corrupted compound tail");
				bad = true;
			}
			clear_compound_head(&page[i]);
			page[i].mapping = NULL;
		}
		page[1].compound_order = 0;
		page[1].compound_nr = 0;
		atomic_set(&page[1].compound_mapcount, -1);
		__ClearPageHead(page);
	} else {
		/* A plain high-order block: the rest must be unused, not free. */
		for (unsigned long i = 1; i < nr; i++) {
			if (PageBuddy(&page[i]) || page_ref_count(&page[i]) ||
			    PageTail(&page[i]) || PageReserved(&page[i])) {
				bad_page(&page[i], "freeing with the wrong order: page beyond the allocation");
				return false;
			}
		}
	}
	/* An anonymous page's mapping is its anon_vma tag, not a live pointer to check. */
	if (PageMappingFlags(page))
		page->mapping = NULL;
	if (free_page_is_bad(page) || bad)
		return false;
	page->flags &= ~PAGE_FLAGS_CHECK_AT_PREP;
	kernel_poison_pages(page, nr);
	return true;
}

static void free_one_page(struct zone *zone, struct page *page, unsigned long pfn,
			  unsigned int order, int migratetype)
{
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	__free_one_page(page, pfn, zone, order, migratetype);
	spin_unlock_irqrestore(&zone->lock, flags);
}

static __always_inline void free_the_page(struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);
	int mt;

	if (!free_pages_prepare(page, order))
		return;
	count_vm_events(PGFREE, 1L << order);
	mt = get_pageblock_migratetype(page);
	if (order == 0 && mt < MIGRATE_PCPTYPES && free_unref_page(page, mt))
		return;
	free_one_page(page_zone(page), page, pfn, order, mt);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (PageTail(page)) {
		bad_page(page, "freeing a tail page of a compound page");
		return;
	}
	if (PageBuddy(page) || page_ref_count(page) <= 0) {
		bad_page(page, "freeing a free page (double free?)");
		return;
	}
	/* Read before the put: after it, another CPU may free and reuse the page. */
	bool head = PageHead(page);

	if (page_ref_dec_and_test(page)) {
		free_the_page(page, order);
	} else if (!head) {
		/*
		 * Someone else holds the first page: free the rest, which
		 * only we own (Linux does the same).
		 */
		while (order-- > 0)
			free_the_page(page + (1UL << order), order);
	}
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr) || !pfn_valid(virt_to_pfn((void *)addr))) {
		pr_err("free_pages: %#lx is not a linear-map address\n", addr);
		WARN_ON(1);
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

/*
 * Turn a non-compound order-`order` allocation into 2^order independent
 * order-0 pages, each with its own reference (Linux: split_page).
 */
void split_page(struct page *page, unsigned int order)
{
	if (PageHead(page)) {
		bad_page(page, "split_page of a compound page");
		return;
	}
	for (unsigned long i = 1; i < (1UL << order); i++)
		set_page_count(&page[i], 1);
}

/* The last reference went (put_page in mm/swap.c): give the block back. */
void free_page_final(struct page *page, unsigned int order)
{
	free_the_page(page, order);
}

/*
 * Boot: hand a block of reserved-at-init pages to the allocator (called
 * by memblock_free_all through free_memmap_range_to_buddy).
 */
void __free_pages_core(struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;
	struct zone *zone = page_zone(page);

	for (unsigned long i = 0; i < nr; i++) {
		__ClearPageReserved(&page[i]);
		set_page_count(&page[i], 0);
	}
	atomic_long_add(nr, &zone->managed_pages);
	kernel_poison_pages(page, nr);
	free_one_page(zone, page, page_to_pfn(page), order, get_pageblock_migratetype(page));
}

/* Free [spfn, epfn) in the largest aligned blocks that stay inside one zone. */
unsigned long free_memmap_range_to_buddy(unsigned long spfn, unsigned long epfn)
{
	unsigned long count = epfn - spfn;

	while (spfn < epfn) {
		unsigned int order = spfn ? __ffs(spfn) : MAX_PAGE_ORDER;

		order = min(order, (unsigned int)MAX_PAGE_ORDER);
		while (spfn + (1UL << order) > epfn ||
		       page_zone(pfn_to_page(spfn)) != page_zone(pfn_to_page(spfn + (1UL << order) - 1)))
			order--;
		__free_pages_core(pfn_to_page(spfn), order);
		spfn += 1UL << order;
	}
	return count;
}
