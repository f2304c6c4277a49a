/*
 * The virtual file system (Linux: include/linux/fs.h, the files in fs/).
 *
 * Three objects, each with an operations table a file system fills in:
 *   struct super_block  one mounted file system      super_operations
 *   struct inode        one file, directory, device  inode_operations
 *   struct file         one open() of an inode        file_operations
 * Pagoda has no dentry cache: path lookup asks each directory inode's
 * ->lookup() (Linux caches names in dentries). Mounts are a short table
 * of (mountpoint inode -> mounted root) pairs consulted by the lookup.
 *
 * read() on a directory returns xv6 struct dirent records (kernel/fs.h),
 * whatever the file system, so xv6's ls works on /proc too.
 *
 * Locking contract between the VFS and a file system (fs/namei.c has the
 * full lock order):
 *  - ->lookup, ->create, ->mkdir, ->link and ->unlink are called with
 *    dir->i_mutex HELD by the VFS; ->unlink also with the victim's
 *    i_mutex held, ->link with the old inode's i_mutex held, ->truncate
 *    with the inode's. The file system must not take these again (a mutex
 *    is not recursive), and must not take any other inode's i_mutex in them.
 *  - Under that same lock the VFS has already checked that the name does
 *    not exist (create, mkdir, link) or exists (unlink), that it is not
 *    "." or "..", and for unlink that the victim is no mount point. None
 *    of them is called on a removed directory (S_DEAD, below).
 *  - ->lookup never sees "." (the VFS handles it); it sees ".." only in a
 *    directory that is not its file system's root, and must answer it.
 *  - ->read and ->write are called with no lock held: a file system that
 *    needs the inode locked takes inode->i_mutex itself (as Linux's
 *    generic_file_write_iter takes inode_lock). ->open and ->release too.
 *  - ->evict_inode and ->destroy_inode are called with no lock held, when
 *    nobody else can find the inode.
 *  - Every operation may sleep; none is called with a spinlock held.
 */
#ifndef _KERNEL_FS_VFS_H
#define _KERNEL_FS_VFS_H

#include "types.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "mutex.h"
#include "param.h"
#include "uaccess.h"
#include "block/blkdev.h"
#include "mm/pagemap.h"
#include "errno.h"

typedef unsigned int umode_t;

/* i_mode file types (Linux's octal values). */
#define S_IFMT   0170000
#define S_IFREG  0100000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

struct inode;
struct file;
struct super_block;
struct seq_file;

struct file_operations {
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	/*
	 * Optional: read/write with a kernel buffer, for kernel_read and
	 * kernel_write (exec reads programs so). Without them those return
	 * -EINVAL, as Linux's __kernel_read does for a file with no ->read_iter
	 * (Linux passes an ITER_KVEC iov_iter to the one ->read_iter instead).
	 */
	ssize_t (*read_kernel)(struct file *file, void *buf, size_t count, loff_t *pos);
	ssize_t (*write_kernel)(struct file *file, const void *buf, size_t count, loff_t *pos);
	/* Optional: set up vma->vm_ops for mmap(); without it mmap() is -ENODEV. */
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	/* Optional: make the file's data in [start, end] and its inode durable. */
	int (*fsync)(struct file *file, loff_t start, loff_t end);
};

/*
 * Directory operations. Names are not NUL-terminated: (name, len).
 * Each returns 0 or a negative errno; lookup returns a referenced inode
 * or ERR_PTR(-ENOENT).
 */
struct inode_operations {
	struct inode *(*lookup)(struct inode *dir, const char *name, int len);
	int (*create)(struct inode *dir, const char *name, int len, umode_t mode,
		      dev_t rdev, struct inode **res);	/* regular file or device node */
	int (*mkdir)(struct inode *dir, const char *name, int len);
	int (*link)(struct inode *old, struct inode *dir, const char *name, int len);
	/* Removes a file or an empty directory (xv6's unlink does both). */
	int (*unlink)(struct inode *dir, const char *name, int len);
	/* Shrink to zero bytes (open with O_TRUNC). */
	int (*truncate)(struct inode *inode);
};

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	/* Last reference dropped: free the file on disk if i_nlink is 0. */
	void (*evict_inode)(struct inode *inode);
	/* Optional: make everything written so far durable (sys_sync_all). */
	int (*sync_fs)(struct super_block *sb);
	/*
	 * Optional: at the last iput, should the inode go now (true) or stay
	 * cached, unused, with its pages? Without it: go now. Linux's default
	 * (generic_drop_inode) keeps every inode that still has a link.
	 */
	bool (*drop_inode)(struct inode *inode);
};

struct super_block {
	dev_t s_dev;
	unsigned long s_blocksize;
	const struct super_operations *s_op;
	struct file_system_type *s_type;
	struct inode *s_root;
	struct block_device *s_bdev;	/* NULL for procfs */
	void *s_fs_info;		/* the file system's own */
	struct list_head s_list;
	struct list_head s_inodes;	/* the inode cache: inodes by i_sb_list */
};

