/*
 * The buffer cache: copies of disk blocks in memory (Linux:
 * include/linux/buffer_head.h, fs/buffer.c; xv6: bio.c).
 *
 * One struct buffer_head per cached block, found by (bdev, blocknr).
 * bread() returns the buffer locked (its b_lock mutex held) with the
 * block's contents; the caller reads or changes b_data and gives it back
 * with brelse(). Only one task holds a buffer's lock at a time, so changes
 * to a block are serialised by the lock. Buffers that nobody references
 * are recycled least recently used first.
 *
 * Linux's buffer heads are views of page-cache pages, locked by a bit in
 * b_state (lock_buffer) and usually returned unlocked by bread; Pagoda's
 * are a fixed pool of BSIZE blocks with a sleeping lock each, as in xv6.
 */
#ifndef _KERNEL_FS_BUFFER_HEAD_H
#define _KERNEL_FS_BUFFER_HEAD_H

#include "types.h"
#include "list.h"
#include "mutex.h"
#include "block/blkdev.h"

/* b_state bits (Linux's enum bh_state_bits). */
#define BH_Uptodate	0	/* b_data holds the block's contents */
#define BH_Dirty	1	/* b_data is newer than the disk */

struct buffer_head {
	struct block_device *b_bdev;	/* NULL: holds no block */
	u64 b_blocknr;			/* in BSIZE blocks */
	unsigned long b_state;		/* BH_* bits; under b_lock */
	int b_count;			/* references; under the cache lock */
	struct mutex b_lock;		/* held between bread and brelse */
	char *b_data;			/* BSIZE bytes, physically contiguous */
	struct list_head b_lru;		/* most recently released first */
};

static inline bool buffer_uptodate(struct buffer_head *bh)
{
	return bh->b_state & BIT(BH_Uptodate);
}

static inline bool buffer_dirty(struct buffer_head *bh)
{
	return bh->b_state & BIT(BH_Dirty);
}

/* Locked buffer with the block's data, or NULL on an I/O error. */
struct buffer_head *bread(struct block_device *bdev, u64 blocknr);
/*
 * Locked buffer for a block the caller overwrites entirely: not read, and
 * marked up to date once the caller has filled it (Linux: __getblk).
 */
struct buffer_head *__getblk(struct block_device *bdev, u64 blocknr);
/* Unlock and drop the reference. */
void brelse(struct buffer_head *bh);
/* Write a locked buffer to disk now (Linux: sync_dirty_buffer). 0 or -errno. */
int bwrite(struct buffer_head *bh);
void mark_buffer_dirty(struct buffer_head *bh);
/* Pages' worth of cached blocks (meminfo's Buffers). */
unsigned long nr_blockdev_pages(void);
/* Extra reference without the lock, so the buffer is not recycled (the log pins blocks). */
void get_bh(struct buffer_head *bh);
void put_bh(struct buffer_head *bh);
/*
 * Forget every cached block of bdev, without writing anything (a disk is
 * going away, or a test simulates a crash). -EBUSY if a buffer is in use.
 */
int invalidate_bdev(struct block_device *bdev);

#define NR_BUFFERS 256	/* xv6: NBUF 30; enough for several logs and every hart */

#endif
