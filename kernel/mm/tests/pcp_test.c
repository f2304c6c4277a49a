/*
 * Tests of the per-CPU page lists (kernel/mm/page_alloc.c): refilled
 * `batch` pages at a time, drained by `batch` above `high`, emptied on
 * demand by drain_all_pages, and invisible to NR_FREE_PAGES while there.
 */
#include "kunit/test.h"
#include "mm/tests/mm_test.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "riscv.h"
#include "smp.h"

static struct per_cpu_pages *this_pcp(struct zone *zone)
{
	return &zone->per_cpu_pageset[smp_processor_id()];
}

static void pcp_batch_and_high_are_sane(struct kunit *test)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		struct per_cpu_pages *pcp = this_pcp(zone);

		KUNIT_EXPECT_GE(test, pcp->batch, 1);
		KUNIT_EXPECT_GT(test, pcp->high, pcp->batch);
		/* batch is one less than a power of two (or 1), at most 63 */
		KUNIT_EXPECT_EQ(test, pcp->batch & (pcp->batch + 1), 0);
		KUNIT_EXPECT_LE(test, pcp->batch, 63);
	}
}

/* A zone under 32 MiB computes a batch of 0: it must still move pages. */
static void pcp_small_zone_still_batches(struct kunit *test)
{
	struct zone *zone = kernel_zone();
	long managed = zone_managed_pages(zone);

	drain_all_pages(zone);
	atomic_long_set(&zone->managed_pages, 4096);	/* 16 MiB */
	setup_zone_pageset(zone);
	KUNIT_EXPECT_EQ(test, this_pcp(zone)->batch, 1);
	KUNIT_EXPECT_EQ(test, this_pcp(zone)->high, 6);
	atomic_long_set(&zone->managed_pages, managed);
	setup_zone_pageset(zone);
}

static void pcp_refills_in_batches(struct kunit *test)
{
	struct zone *zone = kernel_zone();
	struct per_cpu_pages *pcp;
	unsigned long free_before, flags;
	struct page *page;

	local_irq_save(flags);		/* stay on this CPU's lists, undisturbed */
	drain_local_pages(zone);
	pcp = this_pcp(zone);
	free_before = zone_page_state(zone, NR_FREE_PAGES);
	page = alloc_pages(NOWARN, 0);
	KUNIT_EXPECT_EQ(test, page_zone(page), zone);
	/* One batch left the zone; one page of it was handed out. */
	KUNIT_EXPECT_EQ(test, pcp->count, pcp->batch - 1);
	KUNIT_EXPECT_EQ(test, zone_page_state(zone, NR_FREE_PAGES), free_before - pcp->batch);
	__free_pages(page, 0);
	KUNIT_EXPECT_EQ(test, pcp->count, pcp->batch);
	drain_local_pages(zone);
	KUNIT_EXPECT_EQ(test, pcp->count, 0);
	KUNIT_EXPECT_EQ(test, zone_page_state(zone, NR_FREE_PAGES), free_before);
	local_irq_restore(flags);
}

static void pcp_drains_a_batch_above_high(struct kunit *test)
{
	struct zone *zone = kernel_zone();
	struct per_cpu_pages *pcp;
	struct page **pages = (void *)__get_free_pages(NOWARN, 1);
	int n, max_seen = 0, drops = 0;
	unsigned long flags;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	local_irq_save(flags);
	pcp = this_pcp(zone);
	n = min(pcp->high + pcp->batch, 1000);
	drain_local_pages(zone);
	for (int i = 0; i < n; i++)
		pages[i] = alloc_pages(NOWARN, 0);
	drain_local_pages(zone);
	for (int i = 0; i < n; i++) {
		int before = pcp->count;

		__free_pages(pages[i], 0);
		if (pcp->count != before + 1) {	/* reached high: one batch went back */
			drops++;
			KUNIT_EXPECT_EQ(test, before + 1 - pcp->count, pcp->batch);
		}
		max_seen = max(max_seen, pcp->count);
	}
	KUNIT_EXPECT_LT(test, max_seen, pcp->high);
	KUNIT_EXPECT_GE(test, drops, 1);
	drain_local_pages(zone);
	local_irq_restore(flags);
	free_pages((unsigned long)pages, 1);
}

/* A cross-CPU call, which must not sleep: GFP_NOWAIT, no reclaim. */
static void fill_pcp(void *info)
{
	struct page *page[8];

	for (int i = 0; i < 8; i++)
		page[i] = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, 0);
	for (int i = 0; i < 8; i++)
		__free_pages(page[i], 0);
}

static int pcp_total(void)
{
	struct zone *zone;
	int n = 0;

	for_each_populated_zone(zone)
		for (int cpu = 0; cpu < NR_CPUS; cpu++)
			n += READ_ONCE(zone->per_cpu_pageset[cpu].count);
	return n;
}

static void pcp_drain_all_pages_empties_every_cpu(struct kunit *test)
{
	unsigned long free_before = global_zone_page_state(NR_FREE_PAGES) + pcp_total();

	on_each_cpu(fill_pcp, NULL);
	/* Each online CPU now holds a batch on its own list. */
	KUNIT_EXPECT_GE(test, pcp_total(), num_online_cpus());
	/* Pages on per-CPU lists are free but not counted in NR_FREE_PAGES. */
	KUNIT_EXPECT_EQ(test, global_zone_page_state(NR_FREE_PAGES) + pcp_total(), free_before);
	drain_all_pages(NULL);
	KUNIT_EXPECT_EQ(test, pcp_total(), 0);
	KUNIT_EXPECT_EQ(test, global_zone_page_state(NR_FREE_PAGES), free_before);
}

static void pcp_hands_out_hot_pages_first(struct kunit *test)
{
	struct page *a, *b;
	unsigned long flags;

	local_irq_save(flags);
	a = alloc_pages(NOWARN, 0);
	__free_pages(a, 0);
	b = alloc_pages(NOWARN, 0);	/* the page just freed is still cache-hot */
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, (unsigned long)a, (unsigned long)b);
	__free_pages(b, 0);
}

static struct kunit_case pcp_cases[] = {
	KUNIT_CASE(pcp_batch_and_high_are_sane),
	KUNIT_CASE(pcp_small_zone_still_batches),
	KUNIT_CASE(pcp_refills_in_batches),
	KUNIT_CASE(pcp_drains_a_batch_above_high),
	KUNIT_CASE(pcp_drain_all_pages_empties_every_cpu),
	KUNIT_CASE(pcp_hands_out_hot_pages_first),
	{}
};

static struct kunit_suite pcp_suite = {
	.name = "pcp",
	.test_cases = pcp_cases,
};
kunit_test_suite(pcp_suite);
