/*
 * "vfstest", a tiny in-memory file system for the VFS tests: a fixed
 * table of inodes with up to TFS_NDIRENT names per directory and
 * TFS_DATA bytes per file, kept in the super block's s_fs_info so that
 * it outlives the VFS inodes (which the VFS frees at their last iput,
 * as a disk file system's would be). Counters let tests see which
 * super_operations the VFS called.
 */
#ifndef _KERNEL_FS_TESTS_TESTFS_H
#define _KERNEL_FS_TESTS_TESTFS_H

#include "fs/internal.h"
#include "fs.h"
#include "kunit/test.h"

#define TFS_NINODES 32
#define TFS_NDIRENT 8
#define TFS_DATA 256
#define TFS_ROOTINO 1

struct tfs_dirent {
	char name[DIRSIZ];
	int len;			/* 0: free slot */
	unsigned long ino;
};

struct tfs_dinode {
	umode_t mode;			/* 0: free */
	unsigned int nlink;
	dev_t rdev;
	unsigned long parent;		/* directories: what ".." names */
	struct tfs_dirent ents[TFS_NDIRENT];
	char data[TFS_DATA];
	loff_t size;
};

struct tfs_info {
	struct tfs_dinode d[TFS_NINODES];
	int evicted, destroyed, allocated, synced;
};

static inline struct tfs_info *TFS(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* Registers "vfstest" (once) and mounts a fresh instance: a super block or ERR_PTR. */
struct super_block *tfs_mount(void);
/* Frees it; returns the number of its inodes still in the cache (0 expected). */
int tfs_unmount(struct super_block *sb);
struct inode *tfs_iget(struct super_block *sb, unsigned long ino);

/*
 * Run a test with a fresh descriptor table and cwd at the root of a new
 * vfstest: tfs_enter() skips the test (returns NULL) without a task.
 */
struct tfs_env {
	struct super_block *sb;
	struct files_struct *saved_files;
	struct inode *saved_cwd;
};
struct super_block *tfs_enter(struct kunit *test, struct tfs_env *env);
void tfs_leave(struct kunit *test, struct tfs_env *env);

#endif
