/*
 * /proc/sys (Linux: fs/proc/proc_sysctl.c): each registered ctl_table
 * entry becomes a file whose read and write run its handler.
 *
 * Pagoda builds the files as ordinary /proc entries with the table entry
 * as their data; Linux keeps a separate tree of ctl_table_headers so
 * tables can be registered, overlaid and unregistered per namespace.
 */
#include "fs/proc/internal.h"
#include "sysctl.h"
#include "fs.h"
#include "mutex.h"
#include "mm/slab.h"
#include "errno.h"
#include "string.h"

static struct proc_dir_entry *proc_sys_root;
/* Serialises handlers, so a write and its recomputation are one step. */
static DEFINE_MUTEX(sysctl_lock);

ssize_t proc_sys_call_handler(const struct ctl_table *table, int write, char *kbuf,
			      size_t count)
{
	size_t len = count;
	loff_t pos = 0;
	int err;

	if (!table->proc_handler || !count)
		return -EINVAL;
	if (write && !(table->mode & 0222))
		return -EACCES;
	mutex_lock(&sysctl_lock);	/* a handler may sleep: drop_caches does */
	err = table->proc_handler(table, write, kbuf, &len, &pos);
	mutex_unlock(&sysctl_lock);
	if (err)
		return err;
	return write ? (ssize_t)count : (ssize_t)len;
}

/* The value's text, copied out from *ppos to user or kernel memory. */
static ssize_t proc_sys_read_common(struct file *file, void *buf, bool kernel, size_t count,
				    loff_t *ppos)
{
	const struct ctl_table *table = PDE(file->f_inode)->data;
	char *kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	ssize_t n;

	if (!kbuf)
		return -ENOMEM;
	n = proc_sys_call_handler(table, 0, kbuf, PAGE_SIZE);
	if (n >= 0)
		n = kernel ? seq_copy_to_kernel(buf, count, ppos, kbuf, n)
			   : simple_read_from_buffer((void __user *)buf, count, ppos, kbuf, n);
	kfree(kbuf);
	return n;
}

/* The whole value in one write() at offset 0, as Linux's strict mode wants. */
static ssize_t proc_sys_write_common(struct file *file, const void *buf, bool kernel,
				     size_t count, loff_t *ppos)
{
	const struct ctl_table *table = PDE(file->f_inode)->data;
	char *kbuf;
	ssize_t n;

	if (*ppos || !count || count >= PAGE_SIZE)
		return -EINVAL;
	kbuf = kmalloc(count + 1, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;
	if (kernel)
		memcpy(kbuf, buf, count);
	else if (copy_from_user(kbuf, (const void __user *)buf, count)) {
		kfree(kbuf);
		return -EFAULT;
	}
	kbuf[count] = '\0';
	n = proc_sys_call_handler(table, 1, kbuf, count);
	kfree(kbuf);
	if (n > 0)
		*ppos += n;
	return n;
}

static ssize_t proc_sys_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	return proc_sys_read_common(file, (void *)buf, false, count, ppos);
}

static ssize_t proc_sys_read_kernel(struct file *file, void *buf, size_t count, loff_t *ppos)
{
	return proc_sys_read_common(file, buf, true, count, ppos);
}

static ssize_t proc_sys_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *ppos)
{
	return proc_sys_write_common(file, (const void *)buf, false, count, ppos);
}

static ssize_t proc_sys_write_kernel(struct file *file, const void *buf, size_t count,
				     loff_t *ppos)
{
	return proc_sys_write_common(file, buf, true, count, ppos);
}

static const struct proc_ops proc_sys_file_ops = {
	.proc_read = proc_sys_read,
	.proc_write = proc_sys_write,
	.proc_read_kernel = proc_sys_read_kernel,
	.proc_write_kernel = proc_sys_write_kernel,
};

int proc_sys_init(void)
{
	if (!proc_sys_root)
		proc_sys_root = proc_mkdir("sys", NULL);
	return proc_sys_root ? 0 : -ENOMEM;
}

/* The directory sys/<path>, made if missing (path: names separated by '/'). */
static struct proc_dir_entry *sysctl_mkdir_p(const char *path)
{
	struct proc_dir_entry *dir = proc_sys_root, *sub;
	char name[DIRSIZ];

	while (*path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		if (!len || len >= sizeof(name))
			return NULL;
		memcpy(name, path, len);
		name[len] = '\0';
		sub = pde_subdir_find(dir, name, len);
		if (sub)
			pde_put(sub);	/* directories here are never removed */
		else
			sub = proc_mkdir(name, dir);
		if (!sub || !S_ISDIR(sub->mode))
			return NULL;
		dir = sub;
		path += len + (slash ? 1 : 0);
	}
	return dir;
}

int register_sysctl(const char *path, struct ctl_table *table)
{
	struct proc_dir_entry *dir;

	if (proc_sys_init())
		return -ENOMEM;
	dir = sysctl_mkdir_p(path);
	if (!dir)
		return -EINVAL;
	for (; table->procname; table++)
		if (!proc_create_data(table->procname, table->mode, dir, &proc_sys_file_ops, table))
			return -ENOMEM;
	return 0;
}

const struct ctl_table *sysctl_find(const char *dir, const char *name)
{
	struct proc_dir_entry *d, *f;
	const struct ctl_table *table = NULL;

	if (!proc_sys_root)
		return NULL;
	d = pde_subdir_find(proc_sys_root, dir, strlen(dir));
	if (!d)
		return NULL;
	f = pde_subdir_find(d, name, strlen(name));
	if (f && f->proc_ops == &proc_sys_file_ops)
		table = f->data;
	if (f)
		pde_put(f);
	pde_put(d);
	return table;
}
