/*
 * Tests of where /proc/bench_swapdisk may write (kernel/bench/bench_blk.c,
 * bench_swapdisk_spare_region): only past the swap area a disk's header
 * describes, or on grading/bench.py's scratch disk, never on anything
 * else. The disks are RAM disks (brd), which take memory only for the
 * pages written, so a disk of 70 MiB with a header costs one page.
 */
#include "kunit/test.h"
#include "bench/bench_internal.h"
#include "drivers/block/brd.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"

#define TEST_DISK 1
#define SWAP_MAGIC "SWAPSPACE2"
#define LAST_PAGE_OFFSET 1028	/* struct swap_header_info.last_page (mkfs/README.md) */

static void bench_blk_exit(struct kunit *test)
{
	brd_set_capacity(TEST_DISK, 0);
}

/* The test disk, `bytes` long, with page 0 holding `magic` at offset `at` and this last_page. */
static struct block_device *test_disk(struct kunit *test, u64 bytes, const char *magic,
				      size_t at, u32 last_page)
{
	struct block_device *bdev = brd_get(TEST_DISK);
	char *page = kzalloc(PAGE_SIZE, GFP_KERNEL);

	if (!page || brd_set_capacity(TEST_DISK, bytes)) {
		kunit_fail(test, __FILE__, __LINE__, "no memory for a %lu-byte test disk", bytes);
		kfree(page);
		return bdev;
	}
	memcpy(page + LAST_PAGE_OFFSET, &last_page, sizeof(last_page));
	memcpy(page + at, magic, strlen(magic));
	KUNIT_EXPECT_EQ(test, blkdev_rw(bdev, REQ_OP_WRITE, 0, page, PAGE_SIZE), 0);
	kfree(page);
	return bdev;
}

static struct block_device *swap_disk(struct kunit *test, u64 bytes, u32 last_page)
{
	return test_disk(test, bytes, SWAP_MAGIC, PAGE_SIZE - 10, last_page);
}

static void spare_region_starts_past_the_swap_area(struct kunit *test)
{
	u64 start = 0;
	struct block_device *bdev = swap_disk(test, 65 * SZ_1M, 255);	/* a 1 MiB area */

	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), 0);
	KUNIT_EXPECT_EQ(test, start, SZ_1M);
	/* One page more: the region moves to the next MiB. */
	bdev = swap_disk(test, 66 * SZ_1M, 256);
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 2 * SZ_1M);
	KUNIT_EXPECT_GE(test, start, (256 + 1) * PAGE_SIZE);
}

static void spare_region_refused_without_room(struct kunit *test)
{
	u64 start = 0;
	struct block_device *bdev = swap_disk(test, 65 * SZ_1M, 256);

	/* The region would end a MiB past the disk. */
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), -ENOSPC);
	/* The grader's swap.img: the area is the whole disk. */
	bdev = swap_disk(test, 70 * SZ_1M, 70 * SZ_1M / PAGE_SIZE - 1);
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), -ENOSPC);
	/* A header claiming more than the disk has. */
	bdev = swap_disk(test, 70 * SZ_1M, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), -ENOSPC);
}

static void spare_region_only_on_known_disks(struct kunit *test)
{
	u64 start = 0;
	/* A file system, or anything else: nothing past a header to go by. */
	struct block_device *bdev = test_disk(test, 70 * SZ_1M, "", 0, 0);

	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), -EPERM);
	bdev = test_disk(test, 70 * SZ_1M, "SWAPSPACE", PAGE_SIZE - 10, 0);
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), -EPERM);
	bdev = test_disk(test, 70 * SZ_1M, "PAGODA-BENCHDISK\n", 0, 0);
	KUNIT_EXPECT_EQ(test, bench_swapdisk_spare_region(bdev, &start), 0);
	KUNIT_EXPECT_EQ(test, start, SZ_1M);
}

static struct kunit_case bench_blk_cases[] = {
	KUNIT_CASE(spare_region_starts_past_the_swap_area),
	KUNIT_CASE(spare_region_refused_without_room),
	KUNIT_CASE(spare_region_only_on_known_disks),
	{}
};

static struct kunit_suite bench_blk_suite = {
	.name = "bench_swapdisk",
	.exit = bench_blk_exit,
	.test_cases = bench_blk_cases,
};
kunit_test_suite(bench_blk_suite);
