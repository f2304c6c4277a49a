/*
 * Tests of the block layer (kernel/block/blk-core.c, genhd.c) on a fake
 * disk in memory whose submit_bio finishes every bio at once, so what is
 * tested is the layer itself: lookup, checks, completion, counts, and
 * blkdev_rw's bounce path.
 */
#include "kunit/test.h"
#include "block/blkdev.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define FAKE_SECTORS 64

struct fake_disk {
	struct block_device bdev;
	char *data;
	int submitted;			/* bios that reached the driver */
	enum req_op last_op;
	int fail_next;			/* status for the next bio, then 0 */
};

static struct fake_disk fake;

static void fake_submit_bio(struct bio *bio)
{
	struct fake_disk *d = bio->bi_bdev->bd_private;
	char *p = d->data + bio->bi_sector * SECTOR_SIZE;

	d->submitted++;
	d->last_op = bio->bi_opf;
	if (bio->bi_opf == REQ_OP_READ)
		memcpy(bio->bi_buf, p, bio->bi_size);
	else if (bio->bi_opf == REQ_OP_WRITE)
		memcpy(p, bio->bi_buf, bio->bi_size);
	bio->bi_status = d->fail_next;
	d->fail_next = 0;
	bio_endio(bio);
}

static const struct block_device_operations fake_ops = { .submit_bio = fake_submit_bio };

static int blk_test_init(struct kunit *test)
{
	memset(&fake, 0, sizeof(fake));
	fake.data = kzalloc(FAKE_SECTORS * SECTOR_SIZE, GFP_KERNEL);
	if (!fake.data)
		return -ENOMEM;
	for (int i = 0; i < FAKE_SECTORS * SECTOR_SIZE; i++)
		fake.data[i] = i * 7;
	strlcpy(fake.bdev.bd_name, "fake0", sizeof(fake.bdev.bd_name));
	fake.bdev.bd_dev = MKDEV(250, 0);
	fake.bdev.bd_nr_sectors = FAKE_SECTORS;
	fake.bdev.bd_ops = &fake_ops;
	fake.bdev.bd_private = &fake;
	return add_disk(&fake.bdev);
}

static void blk_test_exit(struct kunit *test)
{
	del_gendisk(&fake.bdev);
	kfree(fake.data);
}

static int rw(enum req_op op, u64 sector, void *buf, unsigned int size)
{
	struct bio bio = { .bi_bdev = &fake.bdev, .bi_opf = op, .bi_sector = sector,
			   .bi_buf = buf, .bi_size = size };

	return submit_bio_wait(&bio);
}

static void blk_finds_disk_by_name_and_dev(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, blkdev_get_by_name("fake0") == &fake.bdev);
	KUNIT_EXPECT_TRUE(test, blkdev_get_by_name("/dev/fake0") == &fake.bdev);
	KUNIT_EXPECT_TRUE(test, blkdev_get_by_dev(MKDEV(250, 0)) == &fake.bdev);
	KUNIT_EXPECT_NULL(test, blkdev_get_by_name("fake9"));
	KUNIT_EXPECT_NULL(test, blkdev_get_by_name(NULL));
	KUNIT_EXPECT_NULL(test, blkdev_get_by_dev(MKDEV(250, 1)));
}

static void blk_add_disk_rejects_duplicates(struct kunit *test)
{
	struct block_device other = { .bd_name = "fake0", .bd_ops = &fake_ops };

	KUNIT_EXPECT_EQ(test, add_disk(&other), -EEXIST);
	strlcpy(other.bd_name, "fake1", sizeof(other.bd_name));
	other.bd_dev = fake.bdev.bd_dev;
	KUNIT_EXPECT_EQ(test, add_disk(&other), -EEXIST);
	other.bd_dev = 0;
	other.bd_ops = NULL;
	KUNIT_EXPECT_EQ(test, add_disk(&other), -EINVAL);
	other.bd_name[0] = '\0';
	other.bd_ops = &fake_ops;
	KUNIT_EXPECT_EQ(test, add_disk(&other), -EINVAL);
	KUNIT_EXPECT_NULL(test, blkdev_get_by_name("fake1"));
}

static void blk_write_then_read_back(struct kunit *test)
{
	char *out = kmalloc(2 * SECTOR_SIZE, GFP_KERNEL), *in = kzalloc(2 * SECTOR_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_TRUE(test, out && in);
	for (int i = 0; i < 2 * SECTOR_SIZE; i++)
		out[i] = i ^ 0x5a;
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_WRITE, 3, out, 2 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(fake.data + 3 * SECTOR_SIZE, out, 2 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 3, in, 2 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, 2 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, fake.submitted, 2);
	kfree(out);
	kfree(in);
}

/* Past the end: -EIO, and the driver never sees it. */
static void blk_rejects_out_of_range(struct kunit *test)
{
	char *buf = kmalloc(2 * SECTOR_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, FAKE_SECTORS, buf, SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_WRITE, FAKE_SECTORS - 1, buf, 2 * SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, ~0UL, buf, SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_READ, FAKE_SECTORS * SECTOR_SIZE - 1,
					buf, 2), -EIO);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, FAKE_SECTORS - 2, buf, 2 * SECTOR_SIZE), 0);
	kfree(buf);
}

