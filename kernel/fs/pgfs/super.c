/*
 * Mounting pgfs (Linux: fs/ext2/super.c ext2_fill_super, and ext4's
 * orphan processing in fs/ext4/orphan.c).
 *
 * fill_super reads block 1, refuses anything that is not a sane pgfs
 * super block (-EINVAL, never a panic: the disk is input), replays the log
 * if a crash left a committed transaction in it, reads the root inode, and
 * frees orphans: inodes with no links left, which were still open when the
 * machine stopped. ext4 keeps a list of orphans on disk; pgfs scans the
 * inode table, which is small.
 */
#include "fs/pgfs/pgfs.h"
#include "init.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/slab.h"
#include "mm/gfp.h"

static int check_super(const struct superblock *s, struct block_device *bdev)
{
	u64 inode_blocks = DIV_ROUND_UP((u64)s->ninodes, IPB);
	u64 bitmap_blocks = DIV_ROUND_UP((u64)s->size, BPB);

	if (s->magic != FSMAGIC)
		return -EINVAL;
	if ((u64)s->size * (BSIZE / SECTOR_SIZE) > bdev->bd_nr_sectors || s->nblocks >= s->size)
		return -EINVAL;
	if (s->nlog < MAXOPBLOCKS + 1 || s->nlog > LOGHDR_MAX + 1)
		return -EINVAL;
	if (s->ninodes <= ROOTINO || s->ninodes > 65536)	/* dirent.inum is 16 bits */
		return -EINVAL;
	if (s->logstart < 2 || (u64)s->inodestart < (u64)s->logstart + s->nlog ||
	    (u64)s->bmapstart < s->inodestart + inode_blocks ||
	    (u64)s->size - s->nblocks < s->bmapstart + bitmap_blocks)
		return -EINVAL;
	return 0;
}

/* Free every inode left with no links (Linux: ext4_orphan_cleanup). */
static void free_orphans(struct super_block *sb)
{
	struct pgfs_sb_info *sbi = PGFS_SB(sb);
	struct buffer_head *bh;
	struct dinode *dip;
	struct inode *inode;
	uint inum;
	bool orphan;

	for (inum = ROOTINO + 1; inum < sbi->sb.ninodes; inum++) {
		bh = bread(sbi->bdev, IBLOCK(inum, sbi->sb));
		if (!bh)
			return;
		dip = (struct dinode *)bh->b_data + inum % IPB;
		orphan = dip->type != 0 && dip->nlink == 0;
		brelse(bh);
		if (!orphan)
			continue;
		pr_info("pgfs: %s: freeing orphan inode %u\n", sbi->bdev->bd_name, inum);
		inode = pgfs_iget(sb, inum);
		if (!IS_ERR(inode))
			iput(inode);	/* the last put of an unlinked inode frees it */
	}
}

int pgfs_fill_super(struct super_block *sb, struct block_device *bdev)
{
	struct pgfs_sb_info *sbi;
	struct buffer_head *bh;
	struct inode *root;
	int err;

	if (!bdev)
		return -EINVAL;
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	bh = bread(bdev, 1);
	if (!bh) {
		kfree(sbi);
		return -EIO;
	}
	memcpy(&sbi->sb, bh->b_data, sizeof(sbi->sb));
	brelse(bh);
	err = check_super(&sbi->sb, bdev);
	if (err) {
		pr_err("pgfs: %s: no valid pgfs super block\n", bdev->bd_name);
		kfree(sbi);
		return err;
	}
	sbi->bdev = bdev;
	sbi->datastart = sbi->sb.size - sbi->sb.nblocks;
	sbi->nbitmap = DIV_ROUND_UP(sbi->sb.size, BPB);
	sbi->balloc_hint = sbi->datastart;
	sbi->ialloc_hint = ROOTINO;
	spin_lock_init(&sbi->hint_lock, "pgfs_hint");

	sb->s_fs_info = sbi;
	sb->s_blocksize = BSIZE;
	sb->s_op = &pgfs_sops;
	sb->s_bdev = bdev;
	sb->s_dev = bdev->bd_dev;

	err = pgfs_log_init(sbi);
	if (err)
		goto fail;
	root = pgfs_iget(sb, ROOTINO);
	if (IS_ERR(root)) {
		err = PTR_ERR(root);
		goto fail_log;
	}
	if (!S_ISDIR(root->i_mode)) {
		iput(root);
		err = -EINVAL;
		goto fail_log;
	}
	sb->s_root = root;
	free_orphans(sb);
	return 0;
fail_log:
	pgfs_log_exit(sbi);
fail:
	pr_err("pgfs: %s: mount failed: %d\n", bdev->bd_name, err);
	sb->s_fs_info = NULL;
	kfree(sbi);
	return err;
}

/*
 * Unmount: the caller has put every inode but the root. Nothing is dirty
 * (every operation commits before it returns), so only memory is freed
 * and the disk's cached blocks forgotten. -EBUSY, freeing nothing, while
 * another inode is still in use. Linux: kill_block_super.
 */
int pgfs_kill_sb(struct super_block *sb)
{
	struct pgfs_sb_info *sbi = PGFS_SB(sb);

	if (!sbi)
		return 0;
	if (sb->s_root)
		iput(sb->s_root);
	sb->s_root = NULL;
	evict_inodes(sb);	/* unused inodes kept for their pages: written back and freed */
	if (!list_empty(&sb->s_inodes)) {
		pr_warn("pgfs: %s: inodes still in use at unmount\n", sbi->bdev->bd_name);
		return -EBUSY;
	}
	pgfs_log_exit(sbi);
	invalidate_bdev(sbi->bdev);
	sb->s_fs_info = NULL;
	kfree(sbi);
	return 0;
}

/*
 * The page cache was written back first (sys_sync_all); force the commit
 * of anything still in the running transaction, then flush the disk's
 * own write cache (Linux: ext4_sync_fs).
 */
int pgfs_sync_fs(struct super_block *sb)
{
	struct pgfs_sb_info *sbi = PGFS_SB(sb);
	int err = pgfs_log_force(sbi);

	if (err)
		return err;
	return blkdev_issue_flush(sbi->bdev);
}

struct file_system_type pgfs_fs_type = {
	.name = "pgfs",
	.fill_super = pgfs_fill_super,
};

static int init_pgfs(void)
{
	return register_filesystem(&pgfs_fs_type);
}
fs_initcall(init_pgfs);