struct file_system_type {
	const char *name;			/* "pgfs", "proc" */
	/* Read the super block from bdev (NULL if none) and set sb->s_root. */
	int (*fill_super)(struct super_block *sb, struct block_device *bdev);
	struct list_head fs_list;
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	unsigned int i_nlink;
	loff_t i_size;
	dev_t i_rdev;			/* device number, for S_IFCHR */
	atomic_t i_count;		/* references: iput() drops one */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct mutex i_mutex;		/* Linux: i_rwsem; serialises data and directory changes */
	void *i_private;		/* the file system's (procfs: its entry) */
	struct list_head i_sb_list;	/* in the VFS inode cache */
	struct list_head i_lru;		/* on the unused list while i_count is 0 */
	unsigned long i_state;		/* I_NEW, I_FREEING; under the inode cache lock */
	unsigned int i_flags;		/* S_DEAD: set under i_mutex, never cleared */
	atomic_t i_writecount;		/* > 0: open for writing; < 0: being executed */
	struct address_space i_data;	/* its page cache */
	struct address_space *i_mapping;	/* &i_data */
};

/* i_state bits (Linux's names). Others wanting the inode wait while either is set. */
#define I_NEW		0x1	/* iget_locked() handed it out to be filled */
#define I_FREEING	0x2	/* last iput(): being evicted and destroyed */

/*
 * i_flags bits (Linux's value). S_DEAD: a directory that has been removed
 * (set by the VFS after a successful ->unlink of it). Nothing can be looked
 * up or created in it any more, ".." included: -ENOENT, as in Linux, which
 * answers ".." alone from its dentry cache.
 */
#define S_DEAD		16
#define IS_DEADDIR(inode)	((inode)->i_flags & S_DEAD)

struct file {
	atomic_long_t f_count;		/* fget/fput */
	unsigned int f_flags;		/* O_* from open */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	struct mutex f_pos_lock;
	struct inode *f_inode;		/* NULL for a pipe end */
	const struct file_operations *f_op;
	void *private_data;		/* pipe, seq_file, ... */
	struct file_ra_state f_ra;	/* readahead state of a page-cache file */
	char *f_path;			/* the path it was opened by, for /proc/PID/maps (or NULL) */
};

#define FMODE_READ  0x1
#define FMODE_WRITE 0x2

/* Per-process open files (Linux: include/linux/fdtable.h). */
struct files_struct {
	atomic_t count;
	spinlock_t file_lock;
	struct file *fd_array[NOFILE];
};

/* File systems and mounts (fs/super.c, fs/namespace.c). */
int register_filesystem(struct file_system_type *fs);
/* Mount file system `type` from block device `dev_name` (or NULL) on directory `dir`. */
int do_mount(const char *dev_name, const char *dir, const char *type);
int mount_root(const char *dev_name, const char *type);
void vfs_init(void);

/* The root directory: a referenced inode, or NULL before mount_root(). */
struct inode *get_fs_root(void);

/* The mount table (fs/namespace.c), for /proc/mounts. */
struct vfsmount {
	struct super_block *mnt_sb;
	struct inode *mnt_root;		/* mnt_sb->s_root */
	struct inode *mnt_mountpoint;	/* the covered directory; NULL for / */
	char mnt_devname[16];		/* "vda", or the type's name */
	char mnt_dirname[MAXPATH];	/* as given to do_mount: "/", "/proc" */
};
/* Calls fn for each mount, oldest first, under the mount lock (fn must not sleep). */
void iterate_mounts(void (*fn)(struct vfsmount *mnt, void *arg), void *arg);

/*
 * Inodes (fs/inode.c). The inode cache holds every inode in use, one per
 * (super block, i_ino), so two lookups of one file give one struct inode.
 * A file system reads inode `ino` like this (Linux's iget_locked pattern):
 *
 *	inode = iget_locked(sb, ino);
 *	if (!inode) return ERR_PTR(-ENOMEM);
 *	if (!(inode->i_state & I_NEW)) return inode;	// was cached
 *	... fill i_mode, i_nlink, i_size, i_op, i_fop from the disk ...
 *	on error: iget_failed(inode); return ERR_PTR(err);
 *	unlock_new_inode(inode); return inode;
 *
 * Others looking up the same ino meanwhile sleep until unlock_new_inode.
 * alloc_inode returns zeroed memory (the fs's struct with an inode inside);
 * the VFS then initialises every struct inode field (i_count 1, i_nlink 1).
 * Pagoda frees an inode at its last iput (Linux keeps unused ones on an LRU).
 */
/*
 * i_count 1, i_ino 0, on s_inodes: ilookup finds it once the caller sets
 * i_ino, so a file system using new_inode for an ino must serialise its
 * own "ilookup, else new_inode" (pgfs: a mutex); iget_locked needs none.
 */
