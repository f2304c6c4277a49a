/*
 * Building nodes, zones and the memmap at boot (Linux: mm/mm_init.c for
 * free_area_init, memmap_init, ZONE_MOVABLE placement and zonelists;
 * mm/page_alloc.c for watermarks, lowmem_reserve and per-CPU pagesets).
 */
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "mm/vmstat.h"
#include "mm/swap.h"
#include "printk.h"
#include "panic.h"
#include "string.h"
#include "bitops.h"
#include "init.h"
#include "errno.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA32", "Normal", "Movable" };

pg_data_t *node_data[MAX_NUMNODES];
int nr_online_nodes = 1;
unsigned long totalram_pages_count;

int min_free_kbytes = 1024;
int user_min_free_kbytes = -1;
int watermark_scale_factor = 10;
int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 32, 0 };

unsigned long required_movablecore, required_kernelcore;
unsigned long movablecore_percent, kernelcore_percent;
unsigned long zone_movable_pfn[MAX_NUMNODES];

#define DMA32_END_PFN (1UL << (32 - PAGE_SHIFT))

pg_data_t *first_online_pgdat(void)
{
	return NODE_DATA(0);
}

struct zone *next_zone(struct zone *zone)
{
	pg_data_t *pgdat = zone->zone_pgdat;

	if (zone < pgdat->node_zones + MAX_NR_ZONES - 1)
		return zone + 1;
	if (pgdat->node_id + 1 < nr_online_nodes)
		return NODE_DATA(pgdat->node_id + 1)->node_zones;
	return NULL;
}

/* ---- zone ranges -------------------------------------------------------- */

static void node_pfn_range(int nid, unsigned long *start, unsigned long *end)
{
	struct memblock_region *r;

	*start = ~0UL;
	*end = 0;
	for_each_mem_region(r) {
		if (r->nid != nid)
			continue;
		*start = min(*start, PFN_UP(r->base));
		*end = max(*end, PFN_DOWN(r->base + r->size));
	}
	if (*start > *end)
		*start = *end = 0;
}

/* RAM pages of `nid` in [start, end) (Linux: the inverse of absent_pages_in_range). */
static unsigned long present_pages_in_range(int nid, unsigned long start, unsigned long end)
{
	struct memblock_region *r;
	unsigned long n = 0;

	for_each_mem_region(r) {
		unsigned long s = max(start, PFN_UP(r->base));
		unsigned long e = min(end, PFN_DOWN(r->base + r->size));

		if (r->nid == nid && s < e)
			n += e - s;
	}
	return n;
}

/* The zone ZONE_MOVABLE is carved from: the highest populated one. */
static enum zone_type movable_zone_of(void)
{
	return memblock_end_of_DRAM() > PFN_PHYS(DMA32_END_PFN) ? ZONE_NORMAL : ZONE_DMA32;
}

static void arch_zone_range(enum zone_type zt, unsigned long *start, unsigned long *end)
{
	if (zt == ZONE_DMA32) {
		*start = 0;
		*end = DMA32_END_PFN;
	} else {
		*start = DMA32_END_PFN;
		*end = ~0UL;
	}
}

/*
 * Where ZONE_MOVABLE starts on each node (Linux:
 * find_zone_movable_pfns_for_nodes, simplified to an even spread of
 * kernelcore across nodes). Memory below the movable-capable zone is
 * kernel memory anyway; the rest of kernelcore comes next, and what
 * remains above it becomes ZONE_MOVABLE.
 */
