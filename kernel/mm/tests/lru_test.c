/*
 * Tests of the LRU lists (kernel/mm/swap.c): a new page waits in the
 * CPU's add batch, then goes on its node's inactive list; the second
 * mark_page_accessed activates it (counted as pgactivate), also while
 * it is still in the batch; deactivate_page moves it back (pgdeactivate);
 * the last put_page takes it off its list.
 */
#include "kunit/test.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/gfp.h"
#include "mm/mm.h"
#include "errno.h"

/* A page as the page cache would have it: not swap-backed, so a file page. */
static int lru_init(struct kunit *test)
{
	test->priv = alloc_page(GFP_HIGHUSER_MOVABLE);
	return test->priv ? 0 : -ENOMEM;
}

static void lru_exit(struct kunit *test)
{
	put_page(test->priv);
}

/* Is page on list lru of its node? */
static bool on_list(struct page *page, enum lru_list lru)
{
	struct lruvec *lruvec = page_lruvec(page);
	struct page *p;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	list_for_each_entry(p, &lruvec->lists[lru], lru) {
		if (p == page) {
			found = true;
			break;
		}
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	return found;
}

static void new_page_goes_inactive(struct kunit *test)
{
	struct page *page = test->priv;

	lru_cache_add(page);
	KUNIT_EXPECT_FALSE(test, PageLRU(page));	/* in the batch */
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 2);
	lru_add_drain_all();
	KUNIT_EXPECT_TRUE(test, PageLRU(page));
	KUNIT_EXPECT_FALSE(test, PageActive(page));
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);	/* the batch's reference is gone */
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_INACTIVE_FILE));
	KUNIT_EXPECT_FALSE(test, on_list(page, LRU_ACTIVE_FILE));
}

static void second_access_activates(struct kunit *test)
{
	struct page *page = test->priv;
	unsigned long activations = sum_vm_event(PGACTIVATE);

	lru_cache_add(page);
	lru_add_drain_all();
	mark_page_accessed(page);
	KUNIT_EXPECT_TRUE(test, PageReferenced(page));
	KUNIT_EXPECT_FALSE(test, PageActive(page));
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_INACTIVE_FILE));
	mark_page_accessed(page);
	KUNIT_EXPECT_TRUE(test, PageActive(page));
	KUNIT_EXPECT_FALSE(test, PageReferenced(page));
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_ACTIVE_FILE));
	KUNIT_EXPECT_FALSE(test, on_list(page, LRU_INACTIVE_FILE));
	KUNIT_EXPECT_GE(test, sum_vm_event(PGACTIVATE) - activations, 1UL);
	/* Further accesses keep it active and count nothing more. */
	activations = sum_vm_event(PGACTIVATE);
	mark_page_accessed(page);
	mark_page_accessed(page);
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_ACTIVE_FILE));
	KUNIT_EXPECT_EQ(test, sum_vm_event(PGACTIVATE), activations);
}

/* Accessed twice before the batch drained: it lands on the active list. */
static void access_in_batch_activates_on_drain(struct kunit *test)
{
	struct page *page = test->priv;
	unsigned long activations = sum_vm_event(PGACTIVATE);
	unsigned long flags;

	/* Stay on this CPU, whose batch holds the page, between add and access. */
	local_irq_save(flags);
	lru_cache_add(page);
	mark_page_accessed(page);
	mark_page_accessed(page);
	local_irq_restore(flags);
	KUNIT_EXPECT_GE(test, sum_vm_event(PGACTIVATE) - activations, 1UL);
	lru_add_drain_all();
	KUNIT_EXPECT_TRUE(test, PageLRU(page));
	KUNIT_EXPECT_TRUE(test, PageActive(page));
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_ACTIVE_FILE));
}

static void deactivate_moves_back(struct kunit *test)
{
	struct page *page = test->priv;
	unsigned long deactivations;

	lru_cache_add(page);
	lru_add_drain_all();
	mark_page_accessed(page);
	mark_page_accessed(page);
	KUNIT_ASSERT_TRUE(test, on_list(page, LRU_ACTIVE_FILE));
	deactivations = sum_vm_event(PGDEACTIVATE);
	deactivate_page(page);
	KUNIT_EXPECT_FALSE(test, PageActive(page));
	KUNIT_EXPECT_TRUE(test, on_list(page, LRU_INACTIVE_FILE));
	KUNIT_EXPECT_GE(test, sum_vm_event(PGDEACTIVATE) - deactivations, 1UL);
}

/* The last reference takes the page off its list (the list count goes back). */
static void last_put_leaves_the_list(struct kunit *test)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE);
	struct lruvec *lruvec;
	unsigned long before;

	KUNIT_ASSERT_NOT_NULL(test, page);
	lruvec = page_lruvec(page);
	before = node_page_state(lruvec_pgdat(lruvec), NR_INACTIVE_FILE);
	lru_cache_add(page);
	lru_add_drain_all();
	KUNIT_EXPECT_EQ(test, node_page_state(lruvec_pgdat(lruvec), NR_INACTIVE_FILE), before + 1);
	put_page(page);
	KUNIT_EXPECT_EQ(test, node_page_state(lruvec_pgdat(lruvec), NR_INACTIVE_FILE), before);
}

static struct kunit_case lru_cases[] = {
	KUNIT_CASE(new_page_goes_inactive),
	KUNIT_CASE(second_access_activates),
	KUNIT_CASE(access_in_batch_activates_on_drain),
	KUNIT_CASE(deactivate_moves_back),
	KUNIT_CASE(last_put_leaves_the_list),
	{}
};

static struct kunit_suite lru_suite = {
	.name = "vm_lru",
	.init = lru_init,
	.exit = lru_exit,
	.test_cases = lru_cases,
};
kunit_test_suite(lru_suite);
