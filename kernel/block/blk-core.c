/*
 * Submitting block I/O and finishing it (Linux: block/blk-core.c
 * submit_bio and its checks, plugging and the I/O accounting;
 * block/bio.c bio_endio and submit_bio_wait; block/blk-flush.c
 * blkdev_issue_flush).
 *
 * A bio goes straight to the driver, which queues it itself
 * (virtio_blk.c), unless its task has plugged: then it waits on the plug,
 * perhaps merged with its neighbour (blk-merge.c), until the plug is
 * flushed. Linux puts requests through an I/O scheduler and blk-mq's
 * queues, and splits bios to fit the device; Pagoda does neither.
 */
#include "block/blkdev.h"
#include "block/blk.h"
#include "sched.h"
#include "smp.h"
#include "completion.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "mm/page.h"
#include "mm/slab.h"
#include "mm/vmstat.h"

/*
 * The device reads or writes the buffer by physical address, so it must
 * be physically contiguous: in the linear map (kmalloc, pages) or in the
 * kernel image (static data), not in vmalloc space (or on a kernel stack).
 */
static bool bio_buf_ok(const void *buf, unsigned int size)
{
	unsigned long v = (unsigned long)buf;

	if (!buf || v + size < v)
		return false;
	if (virt_addr_valid(buf) && virt_addr_valid((const char *)buf + size - 1))
		return true;
	return v >= kernel_map.virt_addr && v + size <= kernel_map.virt_addr + kernel_map.size;
}

/* Linux: submit_bio_noacct()'s checks and bio_check_eod(). */
static int bio_check(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;
	u64 nr = bio->bi_size >> SECTOR_SHIFT;

	if (!bdev)
		return -EINVAL;
	if (bio->bi_opf == REQ_OP_FLUSH)
		return bio->bi_size ? -EINVAL : 0;	/* a flush carries no data */
	if (bio->bi_opf != REQ_OP_READ && bio->bi_opf != REQ_OP_WRITE)
		return -ENOTSUP;
	if (!bio->bi_size || bio->bi_size % SECTOR_SIZE || !bio_buf_ok(bio->bi_buf, bio->bi_size))
		return -EINVAL;
	if (bio->bi_sector >= bdev->bd_nr_sectors || nr > bdev->bd_nr_sectors - bio->bi_sector) {
		pr_warn("attempt to access beyond end of device\n"
			"%s: rw=%d, sector=%lu, nr_sectors = %lu limit=%lu\n", bdev->bd_name,
			bio->bi_opf, bio->bi_sector, nr, bdev->bd_nr_sectors);
		return -EIO;
	}
	/* Linux only warns (the driver then fails the write); Pagoda refuses it here. */
	if (bio->bi_opf == REQ_OP_WRITE && bdev->bd_read_only)
		return -EROFS;
	return 0;
}

/*
 * The plug a bio waits on, or NULL (Linux: blk_mq_plug()). An interrupt
 * handler's bio (an end_io that submits the next one) must not touch the
 * plug of the task it interrupted; a flush does not wait for anything.
 */
static struct blk_plug *blk_bio_plug(struct bio *bio)
{
	struct task_struct *tsk = current;

	if (!tsk || in_interrupt() || bio->bi_opf == REQ_OP_FLUSH ||
	    bio->bi_bdev->bd_max_segments < 2)
		return NULL;
	return tsk->plug;
}

/* Linux: blk_add_rq_to_plug(), with the merge tried first as in blk_mq_submit_bio(). */
static void blk_add_to_plug(struct blk_plug *plug, struct bio *bio)
{
	if (blk_attempt_plug_merge(plug, bio)) {
		/* Full: nothing more can join it, so the device may as well start. */
		if (plug->last_segs >= bio->bi_bdev->bd_max_segments)
			blk_flush_plug(plug);
		return;
	}
	if (plug->rq_count >= BLK_MAX_REQUEST_COUNT)
		blk_flush_plug(plug);
	list_add_tail(&bio->bi_list, &plug->rq_list);
	plug->rq_count++;
	plug->last = bio;
	plug->last_segs = 1;
}

void submit_bio(struct bio *bio)
{
	struct blk_plug *plug;
	int err;

	if (!bio)
		return;
	bio->bi_status = 0;
	bio->bi_next = NULL;
	bio->bi_merged = false;
	err = bio_check(bio);
	/* vmstat's pgpgin/pgpgout: kB submitted (Linux counts in submit_bio too). */
	if (!err && bio->bi_opf == REQ_OP_READ)
		count_vm_events(PGPGIN, bio->bi_size >> 10);
	else if (!err && bio->bi_opf == REQ_OP_WRITE)
		count_vm_events(PGPGOUT, bio->bi_size >> 10);
	if (err) {
		bio->bi_status = err;
		bio_endio(bio);
		return;
	}
	plug = blk_bio_plug(bio);
	if (plug)
		blk_add_to_plug(plug, bio);
	else
		bio->bi_bdev->bd_ops->submit_bio(bio);
}

void blk_start_plug(struct blk_plug *plug)
{
	struct task_struct *tsk = current;

	if (!plug)
		return;
	INIT_LIST_HEAD(&plug->rq_list);
	plug->rq_count = 0;
	plug->last = NULL;
	plug->last_segs = 0;
	/* Nested: the outer plug goes on holding everything (as Linux). */
	if (tsk && !tsk->plug)
		tsk->plug = plug;
}

