/*
 * The block layer (Linux: include/linux/blkdev.h, bio.h, block/blk-core.c).
 *
 * A request is a struct bio: a run of 512-byte sectors to read from or
 * write to a buffer. submit_bio() queues it and returns; the driver calls
 * bio_endio() when the device is done (often from its interrupt handler),
 * which calls bi_end_io. submit_bio_wait() submits and sleeps until done.
 * Linux's bio carries a list of page fragments; Pagoda's carries one
 * buffer that must be physically contiguous (kmalloc or a page, not vmalloc).
 *
 * A task may plug (struct blk_plug below): its bios are then held, and
 * neighbours merged, until it unplugs or sleeps. A merged request reaches
 * the driver as a chain of bios linked by bi_next, which the driver sends
 * to the device as one request with one data segment per bio.
 */
#ifndef _KERNEL_BLOCK_BLKDEV_H
#define _KERNEL_BLOCK_BLKDEV_H

#include "types.h"
#include "list.h"

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1 << SECTOR_SHIFT)

typedef u32 dev_t;
#define MINORBITS 20
#define MAJOR(dev) ((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned int)((dev) & ((1U << MINORBITS) - 1)))
#define MKDEV(ma, mi) (((ma) << MINORBITS) | (mi))

#define VIRTBLK_MAJOR 254	/* Linux's virtio-blk gets a dynamic major; 254 is typical */

enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,	/* make earlier writes durable */
};

struct bio;
typedef void (bio_end_io_t)(struct bio *);

struct bio {
	struct bio *bi_next;		/* the next bio of a merged request, or NULL */
	struct block_device *bi_bdev;
	enum req_op bi_opf;
	u64 bi_sector;			/* first 512-byte sector */
	void *bi_buf;			/* linear-map (physically contiguous) buffer */
	unsigned int bi_size;		/* bytes, a multiple of SECTOR_SIZE */
	int bi_status;			/* 0 or a negative errno, set before bi_end_io */
	bio_end_io_t *bi_end_io;
	void *bi_private;
	struct list_head bi_list;	/* on a plug, or the driver's queue: first bio of a request */
	bool bi_merged;			/* merged behind another bio: not an I/O of its own */
};

struct block_device_operations {
	/*
	 * Start the I/O; call bio_endio() when it completes. If the disk
	 * sets bd_max_segments, `bio` may head a chain (bi_next) of up to
	 * that many bios: one request, every bio ended with its status.
	 */
	void (*submit_bio)(struct bio *bio);
};

struct block_device {
	char bd_name[16];		/* "vda", "vdb", "ram0" */
	dev_t bd_dev;
	u64 bd_nr_sectors;
	bool bd_read_only;
	/*
	 * Bios the driver takes as one request (Linux: queue_max_segments()).
	 * 0 or 1: no merging, and no plugging either: the driver gets every
	 * bio at once, as Linux's bio-based drivers (brd) do.
	 */
	unsigned int bd_max_segments;
	const struct block_device_operations *bd_ops;
	void *bd_private;		/* the driver's */
	struct list_head bd_list;
	/*
	 * Statistics for /proc/diskstats and vmstat bi/bo. As in Linux, ios
	 * counts requests: a bio merged into another's counts as a merge.
	 */
	unsigned long sectors_read, sectors_written, ios_read, ios_written;
	unsigned long merges_read, merges_written;
};

/*
 * A plug (Linux: struct blk_plug): it lives on the stack of the function
 * that calls blk_start_plug(), and current->plug points to it until
 * blk_finish_plug(). Bios that task submits to a disk with
 * bd_max_segments > 1 are held here as requests, oldest first. A bio
 * that continues the newest request (same disk and op, the next sector)
 * is merged into it; any other starts a request. The plug is sent to
 * the drivers when the newest request is full, when it holds
 * BLK_MAX_REQUEST_COUNT requests, when the task sleeps or calls
 * schedule(), and at blk_finish_plug(). Only its task touches it: bios
 * submitted from an interrupt handler are never plugged.
 */
struct blk_plug {
	struct list_head rq_list;	/* first bio of each request (bi_list) */
	unsigned int rq_count;
	struct bio *last;		/* last bio of the newest request */
	unsigned int last_segs;		/* bios in the newest request */
};

#define BLK_MAX_REQUEST_COUNT 32	/* Linux's: more held requests flush the plug */

void submit_bio(struct bio *bio);
int submit_bio_wait(struct bio *bio);
void bio_endio(struct bio *bio);

/*
 * Plugging (Linux: block/blk-core.c). Plugs nest: an inner start and
 * finish do nothing, the outermost plug holds everything. A plugged
 * submit_bio() has not started the I/O: finish the plug (or sleep)
 * before waiting for it. blk_flush_plug() sends what a plug holds
 * and leaves it in place (NULL or empty: nothing to do).
 */
void blk_start_plug(struct blk_plug *plug);
void blk_finish_plug(struct blk_plug *plug);
void blk_flush_plug(struct blk_plug *plug);

/* Read or write `size` bytes at byte offset `pos`, sleeping until done. */
int blkdev_rw(struct block_device *bdev, enum req_op op, u64 pos, void *buf, unsigned int size);
int blkdev_issue_flush(struct block_device *bdev);

/* Drivers register disks; file systems look them up by name ("vda"). */
int add_disk(struct block_device *bdev);
struct block_device *blkdev_get_by_name(const char *name);
/* Takes a disk off all_bdevs (a driver going away, a test's fake disk). */
void del_gendisk(struct block_device *bdev);
struct block_device *blkdev_get_by_dev(dev_t dev);
/* For iteration by /proc/partitions and /proc/diskstats. */
extern struct list_head all_bdevs;

#endif
