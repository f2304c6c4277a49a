/*
 * The free-block bitmap (Linux: fs/ext2/balloc.c; xv6: balloc/bfree in
 * kernel/fs.c). Bit b of the bitmap is 1 when block b is in use; mkfs
 * marks every metadata block (boot, super, log, inodes, bitmap) used.
 * The bitmap block's buffer lock makes testing and setting a bit atomic
 * between harts; the change reaches the disk through the log.
 *
 * ext2/ext4 split the disk into block groups, each with its own bitmap,
 * and allocate near the inode (and ext4 in extents, with delayed
 * allocation); pgfs searches one bitmap from a rotating hint.
 */
#include "fs/pgfs/pgfs.h"
#include "printk.h"
#include "errno.h"
#include "string.h"

bool pgfs_valid_block(struct pgfs_sb_info *sbi, uint b)
{
	return b >= sbi->datastart && b < sbi->sb.size;
}

/* Fill a newly allocated block with zeros, through the log (xv6's bzero). */
static int zero_block(struct pgfs_sb_info *sbi, uint b)
{
	struct buffer_head *bh = __getblk(sbi->bdev, b);

	if (!bh)
		return -EIO;
	memset(bh->b_data, 0, BSIZE);
	log_write(sbi, bh);
	brelse(bh);
	return 0;
}

/* Find and set a clear bit in one bitmap block, at or after bit `from`. */
static int take_bit(struct pgfs_sb_info *sbi, uint bmap_index, uint from, uint *out)
{
	uint base = bmap_index * BPB, bit, limit = min((uint)BPB, sbi->sb.size - base);
	struct buffer_head *bh = bread(sbi->bdev, sbi->sb.bmapstart + bmap_index);
	u8 *map;

	if (!bh)
		return -EIO;
	map = (u8 *)bh->b_data;
	for (bit = from; bit < limit; bit++) {
		if ((bit & 7) == 0 && map[bit / 8] == 0xff && bit + 8 <= limit) {
			bit += 7;	/* a whole byte in use */
			continue;
		}
		/* A clear bit on a metadata block is corruption: never hand it out. */
		if (map[bit / 8] & (1 << (bit % 8)) || !pgfs_valid_block(sbi, base + bit))
			continue;
		map[bit / 8] |= 1 << (bit % 8);
		log_write(sbi, bh);
		brelse(bh);
		*out = base + bit;
		return 0;
	}
	brelse(bh);
	return -ENOSPC;
}

/*
 * Allocate a block; -ENOSPC when there is none. Inside an operation.
 * Metadata and directory blocks are zeroed through the log; a regular
 * file's data block is not: its page is written there before the
 * transaction commits (ordered data, log.c).
 */
int pgfs_balloc(struct pgfs_sb_info *sbi, uint *out, bool zero)
{
	uint hint, start, i;
	int err;

	spin_lock(&sbi->hint_lock);
	hint = sbi->balloc_hint;
	spin_unlock(&sbi->hint_lock);
	if (hint >= sbi->sb.size)
		hint = 0;
	start = hint / BPB;
	/* The hint's bitmap block from the hint on, then every block from bit 0. */
	err = take_bit(sbi, start, hint % BPB, out);
	for (i = 0; err == -ENOSPC && i < sbi->nbitmap; i++)
		err = take_bit(sbi, (start + 1 + i) % sbi->nbitmap, 0, out);
	if (err)
		return err;
	spin_lock(&sbi->hint_lock);
	sbi->balloc_hint = *out + 1;
	spin_unlock(&sbi->hint_lock);
	return zero ? zero_block(sbi, *out) : 0;
}

int pgfs_bfree(struct pgfs_sb_info *sbi, uint b)
{
	struct buffer_head *bh;
	uint bit = b % BPB;

	if (!pgfs_valid_block(sbi, b)) {
		pr_err("pgfs: %s: freeing block %u outside the data area\n", sbi->bdev->bd_name, b);
		return -EIO;
	}
	bh = bread(sbi->bdev, BBLOCK(b, sbi->sb));
	if (!bh)
		return -EIO;
	if (!(bh->b_data[bit / 8] & (1 << (bit % 8)))) {
		brelse(bh);
		pr_err("pgfs: %s: freeing free block %u\n", sbi->bdev->bd_name, b);
		return -EIO;
	}
	bh->b_data[bit / 8] &= ~(1 << (bit % 8));
	log_write(sbi, bh);
	brelse(bh);
	log_forget(sbi, b);
	return 0;
}

/* Clear bits in the data area (for statfs-like checks and tests). */
long pgfs_count_free_blocks(struct pgfs_sb_info *sbi)
{
	long nfree = 0;
	uint b;
	struct buffer_head *bh = NULL;

	for (b = sbi->datastart; b < sbi->sb.size; b++) {
		if (!bh || BBLOCK(b, sbi->sb) != bh->b_blocknr) {
			brelse(bh);
			bh = bread(sbi->bdev, BBLOCK(b, sbi->sb));
			if (!bh)
				return -EIO;
		}
		if (!(bh->b_data[(b % BPB) / 8] & (1 << (b % 8))))
			nfree++;
	}
	brelse(bh);
	return nfree;
}