/*
 * Hands each held request to its driver, oldest first. The plug is
 * emptied first: a driver (or what it calls) that submits again plugs
 * afresh instead of finding a list being walked.
 */
void blk_flush_plug(struct blk_plug *plug)
{
	struct bio *bio, *tmp;
	LIST_HEAD(requests);

	if (!plug || !plug->rq_count)
		return;
	list_splice_init(&plug->rq_list, &requests);
	plug->rq_count = 0;
	plug->last = NULL;
	plug->last_segs = 0;
	list_for_each_entry_safe(bio, tmp, &requests, bi_list) {
		list_del(&bio->bi_list);	/* the driver queues it by bi_list */
		bio->bi_bdev->bd_ops->submit_bio(bio);
	}
}

void blk_finish_plug(struct blk_plug *plug)
{
	struct task_struct *tsk = current;

	if (plug && tsk && tsk->plug == plug) {
		blk_flush_plug(plug);
		tsk->plug = NULL;
	}
}

/*
 * Counts for /proc/diskstats, done as each bio finishes (any hart, any
 * context); a request's merged bios add their sectors but no I/O.
 */
static void blk_account_io_done(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;
	unsigned long sectors = bio->bi_size >> SECTOR_SHIFT;
	unsigned long ios = bio->bi_merged ? 0 : 1;

	if (!bdev || bio->bi_status)
		return;
	if (bio->bi_opf == REQ_OP_READ) {
		__atomic_fetch_add(&bdev->ios_read, ios, __ATOMIC_RELAXED);
		__atomic_fetch_add(&bdev->sectors_read, sectors, __ATOMIC_RELAXED);
	} else if (bio->bi_opf == REQ_OP_WRITE) {
		__atomic_fetch_add(&bdev->ios_written, ios, __ATOMIC_RELAXED);
		__atomic_fetch_add(&bdev->sectors_written, sectors, __ATOMIC_RELAXED);
	}
}

/* The driver's "done": bi_status is set. The bio may be freed by bi_end_io. */
void bio_endio(struct bio *bio)
{
	blk_account_io_done(bio);
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}

static void submit_bio_wait_endio(struct bio *bio)
{
	complete(bio->bi_private);
}

/* Uses bi_private and bi_end_io itself; returns bi_status. */
int submit_bio_wait(struct bio *bio)
{
	struct completion done;

	if (!bio)
		return -EINVAL;
	init_completion(&done);
	bio->bi_private = &done;
	bio->bi_end_io = submit_bio_wait_endio;
	submit_bio(bio);
	wait_for_completion(&done);
	return bio->bi_status;
}

static int blkdev_rw_direct(struct block_device *bdev, enum req_op op, u64 pos,
			    void *buf, unsigned int size)
{
	struct bio bio = {
		.bi_bdev = bdev, .bi_opf = op, .bi_sector = pos >> SECTOR_SHIFT,
		.bi_buf = buf, .bi_size = size,
	};

	return submit_bio_wait(&bio);
}

#define BOUNCE_SIZE 4096

/*
 * Through a bounce buffer, a window of whole sectors at a time: for a
 * buffer the device cannot reach (vmalloc, stack) or a range that is not
 * sector-aligned. A partial sector is written by read-modify-write, which
 * is not atomic against another writer of the same sector.
 */
static int blkdev_rw_bounce(struct block_device *bdev, enum req_op op, u64 pos,
			    char *buf, unsigned int size)
{
	char *bounce = kmalloc(BOUNCE_SIZE, GFP_KERNEL);
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	while (size && !err) {
		u64 start = ALIGN_DOWN(pos, SECTOR_SIZE);
		unsigned int off = pos - start;
		unsigned int chunk = min(size, BOUNCE_SIZE - off);
		unsigned int len = ALIGN(off + chunk, SECTOR_SIZE);

		if (op == REQ_OP_READ || off || chunk % SECTOR_SIZE)
			err = blkdev_rw_direct(bdev, REQ_OP_READ, start, bounce, len);
		if (!err && op == REQ_OP_WRITE) {
			memcpy(bounce + off, buf, chunk);
			err = blkdev_rw_direct(bdev, REQ_OP_WRITE, start, bounce, len);
		} else if (!err) {
			memcpy(buf, bounce + off, chunk);
		}
		pos += chunk;
		buf += chunk;
		size -= chunk;
	}
	kfree(bounce);
	return err;
}

/* Linux 6.16's bdev_rw_virt() does the aligned case; file systems use the page cache. */
int blkdev_rw(struct block_device *bdev, enum req_op op, u64 pos, void *buf, unsigned int size)
{
	if (!bdev || !buf || (op != REQ_OP_READ && op != REQ_OP_WRITE))
		return -EINVAL;
	if (!size)
		return 0;
	if (pos + size < pos || DIV_ROUND_UP(pos + size, SECTOR_SIZE) > bdev->bd_nr_sectors)
		return -EIO;
	if (IS_ALIGNED(pos, SECTOR_SIZE) && IS_ALIGNED(size, SECTOR_SIZE) && bio_buf_ok(buf, size))
		return blkdev_rw_direct(bdev, op, pos, buf, size);
	return blkdev_rw_bounce(bdev, op, pos, buf, size);
}

/* Make every write that completed before this durable (Linux: blkdev_issue_flush). */
int blkdev_issue_flush(struct block_device *bdev)
{
	struct bio bio = { .bi_bdev = bdev, .bi_opf = REQ_OP_FLUSH };

	if (!bdev)
		return -EINVAL;
	return submit_bio_wait(&bio);
}
