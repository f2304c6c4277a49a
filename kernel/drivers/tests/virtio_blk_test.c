/*
 * Tests of the virtio block driver (kernel/drivers/block/virtio_blk.c,
 * kernel/drivers/virtio/) on the scratch disk QEMU gives the ktest
 * machines: real requests through the virtqueue, finished by the
 * device's interrupt on whichever hart the PLIC chose.
 */
#include "kunit/test.h"
#include "drivers/tests/scratch.h"
#include "completion.h"
#include "atomic.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/slab.h"

struct block_device *find_scratch_disk(void)
{
	char name[8], *buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	struct block_device *found = NULL;

	if (!buf)
		return NULL;
	for (char c = 'a'; c <= 'h' && !found; c++) {
		struct block_device *bdev;

		snprintf(name, sizeof(name), "vd%c", c);
		bdev = blkdev_get_by_name(name);
		if (bdev && !blkdev_rw(bdev, REQ_OP_READ, 0, buf, SECTOR_SIZE) &&
		    !memcmp(buf, SCRATCH_MAGIC, sizeof(SCRATCH_MAGIC) - 1))
			found = bdev;
	}
	kfree(buf);
	return found;
}

static struct block_device *scratch;

static int virtio_blk_test_init(struct kunit *test)
{
	scratch = find_scratch_disk();
	return 0;
}

#define NEED_SCRATCH(test) do { if (!scratch) \
	kunit_skip(test, "no scratch disk (run_ktests.py attaches one)"); } while (0)

static void virtio_blk_reads_known_pattern(struct kunit *test)
{
	char *buf;
	int bad = 0;

	NEED_SCRATCH(test);
	buf = kmalloc(4 * SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, 100 * SECTOR_SIZE, buf,
					4 * SECTOR_SIZE), 0);
	for (int i = 0; i < 4 * SECTOR_SIZE; i++)
		bad += (u8)buf[i] != scratch_byte(100 + i / SECTOR_SIZE, i % SECTOR_SIZE);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_GE(test, scratch->bd_nr_sectors, 2048);
	kfree(buf);
}

static void virtio_blk_write_then_read_back(struct kunit *test)
{
	char *out, *in;
	unsigned long writes;

	NEED_SCRATCH(test);
	out = kmalloc(8 * SECTOR_SIZE, GFP_KERNEL);
	in = kzalloc(8 * SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, out && in);
	for (int i = 0; i < 8 * SECTOR_SIZE; i++)
		out[i] = (i * 11) ^ 0x3c;
	writes = scratch->ios_written;
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_WRITE, 1000 * SECTOR_SIZE, out,
					8 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, 1000 * SECTOR_SIZE, in,
					8 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, 8 * SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, scratch->ios_written, writes + 1);
	/* The sector after it is untouched. */
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, 1008 * SECTOR_SIZE, in,
					SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, (u8)in[5], scratch_byte(1008, 5));
	kfree(out);
	kfree(in);
}

#define NR_FLIGHT 100	/* more than the queue holds: some wait for a slot */

struct flight {
	struct bio bios[NR_FLIGHT];
	char *bufs;
	atomic_t left;
	atomic_t errors;
	struct completion done;
};

static void flight_end_io(struct bio *bio)
{
	struct flight *f = bio->bi_private;

	if (bio->bi_status)
		atomic_inc(&f->errors);
	if (atomic_dec_and_test(&f->left))
		complete(&f->done);
}

/* Submits every bio before waiting; they finish in any order. */
static int fly(struct flight *f, enum req_op op, u64 first)
{
	atomic_set(&f->left, NR_FLIGHT);
	atomic_set(&f->errors, 0);
	init_completion(&f->done);
	for (int i = 0; i < NR_FLIGHT; i++) {
		/* Every other sector, so that no two requests touch. */
		f->bios[i] = (struct bio){
			.bi_bdev = scratch, .bi_opf = op, .bi_sector = first + 2 * i,
			.bi_buf = f->bufs + i * SECTOR_SIZE, .bi_size = SECTOR_SIZE,
			.bi_end_io = flight_end_io, .bi_private = f,
		};
		submit_bio(&f->bios[i]);
	}
	wait_for_completion(&f->done);
	return atomic_read(&f->errors);
}

