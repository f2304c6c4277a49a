/*
 * The virtual file system (Linux: include/linux/fs.h, fs/*.c).
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

typedef long long loff_t;
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
};

struct file {
	atomic_long_t f_count;		/* fget/fput */
	unsigned int f_flags;		/* O_* from open */
	unsigned int f_mode;		/* FMODE_READ | FMODE_WRITE */
	loff_t f_pos;
	struct mutex f_pos_lock;
	struct inode *f_inode;		/* NULL for a pipe end */
	const struct file_operations *f_op;
	void *private_data;		/* pipe, seq_file, ... */
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

/* Inodes (fs/inode.c). */
struct inode *new_inode(struct super_block *sb);	/* i_count 1, not yet looked-up by others */
struct inode *ilookup(struct super_block *sb, unsigned long ino);
void ihold(struct inode *inode);
void iput(struct inode *inode);

/* Path names (fs/namei.c): kernel strings, relative to current->cwd. */
struct inode *namei(const char *path);		/* referenced inode or ERR_PTR */

/* Open files (fs/open.c, fs/file_table.c, fs/read_write.c). */
struct file *filp_open(const char *path, int flags, umode_t mode);	/* or ERR_PTR */
struct file *alloc_file(struct inode *inode, unsigned int flags, const struct file_operations *fop);
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
struct file *get_file(struct file *f);
void fput(struct file *file);
struct file *fget(int fd);			/* referenced, or NULL */

/* Descriptor tables, for fork and exit (fs/file.c). */
struct files_struct *dup_fd(struct files_struct *old);	/* or NULL: -ENOMEM */
struct files_struct *files_alloc(void);
void put_files_struct(struct files_struct *files);	/* closes all at the last put */
int fd_install_new(struct file *file);		/* lowest free fd or -EMFILE */

/* Character devices (fs/char_dev.c): open of an S_IFCHR inode uses fops of its major. */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops);
#define CONSOLE_MAJOR 1		/* xv6's CONSOLE */

/*
 * Read helper for small synthetic files (fs/libfs.c): copy from a kernel
 * buffer of `available` bytes starting at *ppos into the user buffer.
 */
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available);

/* Page-cache-free synchronisation of everything dirty (for shutdown). */
void sys_sync_all(void);

#endif