static void find_zone_movable_pfns_for_nodes(void)
{
	unsigned long total = PHYS_PFN(memblock_phys_mem_size()), usable_start, unused, kernelcore;
	int nid;

	if (movablecore_percent)
		required_movablecore = total * movablecore_percent / 100;
	if (kernelcore_percent)
		required_kernelcore = total * kernelcore_percent / 100;
	kernelcore = required_kernelcore;
	if (required_movablecore) {
		unsigned long core = required_movablecore >= total ? 0 : total - required_movablecore;

		kernelcore = max(kernelcore, core);
	}
	if (!kernelcore || kernelcore >= total)
		return;
	arch_zone_range(movable_zone_of(), &usable_start, &unused);
	for_each_online_node(nid) {
		unsigned long left = kernelcore / nr_online_nodes, s, e;
		struct memblock_region *r;

		for_each_mem_region(r) {
			if (r->nid != nid || zone_movable_pfn[nid])
				continue;
			s = PFN_UP(r->base);
			e = PFN_DOWN(r->base + r->size);
			if (e <= usable_start) {	/* lower zone: kernel memory */
				left -= min(left, e - s);
				continue;
			}
			if (s < usable_start) {
				left -= min(left, usable_start - s);
				s = usable_start;
			}
			if (left < e - s)
				zone_movable_pfn[nid] = ALIGN(s + left, MAX_ORDER_NR_PAGES);
			else
				left -= e - s;
		}
		node_pfn_range(nid, &s, &e);
		if (zone_movable_pfn[nid] >= e)
			zone_movable_pfn[nid] = 0;
	}
}

static void zone_span(int nid, enum zone_type zt, unsigned long *start, unsigned long *end)
{
	unsigned long ns, ne, zs, ze, movable = zone_movable_pfn[nid];

	node_pfn_range(nid, &ns, &ne);
	if (zt == ZONE_MOVABLE) {
		*start = movable ? movable : ne;
		*end = ne;
		return;
	}
	arch_zone_range(zt, &zs, &ze);
	*start = clamp(zs, ns, ne);
	*end = clamp(ze, ns, ne);
	if (movable) {	/* the part from `movable` up belongs to ZONE_MOVABLE */
		*end = min(*end, movable);
		*start = min(*start, *end);
	}
}

/* ---- the memmap --------------------------------------------------------- */

static void __init_single_page(struct page *page, unsigned long pfn,
			       enum zone_type zone, int nid)
{
	memset(page, 0, sizeof(*page));
	set_page_links(page, zone, nid);
	init_page_count(page);
	page_mapcount_reset(page);
	INIT_LIST_HEAD(&page->lru);
	/* Everything starts reserved; memblock_free_all() frees what is free. */
	__SetPageReserved(page);
}

static void memmap_init_zone(struct zone *zone)
{
	unsigned long end = zone_end_pfn(zone);

	for (unsigned long pfn = zone->zone_start_pfn; pfn < end; pfn++) {
		if (!pfn_valid(pfn)) {
			pfn = ALIGN(pfn + 1, PAGES_PER_SECTION) - 1;
			continue;
		}
		__init_single_page(pfn_to_page(pfn), pfn, zone_idx(zone), zone->node);
	}
	/* Every pageblock starts movable, as in Linux; others steal from them. */
	for (unsigned long pfn = ALIGN(zone->zone_start_pfn, pageblock_nr_pages); pfn < end;
	     pfn += pageblock_nr_pages)
		if (pfn_valid(pfn))
			set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_MOVABLE);
}

static void zone_init(pg_data_t *pgdat, enum zone_type zt, unsigned long start, unsigned long end)
{
	struct zone *zone = &pgdat->node_zones[zt];
	unsigned long nblocks;

	zone->name = zone_names[zt];
	zone->node = pgdat->node_id;
	zone->zone_pgdat = pgdat;
	spin_lock_init(&zone->lock, "zone->lock");
	zone->zone_start_pfn = start;
	zone->spanned_pages = end - start;
	zone->present_pages = present_pages_in_range(pgdat->node_id, start, end);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&zone->free_area[o].free_list[mt]);
	/* Until setup_zone_pageset(): free order-0 pages straight to the zone. */
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		spin_lock_init(&pcp->lock, "pcp->lock");
		pcp->high = 0;
		pcp->batch = 1;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			INIT_LIST_HEAD(&pcp->lists[mt]);
	}
	if (!zone->spanned_pages)
		return;
	nblocks = (end - ALIGN_DOWN(start, pageblock_nr_pages) + pageblock_nr_pages - 1) >> pageblock_order;
	zone->pageblock_flags = memblock_alloc_node(nblocks, 8, pgdat->node_id);
	if (zone->present_pages) {
		pgdat->nr_zones = zt + 1;
		memmap_init_zone(zone);
	}
}

