/*
 * Tests of the virtio block driver (kernel/drivers/block/virtio_blk.c,
 * kernel/drivers/virtio/) on the scratch disk QEMU gives the ktest
 * machines: real requests through the virtqueue, finished by the
 * device's interrupt on whichever hart the PLIC chose; and plugged bios
 * merged into requests of many data buffers.
 */
#include "kunit/test.h"
#include "drivers/tests/scratch.h"
#include "completion.h"
#include "sched.h"
#include "timer.h"
#include "atomic.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/page.h"
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

/* ---- plugged page bios, merged into multi-buffer requests --------------- */

#define PAGE_BIOS_MAX 80
#define PAGE_SECTORS (PAGE_SIZE / SECTOR_SIZE)

/* Page-sized bios, each with a page of its own, as swap's are. */
struct page_flight {
	struct bio bios[PAGE_BIOS_MAX];
	struct page *pages[PAGE_BIOS_MAX];
	atomic_t ended[PAGE_BIOS_MAX];	/* end_io calls */
	int status[PAGE_BIOS_MAX];
	int n;
	atomic_t left;
	struct completion done;
};

static void page_flight_end_io(struct bio *bio)
{
	struct page_flight *f = bio->bi_private;
	int i = bio - f->bios;

	f->status[i] = bio->bi_status;
	atomic_inc(&f->ended[i]);
	if (atomic_dec_and_test(&f->left))
		complete(&f->done);
}

static void page_flight_free(struct page_flight *f)
{
	for (int i = 0; i < PAGE_BIOS_MAX; i++)
		if (f->pages[i])
			__free_page(f->pages[i]);
	kfree(f);
}

static struct page_flight *page_flight_alloc(int n)
{
	struct page_flight *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->n = n;
	for (int i = 0; i < n; i++) {
		f->pages[i] = alloc_page(GFP_KERNEL);
		if (!f->pages[i]) {
			page_flight_free(f);
			return NULL;
		}
	}
	init_completion(&f->done);
	return f;
}

/* Bio i at `sector` (not yet submitted); call before page_flight_submit. */
static void page_flight_prep(struct page_flight *f, int i, enum req_op op, u64 sector)
{
	f->bios[i] = (struct bio){ .bi_bdev = scratch, .bi_opf = op, .bi_sector = sector,
				   .bi_buf = page_address(f->pages[i]), .bi_size = PAGE_SIZE,
				   .bi_end_io = page_flight_end_io, .bi_private = f };
	atomic_set(&f->ended[i], 0);
	f->status[i] = 1;
}

/* Submits bios 0..n-1 inside a plug and waits for them all. */
static void page_flight_plugged(struct page_flight *f)
{
	struct blk_plug plug;

	atomic_set(&f->left, f->n);
	blk_start_plug(&plug);
	for (int i = 0; i < f->n; i++)
		submit_bio(&f->bios[i]);
	blk_finish_plug(&plug);
	wait_for_completion(&f->done);
}

static bool page_flight_all_ended(struct page_flight *f, int status)
{
	for (int i = 0; i < f->n; i++)
		if (atomic_read(&f->ended[i]) != 1 || f->status[i] != status)
			return false;
	return true;
}

/* Each page's bytes: its own, so a page at the wrong sector shows. */
static u8 page_byte(int i, unsigned int off)
{
	return (i * 37 + off / 3) ^ 0xa5;
}

#define NEED_MERGING(test) do { NEED_SCRATCH(test); \
	if (scratch->bd_max_segments < 2 || scratch->bd_max_segments + 3 > PAGE_BIOS_MAX) \
		kunit_skip(test, "the scratch disk does not merge, or merges more than we test"); \
	} while (0)

/*
 * max_segments + 2 contiguous page writes and one after a gap: a full
 * request, one of two pages, and one alone. Every page lands at its
 * sector; the gap is untouched.
 */
static void virtio_blk_plugged_writes_merge(struct kunit *test)
{
	u64 base = 4096, ios, merges;
	struct page_flight *f;
	char *buf;
	int runs, bad = 0;

	NEED_MERGING(test);
	runs = scratch->bd_max_segments + 2;
	f = page_flight_alloc(runs + 1);
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, f && buf);
	for (int i = 0; i < f->n; i++) {
		for (unsigned int off = 0; off < PAGE_SIZE; off++)
			((u8 *)page_address(f->pages[i]))[off] = page_byte(i, off);
		page_flight_prep(f, i, REQ_OP_WRITE, base + (i + (i == runs)) * PAGE_SECTORS);
	}
	ios = scratch->ios_written;
	merges = scratch->merges_written;
	page_flight_plugged(f);
	KUNIT_EXPECT_TRUE(test, page_flight_all_ended(f, 0));
	KUNIT_EXPECT_EQ(test, scratch->ios_written - ios, 3);
	KUNIT_EXPECT_EQ(test, scratch->merges_written - merges, runs - 2);
	for (int i = 0; i < f->n; i++) {
		u64 at = base + (i + (i == runs)) * PAGE_SECTORS;

		KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, at * SECTOR_SIZE, buf,
						PAGE_SIZE), 0);
		for (unsigned int off = 0; off < PAGE_SIZE; off++)
			bad += (u8)buf[off] != page_byte(i, off);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, blkdev_rw(scratch, REQ_OP_READ, (base + runs * PAGE_SECTORS) *
					SECTOR_SIZE, buf, SECTOR_SIZE), 0);
	KUNIT_EXPECT_EQ(test, (u8)buf[9], scratch_byte(base + runs * PAGE_SECTORS, 9));
	kfree(buf);
	page_flight_free(f);
}