static void blk_rejects_malformed_bios(struct kunit *test)
{
	char *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	void *vbuf = vmalloc(SECTOR_SIZE);
	struct bio bio = { .bi_opf = REQ_OP_READ, .bi_buf = buf, .bi_size = SECTOR_SIZE };

	KUNIT_ASSERT_TRUE(test, buf && vbuf);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, 100), -EINVAL);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, NULL, SECTOR_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, vbuf, SECTOR_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_FLUSH, 0, buf, SECTOR_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, rw((enum req_op)7, 0, buf, SECTOR_SIZE), -ENOTSUP);
	KUNIT_EXPECT_EQ(test, submit_bio_wait(&bio), -EINVAL);	/* no device */
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	/* blkdev_rw bounces what a bio cannot carry. */
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_READ, 0, vbuf, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(vbuf, fake.data, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(NULL, REQ_OP_READ, 0, buf, SECTOR_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_FLUSH, 0, buf, SECTOR_SIZE), -EINVAL);
	vfree(vbuf);
	kfree(buf);
}

static void blk_read_only_refuses_writes(struct kunit *test)
{
	char *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	fake.bdev.bd_read_only = true;
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_WRITE, 0, buf, SECTOR_SIZE), -EROFS);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	kfree(buf);
}

static void blk_driver_error_reaches_caller(struct kunit *test)
{
	char *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	fake.fail_next = -EIO;
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, SECTOR_SIZE), 0);
	kfree(buf);
}

/* Only bios that succeed are counted, by direction, in sectors. */
static void blk_counts_completed_io(struct kunit *test)
{
	char *buf = kmalloc(4 * SECTOR_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, 4 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_WRITE, 8, buf, 2 * SECTOR_SIZE), 0);
	fake.fail_next = -EIO;
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, 0, buf, SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, rw(REQ_OP_READ, FAKE_SECTORS, buf, SECTOR_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, fake.bdev.ios_read, 1);
	KUNIT_EXPECT_EQ(test, fake.bdev.sectors_read, 4);
	KUNIT_EXPECT_EQ(test, fake.bdev.ios_written, 1);
	KUNIT_EXPECT_EQ(test, fake.bdev.sectors_written, 2);
	kfree(buf);
}

/* Unaligned bytes: read-modify-write, neighbours untouched. */
static void blk_rw_handles_unaligned_ranges(struct kunit *test)
{
	char *ref = kmalloc(FAKE_SECTORS * SECTOR_SIZE, GFP_KERNEL);
	char *src = vmalloc(5000), *dst = vzalloc(5000);

	KUNIT_ASSERT_TRUE(test, ref && src && dst);
	memcpy(ref, fake.data, FAKE_SECTORS * SECTOR_SIZE);
	for (int i = 0; i < 5000; i++)
		src[i] = 0xa0 ^ (i * 13);
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_WRITE, 300, src, 5000), 0);
	memcpy(ref + 300, src, 5000);
	KUNIT_EXPECT_EQ(test, memcmp(fake.data, ref, FAKE_SECTORS * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_READ, 300, dst, 5000), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dst, src, 5000), 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(&fake.bdev, REQ_OP_READ, 0, dst, 0), 0);
	vfree(src);
	vfree(dst);
	kfree(ref);
}

static void blk_flush_reaches_driver(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(&fake.bdev), 0);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_EQ(test, fake.last_op, REQ_OP_FLUSH);
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(NULL), -EINVAL);
}

static int end_io_calls;

static void count_end_io(struct bio *bio)
{
	end_io_calls++;
	*(int *)bio->bi_private = bio->bi_status;
}

/* submit_bio is asynchronous: bi_end_io runs once, with bi_private intact. */
static void blk_end_io_runs_once(struct kunit *test)
{
	char *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	int status = 1;
	struct bio bio = { .bi_bdev = &fake.bdev, .bi_opf = REQ_OP_READ, .bi_buf = buf,
			   .bi_size = SECTOR_SIZE, .bi_end_io = count_end_io, .bi_private = &status };

	KUNIT_ASSERT_NOT_NULL(test, buf);
	end_io_calls = 0;
	submit_bio(&bio);
	KUNIT_EXPECT_EQ(test, end_io_calls, 1);
	KUNIT_EXPECT_EQ(test, status, 0);
	bio.bi_sector = FAKE_SECTORS;	/* a rejected bio ends the same way */
	submit_bio(&bio);
	KUNIT_EXPECT_EQ(test, end_io_calls, 2);
	KUNIT_EXPECT_EQ(test, status, -EIO);
	kfree(buf);
}

static struct kunit_case blk_cases[] = {
	KUNIT_CASE(blk_finds_disk_by_name_and_dev),
	KUNIT_CASE(blk_add_disk_rejects_duplicates),
	KUNIT_CASE(blk_write_then_read_back),
	KUNIT_CASE(blk_rejects_out_of_range),
	KUNIT_CASE(blk_rejects_malformed_bios),
	KUNIT_CASE(blk_read_only_refuses_writes),
	KUNIT_CASE(blk_driver_error_reaches_caller),
	KUNIT_CASE(blk_counts_completed_io),
	KUNIT_CASE(blk_rw_handles_unaligned_ranges),
	KUNIT_CASE(blk_flush_reaches_driver),
	KUNIT_CASE(blk_end_io_runs_once),
	{}
};

static struct kunit_suite blk_suite = {
	.name = "blk",
	.init = blk_test_init,
	.exit = blk_test_exit,
	.test_cases = blk_cases,
};
kunit_test_suite(blk_suite);
