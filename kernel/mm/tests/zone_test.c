/*
 * Tests of zones, watermarks, lowmem_reserve, zonelists and GFP zone
 * selection (kernel/mm/mm_init.c, kernel/mm/page_alloc.c). Watermark and
 * reserve arithmetic is checked against values worked out by hand from
 * Linux's formulas, on zone sizes the test sets itself.
 */
#include "kunit/test.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "smp.h"

#define NOWARN (GFP_KERNEL | __GFP_NOWARN)

static void zone_gfp_picks_highest_zone(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_USER), ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_DMA32), ZONE_DMA32);
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	KUNIT_EXPECT_EQ(test, gfp_zone(GFP_KERNEL | __GFP_MOVABLE), ZONE_NORMAL);
	KUNIT_EXPECT_EQ(test, gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	KUNIT_EXPECT_EQ(test, gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	KUNIT_EXPECT_EQ(test, gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
}

static void zone_allocations_respect_zone_limits(struct kunit *test)
{
	struct page *k = alloc_pages(NOWARN, 0);
	struct page *d = alloc_pages(GFP_DMA32 | GFP_KERNEL | __GFP_NOWARN, 0);
	struct page *m = alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0);
	bool have_movable = populated_zone(&NODE_DATA(numa_node_id())->node_zones[ZONE_MOVABLE]);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_NE(test, page_zonenum(k), ZONE_MOVABLE);
	KUNIT_EXPECT_EQ(test, page_zonenum(d), ZONE_DMA32);
	KUNIT_EXPECT_LT(test, page_to_phys(d), 1UL << 32);
	if (have_movable)	/* user pages go to ZONE_MOVABLE first */
		KUNIT_EXPECT_EQ(test, page_zonenum(m), ZONE_MOVABLE);
	__free_pages(k, 0);
	__free_pages(d, 0);
	__free_pages(m, 0);
}

static void zone_zonelist_is_local_node_highest_first(struct kunit *test)
{
	int nid;

	for_each_online_node(nid) {
		struct zoneref *z = NODE_DATA(nid)->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
		int prev_node = nid, prev_idx = MAX_NR_ZONES, n = 0;

		KUNIT_EXPECT_EQ(test, z->zone->node, nid);
		for (; z->zone; z++, n++) {
			if (z->zone->node == prev_node)
				KUNIT_EXPECT_LT(test, z->zone_idx, prev_idx);
			else	/* farther nodes come later, never nearer ones */
				KUNIT_EXPECT_LE(test, node_distance(nid, prev_node),
						node_distance(nid, z->zone->node));
			prev_node = z->zone->node;
			prev_idx = z->zone_idx;
			KUNIT_EXPECT_TRUE(test, populated_zone(z->zone));
		}
		KUNIT_EXPECT_GE(test, n, 1);
		/* The no-fallback list holds only the node's own zones. */
		for (z = NODE_DATA(nid)->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs; z->zone; z++)
			KUNIT_EXPECT_EQ(test, z->zone->node, nid);
	}
}

struct node_probe {
	int nid[NR_CPUS];
};

/* A cross-CPU call, which must not sleep: GFP_NOWAIT, no reclaim. */
static void alloc_on_cpu(void *info)
{
	struct node_probe *p = info;
	struct page *page = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0);

	p->nid[smp_processor_id()] = page ? page_to_nid(page) : -1;
	__free_pages(page, 0);
}

static void zone_numa_allocations_prefer_local_node(struct kunit *test)
{
	struct node_probe probe;

	if (nr_online_nodes < 2)
		kunit_skip(test, "needs 2 NUMA nodes");
	on_each_cpu(alloc_on_cpu, &probe);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_info[cpu].online)
			KUNIT_EXPECT_EQ(test, probe.nid[cpu], cpu_to_node(cpu));
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		struct page *page = alloc_pages_node(nid, NOWARN | __GFP_THISNODE, 0);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_EQ(test, page_to_nid(page), nid);
		__free_pages(page, 0);
	}
}

static void zone_node_distances_from_device_tree(struct kunit *test)
{
	for (int a = 0; a < nr_online_nodes; a++)
		for (int b = 0; b < nr_online_nodes; b++)
			KUNIT_EXPECT_EQ(test, node_distance(a, b), a == b ? 10 : 20);
}

/* Saved sizes and tunables, so the arithmetic tests can restore the real ones. */
struct saved_zones {
	unsigned long managed[MAX_NUMNODES][MAX_NR_ZONES];
	int min_free_kbytes, user_min_free_kbytes, scale;
};

