/*
 * pgfs inodes (Linux: fs/ext2/inode.c and ialloc.c; xv6: the inode half
 * of kernel/fs.c).
 *
 * A struct pgfs_inode_info wraps the VFS's struct inode (Linux's
 * ext2_inode_info does the same): the VFS part holds mode, link count,
 * size and device number, pgfs's part the block addresses. There is one
 * struct inode per inode number, kept by the VFS's inode cache: pgfs_iget
 * fills an inode only when iget_locked() hands it out new (I_NEW), and
 * everyone else looking for that number waits until it is filled.
 *
 * A file's blocks: addrs[0..NDIRECT-1] point at data, addrs[NDIRECT] at
 * a block of NINDIRECT data pointers, addrs[NDIRECT+1] at a block of
 * NINDIRECT pointers to such blocks (the doubly indirect block). ext2 adds
 * a triply indirect block; ext4 replaces all of it with extents.
 */
#include "fs/pgfs/pgfs.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/slab.h"
#include "mm/gfp.h"

static umode_t type_to_mode(short type)
{
	switch (type) {
	case T_DIR:	return S_IFDIR | 0755;
	case T_FILE:	return S_IFREG | 0644;
	case T_DEVICE:	return S_IFCHR | 0666;
	}
	return 0;
}

static short mode_to_type(umode_t mode)
{
	if (S_ISDIR(mode))
		return T_DIR;
	if (S_ISCHR(mode))
		return T_DEVICE;
	return T_FILE;
}

static struct inode *pgfs_alloc_inode(struct super_block *sb)
{
	struct pgfs_inode_info *pi = kzalloc(sizeof(*pi), GFP_KERNEL);

	if (!pi)
		return NULL;
	INIT_LIST_HEAD(&pi->i_ordered);
	return &pi->vfs_inode;
}

static void pgfs_destroy_inode(struct inode *inode)
{
	if (PGFS_SB(inode->i_sb))
		pgfs_log_release_ordered(PGFS_SB(inode->i_sb), inode);
	kfree(PGFS_I(inode));
}

static void set_inode_ops(struct inode *inode)
{
	if (S_ISDIR(inode->i_mode)) {
		inode->i_op = &pgfs_dir_inode_operations;
		inode->i_fop = &pgfs_dir_operations;
	} else if (S_ISREG(inode->i_mode)) {
		inode->i_op = &pgfs_file_inode_operations;
		inode->i_fop = &pgfs_file_operations;
		inode->i_mapping->a_ops = &pgfs_aops;
	} else {
		/* A device node: the VFS opens it through register_chrdev's table. */
		inode->i_op = NULL;
		inode->i_fop = NULL;
	}
}

/* Buffer holding the dinode (locked) and a pointer into it. */
static struct buffer_head *dinode_bh(struct inode *inode, struct dinode **dip)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	struct buffer_head *bh = bread(sbi->bdev, IBLOCK(inode->i_ino, sbi->sb));

	if (bh)
		*dip = (struct dinode *)bh->b_data + inode->i_ino % IPB;
	return bh;
}

static int read_dinode(struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	struct buffer_head *bh;
	struct dinode *dip;

	bh = dinode_bh(inode, &dip);
	if (!bh)
		return -EIO;
	inode->i_mode = type_to_mode(dip->type);
	if (!inode->i_mode || dip->nlink < 0) {
		brelse(bh);
		pr_err("pgfs: inode %lu: bad type %d or link count %d\n",
		       inode->i_ino, dip->type, dip->nlink);
		return -EIO;
	}
	inode->i_nlink = dip->nlink;
	inode->i_size = dip->size;
	inode->i_rdev = dip->type == T_DEVICE ?
		MKDEV((unsigned int)(ushort)dip->major, (unsigned int)(ushort)dip->minor) : 0;
	memcpy(pi->addrs, dip->addrs, sizeof(pi->addrs));
	brelse(bh);
	set_inode_ops(inode);
	pi->valid = true;
	return 0;
}

struct inode *pgfs_iget(struct super_block *sb, unsigned long ino)
{
	struct pgfs_sb_info *sbi = PGFS_SB(sb);
	struct inode *inode;
	int err;

