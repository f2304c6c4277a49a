/*
 * read and write (Linux: fs/read_write.c).
 *
 * Both check the descriptor's mode, then hand the buffer to the file's
 * operations. The file position is read and written back under
 * f_pos_lock for regular files and directories, so two tasks sharing one
 * open file (after fork or dup) never read the same bytes twice; devices
 * and pipes have no position and are not serialised (a console read that
 * waits for a line must not block a write to the same file).
 */
#include "fs/internal.h"
#include "errno.h"
#include "mm/page.h"

#define MAX_RW_COUNT (0x7fffffffUL & PAGE_MASK)	/* Linux's cap on one read/write */

/* Linux: FMODE_ATOMIC_POS. Files whose position is shared state worth a lock. */
static bool file_has_pos(struct file *file)
{
	struct inode *inode = file->f_inode;

	return inode && (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode));
}

/* Linux: rw_verify_area and the mode checks of vfs_read/vfs_write. */
static ssize_t rw_check(struct file *file, bool write)
{
	struct inode *inode = file->f_inode;

	if (!(file->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (!file->f_op)
		return -EINVAL;
	/* A removed directory lists nothing (Linux: iterate_dir). */
	if (!write && inode && S_ISDIR(inode->i_mode) && IS_DEADDIR(inode))
		return -ENOENT;
	return 0;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret = rw_check(file, false);

	if (ret)
		return ret;
	if (!file->f_op->read)
		return -EINVAL;
	/* Checked even for 0 bytes, as Linux does: a kernel address is never valid. */
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	return file->f_op->read(file, buf, min(count, MAX_RW_COUNT), pos);
}

ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	ssize_t ret = rw_check(file, true);

	if (ret)
		return ret;
	if (!file->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	if (count == 0)
		return 0;
	return file->f_op->write(file, buf, min(count, MAX_RW_COUNT), pos);
}

/* Linux: __kernel_read. */
static ssize_t kernel_rw(struct file *file, void *buf, size_t count, loff_t *pos, bool write)
{
	ssize_t ret = rw_check(file, write);

	if (ret)
		return ret;
	if (write ? !file->f_op->write_kernel : !file->f_op->read_kernel)
		return -EINVAL;
	if (count == 0)
		return 0;
	count = min(count, MAX_RW_COUNT);
	if (write)
		return file->f_op->write_kernel(file, buf, count, pos);
	return file->f_op->read_kernel(file, buf, count, pos);
}

enum rw_kind { RW_USER_READ, RW_USER_WRITE, RW_KERNEL_READ, RW_KERNEL_WRITE };

/*
 * At the file's own position (Linux: ksys_read/ksys_write with
 * fdget_pos), which is advanced by what was transferred.
 */
static ssize_t rw_at_fpos(struct file *file, void *buf, size_t count, enum rw_kind kind)
{
	bool locked = file_has_pos(file);
	loff_t pos;
	ssize_t ret;

	if (locked)
		mutex_lock(&file->f_pos_lock);
	pos = file->f_pos;
	switch (kind) {
	case RW_USER_READ:	ret = vfs_read(file, buf, count, &pos); break;
	case RW_USER_WRITE:	ret = vfs_write(file, buf, count, &pos); break;
	case RW_KERNEL_READ:	ret = kernel_rw(file, buf, count, &pos, false); break;
	default:		ret = kernel_rw(file, buf, count, &pos, true); break;
	}
	if (ret > 0)
		file->f_pos = pos;
	if (locked)
		mutex_unlock(&file->f_pos_lock);
	return ret;
}

ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos)
{
	if (pos)
		return kernel_rw(file, buf, count, pos, false);
	return rw_at_fpos(file, buf, count, RW_KERNEL_READ);
}

ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	if (pos)
		return kernel_rw(file, (void *)buf, count, pos, true);
	return rw_at_fpos(file, (void *)buf, count, RW_KERNEL_WRITE);
}

static long ksys_rw(int fd, char __user *buf, int count, bool write)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	if (count < 0)
		ret = -EINVAL;
	else
		ret = rw_at_fpos(file, buf, count, write ? RW_USER_WRITE : RW_USER_READ);
	fput(file);
	return ret;
}

long sys_read(int fd, char __user *buf, int count)
{
	return ksys_rw(fd, buf, count, false);
}

long sys_write(int fd, const char __user *buf, int count)
{
	return ksys_rw(fd, (char __user *)buf, count, true);
}
