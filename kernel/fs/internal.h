/*
 * VFS-private declarations shared by the files of kernel/fs/ and their
 * tests (Linux: fs/internal.h, fs/mount.h). File systems use vfs.h only.
 */
#ifndef _KERNEL_FS_INTERNAL_H
#define _KERNEL_FS_INTERNAL_H

#include "fs/vfs.h"

struct stat;

/* super.c: a super block for `type` on dev_name (NULL: no device), or ERR_PTR. */
struct super_block *vfs_get_super(const char *type, const char *dev_name);
/* Drops s_root and frees sb; every other inode of sb must be gone (tests, failed mounts). */
void kill_super(struct super_block *sb);
int unregister_filesystem(struct file_system_type *fs);

/* namespace.c: the mount table. */
struct inode *lookup_mnt(struct inode *dir);	/* root mounted on dir, referenced, or NULL */
struct inode *mountpoint_of(struct inode *root);/* dir that root covers, referenced, or NULL */
int attach_mount(struct super_block *sb, struct inode *dir, const char *dev_name,
		 const char *dir_name);
int detach_mount(struct super_block *sb);	/* tests only: Pagoda has no umount */

/* namei.c */
#define LOOKUP_PARENT 0x1	/* stop at the last component's directory */
/*
 * Walk path from root (absolute) or cwd (relative); either may be NULL, then
 * the global root. Returns a referenced inode or ERR_PTR; with LOOKUP_PARENT
 * the directory, and *last and *last_len the final component.
 */
struct inode *vfs_path_lookup(struct inode *root, struct inode *cwd, const char *path,
			      unsigned int flags, const char **last, int *last_len);
struct inode *follow_mount(struct inode *inode);
/* dir->i_op->lookup, dir->i_mutex held: a referenced inode or ERR_PTR, never NULL. */
struct inode *lookup_locked(struct inode *dir, const char *name, int len);
/* Copy a user path into buf[MAXPATH]: 0, -EFAULT or -ENAMETOOLONG. */
int getname(const char __user *upath, char *buf);
int do_mknodat(const char *path, umode_t mode, dev_t dev);
int do_mkdirat(const char *path);
int do_unlinkat(const char *path);
int do_linkat(const char *oldpath, const char *newpath);

/* open.c: kernel-string halves of the system calls. */
long do_sys_open(const char *path, int flags);
long do_chdir(const char *path);

/* read_write.c */
ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);

/* file.c */
long do_dup(int fd);

/* stat.c: fstat into a kernel struct stat. */
int vfs_fstat(int fd, struct stat *st);

/* char_dev.c */
int chrdev_open(struct inode *inode, struct file *file);

/* pipe.c: a connected pair, files[0] the read end, files[1] the write end. */
int create_pipe_files(struct file *files[2]);
int do_pipe(int fds[2]);
#define PIPE_SIZE 4096	/* Linux: 16 pages by default, resizable with F_SETPIPE_SZ */

#endif
