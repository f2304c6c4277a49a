/*
 * Inodes of /proc (Linux: fs/proc/inode.c): making an inode for a tree
 * entry, and the file operations every /proc file shares, which hand
 * each call to the entry's proc_ops.
 */
#include "fs/proc/internal.h"
#include "err.h"
#include "errno.h"
#include "mm/slab.h"

/*
 * A tree inode holds a reference on its entry, dropped when the VFS frees
 * the inode. It may come here unfilled (a lost iget_locked race).
 */
static void proc_destroy_inode(struct inode *inode)
{
	struct proc_dir_entry *de = PDE(inode);

	if (de && de != &proc_root && proc_ino_pid(inode->i_ino) < 0)
		pde_put(de);
	kfree(inode);
}

const struct super_operations proc_sops = {
	.destroy_inode = proc_destroy_inode,
};

/* A referenced inode for de, the cached one if it exists (Linux: proc_get_inode). */
struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de)
{
	struct inode *inode = iget_locked(sb, de->low_ino);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(inode->i_state & I_NEW))
		return inode;
	inode->i_mode = de->mode;
	inode->i_nlink = S_ISDIR(de->mode) ? 2 : 1;
	inode->i_size = 0;	/* as in Linux: the length is unknown until read */
	if (de != &proc_root)
		pde_get(de);
	inode->i_private = de;
	if (de == &proc_root) {
		inode->i_op = &proc_root_inode_operations;
		inode->i_fop = &proc_root_operations;
	} else if (S_ISDIR(de->mode)) {
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = &proc_dir_operations;
	} else {
		inode->i_fop = &proc_reg_file_ops;
	}
	unlock_new_inode(inode);
	return inode;
}

/*
 * The entry's operations, or NULL once it was removed: a removed entry
 * cannot be opened, while files already open keep working (their inode
 * holds the entry; Linux instead waits for in-flight calls, then cuts
 * the open files off, since a module's operations may go away).
 */
static const struct proc_ops *proc_ops_of(struct inode *inode)
{
	struct proc_dir_entry *de = PDE(inode);

	return READ_ONCE(de->removed) ? NULL : de->proc_ops;
}

static int proc_reg_open(struct inode *inode, struct file *file)
{
	const struct proc_ops *ops = proc_ops_of(inode);

	if (!ops)
		return -ENOENT;
	if ((file->f_mode & FMODE_WRITE) && (!ops->proc_write || !(inode->i_mode & 0222)))
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && (!ops->proc_read || !(inode->i_mode & 0444)))
		return -EACCES;
	return ops->proc_open ? ops->proc_open(inode, file) : 0;
}

static ssize_t proc_reg_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	const struct proc_ops *ops = PDE(file->f_inode)->proc_ops;

	if (!ops->proc_read)
		return -EINVAL;
	return ops->proc_read(file, buf, count, pos);
}

static ssize_t proc_reg_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *pos)
{
	const struct proc_ops *ops = PDE(file->f_inode)->proc_ops;

	if (!ops->proc_write)
		return -EACCES;
	return ops->proc_write(file, buf, count, pos);
}

static ssize_t proc_reg_read_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	const struct proc_ops *ops = PDE(file->f_inode)->proc_ops;

	if (!ops->proc_read_kernel)
		return -EINVAL;
	return ops->proc_read_kernel(file, buf, count, pos);
}

static ssize_t proc_reg_write_kernel(struct file *file, const void *buf, size_t count,
				     loff_t *pos)
{
	const struct proc_ops *ops = PDE(file->f_inode)->proc_ops;

	if (!ops->proc_write_kernel)
		return -EACCES;
	return ops->proc_write_kernel(file, buf, count, pos);
}

static int proc_reg_release(struct inode *inode, struct file *file)
{
	const struct proc_ops *ops = PDE(inode)->proc_ops;

	return ops->proc_release ? ops->proc_release(inode, file) : 0;
}

const struct file_operations proc_reg_file_ops = {
	.open = proc_reg_open,
	.read = proc_reg_read,
	.write = proc_reg_write,
	.release = proc_reg_release,
	.read_kernel = proc_reg_read_kernel,
	.write_kernel = proc_reg_write_kernel,
};
