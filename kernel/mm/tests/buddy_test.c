/*
 * Tests of the buddy allocator (kernel/mm/page_alloc.c): splitting,
 * merging, alignment, every order, exhaustion and recovery, and the
 * detection of bad frees.
 */
#include "kunit/test.h"
#include "mm/tests/mm_test.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "string.h"
#include "smp.h"

static unsigned long free_pages_settled(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static void count_free_blocks(struct zone *zone, int mt, unsigned long *nr)
{
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		nr[o] = list_count(&zone->free_area[o].free_list[mt]);
}

/*
 * Take every free block of order below `k` off the movable lists (no
 * split happens: each list has the exact order), keeping them on `held`
 * with their order in page->private.
 */
static void hold_small_blocks(struct zone *zone, int mt, int k, struct list_head *held)
{
	for (int o = 0; o < k; o++)
		while (!list_empty(&zone->free_area[o].free_list[mt])) {
			struct page *page = __rmqueue_smallest(zone, o, mt);

			set_page_private(page, o);
			list_add(&page->lru, held);
		}
}

static void release_held_blocks(struct zone *zone, int mt, struct list_head *held)
{
	while (!list_empty(held)) {
		struct page *page = list_first_entry(held, struct page, lru);
		unsigned int o = page_private(page);

		list_del(&page->lru);
		set_page_private(page, 0);
		__free_one_page(page, page_to_pfn(page), zone, o, mt);
	}
}

static void buddy_split_leaves_one_block_per_order(struct kunit *test)
{
	struct zone *zone = kernel_zone();
	unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS], flags;
	int mt = MIGRATE_MOVABLE, k = 4;
	struct page *page;
	LIST_HEAD(held);

	KUNIT_ASSERT_NOT_NULL(test, zone);
	spin_lock_irqsave(&zone->lock, flags);
	hold_small_blocks(zone, mt, k, &held);	/* now the smallest block is >= order k */
	count_free_blocks(zone, mt, before);
	while (k < NR_PAGE_ORDERS && !before[k])
		k++;
	page = k < NR_PAGE_ORDERS ? __rmqueue_smallest(zone, 0, mt) : NULL;
	count_free_blocks(zone, mt, after);
	if (page)
		__free_one_page(page, page_to_pfn(page), zone, 0, mt);
	release_held_blocks(zone, mt, &held);
	spin_unlock_irqrestore(&zone->lock, flags);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* Splitting order k for one page leaves one free block at each order below k. */
	KUNIT_EXPECT_EQ(test, after[k], before[k] - 1);
	for (int o = 0; o < k; o++)
		KUNIT_EXPECT_EQ(test, after[o], before[o] + 1);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED(page_to_pfn(page), 1UL << k));
}

static void buddy_merges_freed_buddies(struct kunit *test)
{
	struct zone *zone = kernel_zone();
	unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS], flags;
	int mt = MIGRATE_MOVABLE;
	struct page *page;
	bool half_free, merged;

	KUNIT_ASSERT_NOT_NULL(test, zone);
	spin_lock_irqsave(&zone->lock, flags);
	count_free_blocks(zone, mt, before);
	page = __rmqueue_smallest(zone, 1, mt);
	if (!page) {
		spin_unlock_irqrestore(&zone->lock, flags);
		kunit_skip(test, "no order-1 movable block");
	}
	__free_one_page(page, page_to_pfn(page), zone, 0, mt);
	half_free = PageBuddy(page) && buddy_order(page) == 0 && !PageBuddy(page + 1);
	__free_one_page(page + 1, page_to_pfn(page + 1), zone, 0, mt);
	merged = !PageBuddy(page + 1);
	count_free_blocks(zone, mt, after);
	spin_unlock_irqrestore(&zone->lock, flags);
	KUNIT_EXPECT_TRUE(test, half_free);
	KUNIT_EXPECT_TRUE(test, merged);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		KUNIT_EXPECT_EQ(test, after[o], before[o]);
}