static void virtio_blk_many_bios_in_flight(struct kunit *test)
{
	struct flight *f;
	int bad = 0;

	NEED_SCRATCH(test);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->bufs = kmalloc(NR_FLIGHT * SECTOR_SIZE, GFP_KERNEL);
	if (!f->bufs) {
		kfree(f);
		KUNIT_ASSERT_NOT_NULL(test, NULL);
	}
	for (int i = 0; i < NR_FLIGHT * SECTOR_SIZE; i++)
		f->bufs[i] = i / SECTOR_SIZE + 1;	/* each sector its own value */
	KUNIT_EXPECT_EQ(test, fly(f, REQ_OP_WRITE, 2000), 0);
	memset(f->bufs, 0, NR_FLIGHT * SECTOR_SIZE);
	KUNIT_EXPECT_EQ(test, fly(f, REQ_OP_READ, 2000), 0);
	for (int i = 0; i < NR_FLIGHT * SECTOR_SIZE; i++)
		bad += f->bufs[i] != (char)(i / SECTOR_SIZE + 1);
	KUNIT_EXPECT_EQ(test, bad, 0);
	/* The sectors in between were not written. */
	KUNIT_EXPECT_EQ(test, fly(f, REQ_OP_READ, 2001), 0);
	KUNIT_EXPECT_EQ(test, (u8)f->bufs[7], scratch_byte(2001, 7));
	kfree(f->bufs);
	kfree(f);
}

/* Past the end: the block layer refuses it with -EIO, and the disk still works. */
static void virtio_blk_out_of_range_fails(struct kunit *test)
{
	char *buf;
	struct bio bio;

	NEED_SCRATCH(test);
	buf = kmalloc(2 * SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	bio = (struct bio){ .bi_bdev = scratch, .bi_opf = REQ_OP_READ,
			    .bi_sector = scratch->bd_nr_sectors, .bi_buf = buf,
			    .bi_size = SECTOR_SIZE };
	KUNIT_EXPECT_EQ(test, submit_bio_wait(&bio), -EIO);
	bio.bi_sector = scratch->bd_nr_sectors - 1;
	bio.bi_size = 2 * SECTOR_SIZE;
	KUNIT_EXPECT_EQ(test, submit_bio_wait(&bio), -EIO);

	/* And the disk still works. */
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, 0, buf, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf, SCRATCH_MAGIC, sizeof(SCRATCH_MAGIC) - 1), 0);
	kfree(buf);
}

static void direct_end_io(struct bio *bio)
{
	complete(bio->bi_private);
}

/*
 * The device's own range check, with the block layer bypassed: the
 * device answers IOERR, the driver turns it into -EIO.
 */
static void virtio_blk_device_error_reaches_bio(struct kunit *test)
{
	struct completion done;
	char *buf;
	struct bio bio;

	NEED_SCRATCH(test);
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	init_completion(&done);
	bio = (struct bio){ .bi_bdev = scratch, .bi_opf = REQ_OP_READ,
			    .bi_sector = scratch->bd_nr_sectors + 8, .bi_buf = buf,
			    .bi_size = SECTOR_SIZE, .bi_end_io = direct_end_io,
			    .bi_private = &done };
	scratch->bd_ops->submit_bio(&bio);
	wait_for_completion(&done);
	KUNIT_EXPECT_EQ(test, bio.bi_status, -EIO);
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, 0, buf, SECTOR_SIZE), 0);
	kfree(buf);
}

static void virtio_blk_flush_succeeds(struct kunit *test)
{
	char *buf;

	NEED_SCRATCH(test);
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x77, SECTOR_SIZE);
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_WRITE, 3000 * SECTOR_SIZE, buf,
					SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(scratch), 0);
	KUNIT_EXPECT_EQ(test, blkdev_issue_flush(scratch), 0);
	kfree(buf);
}

static struct kunit_case virtio_blk_cases[] = {
	KUNIT_CASE(virtio_blk_reads_known_pattern),
	KUNIT_CASE(virtio_blk_write_then_read_back),
	KUNIT_CASE(virtio_blk_many_bios_in_flight),
	KUNIT_CASE(virtio_blk_out_of_range_fails),
	KUNIT_CASE(virtio_blk_device_error_reaches_bio),
	KUNIT_CASE(virtio_blk_flush_succeeds),
	{}
};

static struct kunit_suite virtio_blk_suite = {
	.name = "virtio_blk",
	.init = virtio_blk_test_init,
	.test_cases = virtio_blk_cases,
};
kunit_test_suite(virtio_blk_suite);
