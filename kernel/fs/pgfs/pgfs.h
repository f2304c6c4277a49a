/*
 * pgfs: Pagoda's disk file system, xv6's design behind the VFS
 * (Linux's counterparts: fs/ext2/ext2.h for the in-memory structures,
 * fs/jbd2 for the log). The on-disk format is in kernel/fs.h.
 *
 * Layers, bottom up (each file is one of them):
 *   buffer cache   kernel/fs/buffer.c    blocks in memory, one lock each
 *   log            log.c                 crash-safe groups of block writes
 *   block bitmap   balloc.c              allocate and free data blocks
 *   inodes         inode.c               dinodes, bmap, truncate, eviction
 *   directories    dir.c                 struct dirent lookup and linking
 *   names          namei.c               inode_operations for the VFS
 *   files          file.c                read and write through the cache
 *   mount          super.c               fill_super, recovery, orphans
 *
 * Locking, outermost first (the VFS's contract is in kernel/fs/vfs.h):
 *   inode->i_mutex: the VFS holds a directory's (and an unlink victim's,
 *     a link's old inode's, a truncated file's) around inode_operations;
 *     pgfs takes a file's itself around read and write
 *   begin_op() (a reservation in the log, not a lock; never nested)
 *   buffer locks (bread .. brelse), then the log's spinlock
 * Inodes not yet linked, and inodes being evicted, are reachable by nobody
 * else and are changed without a lock.
 */
#ifndef _KERNEL_FS_PGFS_PGFS_H
#define _KERNEL_FS_PGFS_PGFS_H

#include "types.h"
#include "fs.h"
#include "stat.h"
#include "mutex.h"
#include "spinlock.h"
#include "fs/vfs.h"
#include "fs/buffer_head.h"
#include "mm/pagemap.h"

/* Most log blocks one file system uses (pinned buffers: see NR_BUFFERS). */
#define PGFS_LOG_MAX 60

/* Test hook: where commit() stops, as if the machine died there. */
enum pgfs_crash_point {
	PGFS_CRASH_NONE,
	PGFS_CRASH_BEFORE_COMMIT,	/* log blocks written, header not */
	PGFS_CRASH_AFTER_COMMIT,	/* header written, blocks not installed */
};

struct pgfs_log {
	spinlock_t lock;
	uint start;			/* block number of the header */
	uint size;			/* blocks for data, after the header */
	int outstanding;		/* operations between begin_op and end_op */
	bool committing;
	bool aborted;			/* I/O error or simulated crash: read-only */
	enum pgfs_crash_point crash_point;
	uint n;				/* blocks in the running transaction */
	uint block[PGFS_LOG_MAX];	/* their home block numbers */
	struct buffer_head *bh[PGFS_LOG_MAX];	/* pinned copies */
	struct block_device *bdev;
	void *hdr;			/* BSIZE buffer for the header, used while committing */
	char *gather;			/* size * BSIZE: the log blocks, written at once */
	unsigned long commits;		/* transactions committed; waited on by pgfs_log_force */
	struct list_head ordered;	/* inodes whose new blocks' data goes out before commit */
};

struct pgfs_sb_info {
	struct superblock sb;		/* the on-disk super block */
	struct block_device *bdev;
	uint datastart;			/* first data block */
	uint nbitmap;			/* bitmap blocks */
	struct pgfs_log log;
	spinlock_t hint_lock;
	uint balloc_hint;		/* where the next bitmap search starts */
	uint ialloc_hint;
};

/* Linux: struct ext2_inode_info, with the VFS inode inside. */
struct pgfs_inode_info {
	bool valid;			/* holds a live dinode */
	uint addrs[NDIRECT + 2];	/* under i_mutex, like i_size */
	struct list_head i_ordered;	/* on the log's ordered list (not referenced) */
	struct inode vfs_inode;
};

static inline struct pgfs_inode_info *PGFS_I(struct inode *inode)
{
	return container_of(inode, struct pgfs_inode_info, vfs_inode);
}

