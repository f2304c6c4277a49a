/*
 * Tests of the block layer (kernel/block/blk-core.c, blk-merge.c,
 * genhd.c) on a fake disk in memory whose submit_bio finishes every
 * request at once, so what is tested is the layer itself: lookup,
 * checks, completion, counts, blkdev_rw's bounce path, and plugging:
 * which bios are held, which merge, when the plug is sent.
 */
#include "kunit/test.h"
#include "block/blkdev.h"
#include "completion.h"
#include "sched.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

#define FAKE_SECTORS 64
#define FAKE_MAX_REQUESTS 64

struct fake_disk {
	struct block_device bdev;
	char *data;
	int submitted;			/* requests that reached the driver */
	enum req_op last_op;
	int fail_next;			/* status for the next request, then 0 */
	int segs[FAKE_MAX_REQUESTS];	/* bios in each request, in order */
	u64 first[FAKE_MAX_REQUESTS];	/* and its first sector */
	bool broken_chain;		/* a request's bios were not contiguous */
};

static struct fake_disk fake;

/* A request is one bio or a merged chain; every bio ends with its status. */
static void fake_submit_bio(struct bio *bio)
{
	struct fake_disk *d = bio->bi_bdev->bd_private;
	int status = d->fail_next, n = 0;

	if (d->submitted < FAKE_MAX_REQUESTS)
		d->first[d->submitted] = bio->bi_sector;
	d->last_op = bio->bi_opf;
	d->fail_next = 0;
	while (bio) {
		struct bio *next = bio->bi_next;
		char *p = d->data + bio->bi_sector * SECTOR_SIZE;

		if (next && next->bi_sector != bio->bi_sector + bio->bi_size / SECTOR_SIZE)
			d->broken_chain = true;
		if (bio->bi_opf == REQ_OP_READ)
			memcpy(bio->bi_buf, p, bio->bi_size);
		else if (bio->bi_opf == REQ_OP_WRITE)
			memcpy(p, bio->bi_buf, bio->bi_size);
		bio->bi_status = status;
		bio->bi_next = NULL;
		bio_endio(bio);
		bio = next;
		n++;
	}
	if (d->submitted < FAKE_MAX_REQUESTS)
		d->segs[d->submitted] = n;
	d->submitted++;
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
	/* Plugs live on a test's stack: one left behind would outlive it. */
	if (current->plug) {
		kunit_fail(test, __FILE__, __LINE__, "the test left the runner plugged");
		current->plug = NULL;
	}
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

/* ---- plugging ------------------------------------------------------------ */

#define PLUG_BIOS (BLK_MAX_REQUEST_COUNT + 8)

/* Bios of one sector each, their buffers side by side, and what became of them. */
struct plugged {
	struct bio bios[PLUG_BIOS];
	int ended[PLUG_BIOS];		/* end_io calls */
	int status[PLUG_BIOS];
	char *buf;			/* PLUG_BIOS sectors */
	int left;			/* bios not ended yet; 0 completes done */
	struct completion done;
};

static void plugged_end_io(struct bio *bio)
{
	struct plugged *pl = bio->bi_private;
	int i = bio - pl->bios;

	pl->ended[i]++;
	pl->status[i] = bio->bi_status;
	if (--pl->left == 0)
		complete(&pl->done);
}

static struct plugged *plugged_alloc(struct kunit *test)
{
	struct plugged *pl = kzalloc(sizeof(*pl), GFP_KERNEL);

	if (pl)
		pl->buf = kmalloc(PLUG_BIOS * SECTOR_SIZE, GFP_KERNEL);
	if (pl && !pl->buf) {
		kfree(pl);
		pl = NULL;
	}
	if (pl) {
		for (int i = 0; i < PLUG_BIOS * SECTOR_SIZE; i++)
			pl->buf[i] = 0x40 + i / SECTOR_SIZE;
		init_completion(&pl->done);
	}
	return pl;
}

static void plugged_free(struct plugged *pl)
{
	kfree(pl->buf);
	kfree(pl);
}

static void plugged_submit_to(struct plugged *pl, int i, struct block_device *bdev,
			      enum req_op op, u64 sector)
{
	pl->bios[i] = (struct bio){ .bi_bdev = bdev, .bi_opf = op, .bi_sector = sector,
				    .bi_buf = pl->buf + i * SECTOR_SIZE, .bi_size = SECTOR_SIZE,
				    .bi_end_io = plugged_end_io, .bi_private = pl };
	pl->left++;
	submit_bio(&pl->bios[i]);
}

static void plugged_submit(struct plugged *pl, int i, enum req_op op, u64 sector)
{
	plugged_submit_to(pl, i, &fake.bdev, op, sector);
}

/* Bios 0..n-1 each ended exactly once with `status`? */
static bool plugged_all_ended(struct plugged *pl, int n, int status)
{
	for (int i = 0; i < n; i++)
		if (pl->ended[i] != 1 || pl->status[i] != status)
			return false;
	return true;
}

static void blk_plug_holds_bios_until_finish(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	KUNIT_EXPECT_TRUE(test, current->plug == &plug);
	for (int i = 0; i < 3; i++)
		plugged_submit(pl, i, REQ_OP_WRITE, 10 + i);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	KUNIT_EXPECT_EQ(test, pl->ended[0] + pl->ended[1] + pl->ended[2], 0);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_NULL(test, current->plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_EQ(test, fake.segs[0], 3);
	KUNIT_EXPECT_EQ(test, fake.first[0], 10);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 3, 0));
	KUNIT_EXPECT_EQ(test, memcmp(fake.data + 10 * SECTOR_SIZE, pl->buf, 3 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_FALSE(test, fake.broken_chain);
	plugged_free(pl);
}

/* A full request goes at once; the next bio starts another. Counts are Linux's. */
static void blk_plug_splits_at_segment_limit(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	for (int i = 0; i < 10; i++) {
		plugged_submit(pl, i, REQ_OP_WRITE, 20 + i);
		if (i == 3)
			KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	}
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 3);
	KUNIT_EXPECT_EQ(test, fake.segs[0], 4);
	KUNIT_EXPECT_EQ(test, fake.segs[1], 4);
	KUNIT_EXPECT_EQ(test, fake.segs[2], 2);
	KUNIT_EXPECT_EQ(test, fake.first[1], 24);
	KUNIT_EXPECT_EQ(test, fake.first[2], 28);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 10, 0));
	KUNIT_EXPECT_EQ(test, memcmp(fake.data + 20 * SECTOR_SIZE, pl->buf, 10 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, fake.bdev.ios_written, 3);
	KUNIT_EXPECT_EQ(test, fake.bdev.merges_written, 7);
	KUNIT_EXPECT_EQ(test, fake.bdev.sectors_written, 10);
	plugged_free(pl);
}

