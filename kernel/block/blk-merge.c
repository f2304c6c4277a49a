/*
 * Merging a bio into the request before it (Linux: block/blk-merge.c
 * blk_attempt_plug_merge, bio_attempt_back_merge, ll_back_merge_fn).
 *
 * A request is a chain of bios (bi_next) that the device reads or
 * writes as one: contiguous on the disk, in order, but each with its
 * own buffer, so a page-sized bio per swap slot still makes one large
 * request. The driver turns each bio into one data segment; the disk's
 * bd_max_segments says how many one request may carry.
 *
 * Linux merges a bio at the back or the front of any request of the
 * plug that has room, and again in the I/O scheduler; its request also
 * counts bytes and sectors against the queue's limits, and two requests
 * may merge. Pagoda tries only the back of the newest request, which is
 * what one task writing or reading a run of slots in order needs.
 */
#include "block/blk.h"

/* Does `bio` start where `rq_last` (a request's last bio) ends, to be done the same way? */
static bool bio_continues(const struct bio *rq_last, const struct bio *bio)
{
	u64 end = rq_last->bi_sector + (rq_last->bi_size >> SECTOR_SHIFT);

	return rq_last->bi_bdev == bio->bi_bdev && rq_last->bi_opf == bio->bi_opf &&
	       (bio->bi_opf == REQ_OP_READ || bio->bi_opf == REQ_OP_WRITE) &&
	       end == bio->bi_sector;
}

bool blk_attempt_plug_merge(struct blk_plug *plug, struct bio *bio)
{
	struct bio *last = plug->last;
	struct block_device *bdev = bio->bi_bdev;

	if (!last || !bio_continues(last, bio) || plug->last_segs >= bdev->bd_max_segments)
		return false;
	last->bi_next = bio;
	bio->bi_next = NULL;
	bio->bi_merged = true;
	plug->last = bio;
	plug->last_segs++;
	/* Other harts count too (Linux: blk_account_io_merge_bio). */
	if (bio->bi_opf == REQ_OP_READ)
		__atomic_fetch_add(&bdev->merges_read, 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&bdev->merges_written, 1, __ATOMIC_RELAXED);
	return true;
}