static void save_zones(struct saved_zones *s)
{
	for (int nid = 0; nid < nr_online_nodes; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			s->managed[nid][z] = zone_managed_pages(&NODE_DATA(nid)->node_zones[z]);
	s->min_free_kbytes = min_free_kbytes;
	s->user_min_free_kbytes = user_min_free_kbytes;
	s->scale = watermark_scale_factor;
}

static void restore_zones(struct saved_zones *s)
{
	for (int nid = 0; nid < nr_online_nodes; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			atomic_long_set(&NODE_DATA(nid)->node_zones[z].managed_pages, s->managed[nid][z]);
	min_free_kbytes = s->min_free_kbytes;
	user_min_free_kbytes = s->user_min_free_kbytes;
	watermark_scale_factor = s->scale;
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

/* One node with DMA32 and MOVABLE only: the default `make qemu` shape. */
static bool is_dma32_movable_machine(void)
{
	pg_data_t *pgdat = NODE_DATA(0);

	return nr_online_nodes == 1 && populated_zone(&pgdat->node_zones[ZONE_DMA32]) &&
	       !populated_zone(&pgdat->node_zones[ZONE_NORMAL]) &&
	       populated_zone(&pgdat->node_zones[ZONE_MOVABLE]);
}

#define NEEDS_LAYOUT "needs one node with DMA32 and MOVABLE only"

/* Give node 0's DMA32 and MOVABLE zones made-up sizes; false on another machine shape. */
static bool fake_zone_sizes(struct saved_zones *saved, unsigned long dma32, unsigned long movable)
{
	if (!is_dma32_movable_machine())
		return false;
	save_zones(saved);
	atomic_long_set(&NODE_DATA(0)->node_zones[ZONE_DMA32].managed_pages, dma32);
	atomic_long_set(&NODE_DATA(0)->node_zones[ZONE_MOVABLE].managed_pages, movable);
	return true;
}

/*
 * DMA32 = 100000 pages, MOVABLE = 20000, min_free_kbytes = 4096:
 *   pages_min = 1024; DMA32 gets all of it (movable is not lowmem):
 *     min = 1024, tmp = max(1024/4, 100000*10/10000) = 256,
 *     low = 1280, high = 1536.
 *   MOVABLE: min = clamp(20000/1024, 32, 128) = 32,
 *     tmp = max((1024*20000/100000)/4, 20000*10/10000) = max(51, 20) = 51,
 *     low = 83, high = 134.
 *   With watermark_scale_factor = 100, DMA32's tmp = max(256, 1000) = 1000:
 *     low = 2024, high = 3024.
 */
static void zone_watermarks_match_hand_computed(struct kunit *test)
{
	struct zone *dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	struct zone *movable = &NODE_DATA(0)->node_zones[ZONE_MOVABLE];
	struct saved_zones saved;

	if (!fake_zone_sizes(&saved, 100000, 20000))
		kunit_skip(test, NEEDS_LAYOUT);
	min_free_kbytes = 4096;
	watermark_scale_factor = 10;
	setup_per_zone_wmarks();
	KUNIT_EXPECT_EQ(test, dma32->_watermark[WMARK_MIN], 1024);
	KUNIT_EXPECT_EQ(test, dma32->_watermark[WMARK_LOW], 1280);
	KUNIT_EXPECT_EQ(test, dma32->_watermark[WMARK_HIGH], 1536);
	KUNIT_EXPECT_EQ(test, movable->_watermark[WMARK_MIN], 32);
	KUNIT_EXPECT_EQ(test, movable->_watermark[WMARK_LOW], 83);
	KUNIT_EXPECT_EQ(test, movable->_watermark[WMARK_HIGH], 134);
	watermark_scale_factor = 100;
	setup_per_zone_wmarks();
	KUNIT_EXPECT_EQ(test, dma32->_watermark[WMARK_LOW], 2024);
	KUNIT_EXPECT_EQ(test, dma32->_watermark[WMARK_HIGH], 3024);
	restore_zones(&saved);
}

/*
 * lowmem_reserve with ratios {256, 32, 0}: DMA32 keeps back
 * (NORMAL + MOVABLE) / 256 = (0 + 20000) / 256 = 78 pages from
 * allocations that could have used ZONE_MOVABLE; MOVABLE keeps nothing.
 */
static void zone_lowmem_reserve_matches_hand_computed(struct kunit *test)
{
	struct zone *dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	struct zone *movable = &NODE_DATA(0)->node_zones[ZONE_MOVABLE];
	struct saved_zones saved;

	if (!fake_zone_sizes(&saved, 100000, 20000))
		kunit_skip(test, NEEDS_LAYOUT);
	setup_per_zone_lowmem_reserve();
	KUNIT_EXPECT_EQ(test, dma32->lowmem_reserve[ZONE_DMA32], 0);
	KUNIT_EXPECT_EQ(test, dma32->lowmem_reserve[ZONE_NORMAL], 0);
	KUNIT_EXPECT_EQ(test, dma32->lowmem_reserve[ZONE_MOVABLE], 78);
	KUNIT_EXPECT_EQ(test, movable->lowmem_reserve[ZONE_MOVABLE], 0);
	sysctl_lowmem_reserve_ratio[ZONE_DMA32] = 100;
	setup_per_zone_lowmem_reserve();
	KUNIT_EXPECT_EQ(test, dma32->lowmem_reserve[ZONE_MOVABLE], 200);
	sysctl_lowmem_reserve_ratio[ZONE_DMA32] = 256;
	restore_zones(&saved);
}

/* min_free_kbytes = sqrt(lowmem_kbytes * 16): 512 MiB of lowmem gives 2896. */
static void zone_min_free_kbytes_formula(struct kunit *test)
{
	struct zone *dma32 = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	struct saved_zones saved;

	/* 512 MiB of DMA32; as much again in MOVABLE, which is not lowmem: ignored. */
	if (!fake_zone_sizes(&saved, 131072, 131072))
		kunit_skip(test, NEEDS_LAYOUT);
	user_min_free_kbytes = -1;
	for (int z = 0; z < NR_WMARK; z++)
		dma32->_watermark[z] = 0;
	calculate_min_free_kbytes();
	KUNIT_EXPECT_EQ(test, min_free_kbytes, 2896);	/* isqrt(524288 * 16) */
	restore_zones(&saved);
}

/*
 * The watermark check: GFP_ATOMIC's flags let an allocation go below
 * min (min/2 for __GFP_HIGH, then a quarter less for not blocking),
 * and lowmem_reserve raises the bar.
 */
static void zone_watermark_ok_arithmetic(struct kunit *test)
{
	struct zone *z = &NODE_DATA(0)->node_zones[ZONE_DMA32];
	long reserved = z->nr_reserved_highatomic, saved_reserve = z->lowmem_reserve[ZONE_MOVABLE];

	z->nr_reserved_highatomic = 0;
	z->lowmem_reserve[ZONE_MOVABLE] = 0;
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_WMARK_MIN, 900));
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_WMARK_MIN, 1000));
	KUNIT_EXPECT_TRUE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_WMARK_MIN, 1001));
	/* __GFP_HIGH: min 1000 -> 500; and non-blocking: 500 -> 375. */
	KUNIT_EXPECT_TRUE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_HIGH, 501));
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_HIGH, 500));
	KUNIT_EXPECT_TRUE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32,
						    ALLOC_HIGH | ALLOC_NON_BLOCK, 376));
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32,
						     ALLOC_HIGH | ALLOC_NON_BLOCK, 375));
	/* An order-2 request must leave min behind after taking 4 pages. */
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 2, 1000, ZONE_DMA32, ALLOC_WMARK_MIN, 1003));
	/* lowmem_reserve[MOVABLE] = 500 applies to requests that could use MOVABLE. */
	z->lowmem_reserve[ZONE_MOVABLE] = 500;
	KUNIT_EXPECT_FALSE(test, __zone_watermark_ok(z, 0, 1000, ZONE_MOVABLE, ALLOC_WMARK_MIN, 1400));
	KUNIT_EXPECT_TRUE(test, __zone_watermark_ok(z, 0, 1000, ZONE_DMA32, ALLOC_WMARK_MIN, 1400));
	z->lowmem_reserve[ZONE_MOVABLE] = saved_reserve;
	z->nr_reserved_highatomic = reserved;
}

