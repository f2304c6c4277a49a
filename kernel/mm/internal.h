/*
 * Interfaces private to the memory manager (Linux: mm/internal.h).
 */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include "mm/gfp.h"
#include "mm/mm.h"

/* Allocation flags: which watermark to check and what reserves to use. */
#define ALLOC_WMARK_MIN      WMARK_MIN
#define ALLOC_WMARK_LOW      WMARK_LOW
#define ALLOC_WMARK_HIGH     WMARK_HIGH
#define ALLOC_NO_WATERMARKS  0x04
#define ALLOC_WMARK_MASK     (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM            0x08
#define ALLOC_NON_BLOCK      0x10	/* caller cannot sleep: min -= min/4 */
#define ALLOC_HIGH           0x20	/* __GFP_HIGH: min -= min/2 */
#define ALLOC_CPUSET         0x40
#define ALLOC_NOFRAGMENT     0x100
#define ALLOC_HIGHATOMIC     0x200
#define ALLOC_KSWAPD         0x800
#define ALLOC_RESERVES (ALLOC_NON_BLOCK | ALLOC_HIGH | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* Rounds of direct reclaim without progress before the OOM killer; kswapd gives up after as many. */
#define MAX_RECLAIM_RETRIES 16

/* How many pages of each LRU list reclaim would scan this round (mm/vmscan.c, for its test). */
void vmscan_get_scan_count(struct lruvec *lruvec, int priority, bool may_swap, unsigned long *nr);

/* What one allocation request carries through the allocator. */
struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	bool spread_dirty_pages;
};

bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
bool __zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
			 int highest_zoneidx, unsigned int alloc_flags, long free_pages);
struct page *__rmqueue_smallest(struct zone *zone, unsigned int order, int migratetype);
void __free_one_page(struct page *page, unsigned long pfn, struct zone *zone,
		     unsigned int order, int migratetype);
/* Index of a pfn's pageblock in its zone's pageblock_flags. */
static inline unsigned long pageblock_index(const struct zone *zone, unsigned long pfn)
{
	return (pfn - ALIGN_DOWN(zone->zone_start_pfn, pageblock_nr_pages)) >> pageblock_order;
}

/* The migratetype of the pageblock holding `page` (on every free: inline). */
static inline int get_pageblock_migratetype(const struct page *page)
{
	const struct zone *zone = page_zone(page);

	return READ_ONCE(zone->pageblock_flags[pageblock_index(zone, page_to_pfn(page))]);
}

void set_pageblock_migratetype(struct page *page, int migratetype);
unsigned long free_memmap_range_to_buddy(unsigned long spfn, unsigned long epfn);
void __free_pages_core(struct page *page, unsigned int order);
void bad_page(struct page *page, const char *reason);
void dump_page(struct page *page, const char *reason);
void free_page_final(struct page *page, unsigned int order);
/* Counted by bad_page(), so tests can see a report happened. */
extern unsigned long bad_page_count;
void show_free_areas(void);
void warn_alloc(gfp_t gfp, unsigned int order, const char *msg);

/* Setup, mm_init.c */
void free_area_init(void);
void build_all_zonelists(void);
void setup_per_zone_wmarks(void);
void setup_per_zone_lowmem_reserve(void);
void calculate_min_free_kbytes(void);
void setup_zone_pageset(struct zone *zone);
void zone_pcp_disable(struct zone *zone);
void zone_pcp_enable(struct zone *zone);
void zone_pcp_update(struct zone *zone);
void page_alloc_init_cpu(void);
void mem_init(void);
extern int min_free_kbytes;
extern int user_min_free_kbytes;
extern int watermark_scale_factor;
extern int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES];
extern unsigned long required_movablecore, required_kernelcore;
extern unsigned long movablecore_percent, kernelcore_percent;
extern unsigned long zone_movable_pfn[MAX_NUMNODES];

/* page_poison= */
extern bool page_poisoning_enabled;
#define PAGE_POISON 0xaa
void __kernel_poison_pages(struct page *page, int n);
void __kernel_unpoison_pages(struct page *page, int n);

/* The test is inline so that the allocator's fast path pays nothing when off
 * (Linux uses a static key for the same reason). */
static inline void kernel_poison_pages(struct page *page, int n)
{
	if (unlikely(page_poisoning_enabled))
		__kernel_poison_pages(page, n);
}

static inline void kernel_unpoison_pages(struct page *page, int n)
{
	if (unlikely(page_poisoning_enabled))
		__kernel_unpoison_pages(page, n);
}

static inline unsigned int buddy_order(const struct page *page)
{
	return page->private;
}

static inline unsigned long __find_buddy_pfn(unsigned long pfn, unsigned int order)
{
	return pfn ^ (1UL << order);
}

#endif
