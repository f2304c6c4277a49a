/*
 * The proc file system type and its root directory (Linux:
 * fs/proc/root.c). The root lists the tree's entries (meminfo, sys, ...)
 * and, after them, one directory per task, named by pid (base.c).
 * The kernel mounts it at boot: do_mount(NULL, "/proc", "proc").
 */
#include "fs/proc/internal.h"
#include "init.h"
#include "err.h"
#include "errno.h"
#include "param.h"

/* Static, so files can be created by any initcall, before the mount. */
struct proc_dir_entry proc_root = {
	.low_ino = PROC_ROOT_INO,
	.mode = S_IFDIR | 0555,
	.refcnt = ATOMIC_INIT(1),
	.subdir = LIST_HEAD_INIT(proc_root.subdir),
	.namelen = 5,
	.name = "/proc",
};

/* Tree entries first, so a file can never be hidden by a pid. */
static struct inode *proc_root_lookup(struct inode *dir, const char *name, int len)
{
	struct inode *inode = proc_lookup_de(dir, &proc_root, name, len);

	if (!IS_ERR(inode) || PTR_ERR(inode) != -ENOENT)
		return inode;
	return proc_pid_lookup(dir->i_sb, name, len);
}

static int proc_root_fill(struct file *file, struct proc_dirents *d)
{
	(void)file;
	proc_dirents_subdir(d, &proc_root);
	return proc_pid_readdir(d);
}

/* Generous: the tree is a few dozen entries, plus every task and "self". */
#define PROC_ROOT_DIRENTS (128 + NPROC + 1)

static ssize_t proc_root_readdir(struct file *file, char __user *buf, size_t count,
				 loff_t *pos)
{
	return proc_readdir_common(file, (void *)buf, false, count, pos,
				   PROC_ROOT_DIRENTS, proc_root_fill);
}

static ssize_t proc_root_readdir_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	return proc_readdir_common(file, buf, true, count, pos, PROC_ROOT_DIRENTS,
				   proc_root_fill);
}

const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

const struct file_operations proc_root_operations = {
	.read = proc_root_readdir,
	.read_kernel = proc_root_readdir_kernel,
};

static int proc_fill_super(struct super_block *sb, struct block_device *bdev)
{
	struct inode *root;

	if (bdev)
		return -EINVAL;
	sb->s_op = &proc_sops;
	sb->s_blocksize = 1024;
	root = proc_get_inode(sb, &proc_root);
	if (IS_ERR(root))
		return PTR_ERR(root);
	sb->s_root = root;
	return 0;
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.fill_super = proc_fill_super,
};

static int proc_root_init(void)
{
	int err = proc_sys_init();

	if (err)
		return err;
	return register_filesystem(&proc_fs_type);
}
fs_initcall(proc_root_init);