struct inode *new_inode(struct super_block *sb);
struct inode *iget_locked(struct super_block *sb, unsigned long ino);	/* referenced, maybe I_NEW; NULL: no memory */
void unlock_new_inode(struct inode *inode);		/* filled: clear I_NEW, wake waiters */
void iget_failed(struct inode *inode);	/* could not fill: out of the cache and freed (no ->evict_inode) */
struct inode *ilookup(struct super_block *sb, unsigned long ino);	/* referenced if cached, else NULL */
void ihold(struct inode *inode);			/* another reference; caller holds one */
struct inode *igrab(struct inode *inode);		/* a reference, unless it is being freed (NULL) */
/* Drops a reference; the last one calls ->evict_inode if i_nlink is 0, then ->destroy_inode. */
void iput(struct inode *inode);
unsigned long get_nr_inodes(void);			/* inodes in memory, for /proc/sys/fs/inode-nr */
unsigned long get_nr_inodes_unused(void);		/* of those, kept unused for their pages */
void evict_inodes(struct super_block *sb);		/* unmount: drop sb's unused inodes */
unsigned long prune_icache(unsigned long nr);		/* drop_caches: drop up to nr unused inodes */
bool generic_drop_inode(struct inode *inode);		/* a ->drop_inode keeping linked inodes cached */
/* fn(inode, arg) for each cached inode of sb, referenced during the call. */
void iterate_inodes(struct super_block *sb, void (*fn)(struct inode *inode, void *arg), void *arg);
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg);

/* Path names (fs/namei.c): kernel strings, relative to current->cwd. */
struct inode *namei(const char *path);		/* referenced inode or ERR_PTR */
/*
 * The directory that would hold the last component of path: a referenced
 * inode or ERR_PTR; *name and *len point into path at that component (never
 * empty; may be "." or ".."). For create, link, unlink, mkdir.
 */
struct inode *nameiparent(const char *path, const char **name, int *len);

/* Open files (fs/open.c, fs/file_table.c, fs/read_write.c). */
struct file *filp_open(const char *path, int flags, umode_t mode);	/* or ERR_PTR */
/*
 * f_count 1, f_mode from flags & O_ACCMODE. Takes over the caller's reference
 * to inode (fput drops it); does not call ->open. Returns ERR_PTR(-ENOMEM)
 * or ERR_PTR(-ENFILE) (more than NFILE files open) on failure.
 */
struct file *alloc_file(struct inode *inode, unsigned int flags, const struct file_operations *fop);
/*
 * Reads and writes with a kernel buffer (exec), through ->read_kernel and
 * ->write_kernel (-EINVAL if the file has none). pos NULL: at the file's
 * position, advancing it, as read(2) does.
 */
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
struct file *get_file(struct file *f);
void fput(struct file *file);
int vfs_fsync_range(struct file *file, loff_t start, loff_t end);	/* fs/sync.c */

/*
 * i_writecount: writers count up, running programs down, and neither
 * may start while the other holds it (Linux: get_write_access,
 * deny_write_access). 0 or -ETXTBSY.
 */
static inline int get_write_access(struct inode *inode)
{
	int c = atomic_read(&inode->i_writecount);

	while (c >= 0) {
		int old = atomic_cmpxchg(&inode->i_writecount, c, c + 1);

		if (old == c)
			return 0;
		c = old;
	}
	return -ETXTBSY;
}

static inline void put_write_access(struct inode *inode)
{
	atomic_dec(&inode->i_writecount);
}

static inline int deny_write_access(struct inode *inode)
{
	int c = atomic_read(&inode->i_writecount);

	while (c <= 0) {
		int old = atomic_cmpxchg(&inode->i_writecount, c, c - 1);

		if (old == c)
			return 0;
		c = old;
	}
	return -ETXTBSY;
}

static inline void allow_write_access(struct inode *inode)
{
	atomic_inc(&inode->i_writecount);
}
struct file *fget(int fd);			/* referenced, or NULL */
unsigned long get_nr_files(void);		/* open struct files, for /proc/sys/fs/file-nr */

/* Descriptor tables, for fork and exit (fs/file.c). */
struct files_struct *dup_fd(struct files_struct *old);	/* or NULL: -ENOMEM */
struct files_struct *files_alloc(void);
void put_files_struct(struct files_struct *files);	/* closes all at the last put */
int fd_install_new(struct file *file);		/* lowest free fd or -EMFILE; the table takes the reference */
int close_fd(unsigned int fd);			/* 0 or -EBADF */

/* Character devices (fs/char_dev.c): open of an S_IFCHR inode uses fops of its major. */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops);
#define CONSOLE_MAJOR 1		/* xv6's CONSOLE */
#define CHRDEV_MAJOR_MAX NDEV	/* majors 0 .. NDEV-1; register_chrdev(0, ...) picks a free one */
const char *chrdev_name(unsigned int major);	/* registered name or NULL, for /proc/devices */

/*
 * Read helper for small synthetic files (fs/libfs.c): copy from a kernel
 * buffer of `available` bytes starting at *ppos into the user buffer.
 */
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available);

/* Page-cache-free synchronisation of everything dirty (for shutdown): ->sync_fs of every super block. */
void sys_sync_all(void);

#endif