/* Reads merge like writes, and land in each bio's own buffer. */
static void blk_plug_merges_reads(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 8;
	blk_start_plug(&plug);
	for (int i = 0; i < 5; i++)
		plugged_submit(pl, i, REQ_OP_READ, 40 + i);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_EQ(test, fake.segs[0], 5);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 5, 0));
	KUNIT_EXPECT_EQ(test, memcmp(pl->buf, fake.data + 40 * SECTOR_SIZE, 5 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, fake.bdev.ios_read, 1);
	KUNIT_EXPECT_EQ(test, fake.bdev.merges_read, 4);
	plugged_free(pl);
}

/* A gap, another op, another disk: new requests. A flush is never held. */
static void blk_plug_keeps_apart_what_cannot_merge(struct kunit *test)
{
	struct block_device other = fake.bdev;
	struct plugged *pl = plugged_alloc(test);
	struct bio flush = { .bi_bdev = &fake.bdev, .bi_opf = REQ_OP_FLUSH };
	struct blk_plug plug;
	static const u64 want_first[] = { 0, 30, 32, 33, 34, 36 };
	static const int want_segs[] = { 1, 1, 1, 1, 2, 1 };

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = other.bd_max_segments = 8;
	blk_start_plug(&plug);
	plugged_submit(pl, 0, REQ_OP_WRITE, 30);
	plugged_submit(pl, 1, REQ_OP_WRITE, 32);	/* a gap */
	plugged_submit(pl, 2, REQ_OP_READ, 33);		/* contiguous, but a read */
	plugged_submit(pl, 3, REQ_OP_WRITE, 34);
	submit_bio(&flush);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);	/* the flush, at once */
	plugged_submit(pl, 4, REQ_OP_WRITE, 35);	/* merges with 34 */
	plugged_submit_to(pl, 5, &other, REQ_OP_WRITE, 36);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 6);
	for (int i = 0; i < 6 && i < fake.submitted; i++) {
		KUNIT_EXPECT_EQ(test, fake.first[i], want_first[i]);
		KUNIT_EXPECT_EQ(test, fake.segs[i], want_segs[i]);
	}
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 6, 0));
	plugged_free(pl);
}

/* More than BLK_MAX_REQUEST_COUNT requests: the plug sends what it holds. */
static void blk_plug_flushes_at_request_limit(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;
	int n = BLK_MAX_REQUEST_COUNT;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	for (int i = 0; i < n; i++)	/* reads and writes by turns: none merge */
		plugged_submit(pl, i, i % 2 ? REQ_OP_READ : REQ_OP_WRITE, i);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	plugged_submit(pl, n, n % 2 ? REQ_OP_READ : REQ_OP_WRITE, n);
	KUNIT_EXPECT_EQ(test, fake.submitted, n);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, n + 1);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, n + 1, 0));
	plugged_free(pl);
}

/* A failed request fails each of its bios, once, and counts nothing. */
static void blk_plug_error_ends_every_bio(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	fake.fail_next = -EIO;
	blk_start_plug(&plug);
	for (int i = 0; i < 3; i++)
		plugged_submit(pl, i, REQ_OP_WRITE, 50 + i);
	plugged_submit(pl, 3, REQ_OP_WRITE, FAKE_SECTORS);	/* refused at once */
	KUNIT_EXPECT_EQ(test, pl->ended[3], 1);
	KUNIT_EXPECT_EQ(test, pl->status[3], -EIO);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 3, -EIO));
	KUNIT_EXPECT_EQ(test, fake.bdev.ios_written, 0);
	KUNIT_EXPECT_EQ(test, fake.bdev.sectors_written, 0);
	plugged_free(pl);
}