static void free_area_init_node(int nid)
{
	pg_data_t *pgdat = memblock_alloc_node(sizeof(pg_data_t), 64, nid);
	unsigned long start, end;

	node_data[nid] = pgdat;
	pgdat->node_id = nid;
	node_pfn_range(nid, &start, &end);
	pgdat->node_start_pfn = start;
	pgdat->node_spanned_pages = end - start;
	pgdat->node_present_pages = present_pages_in_range(nid, start, end);
	lruvec_init(&pgdat->__lruvec);
	spin_lock_init(&pgdat->kswapd_lock, "kswapd_lock");
	pr_info("Initmem setup node %d [mem 0x%016lx-0x%016lx]\n", nid,
		PFN_PHYS(start), PFN_PHYS(end) - 1);
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		unsigned long zs, ze;

		zone_span(nid, zt, &zs, &ze);
		zone_init(pgdat, zt, zs, ze);
	}
}

static void print_zone_ranges(void)
{
	unsigned long s, e;
	int nid;

	pr_info("Zone ranges:\n");
	for (int zt = ZONE_DMA32; zt < ZONE_MOVABLE; zt++) {
		unsigned long lo = ~0UL, hi = 0;

		for_each_online_node(nid) {
			zone_span(nid, zt, &s, &e);
			if (s < e) {
				lo = min(lo, s);
				hi = max(hi, e);
			}
		}
		if (lo < hi)
			pr_info("  %-8s [mem 0x%016lx-0x%016lx]\n", zone_names[zt],
				PFN_PHYS(lo), PFN_PHYS(hi) - 1);
		else
			pr_info("  %-8s empty\n", zone_names[zt]);
	}
	pr_info("Movable zone start for each node\n");
	for_each_online_node(nid)
		if (zone_movable_pfn[nid])
			pr_info("  Node %d: 0x%016lx\n", nid, PFN_PHYS(zone_movable_pfn[nid]));
	pr_info("Early memory node ranges\n");
	{
		struct memblock_region *r;

		for_each_mem_region(r)
			pr_info("  node %3d: [mem 0x%016lx-0x%016lx]\n", r->nid, r->base,
				r->base + r->size - 1);
	}
}

void free_area_init(void)
{
	int nid;

	find_zone_movable_pfns_for_nodes();
	print_zone_ranges();
	for_each_online_node(nid)
		free_area_init_node(nid);
}

/* ---- zonelists ---------------------------------------------------------- */

static int build_zonerefs_node(pg_data_t *pgdat, struct zoneref *zrefs)
{
	int n = 0;

	for (int zt = MAX_NR_ZONES - 1; zt >= 0; zt--) {
		struct zone *zone = &pgdat->node_zones[zt];

		if (populated_zone(zone)) {
			zrefs[n].zone = zone;
			zrefs[n].zone_idx = zt;
			n++;
		}
	}
	return n;
}

/* Nodes ordered by distance from `local`, nearest first, ties by id. */
static void nodes_by_distance(int local, int *order)
{
	bool used[MAX_NUMNODES] = { false };

	for (int i = 0; i < nr_online_nodes; i++) {
		int best = -1;

		for (int n = 0; n < nr_online_nodes; n++)
			if (!used[n] && (best < 0 || node_distance(local, n) < node_distance(local, best)))
				best = n;
		used[best] = true;
		order[i] = best;
	}
}

static void build_zonelists(pg_data_t *pgdat)
{
	struct zoneref *zrefs = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	int order[MAX_NUMNODES], n = 0;

	nodes_by_distance(pgdat->node_id, order);
	for (int i = 0; i < nr_online_nodes; i++)
		n += build_zonerefs_node(NODE_DATA(order[i]), zrefs + n);
	zrefs[n].zone = NULL;
	zrefs[n].zone_idx = 0;
	zrefs = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	n = build_zonerefs_node(pgdat, zrefs);
	zrefs[n].zone = NULL;
	zrefs[n].zone_idx = 0;
}

