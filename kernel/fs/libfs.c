/*
 * Helpers for simple file systems (Linux: fs/libfs.c).
 */
#include "fs/vfs.h"
#include "errno.h"

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available)
{
	loff_t pos = *ppos;
	size_t n;
	unsigned long left;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	n = min(count, available - (size_t)pos);
	left = copy_to_user(to, (const char *)from + pos, n);
	if (left == n)
		return -EFAULT;
	n -= left;
	*ppos = pos + n;
	return n;
}