	if (ino < ROOTINO || ino >= sbi->sb.ninodes)
		return ERR_PTR(-EIO);	/* a corrupt directory entry */
	inode = iget_locked(sb, ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(inode->i_state & I_NEW))
		return inode;
	err = read_dinode(inode);
	if (err) {
		iget_failed(inode);
		return ERR_PTR(err);
	}
	unlock_new_inode(inode);
	return inode;
}

/* Write the in-memory inode to its dinode, through the log. */
int pgfs_iupdate(struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	struct buffer_head *bh;
	struct dinode *dip;

	bh = dinode_bh(inode, &dip);
	if (!bh)
		return -EIO;
	dip->type = mode_to_type(inode->i_mode);
	dip->major = S_ISCHR(inode->i_mode) ? MAJOR(inode->i_rdev) : 0;
	dip->minor = S_ISCHR(inode->i_mode) ? MINOR(inode->i_rdev) : 0;
	dip->nlink = inode->i_nlink;
	dip->size = inode->i_size;
	memcpy(dip->addrs, pi->addrs, sizeof(pi->addrs));
	log_write(PGFS_SB(inode->i_sb), bh);
	brelse(bh);
	return 0;
}

/*
 * Allocate an inode of the given type on disk and return it referenced,
 * with i_nlink 0: the caller links it, or iputs it to free it again.
 * Inside an operation (Linux: ext2_new_inode).
 */
struct inode *pgfs_ialloc(struct super_block *sb, umode_t mode)
{
	struct pgfs_sb_info *sbi = PGFS_SB(sb);
	uint n = sbi->sb.ninodes - ROOTINO, i, inum;
	struct buffer_head *bh;
	struct dinode *dip;

	spin_lock(&sbi->hint_lock);
	inum = sbi->ialloc_hint;
	spin_unlock(&sbi->hint_lock);
	for (i = 0; i < n; i++, inum++) {
		if (inum < ROOTINO || inum >= sbi->sb.ninodes)
			inum = ROOTINO;
		bh = bread(sbi->bdev, IBLOCK(inum, sbi->sb));
		if (!bh)
			return ERR_PTR(-EIO);
		dip = (struct dinode *)bh->b_data + inum % IPB;
		if (dip->type != 0) {
			brelse(bh);
			continue;
		}
		/* The buffer lock makes test-and-claim atomic between harts. */
		memset(dip, 0, sizeof(*dip));
		dip->type = mode_to_type(mode);
		log_write(sbi, bh);
		brelse(bh);
		spin_lock(&sbi->hint_lock);
		sbi->ialloc_hint = inum + 1;
		spin_unlock(&sbi->hint_lock);
		return pgfs_iget(sb, inum);
	}
	return ERR_PTR(-ENOSPC);
}

/*
 * What to allocate for a missing block: ALLOC_META (indirect blocks and
 * directory data, zeroed through the log) or ALLOC_DATA (a regular
 * file's data, written by the page cache before the commit).
 */
enum { NO_ALLOC, ALLOC_META, ALLOC_DATA };

static int alloc_block(struct inode *inode, uint *slot, int how)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	int err = pgfs_balloc(sbi, slot, how == ALLOC_META);

	if (!err && how == ALLOC_DATA)
		pgfs_log_add_ordered(sbi, inode);
	return err;
}

/* The block number in an inode slot, allocating one if asked. */
static int inode_slot(struct inode *inode, uint *slot, int how, uint *out)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	int err;

	if (*slot == 0 && how != NO_ALLOC) {
		err = alloc_block(inode, slot, how);
		if (err)
			return err;	/* the caller's iupdate records what was allocated */
	}
	if (*slot && !pgfs_valid_block(sbi, *slot))
		return -EIO;
	*out = *slot;
	return 0;
}

