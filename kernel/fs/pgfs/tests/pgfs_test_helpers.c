/* Helpers shared by the pgfs test suites (see pgfs_test.h). */
#include "fs/pgfs/tests/pgfs_test.h"
#include "drivers/block/brd.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

int ptfs_mount(struct pgfs_test_fs *fs)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	int err;

	if (!sb)
		return -ENOMEM;
	INIT_LIST_HEAD(&sb->s_inodes);
	INIT_LIST_HEAD(&sb->s_list);
	sb->s_type = &pgfs_fs_type;
	sb->s_bdev = fs->bdev;
	err = pgfs_fill_super(sb, fs->bdev);
	if (err) {
		kfree(sb);
		return err;
	}
	fs->sb = sb;
	return 0;
}

void ptfs_umount(struct pgfs_test_fs *fs)
{
	if (!fs->sb)
		return;
	/* A test that still holds an inode leaks the super block rather than crash. */
	if (pgfs_kill_sb(fs->sb) == 0)
		kfree(fs->sb);
	fs->sb = NULL;
}

int ptfs_setup(struct pgfs_test_fs *fs, int disk, uint blocks, uint ninodes)
{
	int err;

	fs->disk = disk;
	fs->sb = NULL;
	fs->bdev = brd_get(disk);
	if (!fs->bdev)
		return -ENODEV;
	err = brd_set_capacity(disk, (u64)blocks * BSIZE);
	if (!err)
		err = pgfs_format(fs->bdev, blocks, ninodes, 61);
	if (!err)
		err = ptfs_mount(fs);
	return err;
}

void ptfs_teardown(struct pgfs_test_fs *fs)
{
	ptfs_umount(fs);
	if (fs->bdev) {
		invalidate_bdev(fs->bdev);
		brd_set_capacity(fs->disk, 0);
	}
}

struct inode *ptfs_lookup(struct inode *dir, const char *name)
{
	struct inode *inode;

	mutex_lock(&dir->i_mutex);
	inode = dir->i_op->lookup(dir, name, strlen(name));
	mutex_unlock(&dir->i_mutex);
	return inode;
}

int ptfs_mknod(struct inode *dir, const char *name, dev_t rdev, struct inode **res)
{
	int err;

	mutex_lock(&dir->i_mutex);
	err = dir->i_op->create(dir, name, strlen(name), S_IFCHR, rdev, res);
	mutex_unlock(&dir->i_mutex);
	return err;
}

int ptfs_create(struct inode *dir, const char *name, struct inode **res)
{
	int err;

	mutex_lock(&dir->i_mutex);
	err = dir->i_op->create(dir, name, strlen(name), S_IFREG, 0, res);
	mutex_unlock(&dir->i_mutex);
	return err;
}

int ptfs_mkdir(struct inode *dir, const char *name)
{
	int err;

	mutex_lock(&dir->i_mutex);
	err = dir->i_op->mkdir(dir, name, strlen(name));
	mutex_unlock(&dir->i_mutex);
	return err;
}

int ptfs_link(struct inode *old, struct inode *dir, const char *name)
{
	int err;

	mutex_lock(&dir->i_mutex);
	mutex_lock(&old->i_mutex);
	err = dir->i_op->link(old, dir, name, strlen(name));
	mutex_unlock(&old->i_mutex);
	mutex_unlock(&dir->i_mutex);
	return err;
}

int ptfs_unlink(struct inode *dir, const char *name)
{
	struct inode *victim;
	int err;

	mutex_lock(&dir->i_mutex);
	victim = dir->i_op->lookup(dir, name, strlen(name));
	if (IS_ERR(victim)) {
		mutex_unlock(&dir->i_mutex);
		return PTR_ERR(victim);
	}
	mutex_lock(&victim->i_mutex);
	err = dir->i_op->unlink(dir, name, strlen(name));
	mutex_unlock(&victim->i_mutex);
	mutex_unlock(&dir->i_mutex);
	iput(victim);
	return err;
}

int ptfs_truncate(struct inode *inode)
{
	int err;

	mutex_lock(&inode->i_mutex);
	err = inode->i_op->truncate(inode);
	mutex_unlock(&inode->i_mutex);
	return err;
}

void ptfs_fill(u8 *buf, u64 off, size_t n, uint seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = ptfs_byte(off + i, seed);
}

size_t ptfs_check(const u8 *buf, u64 off, size_t n, uint seed)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += buf[i] != ptfs_byte(off + i, seed);
	return bad;
}
