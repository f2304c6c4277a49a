/*
 * The block layer (Linux: include/linux/blkdev.h, bio.h, block/blk-core.c).
 *
 * A request is a struct bio: a run of 512-byte sectors to read from or
 * write to a buffer. submit_bio() queues it and returns; the driver calls
 * bio_endio() when the device is done (often from its interrupt handler),
 * which calls bi_end_io. submit_bio_wait() submits and sleeps until done.
 * Linux's bio carries a list of page fragments; Pagoda's carries one
 * buffer that must be physically contiguous (kmalloc or a page, not vmalloc).
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
	struct block_device *bi_bdev;
	enum req_op bi_opf;
	u64 bi_sector;			/* first 512-byte sector */
	void *bi_buf;			/* linear-map (physically contiguous) buffer */
	unsigned int bi_size;		/* bytes, a multiple of SECTOR_SIZE */
	int bi_status;			/* 0 or a negative errno, set before bi_end_io */
	bio_end_io_t *bi_end_io;
	void *bi_private;
	struct list_head bi_list;	/* for the driver's queue */
};

struct block_device_operations {
	/* Start the I/O; call bio_endio() when it completes. */
	void (*submit_bio)(struct bio *bio);
};

struct block_device {
	char bd_name[16];		/* "vda", "vdb", "ram0" */
	dev_t bd_dev;
	u64 bd_nr_sectors;
	bool bd_read_only;
	const struct block_device_operations *bd_ops;
	void *bd_private;		/* the driver's */
	struct list_head bd_list;
	/* Statistics for /proc/diskstats and vmstat bi/bo. */
	unsigned long sectors_read, sectors_written, ios_read, ios_written;
};

void submit_bio(struct bio *bio);
int submit_bio_wait(struct bio *bio);
void bio_endio(struct bio *bio);

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