/* Entry `index` of indirect block `blk`, allocating a block for it if asked. */
static int indirect_entry(struct inode *inode, uint blk, uint index, int how, uint *out)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	struct buffer_head *bh = bread(sbi->bdev, blk);
	uint *a;
	int err = 0;

	if (!bh)
		return -EIO;
	a = (uint *)bh->b_data;
	if (a[index] == 0 && how != NO_ALLOC) {
		err = alloc_block(inode, &a[index], how);
		if (!err)
			log_write(sbi, bh);
	}
	*out = a[index];
	brelse(bh);
	if (!err && *out && !pgfs_valid_block(sbi, *out))
		err = -EIO;
	return err;
}

/*
 * The disk block holding file block fbn: 0 for a hole (when !alloc).
 * With alloc, inside an operation, and the caller updates the inode;
 * a regular file's new data block is left for its page to fill (ordered
 * data). i_mutex held to allocate; a lookup without it sees either the
 * old or the new block number (Linux: ext2_get_block / ext2_get_branch).
 */
int pgfs_bmap(struct inode *inode, uint fbn, bool alloc, uint *out)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	int meta = alloc ? ALLOC_META : NO_ALLOC;
	int leaf = !alloc ? NO_ALLOC : S_ISREG(inode->i_mode) ? ALLOC_DATA : ALLOC_META;
	uint ind;
	int err;

	*out = 0;
	if (fbn < NDIRECT)
		return inode_slot(inode, &pi->addrs[fbn], leaf, out);
	fbn -= NDIRECT;
	if (fbn < NINDIRECT) {
		err = inode_slot(inode, &pi->addrs[NDIRECT], meta, &ind);
		if (err || !ind)
			return err;
		return indirect_entry(inode, ind, fbn, leaf, out);
	}
	fbn -= NINDIRECT;
	if (fbn >= NDINDIRECT)
		return -EFBIG;
	err = inode_slot(inode, &pi->addrs[NDIRECT + 1], meta, &ind);
	if (err || !ind)
		return err;
	err = indirect_entry(inode, ind, fbn / NINDIRECT, meta, &ind);
	if (err || !ind)
		return err;
	return indirect_entry(inode, ind, fbn % NINDIRECT, leaf, out);
}

/*
 * Truncation frees blocks last first, a step per transaction: each step
 * may touch the inode, two indirect blocks and at most TRUNC_BITMAPS
 * bitmap blocks, and leaves the file consistent (a shorter file), so a
 * crash between steps loses nothing. Linux: ext2_truncate_blocks; ext4
 * restarts its journal handle the same way when credits run out.
 */
#define TRUNC_BITMAPS (MAXOPBLOCKS - 4)

struct trunc_step {
	struct pgfs_sb_info *sbi;
	uint bitmaps[TRUNC_BITMAPS];	/* bitmap blocks this step dirties */
	uint nbitmaps;
	u64 low;			/* lowest file block freed */
};

/* May this step free block b? Reserves its bitmap block. */
static bool reserve(struct trunc_step *ts, uint b)
{
	uint bb = BBLOCK(b, ts->sbi->sb), i;

	for (i = 0; i < ts->nbitmaps; i++)
		if (ts->bitmaps[i] == bb)
			return true;
	if (ts->nbitmaps == TRUNC_BITMAPS)
		return false;
	ts->bitmaps[ts->nbitmaps++] = bb;
	return true;
}

static u64 blocks_under(int depth)
{
	return depth == 0 ? 1 : depth == 1 ? NINDIRECT : NDINDIRECT;
}

/*
 * Free the tree of depth `depth` under *slot (0: a data block, 1: an
 * indirect block, 2: the doubly indirect block), whose first file block is
 * fbn. 0: all freed and *slot cleared; 1: the step is full; or -errno.
 */
