/*
 * struct file: one open() of something (Linux: fs/file_table.c).
 *
 * A file is shared by every descriptor dup()ed or inherited from it, and
 * by the read/write calls running on it; f_count counts them all. The last
 * fput() calls ->release and drops the inode. Linux defers that last fput
 * to task_work (run on return to user space); Pagoda does it at once, so
 * fput may sleep and must not be called under a spinlock.
 */
#include "fs/internal.h"
#include "fcntl.h"
#include "errno.h"
#include "err.h"
#include "mm/slab.h"

static atomic_long_t nr_files;		/* Linux: files_stat.nr_files (a per-CPU counter) */

unsigned long get_nr_files(void)
{
	return atomic_long_read(&nr_files);
}

static unsigned int open_mode(unsigned int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:	return FMODE_READ;
	case O_WRONLY:	return FMODE_WRITE;
	case O_RDWR:	return FMODE_READ | FMODE_WRITE;
	default:	return 0;
	}
}

struct file *alloc_file(struct inode *inode, unsigned int flags, const struct file_operations *fop)
{
	struct file *file;

	if (atomic_long_inc_return(&nr_files) > NFILE) {
		atomic_long_dec(&nr_files);
		return ERR_PTR(-ENFILE);
	}
	file = kzalloc(sizeof(*file), GFP_KERNEL);
	if (!file) {
		atomic_long_dec(&nr_files);
		return ERR_PTR(-ENOMEM);
	}
	atomic_long_set(&file->f_count, 1);
	file->f_flags = flags;
	file->f_mode = open_mode(flags);
	mutex_init(&file->f_pos_lock, "f_pos_lock");
	file->f_inode = inode;
	file->f_op = fop;
	file_ra_state_init(&file->f_ra);
	return file;
}

struct file *get_file(struct file *f)
{
	atomic_long_inc(&f->f_count);
	return f;
}

void fput(struct file *file)
{
	if (!file || !atomic_long_dec_and_test(&file->f_count))
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file->f_inode, file);
	if ((file->f_mode & FMODE_WRITE) && file->f_inode && S_ISREG(file->f_inode->i_mode))
		put_write_access(file->f_inode);
	iput(file->f_inode);
	kfree(file->f_path);
	kfree(file);
	atomic_long_dec(&nr_files);
}