static void buddy_finds_buddy_by_pfn_xor(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, __find_buddy_pfn(0x80000, 0), 0x80001);
	KUNIT_EXPECT_EQ(test, __find_buddy_pfn(0x80001, 0), 0x80000);
	KUNIT_EXPECT_EQ(test, __find_buddy_pfn(0x80004, 2), 0x80000);
	KUNIT_EXPECT_EQ(test, __find_buddy_pfn(0x80400, 10), 0x80000);
}

static void buddy_blocks_are_aligned_for_every_order(struct kunit *test)
{
	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(NOWARN, order);
		unsigned char *p;

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED(page_to_pfn(page), 1UL << order));
		KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
		p = page_address(page);
		p[0] = 1;
		p[(PAGE_SIZE << order) - 1] = 2;	/* the whole block is mapped */
		__free_pages(page, order);
	}
}

static void buddy_order_above_max_fails(struct kunit *test)
{
	unsigned long fails = sum_vm_event(PAGE_ALLOC_FAIL);

	KUNIT_EXPECT_NULL(test, alloc_pages(NOWARN, MAX_PAGE_ORDER + 1));
	KUNIT_EXPECT_EQ(test, sum_vm_event(PAGE_ALLOC_FAIL), fails);
}

static void buddy_zeroes_with_gfp_zero(struct kunit *test)
{
	struct page *page = alloc_pages(NOWARN, 2);
	unsigned char *p;

	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), 0x5a, 4 * PAGE_SIZE);
	__free_pages(page, 2);
	page = alloc_pages(NOWARN | __GFP_ZERO, 2);
	KUNIT_ASSERT_NOT_NULL(test, page);
	p = page_address(page);
	KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, 4 * PAGE_SIZE));
	__free_pages(page, 2);
}

static void buddy_compound_pages_link_tails(struct kunit *test)
{
	struct page *page = alloc_pages(NOWARN | __GFP_COMP, 3);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_TRUE(test, PageHead(page));
	KUNIT_EXPECT_EQ(test, compound_order(page), 3);
	for (int i = 1; i < 8; i++) {
		KUNIT_EXPECT_TRUE(test, PageTail(page + i));
		KUNIT_EXPECT_EQ(test, (unsigned long)compound_head(page + i), (unsigned long)page);
	}
	get_page(page + 5);		/* a reference through a tail pins the head */
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 2);
	put_page(page + 5);
	put_page(page);			/* last reference frees all 8 pages */
	KUNIT_EXPECT_FALSE(test, PageTail(page + 1));
}

/*
 * Allocate until the allocator refuses, biggest blocks first so that a
 * 6 GiB machine needs thousands of calls, not millions. Blocks are
 * chained through their own first words: {next, order}.
 */
static void buddy_exhaustion_and_full_recovery(struct kunit *test)
{
	unsigned long before = free_pages_settled(), n = 0, after_exhaust;
	unsigned long *head = NULL, *p;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		while ((p = (unsigned long *)__get_free_pages(NOWARN, order)) != NULL) {
			p[0] = (unsigned long)head;
			p[1] = order;
			head = p;
			n++;
		}
	}
	after_exhaust = free_pages_settled();
	/* Only the reserves below the min watermarks (and ZONE_MOVABLE) remain. */
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_LT(test, after_exhaust, before);
	KUNIT_EXPECT_NULL(test, alloc_pages(NOWARN, 0));
	while (head) {
		p = head;
		head = (unsigned long *)p[0];
		free_pages((unsigned long)p, p[1]);
	}
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