void build_all_zonelists(void)
{
	unsigned long total = 0;
	struct zone *zone;
	int nid;

	for_each_online_node(nid)
		build_zonelists(NODE_DATA(nid));
	for_each_populated_zone(zone)
		total += zone_managed_pages(zone);
	pr_info("Built %d zonelists, mobility grouping on.  Total pages: %lu\n",
		nr_online_nodes, total);
	for_each_online_node(nid) {
		char line[256];
		int n = snprintf(line, sizeof(line), "Fallback order for Node %d:", nid);

		for (struct zoneref *z = NODE_DATA(nid)->node_zonelists[0]._zonerefs; z->zone; z++)
			n += snprintf(line + n, sizeof(line) - n, " %d:%s", z->zone->node, z->zone->name);
		pr_info("%s\n", line);
	}
}

/* ---- watermarks --------------------------------------------------------- */

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, b = 1UL << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

/* Managed pages of the zones a GFP_KERNEL allocation can use (not movable). */
static unsigned long nr_free_buffer_pages(void)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_populated_zone(zone)
		if (zone_idx(zone) <= ZONE_NORMAL)
			n += zone_managed_pages(zone) - min(zone_managed_pages(zone), high_wmark_pages(zone));
	return n;
}

/* min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 262144]. */
void calculate_min_free_kbytes(void)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages() * (PAGE_SIZE >> 10);
	unsigned long v = int_sqrt(lowmem_kbytes * 16);

	v = clamp(v, 128UL, 262144UL);
	/* As in Linux, a user's value is kept only if it is the larger one. */
	if (user_min_free_kbytes >= 0 && (unsigned long)user_min_free_kbytes >= v) {
		min_free_kbytes = user_min_free_kbytes;
		return;
	}
	if (user_min_free_kbytes >= 0)
		pr_warn("min_free_kbytes is not updated to %lu because user defined value %d is preferred\n"
			, v, user_min_free_kbytes);
	min_free_kbytes = v;
}

static void calculate_totalreserve_pages(void)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long m = 0;

			for (int j = i; j < MAX_NR_ZONES; j++)
				m = max(m, zone->lowmem_reserve[j]);
			m += high_wmark_pages(zone);
			pgdat->totalreserve_pages += min((unsigned long)m, zone_managed_pages(zone));
		}
	}
}

/*
 * lowmem_reserve[j] of a zone = managed pages of the zones above it, up
 * to j, divided by the zone's ratio: how much of this zone an allocation
 * that could have used zone j must leave alone.
 */
void setup_per_zone_lowmem_reserve(void)
{
	int nid;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone_managed_pages(zone);
			unsigned long upper = 0;

			zone->lowmem_reserve[i] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				bool empty = !zone_managed_pages(&pgdat->node_zones[j]);

				/* Nothing to protect against a zone that has no pages. */
				upper += zone_managed_pages(&pgdat->node_zones[j]);
				zone->lowmem_reserve[j] = (clear || empty) ? 0 : upper / ratio;
			}
		}
	}
	calculate_totalreserve_pages();
}

/*
 * min_free_kbytes is shared among the zones in proportion to their size
 * (ZONE_MOVABLE gets a small fixed minimum instead); low and high are
 * min plus max(min/4, managed * watermark_scale_factor / 10000).
 */
void setup_per_zone_wmarks(void)
{
	unsigned long pages_min = min_free_kbytes >> (PAGE_SHIFT - 10), lowmem_pages = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		if (zone_idx(zone) != ZONE_MOVABLE)
			lowmem_pages += zone_managed_pages(zone);
	for_each_populated_zone(zone) {
		unsigned long managed = zone_managed_pages(zone), flags, tmp;

		spin_lock_irqsave(&zone->lock, flags);
		tmp = lowmem_pages ? pages_min * managed / lowmem_pages : 0;
		if (zone_idx(zone) == ZONE_MOVABLE)
			zone->_watermark[WMARK_MIN] = clamp(managed / 1024, 32UL, 128UL);
		else
			zone->_watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, managed * watermark_scale_factor / 10000);
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + tmp;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + tmp;
		spin_unlock_irqrestore(&zone->lock, flags);
	}
	calculate_totalreserve_pages();
}

