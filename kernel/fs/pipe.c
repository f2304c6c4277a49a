/*
 * Pipes (Linux: fs/pipe.c).
 *
 * A pipe is a PIPE_SIZE ring buffer and two struct files, a read end and
 * a write end, with no inode. nread and nwrite count bytes ever read and
 * written; they only grow (wrapping as unsigned ints), so nwrite - nread
 * is the number of bytes waiting and index % PIPE_SIZE their place.
 *
 * pipe->mutex makes one reader or writer at a time move data, and is not
 * held while waiting, so a blocked writer does not keep a reader out.
 * pipe->lock, a spinlock, guards the counters and the end counts, and is
 * the lock sleep() drops: a waiter checks its condition under it, and the
 * other side changes the condition under it before wakeup(), so no wakeup
 * is lost. User copies run with only the mutex held (they may fault).
 * Linux's ring is of pages (pipe_buffer), 16 by default, and SIGPIPE
 * comes with -EPIPE; Pagoda has no signals but kill.
 */
#include "fs/internal.h"
#include "sched.h"
#include "fcntl.h"
#include "errno.h"
#include "err.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

struct pipe_inode_info {
	struct mutex mutex;		/* one data mover at a time */
	spinlock_t lock;		/* nread, nwrite, readers, writers */
	unsigned int nread, nwrite;
	int readers, writers;		/* open ends */
	char *buf;			/* PIPE_SIZE bytes */
};

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	pipe->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!pipe->buf) {
		kfree(pipe);
		return NULL;
	}
	mutex_init(&pipe->mutex, "pipe->mutex");
	spin_lock_init(&pipe->lock, "pipe->lock");
	pipe->readers = pipe->writers = 1;
	return pipe;
}

/*
 * Wait, with the mutex dropped, until cond() holds or it never can.
 * Returns 0, or -EINTR if the task was killed meanwhile.
 */
static int pipe_wait(struct pipe_inode_info *pipe, bool (*ready)(struct pipe_inode_info *),
		     void *chan)
{
	int err = 0;

	mutex_unlock(&pipe->mutex);
	spin_lock(&pipe->lock);
	while (!ready(pipe)) {
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		sleep(chan, &pipe->lock);
	}
	spin_unlock(&pipe->lock);
	mutex_lock(&pipe->mutex);
	return err;
}

static bool readable(struct pipe_inode_info *pipe)
{
	return pipe->nwrite != pipe->nread || pipe->writers == 0;
}

static bool writable(struct pipe_inode_info *pipe)
{
	return pipe->nwrite - pipe->nread < PIPE_SIZE || pipe->readers == 0;
}

/* n bytes to user memory or (kernel_read) kernel memory: bytes NOT copied. */
static unsigned long copy_to(bool user, char *dst, const char *src, size_t n)
{
	if (user)
		return copy_to_user((char __user *)dst, src, n);
	memcpy(dst, src, n);
	return 0;
}

static unsigned long copy_from(bool user, char *dst, const char *src, size_t n)
{
	if (user)
		return copy_from_user(dst, (const char __user *)src, n);
	memcpy(dst, src, n);
	return 0;
}

/* Copy up to n bytes out of the ring at nread, in one or two pieces: bytes copied, or -EFAULT. */
static ssize_t copy_out(struct pipe_inode_info *pipe, bool user, char *buf, size_t n)
{
	unsigned int off = pipe->nread % PIPE_SIZE;
	size_t first = min(n, (size_t)(PIPE_SIZE - off)), done;

	done = first - copy_to(user, buf, pipe->buf + off, first);
	if (done == first && n > first)
		done += (n - first) - copy_to(user, buf + first, pipe->buf, n - first);
	return done ? (ssize_t)done : -EFAULT;
}

static ssize_t copy_in(struct pipe_inode_info *pipe, bool user, const char *buf, size_t n)
{
	unsigned int off = pipe->nwrite % PIPE_SIZE;
	size_t first = min(n, (size_t)(PIPE_SIZE - off)), done;

	done = first - copy_from(user, pipe->buf + off, buf, first);
	if (done == first && n > first)
		done += (n - first) - copy_from(user, pipe->buf, buf + first, n - first);
	return done ? (ssize_t)done : -EFAULT;
}