static void buddy_every_order_frees_back_to_the_same_count(struct kunit *test)
{
	unsigned long before = free_pages_settled();
	struct page *pages[NR_PAGE_ORDERS];

	for (unsigned int o = 0; o <= MAX_PAGE_ORDER; o++)
		pages[o] = alloc_pages(NOWARN, o);
	for (unsigned int o = 0; o <= MAX_PAGE_ORDER; o++) {
		KUNIT_EXPECT_NOT_NULL(test, pages[o]);
		__free_pages(pages[o], o);
	}
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

/* Free every other page of a run: nothing can merge until the rest return. */
static void buddy_fragmentation_recovers_after_free(struct kunit *test)
{
	enum { N = 1024 };
	struct page **pages = (void *)__get_free_pages(NOWARN, 1);	/* 8 KiB of pointers */
	struct zone *zone = kernel_zone();
	unsigned long before[NR_PAGE_ORDERS], after[NR_PAGE_ORDERS];
	unsigned long order0_before, order0_frag;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	drain_all_pages(NULL);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		before[o] = zone->free_area[o].nr_free;
	order0_before = before[0];
	for (int i = 0; i < N; i++)
		pages[i] = alloc_pages(NOWARN, 0);
	for (int i = 1; i < N; i += 2)
		__free_pages(pages[i], 0);
	drain_all_pages(NULL);
	order0_frag = zone->free_area[0].nr_free;
	for (int i = 0; i < N; i += 2)
		__free_pages(pages[i], 0);
	drain_all_pages(NULL);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		after[o] = zone->free_area[o].nr_free;
	free_pages((unsigned long)pages, 1);
	/* While fragmented, hundreds of isolated order-0 pages sit on the lists. */
	KUNIT_EXPECT_GT(test, order0_frag, order0_before + N / 4);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		KUNIT_EXPECT_EQ(test, after[o], before[o]);
}

/* An allocation of a type with no free blocks steals a pageblock from another type. */
static void buddy_fallback_steals_pageblock(struct kunit *test)
{
	unsigned long fallbacks = sum_vm_event(PGALLOC_FALLBACK);
	gfp_t gfp = NOWARN | __GFP_RECLAIMABLE;
	struct page *page = alloc_pages(gfp, pageblock_order);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, get_pageblock_migratetype(page), MIGRATE_RECLAIMABLE);
	__free_pages(page, pageblock_order);
	/* The first reclaimable allocation since boot had to fall back. */
	if (fallbacks == 0)
		KUNIT_EXPECT_GT(test, sum_vm_event(PGALLOC_FALLBACK), 0);
	page = alloc_pages(gfp, 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	/* Reclaimable pages now come from the stolen (reclaimable) pageblocks. */
	KUNIT_EXPECT_EQ(test, get_pageblock_migratetype(page), MIGRATE_RECLAIMABLE);
	__free_pages(page, 0);
}

/* Repair a page the test deliberately mis-freed, then free it properly. */
static void refree(struct page *page, unsigned int order)
{
	set_page_count(page, 1);
	__free_pages(page, order);
}

static void buddy_reports_double_free(struct kunit *test)
{
	unsigned long bad = bad_page_count;
	struct page *page = alloc_pages(NOWARN, 0), *again;

	KUNIT_ASSERT_NOT_NULL(test, page);
	__free_pages(page, 0);
	__free_pages(page, 0);		/* bad: already free */
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	/* The allocator is intact: two allocations give two pages. */
	page = alloc_pages(NOWARN, 0);
	again = alloc_pages(NOWARN, 0);
	KUNIT_EXPECT_NE(test, (unsigned long)page, (unsigned long)again);
	__free_pages(page, 0);
	__free_pages(again, 0);
}

static void buddy_reports_wrong_order_compound(struct kunit *test)
{
	unsigned long bad = bad_page_count;
	struct page *page = alloc_pages(NOWARN | __GFP_COMP, 2);

	KUNIT_ASSERT_NOT_NULL(test, page);
	__free_pages(page, 1);		/* bad: it is order 2 */
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	refree(page, 2);
}

static void buddy_reports_wrong_order_beyond_allocation(struct kunit *test)
{
	unsigned long bad = bad_page_count;
	struct page *page = alloc_pages(NOWARN, 2);

	KUNIT_ASSERT_NOT_NULL(test, page);
	split_page(page, 2);		/* four order-0 pages, each its own owner */
	__free_pages(page, 1);		/* bad: page + 1 is someone else's */
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	refree(page, 0);
	for (int i = 1; i < 4; i++)
		__free_pages(page + i, 0);
}

static void buddy_reports_misaligned_free(struct kunit *test)
{
	unsigned long bad = bad_page_count;
	struct page *a = alloc_pages(NOWARN, 0), *b = alloc_pages(NOWARN, 0);
	struct page *odd = (page_to_pfn(a) & 1) ? a : b, *other = odd == a ? b : a;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	if (!(page_to_pfn(odd) & 1)) {
		__free_pages(a, 0);
		__free_pages(b, 0);
		kunit_skip(test, "no odd pfn among two pages");
	}
	__free_pages(odd, 1);		/* bad: an odd pfn cannot start an order-1 block */
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	refree(odd, 0);
	__free_pages(other, 0);
}

static void buddy_reports_freeing_a_tail_page(struct kunit *test)
{
	unsigned long bad = bad_page_count;
	struct page *page = alloc_pages(NOWARN | __GFP_COMP, 1);

	KUNIT_ASSERT_NOT_NULL(test, page);
	__free_pages(page + 1, 0);
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	__free_pages(page, 1);
}

struct stress_arg {
	atomic_t errors;
	int rounds;
};

/* Each CPU allocates blocks of mixed orders, stamps them, checks, frees. */
static void stress_on_cpu(void *info)
{
	struct stress_arg *arg = info;
	unsigned long stamp = 0x5a00 + smp_processor_id();
	struct page *held[16];

	for (int r = 0; r < arg->rounds; r++) {
		for (int i = 0; i < 16; i++) {
			/* A cross-CPU call runs holding call_lock: it must not sleep, so no reclaim. */
			held[i] = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, i & 3);
			if (held[i])
				for (unsigned long w = 0; w < ((PAGE_SIZE << (i & 3)) / 8); w += 64)
					((unsigned long *)page_address(held[i]))[w] = stamp + r;
		}
		for (int i = 0; i < 16; i++) {
			if (!held[i])
				continue;
			for (unsigned long w = 0; w < ((PAGE_SIZE << (i & 3)) / 8); w += 64)
				if (((unsigned long *)page_address(held[i]))[w] != stamp + r)
					atomic_inc(&arg->errors);
			__free_pages(held[i], i & 3);
		}
	}
}