static void zone_spans_and_counts_are_consistent(struct kunit *test)
{
	unsigned long present = 0, managed = 0;
	struct zone *zone;
	int nid;

	for_each_populated_zone(zone) {
		KUNIT_EXPECT_LE(test, zone->present_pages, zone->spanned_pages);
		KUNIT_EXPECT_LE(test, zone_managed_pages(zone), zone->present_pages);
		KUNIT_EXPECT_LE(test, min_wmark_pages(zone), low_wmark_pages(zone));
		KUNIT_EXPECT_LT(test, low_wmark_pages(zone), high_wmark_pages(zone));
		KUNIT_EXPECT_EQ(test, page_zone(pfn_to_page(zone->zone_start_pfn + zone->spanned_pages / 2)),
				zone);
		if (zone_idx(zone) == ZONE_DMA32)
			KUNIT_EXPECT_LE(test, zone_end_pfn(zone), 1UL << (32 - PAGE_SHIFT));
		present += zone->present_pages;
		managed += zone_managed_pages(zone);
	}
	for_each_online_node(nid)
		present -= NODE_DATA(nid)->node_present_pages;
	KUNIT_EXPECT_EQ(test, present, 0);
	KUNIT_EXPECT_EQ(test, managed, totalram_pages());
}

static struct kunit_case zone_cases[] = {
	KUNIT_CASE(zone_gfp_picks_highest_zone),
	KUNIT_CASE(zone_allocations_respect_zone_limits),
	KUNIT_CASE(zone_zonelist_is_local_node_highest_first),
	KUNIT_CASE(zone_numa_allocations_prefer_local_node),
	KUNIT_CASE(zone_node_distances_from_device_tree),
	KUNIT_CASE(zone_watermarks_match_hand_computed),
	KUNIT_CASE(zone_lowmem_reserve_matches_hand_computed),
	KUNIT_CASE(zone_min_free_kbytes_formula),
	KUNIT_CASE(zone_watermark_ok_arithmetic),
	KUNIT_CASE(zone_spans_and_counts_are_consistent),
	{}
};

static struct kunit_suite zone_suite = {
	.name = "zone",
	.test_cases = zone_cases,
};
kunit_test_suite(zone_suite);