/* ---- per-CPU pagesets ---------------------------------------------------- */

static int zone_batchsize(struct zone *zone)
{
	int batch = min(zone_managed_pages(zone) >> 10, SZ_1M / PAGE_SIZE) / 4;

	if (batch < 1)
		batch = 1;
	/* One less than a power of two, to avoid cache-colour aliasing. */
	batch = rounddown_pow_of_two(batch + batch / 2) - 1;
	return batch;
}

static void pageset_update(struct zone *zone, int high, int batch)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		unsigned long flags;

		spin_lock_irqsave(&pcp->lock, flags);
		pcp->batch = batch;
		pcp->high = high;
		spin_unlock_irqrestore(&pcp->lock, flags);
	}
}

/* high = 6 * batch, as Linux's pageset_set_batch did before 5.14. */
void setup_zone_pageset(struct zone *zone)
{
	/* A zone under 32 MiB computes 0; Linux moves at least one page too. */
	int batch = max(1, zone_batchsize(zone));

	zone->pageset_batch = batch;
	zone->pageset_high = 6 * batch;
	pageset_update(zone, zone->pageset_high, batch);
}

/*
 * Bypass the per-CPU lists of a zone: every order-0 page goes to and
 * from the buddy lists at once (Linux: zone_pcp_disable, used by memory
 * hot-unplug; here also by the benchmark that measures what the lists save).
 */
void zone_pcp_disable(struct zone *zone)
{
	pageset_update(zone, 0, 1);
	drain_all_pages(zone);
}

void zone_pcp_enable(struct zone *zone)
{
	pageset_update(zone, zone->pageset_high, zone->pageset_batch);
}

void page_alloc_init_cpu(void)
{
	struct zone *zone;

	for_each_populated_zone(zone)
		setup_zone_pageset(zone);
}

int node_distance(int a, int b)
{
	return boot_dt.distance[a][b];
}

/* ---- the "Memory:" line --------------------------------------------------- */

extern char _stext[], _etext[], __start_rodata[], __end_rodata[], _sdata[], _edata[];
extern char __bss_start[], __bss_stop[];

void mem_init(void)
{
	unsigned long physpages = 0, free = 0;
	struct zone *zone;
	int nid;

	for_each_online_node(nid)
		physpages += NODE_DATA(nid)->node_present_pages;
	for_each_populated_zone(zone)
		free += zone_managed_pages(zone);
	totalram_pages_count = free;
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, "
		"0K init, %luK bss, %luK reserved, 0K cma-reserved)\n",
		free << 2, physpages << 2, (unsigned long)(_etext - _stext) >> 10,
		(unsigned long)(_edata - _sdata) >> 10,
		(unsigned long)(__end_rodata - __start_rodata) >> 10,
		(unsigned long)(__bss_stop - __bss_start) >> 10, (physpages - free) << 2);
}

/* ---- boot parameters ------------------------------------------------------- */

/* SIZE or NN%: the percentage is kept and applied once RAM is known. */
static int parse_size_or_percent(char *p, unsigned long *pages, unsigned long *percent)
{
	char *end;
	unsigned long long v = memparse(p, &end);

	if (!*p)
		return -EINVAL;
	if (*end == '%' && !end[1]) {
		if (v > 100)
			return -EINVAL;
		*percent = v;
		*pages = 0;
		return 0;
	}
	if (*end)
		return -EINVAL;
	*pages = v >> PAGE_SHIFT;
	*percent = 0;
	return 0;
}

static int early_movablecore(char *p)
{
	return parse_size_or_percent(p, &required_movablecore, &movablecore_percent);
}
early_param("movablecore", early_movablecore);

static int early_kernelcore(char *p)
{
	return parse_size_or_percent(p, &required_kernelcore, &kernelcore_percent);
}
early_param("kernelcore", early_kernelcore);

static int early_min_free_kbytes(char *p)
{
	unsigned long v;

	if (kstrtoul(p, 10, &v) || v > 1048576 || v < 128)
		return -EINVAL;
	user_min_free_kbytes = v;
	return 0;
}
early_param("min_free_kbytes", early_min_free_kbytes);
