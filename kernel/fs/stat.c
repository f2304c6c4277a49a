/*
 * fstat (Linux: fs/stat.c). Pagoda fills xv6's struct stat (kernel/stat.h)
 * from the inode; Linux fills struct kstat (vfs_getattr) and converts it
 * to the user's layout in cp_new_stat.
 */
#include "fs/internal.h"
#include "stat.h"
#include "string.h"
#include "errno.h"

static short xv6_type(umode_t mode)
{
	if (S_ISDIR(mode))
		return T_DIR;
	if (S_ISCHR(mode))
		return T_DEVICE;
	if (S_ISREG(mode))
		return T_FILE;
	return 0;
}

/* A pipe has no inode: type 0, as xv6 has no T_FIFO (Linux: S_IFIFO). */
static void fill_stat(struct file *file, struct stat *st)
{
	struct inode *inode = file->f_inode;

	memset(st, 0, sizeof(*st));
	if (!inode) {
		st->nlink = 1;
		return;
	}
	st->dev = inode->i_sb->s_dev;
	st->ino = inode->i_ino;
	st->type = xv6_type(inode->i_mode);
	st->nlink = inode->i_nlink;
	st->size = inode->i_size;
}

int vfs_fstat(int fd, struct stat *st)
{
	struct file *file = fget(fd);

	if (!file)
		return -EBADF;
	fill_stat(file, st);
	fput(file);
	return 0;
}

long sys_fstat(int fd, struct stat __user *ust)
{
	struct stat st;
	int err = vfs_fstat(fd, &st);

	if (err)
		return err;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}
