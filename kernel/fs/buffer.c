/*
 * The buffer cache (Linux: fs/buffer.c; xv6: kernel/bio.c).
 *
 * A fixed pool of NR_BUFFERS block-sized buffers, allocated at boot. The
 * cache lock (a spinlock) protects which block each buffer holds, the
 * reference counts and the LRU list; each buffer's mutex protects its
 * data and state and is held across the disk I/O. A buffer with
 * references is never recycled: the log keeps a reference on every block
 * of a transaction (get_bh) until the block is written to its home, so
 * changes that are not yet on disk cannot be lost by recycling.
 *
 * Linux keeps buffers in the page cache, finds them through a hash of the
 * page cache, and frees them under memory pressure; Pagoda scans one list.
 */
#include "fs/buffer_head.h"
#include "fs.h"
#include "sched.h"
#include "spinlock.h"
#include "init.h"
#include "printk.h"
#include "panic.h"
#include "errno.h"
#include "mm/slab.h"
#include "mm/gfp.h"

static DEFINE_SPINLOCK(bcache_lock);
static LIST_HEAD(bcache_lru);		/* every buffer; head = most recently used */
static struct buffer_head *bcache_pool;

/* Referenced buffer for (bdev, blocknr), not locked; NULL if none is free. */
static struct buffer_head *lookup_or_recycle(struct block_device *bdev, u64 blocknr)
{
	struct buffer_head *bh;

	list_for_each_entry(bh, &bcache_lru, b_lru) {
		if (bh->b_bdev == bdev && bh->b_blocknr == blocknr) {
			bh->b_count++;
			return bh;
		}
	}
	/* Least recently used first: walk from the tail. */
	for (bh = list_last_entry(&bcache_lru, struct buffer_head, b_lru);
	     &bh->b_lru != &bcache_lru;
	     bh = list_entry(bh->b_lru.prev, struct buffer_head, b_lru)) {
		if (bh->b_count == 0) {
			bh->b_bdev = bdev;
			bh->b_blocknr = blocknr;
			/* Unreferenced, so nobody holds b_lock: safe to reset. */
			bh->b_state = 0;
			bh->b_count = 1;
			return bh;
		}
	}
	return NULL;
}

/* xv6's bget: the buffer for the block, referenced and locked. */
static struct buffer_head *bget(struct block_device *bdev, u64 blocknr)
{
	struct buffer_head *bh;

	spin_lock(&bcache_lock);
	/* Every buffer in use: wait for a brelse rather than fail (xv6 panics). */
	while (!(bh = lookup_or_recycle(bdev, blocknr)))
		sleep_uninterruptible(&bcache_lru, &bcache_lock);
	spin_unlock(&bcache_lock);
	mutex_lock(&bh->b_lock);
	return bh;
}

static int bh_submit(struct buffer_head *bh, enum req_op op)
{
	return blkdev_rw(bh->b_bdev, op, bh->b_blocknr * BSIZE, bh->b_data, BSIZE);
}

struct buffer_head *bread(struct block_device *bdev, u64 blocknr)
{
	struct buffer_head *bh;

	if (!bdev || (blocknr + 1) * (BSIZE / SECTOR_SIZE) > bdev->bd_nr_sectors)
		return NULL;
	bh = bget(bdev, blocknr);
	if (!buffer_uptodate(bh)) {
		if (bh_submit(bh, REQ_OP_READ) < 0) {
			brelse(bh);
			return NULL;
		}
		bh->b_state |= BIT(BH_Uptodate);
	}
	return bh;
}

struct buffer_head *__getblk(struct block_device *bdev, u64 blocknr)
{
	struct buffer_head *bh;

	if (!bdev || (blocknr + 1) * (BSIZE / SECTOR_SIZE) > bdev->bd_nr_sectors)
		return NULL;
	bh = bget(bdev, blocknr);
	/* The caller overwrites every byte before anyone else can look. */
	bh->b_state |= BIT(BH_Uptodate);
	return bh;
}

int bwrite(struct buffer_head *bh)
{
	int err;

	if (WARN_ON(!mutex_is_owner(&bh->b_lock)))
		return -EINVAL;
	err = bh_submit(bh, REQ_OP_WRITE);
	if (!err)
		bh->b_state &= ~BIT(BH_Dirty);
	return err;
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	bh->b_state |= BIT(BH_Dirty);
}

void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	mutex_unlock(&bh->b_lock);
	put_bh(bh);
}

void get_bh(struct buffer_head *bh)
{
	spin_lock(&bcache_lock);
	bh->b_count++;
	spin_unlock(&bcache_lock);
}

void put_bh(struct buffer_head *bh)
{
	spin_lock(&bcache_lock);
	if (WARN_ON(bh->b_count <= 0)) {
		spin_unlock(&bcache_lock);
		return;
	}
	if (--bh->b_count == 0) {
		list_move(&bh->b_lru, &bcache_lru);
		wakeup(&bcache_lru);
	}
	spin_unlock(&bcache_lock);
}

int invalidate_bdev(struct block_device *bdev)
{
	struct buffer_head *bh;
	int busy = 0;

	spin_lock(&bcache_lock);
	list_for_each_entry(bh, &bcache_lru, b_lru) {
		if (bh->b_bdev != bdev)
			continue;
		if (bh->b_count) {
			busy++;
			continue;
		}
		bh->b_bdev = NULL;
		bh->b_state = 0;
	}
	spin_unlock(&bcache_lock);
	return busy ? -EBUSY : 0;
}

/*
 * Memory holding cached disk blocks, in pages, for meminfo's Buffers
 * (Linux: nr_blockdev_pages, the block devices' page cache).
 */
unsigned long nr_blockdev_pages(void)
{
	struct buffer_head *bh;
	unsigned long n = 0;

	spin_lock(&bcache_lock);
	list_for_each_entry(bh, &bcache_lru, b_lru)
		n += bh->b_bdev != NULL;
	spin_unlock(&bcache_lock);
	return n * BSIZE / PAGE_SIZE;
}

/* Linux: buffer_init(), called from start_kernel. */
static int buffer_init(void)
{
	int i;

	bcache_pool = kcalloc(NR_BUFFERS, sizeof(*bcache_pool), GFP_KERNEL);
	if (!bcache_pool)
		return -ENOMEM;
	for (i = 0; i < NR_BUFFERS; i++) {
		struct buffer_head *bh = &bcache_pool[i];

		bh->b_data = kmalloc(BSIZE, GFP_KERNEL);
		if (!bh->b_data)
			return -ENOMEM;	/* the buffers made so far still work */
		mutex_init(&bh->b_lock, "buffer");
		list_add_tail(&bh->b_lru, &bcache_lru);
	}
	return 0;
}
subsys_initcall(buffer_init);