/* Plugged reads of the scratch pattern: merged alike, each page its own data. */
static void virtio_blk_plugged_reads_merge(struct kunit *test)
{
	u64 base = 6144, ios, merges;
	struct page_flight *f;
	int bad = 0;

	NEED_MERGING(test);
	f = page_flight_alloc(scratch->bd_max_segments + 1);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (int i = 0; i < f->n; i++) {
		memset(page_address(f->pages[i]), 0, PAGE_SIZE);
		page_flight_prep(f, i, REQ_OP_READ, base + i * PAGE_SECTORS);
	}
	ios = scratch->ios_read;
	merges = scratch->merges_read;
	page_flight_plugged(f);
	KUNIT_EXPECT_TRUE(test, page_flight_all_ended(f, 0));
	KUNIT_EXPECT_EQ(test, scratch->ios_read - ios, 2);
	KUNIT_EXPECT_EQ(test, scratch->merges_read - merges, f->n - 2);
	for (int i = 0; i < f->n; i++) {
		u8 *p = page_address(f->pages[i]);

		for (unsigned int off = 0; off < PAGE_SIZE; off++)
			bad += p[off] != scratch_byte(base + i * PAGE_SECTORS + off / SECTOR_SIZE,
						      off % SECTOR_SIZE);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	page_flight_free(f);
}

/* Chains made by hand, the block layer bypassed: the driver's own answers. */
static void virtio_blk_chain_errors_end_every_bio(struct kunit *test)
{
	struct page_flight *f;
	int n;

	NEED_MERGING(test);
	/* The device refuses a request past the end: each bio gets -EIO, once. */
	f = page_flight_alloc(3);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (int i = 0; i < f->n; i++)
		page_flight_prep(f, i, REQ_OP_READ, scratch->bd_nr_sectors + 8 + i * PAGE_SECTORS);
	for (int i = 0; i + 1 < f->n; i++)
		f->bios[i].bi_next = &f->bios[i + 1];
	atomic_set(&f->left, f->n);
	scratch->bd_ops->submit_bio(&f->bios[0]);
	wait_for_completion(&f->done);
	KUNIT_EXPECT_TRUE(test, page_flight_all_ended(f, -EIO));
	page_flight_free(f);

	/* Longer than the disk said it takes: refused, every bio ended. */
	n = scratch->bd_max_segments + 1;
	f = page_flight_alloc(n);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (int i = 0; i < n; i++)
		page_flight_prep(f, i, REQ_OP_READ, 4096 + i * PAGE_SECTORS);
	for (int i = 0; i + 1 < n; i++)
		f->bios[i].bi_next = &f->bios[i + 1];
	atomic_set(&f->left, n);
	scratch->bd_ops->submit_bio(&f->bios[0]);
	wait_for_completion(&f->done);
	KUNIT_EXPECT_TRUE(test, page_flight_all_ended(f, -EIO));
	page_flight_free(f);
}

/* Sleeps of a tick until all of f's bios ended, for up to two seconds. */
static void sleep_until_ended(struct page_flight *f)
{
	unsigned long start = jiffies, flags;

	spin_lock_irqsave(&tickslock, flags);
	while (atomic_read(&f->left) && jiffies - start < 2 * HZ)
		sleep((void *)&jiffies, &tickslock);
	spin_unlock_irqrestore(&tickslock, flags);
}

/* A task that sleeps inside its plug sends it first: the I/O does not wait for the finish. */
static void virtio_blk_plug_sent_when_task_sleeps(struct kunit *test)
{
	struct page_flight *f;
	struct blk_plug plug;

	NEED_MERGING(test);
	f = page_flight_alloc(4);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (int i = 0; i < f->n; i++)
		page_flight_prep(f, i, REQ_OP_READ, 5000 + i * PAGE_SECTORS);
	atomic_set(&f->left, f->n);
	blk_start_plug(&plug);
	for (int i = 0; i < f->n; i++)
		submit_bio(&f->bios[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->left), f->n);	/* held */
	sleep_until_ended(f);
	KUNIT_EXPECT_EQ(test, plug.rq_count, 0);
	KUNIT_EXPECT_TRUE(test, page_flight_all_ended(f, 0));
	blk_finish_plug(&plug);
	if (atomic_read(&f->left))	/* the finish sent them at last: wait before freeing */
		wait_for_completion(&f->done);
	page_flight_free(f);
}

static struct kunit_case virtio_blk_cases[] = {
	KUNIT_CASE(virtio_blk_reads_known_pattern),
	KUNIT_CASE(virtio_blk_write_then_read_back),
	KUNIT_CASE(virtio_blk_many_bios_in_flight),
	KUNIT_CASE(virtio_blk_out_of_range_fails),
	KUNIT_CASE(virtio_blk_device_error_reaches_bio),
	KUNIT_CASE(virtio_blk_flush_succeeds),
	KUNIT_CASE(virtio_blk_plugged_writes_merge),
	KUNIT_CASE(virtio_blk_plugged_reads_merge),
	KUNIT_CASE(virtio_blk_chain_errors_end_every_bio),
	KUNIT_CASE(virtio_blk_plug_sent_when_task_sleeps),
	{}
};

static struct kunit_suite virtio_blk_suite = {
	.name = "virtio_blk",
	.init = virtio_blk_test_init,
	.test_cases = virtio_blk_cases,
};
kunit_test_suite(virtio_blk_suite);
