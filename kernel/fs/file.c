/*
 * Descriptor tables (Linux: fs/file.c, include/linux/fdtable.h).
 *
 * A process's files_struct maps small integers to struct files. fork
 * copies it (dup_fd: the child shares the files, not the table), exit
 * drops it (put_files_struct). file_lock guards the array; references to
 * the files themselves are counted in each file's f_count. Linux's table
 * grows on demand and is read under RCU; Pagoda's is NOFILE slots.
 */
#include "fs/internal.h"
#include "sched.h"
#include "errno.h"
#include "mm/slab.h"

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	atomic_set(&files->count, 1);
	spin_lock_init(&files->file_lock, "file_lock");
	return files;
}

struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	int fd;

	if (!files)
		return NULL;
	spin_lock(&old->file_lock);
	for (fd = 0; fd < NOFILE; fd++)
		if (old->fd_array[fd])
			files->fd_array[fd] = get_file(old->fd_array[fd]);
	spin_unlock(&old->file_lock);
	return files;
}

void put_files_struct(struct files_struct *files)
{
	int fd;

	if (!files || !atomic_dec_and_test(&files->count))
		return;
	/* Last user: nobody else can reach the array, so no lock. */
	for (fd = 0; fd < NOFILE; fd++)
		fput(files->fd_array[fd]);
	kfree(files);
}

static struct files_struct *current_files(void)
{
	struct task_struct *task = current;

	return task ? task->files : NULL;
}

int fd_install_new(struct file *file)
{
	struct files_struct *files = current_files();
	int fd;

	if (!files)
		return -EMFILE;
	spin_lock(&files->file_lock);
	for (fd = 0; fd < NOFILE; fd++) {
		if (!files->fd_array[fd]) {
			files->fd_array[fd] = file;
			spin_unlock(&files->file_lock);
			return fd;
		}
	}
	spin_unlock(&files->file_lock);
	return -EMFILE;
}

int close_fd(unsigned int fd)
{
	struct files_struct *files = current_files();
	struct file *file = NULL;

	if (!files || fd >= NOFILE)
		return -EBADF;
	spin_lock(&files->file_lock);
	file = files->fd_array[fd];
	files->fd_array[fd] = NULL;
	spin_unlock(&files->file_lock);
	if (!file)
		return -EBADF;
	fput(file);		/* outside the spinlock: it may sleep */
	return 0;
}

struct file *fget(int fd)
{
	struct files_struct *files = current_files();
	struct file *file = NULL;

	if (!files || fd < 0 || fd >= NOFILE)
		return NULL;
	spin_lock(&files->file_lock);
	file = files->fd_array[fd];
	if (file)
		get_file(file);
	spin_unlock(&files->file_lock);
	return file;
}

long do_dup(int fd)
{
	struct file *file = fget(fd);
	int newfd;

	if (!file)
		return -EBADF;
	newfd = fd_install_new(file);
	if (newfd < 0)
		fput(file);
	return newfd;
}

long sys_dup(int fd)
{
	return do_dup(fd);
}