static inline struct pgfs_sb_info *PGFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* log.c (Linux: fs/jbd2/transaction.c, commit.c, recovery.c) */
int pgfs_log_init(struct pgfs_sb_info *sbi);	/* and recover */
void pgfs_log_exit(struct pgfs_sb_info *sbi);
int begin_op(struct pgfs_sb_info *sbi);		/* 0, or -EIO once aborted */
int begin_op_nowait(struct pgfs_sb_info *sbi);	/* or -EAGAIN: begin_op would wait */
void end_op(struct pgfs_sb_info *sbi);
void log_write(struct pgfs_sb_info *sbi, struct buffer_head *bh);
void log_forget(struct pgfs_sb_info *sbi, uint b);	/* a freed block leaves the transaction */
void pgfs_log_add_ordered(struct pgfs_sb_info *sbi, struct inode *inode);
void pgfs_log_release_ordered(struct pgfs_sb_info *sbi, struct inode *inode);	/* evicted */
int pgfs_log_force(struct pgfs_sb_info *sbi);	/* wait until all logged is committed */
void pgfs_log_abort(struct pgfs_sb_info *sbi);	/* drop the running transaction */

/* balloc.c (Linux: fs/ext2/balloc.c) */
/* A free block, zeroed through the log if asked (metadata), or -ENOSPC. */
int pgfs_balloc(struct pgfs_sb_info *sbi, uint *out, bool zero);
int pgfs_bfree(struct pgfs_sb_info *sbi, uint b);
long pgfs_count_free_blocks(struct pgfs_sb_info *sbi);

/* inode.c (Linux: fs/ext2/inode.c, ialloc.c) */
extern const struct super_operations pgfs_sops;
struct inode *pgfs_iget(struct super_block *sb, unsigned long ino);	/* or ERR_PTR */
struct inode *pgfs_ialloc(struct super_block *sb, umode_t mode);	/* or ERR_PTR */
int pgfs_iupdate(struct inode *inode);
int pgfs_bmap(struct inode *inode, uint fbn, bool alloc, uint *out);
int pgfs_truncate(struct inode *inode);	/* i_mutex held, or being evicted */
bool pgfs_valid_block(struct pgfs_sb_info *sbi, uint b);
long pgfs_count_free_inodes(struct pgfs_sb_info *sbi);

/* dir.c (Linux: fs/ext2/dir.c) */
int pgfs_dirlookup(struct inode *dir, const char *name, int len, uint *poff);
int pgfs_dirlink(struct inode *dir, const char *name, int len, uint inum);
int pgfs_dir_unlink_at(struct inode *dir, uint off);
int pgfs_dir_is_empty(struct inode *dir);
int pgfs_check_name(const char *name, int len);

/* namei.c (Linux: fs/ext2/namei.c) */
extern const struct inode_operations pgfs_dir_inode_operations;
extern const struct inode_operations pgfs_file_inode_operations;

/* file.c (Linux: fs/ext2/file.c, mm/filemap.c's read/write loops) */
extern const struct file_operations pgfs_file_operations;
extern const struct file_operations pgfs_dir_operations;
/*
 * Read or write through a kernel or a user buffer (xv6's readi/writei
 * with user_dst), taking i_mutex; pgfs_write starts as many transactions
 * as it needs. Bytes done, or -errno if none.
 */
ssize_t pgfs_read(struct inode *inode, bool user, void *dst, loff_t off, size_t n);
ssize_t pgfs_write(struct inode *inode, bool user, const void *src, loff_t off, size_t n);
/* The same with i_mutex held; pgfs_writei inside one operation (xv6's readi/writei). */
ssize_t pgfs_readi(struct inode *inode, bool user, void *dst, loff_t off, size_t n);
ssize_t pgfs_writei(struct inode *inode, bool user, const void *src, loff_t off, size_t n);

/* aops.c (Linux: ext2_aops in fs/ext2/inode.c): the page cache's side of a file */
extern const struct address_space_operations pgfs_aops;
int pgfs_file_mmap(struct file *file, struct vm_area_struct *vma);
int pgfs_fsync(struct file *file, loff_t start, loff_t end);

/* super.c (Linux: fs/ext2/super.c) */
extern struct file_system_type pgfs_fs_type;
int pgfs_fill_super(struct super_block *sb, struct block_device *bdev);
int pgfs_kill_sb(struct super_block *sb);	/* after every inode but the root is put; -EBUSY */
int pgfs_sync_fs(struct super_block *sb);

/* mkfs.c: write a fresh, empty file system (for tests and the RAM disk). */
int pgfs_format(struct block_device *bdev, uint size, uint ninodes, uint nlog);

#endif