static int free_tree(struct trunc_step *ts, uint *slot, int depth, u64 fbn)
{
	struct buffer_head *bh;
	bool dirty = false;
	uint *a, i;
	int r = 0;

	if (*slot == 0)
		return 0;
	if (!reserve(ts, *slot))
		return 1;
	if (depth > 0) {
		bh = bread(ts->sbi->bdev, *slot);
		if (!bh)
			return -EIO;
		a = (uint *)bh->b_data;
		for (i = NINDIRECT; i-- > 0 && r == 0;) {
			if (!a[i])
				continue;
			r = free_tree(ts, &a[i], depth - 1, fbn + i * blocks_under(depth - 1));
			dirty |= a[i] == 0;
		}
		/* Stopping half way: the block stays, with the entries freed so far cleared. */
		if (r != 0 && dirty)
			log_write(ts->sbi, bh);
		brelse(bh);
		if (r != 0)
			return r;
	}
	r = pgfs_bfree(ts->sbi, *slot);
	if (r)
		return r;
	*slot = 0;
	if (fbn < ts->low)
		ts->low = fbn;
	return 0;
}

static int truncate_step(struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	struct trunc_step ts = { .sbi = PGFS_SB(inode->i_sb), .low = (u64)-1 };
	int r, i;

	r = free_tree(&ts, &pi->addrs[NDIRECT + 1], 2, NDIRECT + NINDIRECT);
	if (r == 0)
		r = free_tree(&ts, &pi->addrs[NDIRECT], 1, NDIRECT);
	for (i = NDIRECT; r == 0 && i-- > 0;)
		r = free_tree(&ts, &pi->addrs[i], 0, i);
	if (r == 0)
		inode->i_size = 0;
	else if ((u64)inode->i_size > ts.low * BSIZE)
		inode->i_size = ts.low * BSIZE;
	pgfs_iupdate(inode);
	return r;
}

static bool has_blocks(struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	int i;

	for (i = 0; i < NDIRECT + 2; i++)
		if (pi->addrs[i])
			return true;
	return false;
}

static void free_dinode(struct inode *inode)
{
	struct buffer_head *bh;
	struct dinode *dip;

	bh = dinode_bh(inode, &dip);
	if (!bh)
		return;
	memset(dip, 0, sizeof(*dip));
	log_write(PGFS_SB(inode->i_sb), bh);
	brelse(bh);
	PGFS_I(inode)->valid = false;
}

/*
 * Free every block of the file, a transaction per step; with free_inode,
 * the last step also frees the dinode. Not inside an operation.
 */
static int truncate_blocks(struct inode *inode, bool free_inode)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	int r, err;

	if (!free_inode && inode->i_size == 0 && !has_blocks(inode))
		return 0;	/* O_TRUNC of an empty file: no transaction */
	do {
		err = begin_op(sbi);
		if (err)
			return err;
		r = truncate_step(inode);
		if (r == 0 && free_inode)
			free_dinode(inode);
		end_op(sbi);
	} while (r == 1);
	return r;
}

/* O_TRUNC: the cached pages go first (unmapped, written-back I/O waited for), then the blocks. */
int pgfs_truncate(struct inode *inode)
{
	truncate_pagecache(inode, 0);
	return truncate_blocks(inode, false);
}

/*
 * The VFS dropped the last reference. A file with no links left is freed
 * now (Linux: ext2_evict_inode); nobody else can find it, so no lock is
 * needed. Were the machine to stop in the middle, the inode stays
 * allocated with no links: the next mount frees it.
 */
static void pgfs_evict_inode(struct inode *inode)
{
	if (PGFS_I(inode)->valid && inode->i_nlink == 0)
		truncate_blocks(inode, true);
}

const struct super_operations pgfs_sops = {
	.alloc_inode = pgfs_alloc_inode,
	.destroy_inode = pgfs_destroy_inode,
	.evict_inode = pgfs_evict_inode,
	.sync_fs = pgfs_sync_fs,
	.drop_inode = generic_drop_inode,	/* keep a linked file's pages cached after close */
};

long pgfs_count_free_inodes(struct pgfs_sb_info *sbi)
{
	struct buffer_head *bh;
	long nfree = 0;
	uint inum;

	for (inum = ROOTINO; inum < sbi->sb.ninodes; inum++) {
		bh = bread(sbi->bdev, IBLOCK(inum, sbi->sb));
		if (!bh)
			return -EIO;
		if (((struct dinode *)bh->b_data + inum % IPB)->type == 0)
			nfree++;
		brelse(bh);
	}
	return nfree;
}
