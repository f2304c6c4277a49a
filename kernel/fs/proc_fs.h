/*
 * The /proc interface for the rest of the kernel (Linux: include/linux/proc_fs.h).
 *
 * A subsystem publishes a file with one call, usually from an initcall:
 *
 *     proc_create_single("meminfo", 0444, NULL, meminfo_proc_show);
 *
 * show() prints the whole file (seq_file.h); NULL as parent means /proc.
 * Files that take writes give their own proc_ops instead.
 */
#ifndef _KERNEL_FS_PROC_FS_H
#define _KERNEL_FS_PROC_FS_H

#include "fs/vfs.h"

struct proc_dir_entry;
struct seq_file;

/* What a /proc file does when opened, read, written, closed. */
struct proc_ops {
	int (*proc_open)(struct inode *inode, struct file *file);
	ssize_t (*proc_read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*proc_write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	int (*proc_release)(struct inode *inode, struct file *file);
	/* The same with a kernel buffer, for kernel_read/kernel_write (vfs.h). */
	ssize_t (*proc_read_kernel)(struct file *file, void *buf, size_t count, loff_t *pos);
	ssize_t (*proc_write_kernel)(struct file *file, const void *buf, size_t count, loff_t *pos);
};

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data);
#define proc_create(name, mode, parent, ops) proc_create_data(name, mode, parent, ops, NULL)
struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) \
	proc_create_single_data(name, mode, parent, show, NULL)
/* Unlinks an entry (and, Pagoda, only an empty directory); open files keep it alive. */
int remove_proc_entry(const char *name, struct proc_dir_entry *parent);

/* The data given at creation, for a proc_ops open(). */
void *pde_data(const struct inode *inode);

#endif