/* Returns as soon as some bytes are there; 0 once every writer is gone. */
static ssize_t do_pipe_read(struct file *file, bool user, char *buf, size_t count)
{
	struct pipe_inode_info *pipe = file->private_data;
	ssize_t ret;
	size_t avail;

	mutex_lock(&pipe->mutex);
	ret = pipe_wait(pipe, readable, &pipe->nwrite);
	if (ret == 0) {
		spin_lock(&pipe->lock);
		avail = pipe->nwrite - pipe->nread;
		spin_unlock(&pipe->lock);
		/* Only we take bytes out: avail can grow now, never shrink. */
		if (avail) {
			ret = copy_out(pipe, user, buf, min(count, avail));
			if (ret > 0) {
				spin_lock(&pipe->lock);
				pipe->nread += ret;
				spin_unlock(&pipe->lock);
				wakeup(&pipe->nread);
			}
		}
	}
	mutex_unlock(&pipe->mutex);
	return ret;
}

/* Writes everything unless the readers go away (-EPIPE) or we are killed. */
static ssize_t do_pipe_write(struct file *file, bool user, const char *buf, size_t count)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t written = 0, room;
	ssize_t ret = 0;

	mutex_lock(&pipe->mutex);
	while (written < count) {
		ret = pipe_wait(pipe, writable, &pipe->nread);
		if (ret)
			break;
		spin_lock(&pipe->lock);
		room = pipe->readers ? PIPE_SIZE - (pipe->nwrite - pipe->nread) : 0;
		spin_unlock(&pipe->lock);
		if (!room) {
			ret = -EPIPE;
			break;
		}
		ret = copy_in(pipe, user, buf + written, min(count - written, room));
		if (ret < 0)
			break;
		spin_lock(&pipe->lock);
		pipe->nwrite += ret;
		spin_unlock(&pipe->lock);
		wakeup(&pipe->nwrite);
		written += ret;
		ret = 0;
	}
	mutex_unlock(&pipe->mutex);
	return written ? (ssize_t)written : ret;
}

static ssize_t pipe_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return do_pipe_read(file, true, (char *)buf, count);
}

static ssize_t pipe_read_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	return do_pipe_read(file, false, buf, count);
}

static ssize_t pipe_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	return do_pipe_write(file, true, (const char *)buf, count);
}

static ssize_t pipe_write_kernel(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	return do_pipe_write(file, false, buf, count);
}

static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;
	bool last;

	spin_lock(&pipe->lock);
	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	last = pipe->readers == 0 && pipe->writers == 0;
	spin_unlock(&pipe->lock);
	if (last) {
		kfree(pipe->buf);
		kfree(pipe);
	} else {
		wakeup(&pipe->nread);	/* a writer learns there is no reader */
		wakeup(&pipe->nwrite);	/* a reader learns there is no writer */
	}
	return 0;
}

static const struct file_operations pipefifo_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
	.read_kernel = pipe_read_kernel,
	.write_kernel = pipe_write_kernel,
};

int create_pipe_files(struct file *files[2])
{
	struct pipe_inode_info *pipe = alloc_pipe_info();

	if (!pipe)
		return -ENOMEM;
	files[0] = alloc_file(NULL, O_RDONLY, &pipefifo_fops);
	if (IS_ERR(files[0]))
		goto fail;
	files[0]->private_data = pipe;
	files[1] = alloc_file(NULL, O_WRONLY, &pipefifo_fops);
	if (IS_ERR(files[1])) {
		pipe->writers = 0;
		fput(files[0]);		/* pipe_release frees the pipe */
		return PTR_ERR(files[1]);
	}
	files[1]->private_data = pipe;
	return 0;
fail:
	kfree(pipe->buf);
	kfree(pipe);
	return PTR_ERR(files[0]);
}

int do_pipe(int fds[2])
{
	struct file *files[2];
	int err = create_pipe_files(files);

	if (err)
		return err;
	fds[0] = fd_install_new(files[0]);
	if (fds[0] < 0) {
		fput(files[0]);
		fput(files[1]);
		return fds[0];
	}
	fds[1] = fd_install_new(files[1]);
	if (fds[1] < 0) {
		close_fd(fds[0]);
		fput(files[1]);
		return fds[1];
	}
	return 0;
}

long sys_pipe(int __user *ufds)
{
	int fds[2], err;

	err = do_pipe(fds);
	if (err)
		return err;
	if (put_user(fds[0], &ufds[0]) || put_user(fds[1], &ufds[1])) {
		close_fd(fds[0]);
		close_fd(fds[1]);
		return -EFAULT;
	}
	return 0;
}