static void buddy_concurrent_alloc_on_all_harts(struct kunit *test)
{
	unsigned long before = free_pages_settled();
	struct stress_arg arg = { ATOMIC_INIT(0), 300 };

	on_each_cpu(stress_on_cpu, &arg);
	KUNIT_EXPECT_EQ(test, atomic_read(&arg.errors), 0);
	KUNIT_EXPECT_EQ(test, free_pages_settled(), before);
}

static struct kunit_case buddy_cases[] = {
	KUNIT_CASE(buddy_split_leaves_one_block_per_order),
	KUNIT_CASE(buddy_merges_freed_buddies),
	KUNIT_CASE(buddy_finds_buddy_by_pfn_xor),
	KUNIT_CASE(buddy_blocks_are_aligned_for_every_order),
	KUNIT_CASE(buddy_order_above_max_fails),
	KUNIT_CASE(buddy_zeroes_with_gfp_zero),
	KUNIT_CASE(buddy_compound_pages_link_tails),
	KUNIT_CASE(buddy_exhaustion_and_full_recovery),
	KUNIT_CASE(buddy_every_order_frees_back_to_the_same_count),
	KUNIT_CASE(buddy_fragmentation_recovers_after_free),
	KUNIT_CASE(buddy_fallback_steals_pageblock),
	KUNIT_CASE(buddy_reports_double_free),
	KUNIT_CASE(buddy_reports_wrong_order_compound),
	KUNIT_CASE(buddy_reports_wrong_order_beyond_allocation),
	KUNIT_CASE(buddy_reports_misaligned_free),
	KUNIT_CASE(buddy_reports_freeing_a_tail_page),
	KUNIT_CASE(buddy_concurrent_alloc_on_all_harts),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
