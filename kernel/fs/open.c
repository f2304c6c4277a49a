/*
 * open, close and chdir (Linux: fs/open.c, do_open() from fs/namei.c).
 *
 * Opening resolves the path (creating the file for O_CREATE), checks the
 * mode against the inode's type, truncates for O_TRUNC, then makes a
 * struct file whose operations are the inode's i_fop, or for a device
 * node those its major number registered (char_dev.c).
 */
#include "fs/internal.h"
#include "mm/slab.h"
#include "sched.h"
#include "fcntl.h"
#include "errno.h"
#include "err.h"

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREATE | O_TRUNC)

/* Linux: lookup_open. The inode at path, created as a regular file if missing. */
static struct inode *open_create(const char *path)
{
	struct inode *dir, *inode;
	const char *name;
	int len, err;

	dir = nameiparent(path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir) == -EEXIST ? namei(path) : dir;	/* "/" */
	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))) {
		iput(dir);
		return namei(path);	/* a directory: the caller says -EISDIR */
	}
	mutex_lock(&dir->i_mutex);
	inode = lookup_locked(dir, name, len);
	/* Nothing is created in a removed directory (Linux: lookup_open). */
	if (IS_ERR(inode) && PTR_ERR(inode) == -ENOENT && !IS_DEADDIR(dir)) {
		err = -EACCES;		/* Linux's answer when the fs cannot create */
		if (dir->i_op->create)
			err = dir->i_op->create(dir, name, len, S_IFREG, 0, &inode);
		if (err)
			inode = ERR_PTR(err);
	}
	mutex_unlock(&dir->i_mutex);
	iput(dir);
	return IS_ERR(inode) ? inode : follow_mount(inode);
}

static int handle_truncate(struct inode *inode)
{
	int err = 0;

	if (!S_ISREG(inode->i_mode))
		return 0;
	mutex_lock(&inode->i_mutex);
	if (inode->i_op && inode->i_op->truncate)
		err = inode->i_op->truncate(inode);
	else if (inode->i_size)
		err = -EPERM;
	mutex_unlock(&inode->i_mutex);
	return err;
}

/* Linux: do_dentry_open. Consumes the reference to inode. */
static struct file *open_inode(struct inode *inode, int flags)
{
	const struct file_operations *fop = inode->i_fop;
	struct file *file;
	int err = 0;

	file = alloc_file(inode, flags, fop);
	if (IS_ERR(file)) {
		iput(inode);
		return file;
	}
	/* A program being run cannot be opened for writing, nor the reverse (exec). */
	if ((file->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode) && get_write_access(inode)) {
		file->f_mode &= ~FMODE_WRITE;	/* no write access to give back at fput */
		file->f_op = NULL;
		fput(file);
		return ERR_PTR(-ETXTBSY);
	}
	if (S_ISCHR(inode->i_mode))
		err = chrdev_open(inode, file);
	else if (!fop)
		err = -ENXIO;
	else if (fop->open)
		err = fop->open(inode, file);
	if (err) {
		file->f_op = NULL;	/* never opened: no ->release */
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}

struct file *filp_open(const char *path, int flags, umode_t mode)
{
	struct file *file;
	struct inode *inode;
	int acc = flags & O_ACCMODE, err;

	if ((flags & ~VALID_OPEN_FLAGS) || acc == O_ACCMODE)
		return ERR_PTR(-EINVAL);
	inode = (flags & O_CREATE) ? open_create(path) : namei(path);
	if (IS_ERR(inode))
		return ERR_PTR(PTR_ERR(inode));
	if (S_ISDIR(inode->i_mode) && (acc != O_RDONLY || (flags & (O_CREATE | O_TRUNC)))) {
		iput(inode);
		return ERR_PTR(-EISDIR);
	}
	if ((flags & O_TRUNC) && atomic_read(&inode->i_writecount) < 0) {
		iput(inode);
		return ERR_PTR(-ETXTBSY);	/* truncating a running program */
	}
	if (flags & O_TRUNC) {
		err = handle_truncate(inode);
		if (err) {
			iput(inode);
			return ERR_PTR(err);
		}
	}
	file = open_inode(inode, flags);
	if (!IS_ERR(file))
		file->f_path = kstrdup(path, GFP_KERNEL);	/* for /proc/PID/maps; NULL is fine */
	return file;
}

long do_sys_open(const char *path, int flags)
{
	struct file *file = filp_open(path, flags, 0);
	int fd;

	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = fd_install_new(file);
	if (fd < 0)
		fput(file);
	return fd;
}

long sys_open(const char __user *upath, int flags)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : do_sys_open(path, flags);
}

long sys_close(int fd)
{
	if (fd < 0)
		return -EBADF;
	return close_fd(fd);
}

long do_chdir(const char *path)
{
	struct task_struct *task = current;
	struct inode *inode, *old;

	if (!task)
		return -EINVAL;
	inode = namei(path);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!S_ISDIR(inode->i_mode)) {
		iput(inode);
		return -ENOTDIR;
	}
	old = task->cwd;	/* only the task itself changes its cwd */
	task->cwd = inode;
	iput(old);
	return 0;
}

long sys_chdir(const char __user *upath)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : do_chdir(path);
}
