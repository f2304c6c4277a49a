/*
 * Nodes and zones (Linux: include/linux/mmzone.h).
 *
 * Each NUMA node has a pg_data_t with an array of zones. On riscv64 the
 * zones are ZONE_DMA32 (below 4 GiB, for 32-bit DMA devices), ZONE_NORMAL
 * (above) and ZONE_MOVABLE (carved out by movablecore=/kernelcore=, only
 * for pages that could be migrated). Each zone runs its own buddy
 * allocator: free_area[order].free_list[migratetype].
 *
 * Locking: zone->lock protects free_area and the pageblock map; each
 * per_cpu_pages has its own lock, taken with interrupts off.
 */
#ifndef _MM_MMZONE_H
#define _MM_MMZONE_H

#include "types.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "smp.h"
#include "devicetree.h"
#include "mm/page.h"

#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
/* A pageblock is 2 MiB (Linux: pageblock_order = HUGETLB_PAGE_ORDER). */
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)
#define PAGE_ALLOC_COSTLY_ORDER 3

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the per-CPU lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

enum zone_type {
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_INACTIVE_ANON,
	NR_ZONE_ACTIVE_ANON,
	NR_ZONE_INACTIVE_FILE,
	NR_ZONE_ACTIVE_FILE,
	NR_ZONE_UNEVICTABLE,
	NR_ZONE_WRITE_PENDING,
	NR_MLOCK,
	NR_FREE_HIGHATOMIC,
	NR_VM_ZONE_STAT_ITEMS
};
#define NR_ZONE_LRU_BASE NR_ZONE_INACTIVE_ANON	/* per-zone LRU sizes, enum lru_list order */

enum node_stat_item {
	NR_LRU_BASE,
	NR_INACTIVE_ANON = NR_LRU_BASE,	/* pages on each LRU list (enum lru_list order) */
	NR_ACTIVE_ANON,
	NR_INACTIVE_FILE,
	NR_ACTIVE_FILE,
	NR_UNEVICTABLE,
	NR_SLAB_RECLAIMABLE_B,
	NR_SLAB_UNRECLAIMABLE_B,
	NR_PAGETABLE,
	NR_KERNEL_STACK_KB,
	NR_VMALLOC,
	NR_ANON_MAPPED,		/* anonymous pages mapped by some pte (AnonPages) */
	NR_FILE_MAPPED,		/* page-cache pages mapped by some pte (Mapped) */
	NR_FILE_PAGES,		/* pages in the page cache, shmem included (Cached + ...) */
	NR_FILE_DIRTY,		/* page-cache pages waiting for writeback (Dirty) */
	NR_WRITEBACK,		/* under writeback now (Writeback) */
	NR_SHMEM,		/* shared anonymous memory (Shmem) */
	NR_SWAPCACHE,		/* pages in the swap cache (SwapCached) */
	NR_DIRTIED,		/* pages dirtied since boot */
	NR_WRITTEN,		/* pages written back since boot */
	NR_VM_NODE_STAT_ITEMS
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

/* Per-CPU order-0 page cache of one zone (Linux: struct per_cpu_pages). */
struct per_cpu_pages {
	spinlock_t lock;
	int count;		/* pages on the lists */
	int high;		/* drain down to high - batch above this */
	int batch;		/* pages moved to/from the zone at once */
	struct list_head lists[MIGRATE_PCPTYPES];
};

struct pglist_data;
struct task_struct;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	/* Pages this zone keeps back from allocations that could use a higher zone. */
	long lowmem_reserve[MAX_NR_ZONES];
	int node;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages per_cpu_pageset[NR_CPUS];
	int pageset_high, pageset_batch;
	/* Migratetype of each pageblock; Linux packs 4 bits a block. */
	unsigned char *pageblock_flags;
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;	/* given to the buddy allocator */
	unsigned long spanned_pages;	/* end - start, holes included */
	unsigned long present_pages;	/* RAM in the span */
	const char *name;
	spinlock_t lock;
	struct free_area free_area[NR_PAGE_ORDERS];
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

struct zoneref {
	struct zone *zone;
	int zone_idx;
};

#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
enum {
	ZONELIST_FALLBACK,	/* every node, nearest first */
	ZONELIST_NOFALLBACK,	/* this node only, for __GFP_THISNODE */
	MAX_ZONELISTS
};

struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

/*
 * The LRU lists that reclaim scans (Linux: enum lru_list, struct lruvec).
 * Each node keeps its pages on four lists, inactive and active for
 * anonymous and for file pages, plus one for pages that cannot be
 * evicted. New pages start inactive; a second access while there
 * (mark_page_accessed) or a referenced pte seen by reclaim activates them.
 */
enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};
#define LRU_ACTIVE 1
#define LRU_FILE 2
#define for_each_lru(lru) for (lru = 0; lru < NR_LRU_LISTS; lru++)

struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
	spinlock_t lru_lock;		/* the lists and every page's PG_lru/PG_active */
	/*
	 * How much reclaim scanned of the anon [0] and file [1] lists lately,
	 * and how much of that was in use and went back (rotated): the cost
	 * of reclaiming each type, that get_scan_count() weighs with
	 * swappiness (Linux 2.6-5.8's zone_reclaim_stat; newer Linux weighs
	 * refaults and I/O instead). Under lru_lock.
	 */
	unsigned long recent_scanned[2];
	unsigned long recent_rotated[2];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;			/* highest populated zone + 1 */
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
	unsigned long totalreserve_pages;
	struct lruvec __lruvec;		/* Linux: one per memory cgroup too */
	atomic_long_t vm_stat[NR_VM_NODE_STAT_ITEMS];
	/* kswapd (mm/vmscan.c): its thread, and what the allocator asked of it. */
	struct task_struct *kswapd;
	spinlock_t kswapd_lock;		/* the three below */
	bool kswapd_wake;		/* woken since it last looked */
	int kswapd_order;		/* the largest order asked for */
	int kswapd_highest_zoneidx;	/* the highest zone asked for */
	int kswapd_failures;		/* balance_pgdat runs that reclaimed nothing */
} pg_data_t;

extern pg_data_t *node_data[MAX_NUMNODES];
extern int nr_online_nodes;
#define NODE_DATA(nid) (node_data[nid])

#define for_each_online_node(nid) \
	for (nid = 0; nid < nr_online_nodes; nid++)
#define for_each_populated_zone(zone) \
	for (zone = first_online_pgdat()->node_zones; zone; zone = next_zone(zone)) \
		if (!populated_zone(zone)) ; else

pg_data_t *first_online_pgdat(void);
struct zone *next_zone(struct zone *zone);

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline bool managed_zone(const struct zone *z)
{
	return atomic_long_read(&z->managed_pages) != 0;
}

static inline unsigned long zone_managed_pages(const struct zone *z)
{
	return atomic_long_read(&z->managed_pages);
}

static inline int zone_idx(const struct zone *z)
{
	return z - z->zone_pgdat->node_zones;
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}
#define min_wmark_pages(z) wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z) wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z) wmark_pages(z, WMARK_HIGH)

static inline unsigned long zone_page_state(const struct zone *z, enum zone_stat_item i)
{
	long v = atomic_long_read(&z->vm_stat[i]);

	return v < 0 ? 0 : v;
}

static inline void __mod_zone_page_state(struct zone *z, enum zone_stat_item i, long delta)
{
	atomic_long_add(delta, &z->vm_stat[i]);
}

static inline unsigned long node_page_state(pg_data_t *pgdat, enum node_stat_item i)
{
	long v = atomic_long_read(&pgdat->vm_stat[i]);

	return v < 0 ? 0 : v;
}

static inline void mod_node_page_state(pg_data_t *pgdat, enum node_stat_item i, long delta)
{
	atomic_long_add(delta, &pgdat->vm_stat[i]);
}

static inline bool free_area_empty(const struct free_area *area, int migratetype)
{
	return list_empty(&area->free_list[migratetype]);
}

/* Zonelist iteration: zones no higher than highest_zoneidx, in fallback order. */
#define for_each_zone_zonelist(zone, z, zlist, highidx) \
	for (z = first_zones_zonelist(zlist, highidx); (zone = z->zone) != NULL; \
	     z = next_zones_zonelist(z + 1, highidx))

static inline struct zoneref *next_zones_zonelist(struct zoneref *z, int highest_zoneidx)
{
	while (z->zone && z->zone_idx > highest_zoneidx)
		z++;
	return z;
}

static inline struct zoneref *first_zones_zonelist(struct zonelist *zl, int highest_zoneidx)
{
	return next_zones_zonelist(zl->_zonerefs, highest_zoneidx);
}

extern const char *const zone_names[MAX_NR_ZONES];
int node_distance(int a, int b);
extern int numa_cpu_node[NR_CPUS];

static inline int cpu_to_node(int cpu)
{
	return numa_cpu_node[cpu];
}

static inline int numa_node_id(void)
{
	return cpu_to_node(smp_processor_id());
}

#endif
