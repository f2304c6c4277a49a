/*
 * Writing an empty pgfs on a block device from inside the kernel, for the
 * tests' RAM disks (the host's mkfs/mkfs.c builds the boot image; Linux
 * leaves this to user space's mke2fs). The layout is mkfs's:
 *
 *   0 boot | 1 super | log | inodes | bitmap | data (root directory first)
 */
#include "fs/pgfs/pgfs.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

static int put_block(struct block_device *bdev, uint b, void *buf)
{
	return blkdev_rw(bdev, REQ_OP_WRITE, (u64)b * BSIZE, buf, BSIZE);
}

static int write_fs(struct block_device *bdev, const struct superblock *s, char *buf)
{
	uint datastart = s->size - s->nblocks, b, k;
	struct dinode *dip;
	struct dirent *de;
	int err = 0;

	memset(buf, 0, BSIZE);
	for (b = 0; b < datastart && !err; b++)
		err = put_block(bdev, b, buf);
	if (err)
		return err;
	memcpy(buf, s, sizeof(*s));
	err = put_block(bdev, 1, buf);
	/* The root directory: inode ROOTINO, its entries in the first data block. */
	memset(buf, 0, BSIZE);
	dip = (struct dinode *)buf + ROOTINO % IPB;
	dip->type = T_DIR;
	dip->nlink = 2;
	dip->size = 2 * sizeof(struct dirent);
	dip->addrs[0] = datastart;
	if (!err)
		err = put_block(bdev, IBLOCK(ROOTINO, *s), buf);
	memset(buf, 0, BSIZE);
	de = (struct dirent *)buf;
	de[0].inum = ROOTINO;
	de[0].name[0] = '.';
	de[1].inum = ROOTINO;
	de[1].name[0] = de[1].name[1] = '.';
	if (!err)
		err = put_block(bdev, datastart, buf);
	/* Bitmap: every block up to and including the root's is in use. */
	for (k = 0; k * BPB < s->size && !err; k++) {
		memset(buf, 0, BSIZE);
		for (b = k * BPB; b <= datastart && b < (k + 1) * BPB; b++)
			buf[(b % BPB) / 8] |= 1 << (b % 8);
		err = put_block(bdev, s->bmapstart + k, buf);
	}
	return err;
}

int pgfs_format(struct block_device *bdev, uint size, uint ninodes, uint nlog)
{
	struct superblock s;
	char *buf;
	int err;

	if (!bdev || (u64)size * (BSIZE / SECTOR_SIZE) > bdev->bd_nr_sectors ||
	    ninodes <= ROOTINO || ninodes > 65536 || nlog < MAXOPBLOCKS + 1 || nlog > LOGHDR_MAX + 1)
		return -EINVAL;
	s.magic = FSMAGIC;
	s.size = size;
	s.ninodes = ninodes;
	s.nlog = nlog;
	s.logstart = 2;
	s.inodestart = s.logstart + nlog;
	s.bmapstart = s.inodestart + DIV_ROUND_UP(ninodes, IPB);
	if ((u64)s.bmapstart + DIV_ROUND_UP(size, BPB) + 1 > size)
		return -EINVAL;		/* no room for one data block */
	s.nblocks = size - (s.bmapstart + DIV_ROUND_UP(size, BPB));
	buf = kmalloc(BSIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = invalidate_bdev(bdev);	/* no stale copies of the old file system */
	if (!err)
		err = write_fs(bdev, &s, buf);
	kfree(buf);
	return err;
}
