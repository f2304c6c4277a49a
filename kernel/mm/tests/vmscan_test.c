/*
 * Tests of how reclaim divides its scanning between the anonymous and
 * the file lists (kernel/mm/vmscan.c get_scan_count): vm.swappiness,
 * the cost history (recent_scanned / recent_rotated), no swap, and
 * plenty of cold file pages. Each case sets the list sizes of a node
 * of its own (a zeroed pg_data_t: no zones, so no free pages) and reads
 * the counts get_scan_count gives at a priority.
 */
#include "kunit/test.h"
#include "mm/internal.h"
#include "mm/swap.h"
#include "mm/slab.h"
#include "drivers/block/brd.h"
#include "block/blkdev.h"
#include "errno.h"
#include "string.h"

#define SWAP_DISK 1
#define PRIORITY 4

struct scan_fixture {
	pg_data_t *pgdat;
	bool swap_on;
};

static int scan_init(struct kunit *test)
{
	struct scan_fixture *f = kzalloc(sizeof(*f), GFP_KERNEL);
	char *page = (char *)get_zeroed_page(GFP_KERNEL);
	int err = -ENOMEM;

	if (!f || !page)
		goto out;
	f->pgdat = kzalloc(sizeof(*f->pgdat), GFP_KERNEL);
	if (!f->pgdat)
		goto out;
	lruvec_init(&f->pgdat->__lruvec);
	/* Some swap, so anon pages have somewhere to go. */
	((u32 *)(page + 1024))[0] = 1;
	((u32 *)(page + 1024))[1] = 255;
	memcpy(page + PAGE_SIZE - 10, "SWAPSPACE2", 10);
	err = brd_set_capacity(SWAP_DISK, 1 << 20);
	if (!err)
		err = blkdev_rw(brd_get(SWAP_DISK), REQ_OP_WRITE, 0, page, PAGE_SIZE);
	if (!err)
		err = swapon_path("/dev/ram1", 0);
	f->swap_on = !err;
out:
	free_page((unsigned long)page);
	test->priv = f;
	return err;
}

static void scan_exit(struct kunit *test)
{
	struct scan_fixture *f = test->priv;

	if (f && f->swap_on)
		swapoff_path("/dev/ram1");
	brd_set_capacity(SWAP_DISK, 0);
	if (f)
		kfree(f->pgdat);
	kfree(f);
}

static void set_lists(struct scan_fixture *f, long ia, long aa, long inf, long af)
{
	atomic_long_set(&f->pgdat->vm_stat[NR_INACTIVE_ANON], ia);
	atomic_long_set(&f->pgdat->vm_stat[NR_ACTIVE_ANON], aa);
	atomic_long_set(&f->pgdat->vm_stat[NR_INACTIVE_FILE], inf);
	atomic_long_set(&f->pgdat->vm_stat[NR_ACTIVE_FILE], af);
}

static void scan(struct scan_fixture *f, int swappiness, unsigned long *nr)
{
	int old = vm_swappiness;

	vm_swappiness = swappiness;
	vmscan_get_scan_count(&f->pgdat->__lruvec, PRIORITY, true, nr);
	vm_swappiness = old;
}

/* The inactive file list short against the active one: swappiness decides. */
static void swappiness_steers(struct kunit *test)
{
	struct scan_fixture *f = test->priv;
	unsigned long nr[NR_LRU_LISTS];

	set_lists(f, 8000, 8000, 1000, 8000);
	scan(f, 0, nr);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_ANON], 0UL);
	KUNIT_EXPECT_GT(test, nr[LRU_INACTIVE_FILE], 0UL);
	scan(f, 200, nr);
	KUNIT_EXPECT_GT(test, nr[LRU_INACTIVE_ANON], 0UL);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_FILE], 0UL);
	scan(f, 100, nr);
	/* Equal priorities and equal histories: equal shares of equal lists. */
	KUNIT_EXPECT_EQ(test, nr[LRU_ACTIVE_ANON], nr[LRU_ACTIVE_FILE]);
	scan(f, 60, nr);
	KUNIT_EXPECT_LT(test, nr[LRU_ACTIVE_ANON], nr[LRU_ACTIVE_FILE]);
}

/* Anon pages that keep coming back to the active list cost more: scanned less. */
static void rotated_anon_costs_more(struct kunit *test)
{
	struct scan_fixture *f = test->priv;
	unsigned long cheap[NR_LRU_LISTS], dear[NR_LRU_LISTS];

	set_lists(f, 8000, 8000, 1000, 8000);
	f->pgdat->__lruvec.recent_scanned[0] = 1000;	/* both types scanned alike */
	f->pgdat->__lruvec.recent_scanned[1] = 1000;
	scan(f, 100, cheap);
	f->pgdat->__lruvec.recent_rotated[0] = 900;	/* but anon went back 9 times in 10 */
	scan(f, 100, dear);
	KUNIT_EXPECT_LT(test, dear[LRU_INACTIVE_ANON], cheap[LRU_INACTIVE_ANON]);
	KUNIT_EXPECT_GT(test, dear[LRU_INACTIVE_FILE], cheap[LRU_INACTIVE_FILE]);
}

/* With plenty of cold file pages anon is left alone, whatever swappiness says. */
static void cold_file_first(struct kunit *test)
{
	struct scan_fixture *f = test->priv;
	unsigned long nr[NR_LRU_LISTS];

	set_lists(f, 8000, 8000, 8000, 2000);
	scan(f, 200, nr);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0UL);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_FILE], 8000UL >> PRIORITY);
}

/* No swap, or reclaim that may not swap: only the file lists. */
static void no_swap_no_anon(struct kunit *test)
{
	struct scan_fixture *f = test->priv;
	unsigned long nr[NR_LRU_LISTS];

	set_lists(f, 8000, 8000, 1000, 8000);
	vmscan_get_scan_count(&f->pgdat->__lruvec, PRIORITY, false, nr);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0UL);
	KUNIT_EXPECT_GT(test, nr[LRU_INACTIVE_FILE], 0UL);
	KUNIT_ASSERT_EQ(test, swapoff_path("/dev/ram1"), 0);
	f->swap_on = false;
	scan(f, 200, nr);
	KUNIT_EXPECT_EQ(test, nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0UL);
}

/* File pages too few to get above the high watermark on their own: anon only. */
static void file_exhausted_scans_anon(struct kunit *test)
{
	struct scan_fixture *f = test->priv;
	unsigned long nr[NR_LRU_LISTS];

	set_lists(f, 8000, 8000, 0, 0);
	scan(f, 0, nr);
	KUNIT_EXPECT_GT(test, nr[LRU_INACTIVE_ANON], 0UL);
}

static struct kunit_case vmscan_cases[] = {
	KUNIT_CASE(swappiness_steers),
	KUNIT_CASE(rotated_anon_costs_more),
	KUNIT_CASE(cold_file_first),
	KUNIT_CASE(no_swap_no_anon),
	KUNIT_CASE(file_exhausted_scans_anon),
	{}
};

static struct kunit_suite vmscan_suite = {
	.name = "vmscan",
	.init = scan_init,
	.exit = scan_exit,
	.test_cases = vmscan_cases,
};
kunit_test_suite(vmscan_suite);
