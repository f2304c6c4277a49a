/*
 * Helpers for the pgfs tests: a freshly formatted RAM disk mounted without
 * the mount table, and the directory operations called the way the VFS
 * calls them (the directory's i_mutex held, and the victim's for unlink).
 */
#ifndef _KERNEL_FS_PGFS_TESTS_PGFS_TEST_H
#define _KERNEL_FS_PGFS_TESTS_PGFS_TEST_H

#include "kunit/test.h"
#include "fs/pgfs/pgfs.h"

struct pgfs_test_fs {
	int disk;			/* brd index */
	struct block_device *bdev;
	struct super_block *sb;		/* NULL while unmounted */
};

/* Format ram<disk> with `blocks` blocks and mount it. 0 or -errno. */
int ptfs_setup(struct pgfs_test_fs *fs, int disk, uint blocks, uint ninodes);
void ptfs_teardown(struct pgfs_test_fs *fs);	/* unmount, free the disk's memory */
int ptfs_mount(struct pgfs_test_fs *fs);
void ptfs_umount(struct pgfs_test_fs *fs);
static inline struct inode *ptfs_root(struct pgfs_test_fs *fs)
{
	return fs->sb->s_root;
}
static inline struct pgfs_sb_info *ptfs_sbi(struct pgfs_test_fs *fs)
{
	return PGFS_SB(fs->sb);
}

struct inode *ptfs_lookup(struct inode *dir, const char *name);	/* referenced or ERR_PTR */
int ptfs_create(struct inode *dir, const char *name, struct inode **res);
int ptfs_mknod(struct inode *dir, const char *name, dev_t rdev, struct inode **res);
int ptfs_mkdir(struct inode *dir, const char *name);
int ptfs_link(struct inode *old, struct inode *dir, const char *name);
int ptfs_unlink(struct inode *dir, const char *name);
int ptfs_truncate(struct inode *inode);
/* Byte i of a test file with this seed. */
static inline u8 ptfs_byte(u64 i, uint seed)
{
	return (u8)((i * 131 + (i >> 10) * 7 + seed * 17) ^ (i >> 16));
}
void ptfs_fill(u8 *buf, u64 off, size_t n, uint seed);
/* Bytes that differ from the pattern, 0 if none. */
size_t ptfs_check(const u8 *buf, u64 off, size_t n, uint seed);

#endif