static void blk_plug_nested_holds_until_outer_finish(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug outer, inner;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&outer);
	blk_start_plug(&inner);
	KUNIT_EXPECT_TRUE(test, current->plug == &outer);
	plugged_submit(pl, 0, REQ_OP_WRITE, 0);
	blk_finish_plug(&inner);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	KUNIT_EXPECT_TRUE(test, current->plug == &outer);
	blk_finish_plug(&outer);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_NULL(test, current->plug);
	plugged_free(pl);
}

static void blk_plug_without_bios_is_harmless(struct kunit *test)
{
	struct blk_plug plug, never_started;

	blk_start_plug(&plug);
	yield();
	blk_finish_plug(&plug);
	KUNIT_EXPECT_NULL(test, current->plug);
	blk_finish_plug(&plug);		/* twice */
	blk_finish_plug(NULL);
	blk_flush_plug(NULL);
	blk_start_plug(NULL);
	KUNIT_EXPECT_NULL(test, current->plug);
	memset(&never_started, 0xa5, sizeof(never_started));
	blk_finish_plug(&never_started);	/* not current's: ignored */
	KUNIT_EXPECT_NULL(test, current->plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
}

/* A driver that takes one bio at a time (brd) is not plugged, as in Linux. */
static void blk_plug_skips_disks_that_do_not_merge(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	blk_start_plug(&plug);
	plugged_submit(pl, 0, REQ_OP_WRITE, 0);
	plugged_submit(pl, 1, REQ_OP_WRITE, 1);
	KUNIT_EXPECT_EQ(test, fake.submitted, 2);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 2);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 2, 0));
	plugged_free(pl);
}

/* An interrupt handler's bio (an end_io submitting the next) goes straight on. */
static void blk_plug_not_used_in_interrupt(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;
	unsigned long flags;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	plugged_submit(pl, 0, REQ_OP_WRITE, 0);
	local_irq_save(flags);
	this_cpu()->hardirq_depth++;		/* as handle_interrupt() does */
	plugged_submit(pl, 1, REQ_OP_WRITE, 1);
	this_cpu()->hardirq_depth--;
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_EQ(test, fake.segs[0], 1);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 2);
	plugged_free(pl);
}

/* schedule() sends the plug: the task may not be back for a while. */
static void blk_plug_flushed_by_schedule(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	plugged_submit(pl, 0, REQ_OP_WRITE, 0);
	plugged_submit(pl, 1, REQ_OP_WRITE, 1);
	yield();
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_TRUE(test, current->plug == &plug);	/* still plugged */
	plugged_submit(pl, 2, REQ_OP_WRITE, 2);
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 2);
	plugged_free(pl);
}

/*
 * Waiting for plugged bios does not wait forever: the sleep sends them.
 * Here the disk ends them at once, so their end_io takes the
 * completion's lock while the waiter is in the middle of sleeping on
 * it: the plug must be sent with that lock dropped.
 */
static void blk_plug_flushed_when_task_sleeps(struct kunit *test)
{
	struct plugged *pl = plugged_alloc(test);
	struct blk_plug plug;

	KUNIT_ASSERT_NOT_NULL(test, pl);
	fake.bdev.bd_max_segments = 4;
	blk_start_plug(&plug);
	plugged_submit(pl, 0, REQ_OP_READ, 8);
	plugged_submit(pl, 1, REQ_OP_READ, 9);
	KUNIT_EXPECT_EQ(test, fake.submitted, 0);
	wait_for_completion(&pl->done);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	KUNIT_EXPECT_TRUE(test, plugged_all_ended(pl, 2, 0));
	blk_finish_plug(&plug);
	KUNIT_EXPECT_EQ(test, fake.submitted, 1);
	plugged_free(pl);
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
	KUNIT_CASE(blk_plug_holds_bios_until_finish),
	KUNIT_CASE(blk_plug_splits_at_segment_limit),
	KUNIT_CASE(blk_plug_merges_reads),
	KUNIT_CASE(blk_plug_keeps_apart_what_cannot_merge),
	KUNIT_CASE(blk_plug_flushes_at_request_limit),
	KUNIT_CASE(blk_plug_error_ends_every_bio),
	KUNIT_CASE(blk_plug_nested_holds_until_outer_finish),
	KUNIT_CASE(blk_plug_without_bios_is_harmless),
	KUNIT_CASE(blk_plug_skips_disks_that_do_not_merge),
	KUNIT_CASE(blk_plug_not_used_in_interrupt),
	KUNIT_CASE(blk_plug_flushed_by_schedule),
	KUNIT_CASE(blk_plug_flushed_when_task_sleeps),
	{}
};

static struct kunit_suite blk_suite = {
	.name = "blk",
	.init = blk_test_init,
	.exit = blk_test_exit,
	.test_cases = blk_cases,
};
kunit_test_suite(blk_suite);
