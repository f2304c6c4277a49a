/*
 * fsync(): make one file's data and inode durable (Linux: fs/sync.c).
 */
#include "fs/vfs.h"
#include "syscalls.h"
#include "errno.h"

/* Linux: vfs_fsync_range. */
int vfs_fsync_range(struct file *file, loff_t start, loff_t end)
{
	if (!file->f_op || !file->f_op->fsync)
		return -EINVAL;
	return file->f_op->fsync(file, start, end);
}

/* fsync(fd): EBADF for a bad fd, EINVAL for a file that cannot be synced (a pipe, a device). */
long sys_fsync(int fd)
{
	struct file *file = fget(fd);
	long err;

	if (!file)
		return -EBADF;
	err = vfs_fsync_range(file, 0, LLONG_MAX);
	fput(file);
	return err;
}

/* sync(): every dirty page of every file to the disk, then each file system's log (Linux: ksys_sync). */
long sys_sync(void)
{
	sys_sync_all();
	return 0;
}
