/*
 * Tests of the RAM disk (kernel/drivers/block/brd.c): a sized disk reads
 * zeros until written, keeps what is written across pages, refuses
 * requests beyond its end, and gives its memory back at size 0.
 */
#include "kunit/test.h"
#include "drivers/block/brd.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

#define TEST_DISK 1

static void brd_exit(struct kunit *test)
{
	brd_set_capacity(TEST_DISK, 0);
}

static void brd_disks_are_registered(struct kunit *test)
{
	struct block_device *bdev = brd_get(TEST_DISK);

	KUNIT_ASSERT_NOT_NULL(test, bdev);
	KUNIT_EXPECT_TRUE(test, blkdev_get_by_name("ram0") == brd_get(0));
	KUNIT_EXPECT_TRUE(test, blkdev_get_by_name("ram1") == bdev);
	KUNIT_EXPECT_EQ(test, MAJOR(bdev->bd_dev), RAMDISK_MAJOR);
	KUNIT_EXPECT_NULL(test, brd_get(BRD_NR));
	KUNIT_EXPECT_NULL(test, brd_get(-1));
}

static void brd_reads_zeros_then_what_was_written(struct kunit *test)
{
	struct block_device *bdev = brd_get(TEST_DISK);
	char *buf = kmalloc(8192, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, brd_set_capacity(TEST_DISK, 64 * 1024), 0);
	KUNIT_EXPECT_EQ(test, bdev->bd_nr_sectors, 128);
	memset(buf, 0x5a, 8192);
	KUNIT_EXPECT_EQ(test, blkdev_rw(bdev, REQ_OP_READ, 0, buf, 8192), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, 8192));
	/* A write straddling a page boundary. */
	for (i = 0; i < 3072; i++)
		buf[i] = (char)(i * 7);
	KUNIT_EXPECT_EQ(test, blkdev_rw(bdev, REQ_OP_WRITE, 4096 - 1024, buf, 3072), 0);
	memset(buf, 0, 8192);
	KUNIT_EXPECT_EQ(test, blkdev_rw(bdev, REQ_OP_READ, 4096 - 1024, buf, 3072), 0);
	for (i = 0; i < 3072; i++)
		if (buf[i] != (char)(i * 7))
			break;
	KUNIT_EXPECT_EQ(test, i, 3072);
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(bdev), 0);
	kfree(buf);
}

static void brd_refuses_requests_past_its_end(struct kunit *test)
{
	struct block_device *bdev = brd_get(TEST_DISK);
	char *buf = kmalloc(1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, brd_set_capacity(TEST_DISK, 8192), 0);
	KUNIT_EXPECT_NE(test, blkdev_rw(bdev, REQ_OP_WRITE, 8192 - 512, buf, 1024), 0);
	KUNIT_EXPECT_NE(test, blkdev_rw(bdev, REQ_OP_READ, 8192, buf, 512), 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(bdev, REQ_OP_READ, 8192 - 512, buf, 512), 0);
	KUNIT_EXPECT_EQ(test, brd_set_capacity(TEST_DISK, 1000), -EINVAL);	/* not whole sectors */
	KUNIT_EXPECT_EQ(test, brd_set_capacity(TEST_DISK, BRD_MAX_BYTES + 512), -EINVAL);
	KUNIT_EXPECT_EQ(test, brd_set_capacity(BRD_NR, 8192), -EINVAL);
	kfree(buf);
}

static struct kunit_case brd_cases[] = {
	KUNIT_CASE(brd_disks_are_registered),
	KUNIT_CASE(brd_reads_zeros_then_what_was_written),
	KUNIT_CASE(brd_refuses_requests_past_its_end),
	{}
};

static struct kunit_suite brd_suite = {
	.name = "brd",
	.exit = brd_exit,
	.test_cases = brd_cases,
};
kunit_test_suite(brd_suite);
