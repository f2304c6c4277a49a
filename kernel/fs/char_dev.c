/*
 * Character devices (Linux: fs/char_dev.c).
 *
 * A driver registers file operations for a major number; opening a device
 * node (S_IFCHR, made by mknod) replaces the file's operations with its
 * major's and calls their ->open, which can look at MINOR(inode->i_rdev).
 * Linux also splits majors into minor ranges (cdev_add); Pagoda gives a
 * driver the whole major.
 */
#include "fs/internal.h"
#include "errno.h"

static struct {
	const char *name;
	const struct file_operations *fops;
} chrdevs[CHRDEV_MAJOR_MAX];
static DEFINE_SPINLOCK(chrdevs_lock);

/* major 0: take the highest free major and return it (Linux's dynamic majors). */
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops)
{
	int ret = -EBUSY;

	if (major >= CHRDEV_MAJOR_MAX || !name || !fops)
		return -EINVAL;
	spin_lock(&chrdevs_lock);
	if (major == 0) {
		for (major = CHRDEV_MAJOR_MAX - 1; major > 0; major--)
			if (!chrdevs[major].fops)
				break;
	}
	if (major > 0 && !chrdevs[major].fops) {
		chrdevs[major].name = name;
		chrdevs[major].fops = fops;
		ret = major;
	}
	spin_unlock(&chrdevs_lock);
	return ret;
}

const char *chrdev_name(unsigned int major)
{
	const char *name = NULL;

	if (major < CHRDEV_MAJOR_MAX) {
		spin_lock(&chrdevs_lock);
		name = chrdevs[major].name;
		spin_unlock(&chrdevs_lock);
	}
	return name;
}

int chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = NULL;
	unsigned int major = MAJOR(inode->i_rdev);

	if (major < CHRDEV_MAJOR_MAX) {
		spin_lock(&chrdevs_lock);
		fops = chrdevs[major].fops;
		spin_unlock(&chrdevs_lock);
	}
	if (!fops)
		return -ENXIO;	/* no driver for this major */
	file->f_op = fops;
	return fops->open ? fops->open(inode, file) : 0;
}
