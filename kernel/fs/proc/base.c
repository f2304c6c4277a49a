/*
 * /proc/<pid> and /proc/self (Linux: fs/proc/base.c). The numbered
 * directories are not kept anywhere: the root's lookup makes one when a
 * task with that pid exists, and the root's listing walks the task list.
 * Each file's inode number encodes its pid (internal.h), and its open
 * finds the task again, so a task that has exited gives -ESRCH, never a
 * stale pointer. (Linux pins a struct pid instead, so a recycled pid
 * number is not mistaken for the old task; Pagoda accepts that.)
 */
#include "fs/proc/internal.h"
#include "mm/user.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "mm/oom.h"
#include "uaccess.h"

struct pid_entry {
	const char *name;
	int (*show)(struct seq_file *m, int pid);
	/* Writable files: take the whole value from kbuf (NUL-terminated). */
	int (*write)(int pid, const char *kbuf);
};

static int proc_oom_score_show(struct seq_file *m, int pid);
static int proc_oom_score_adj_show(struct seq_file *m, int pid);
static int proc_oom_score_adj_write(int pid, const char *kbuf);

/* Index i is the file's slot in the inode number (PROC_PID_INO(pid, i + 1)). */
static const struct pid_entry tgid_base_stuff[] = {
	{ "status", proc_pid_status, NULL },
	{ "stat", proc_pid_stat, NULL },
	{ "statm", proc_pid_statm, NULL },
	{ "maps", proc_pid_maps, NULL },
	{ "comm", proc_pid_comm, NULL },
	{ "cmdline", proc_pid_cmdline, NULL },
	{ "oom_score", proc_oom_score_show, NULL },
	{ "oom_score_adj", proc_oom_score_adj_show, proc_oom_score_adj_write },
};
_Static_assert(ARRAY_SIZE(tgid_base_stuff) < PROC_PID_NR_INO, "pid inode numbers");

/* ---- a task's details --------------------------------------------------------- */

/*
 * A reference on the task's mm (Linux: get_task_mm). Caller holds
 * tasklist_lock. exit_mm and exec change p->mm under that lock before
 * dropping their own reference (Linux uses task_lock()), so the mm seen
 * here still has users; the zero check covers an mm being torn down.
 */
static struct mm_struct *proc_task_mm(struct task_struct *p)
{
	struct mm_struct *mm = READ_ONCE(p->mm);
	int users;

	if (!mm || (p->flags & PF_KTHREAD))
		return NULL;
	do {
		users = atomic_read(&mm->mm_users);
		if (!users)
			return NULL;
	} while (atomic_cmpxchg(&mm->mm_users, users, users + 1) != users);
	return mm;
}

int proc_task_info_get(int pid, struct proc_task_info *ti)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p || p->__state == TASK_DEAD) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	ti->pid = p->pid;
	ti->ppid = p->parent ? p->parent->pid : 0;
	memcpy(ti->comm, p->comm, TASK_COMM_LEN);
	ti->comm[TASK_COMM_LEN - 1] = '\0';
	ti->state = p->__state;
	ti->flags = p->flags;
	ti->on_cpu = p->on_cpu;
	ti->exit_code = p->exit_code;
	ti->start_time = p->start_time;
	ti->utime_ticks = p->utime_ticks;
	ti->stime_ticks = p->stime_ticks;
	ti->nvcsw = p->nvcsw;
	ti->nivcsw = p->nivcsw;
	ti->min_flt = p->min_flt;
	ti->maj_flt = p->maj_flt;
	ti->cmin_flt = p->cmin_flt;
	ti->cmaj_flt = p->cmaj_flt;
	ti->mm = proc_task_mm(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

void proc_task_info_put(struct proc_task_info *ti)
{
	if (ti->mm)
		mmput(ti->mm);
	ti->mm = NULL;
}

static bool pid_alive(int pid)
{
	unsigned long flags;
	bool alive;

	spin_lock_irqsave(&tasklist_lock, flags);
	alive = find_task_by_pid(pid) != NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

/* ---- the OOM killer's files (Linux: fs/proc/base.c) ------------------------------ */

static int proc_oom_score_show(struct seq_file *m, int pid)
{
	struct task_struct *p;
	unsigned long flags, score = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p)
		score = oom_score(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!p)
		return -ESRCH;
	seq_printf(m, "%lu\n", score);
	return 0;
}

static int proc_oom_score_adj_show(struct seq_file *m, int pid)
{
	struct task_struct *p;
	unsigned long flags;
	int adj = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p)
		adj = p->oom_score_adj;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!p)
		return -ESRCH;
	seq_printf(m, "%d\n", adj);
	return 0;
}

/* A decimal in -1000..1000, optionally signed, optionally ending in a newline. */
static int parse_oom_score_adj(const char *s, int *adj)
{
	bool neg = *s == '-';
	unsigned long v;
	char buf[8];
	size_t n;

	if (*s == '-' || *s == '+')
		s++;
	n = strlen(s);
	if (n && s[n - 1] == '\n')
		n--;
	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (kstrtoul(buf, 10, &v) || v > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	*adj = neg ? -(int)v : (int)v;
	return 0;
}

static int proc_oom_score_adj_write(int pid, const char *kbuf)
{
	struct task_struct *p;
	unsigned long flags;
	int adj, err = parse_oom_score_adj(kbuf, &adj);

	if (err)
		return err;
	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (p && !(p->flags & PF_KTHREAD))
		p->oom_score_adj = adj;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return !p ? -ESRCH : (p->flags & PF_KTHREAD) ? -EINVAL : 0;
}

/* ---- the files ------------------------------------------------------------------ */

static int proc_pid_show(struct seq_file *m, void *v)
{
	struct inode *inode = v;
	const struct pid_entry *p = inode->i_private;

	return p->show(m, proc_ino_pid(inode->i_ino));
}

static int proc_pid_open(struct inode *inode, struct file *file)
{
	const struct pid_entry *p = inode->i_private;

	if ((file->f_mode & FMODE_WRITE) && !p->write)
		return -EACCES;
	/* The file holds the inode, so it outlives the rendering. */
	return single_open(file, proc_pid_show, inode);
}

/* The whole value in one write() at offset 0, like a sysctl. */
static ssize_t proc_pid_write(struct file *file, const char __user *buf, size_t count,
			      loff_t *ppos)
{
	const struct pid_entry *p = file->f_inode->i_private;
	char kbuf[32];
	int err;

	if (*ppos || !count || count >= sizeof(kbuf))
		return -EINVAL;
	if (copy_from_user(kbuf, buf, count))
		return -EFAULT;
	kbuf[count] = '\0';
	err = p->write(proc_ino_pid(file->f_inode->i_ino), kbuf);
	if (err)
		return err;
	*ppos += count;
	return count;
}

static const struct file_operations proc_pid_file_ops = {
	.open = proc_pid_open,
	.write = proc_pid_write,
	.read = seq_read,
	.release = single_release,
	.read_kernel = seq_read_kernel,
};

/* ---- /proc/<pid>/ ----------------------------------------------------------------- */

static struct inode *proc_pid_make_inode(struct super_block *sb, int pid, int index,
					 bool *is_new)
{
	struct inode *inode = iget_locked(sb, PROC_PID_INO(pid, index));

	if (!inode)
		return ERR_PTR(-ENOMEM);
	*is_new = inode->i_state & I_NEW;
	return inode;
}

static struct inode *proc_tgid_base_lookup(struct inode *dir, const char *name, int len)
{
	int pid = proc_ino_pid(dir->i_ino);
	struct inode *inode;
	bool is_new;

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return proc_get_inode(dir->i_sb, &proc_root);
	for (int i = 0; i < (int)ARRAY_SIZE(tgid_base_stuff); i++) {
		const struct pid_entry *p = &tgid_base_stuff[i];

		if ((int)strlen(p->name) != len || memcmp(p->name, name, len))
			continue;
		if (!pid_alive(pid))
			return ERR_PTR(-ENOENT);
		inode = proc_pid_make_inode(dir->i_sb, pid, i + 1, &is_new);
		if (IS_ERR(inode) || !is_new)
			return inode;
		inode->i_mode = S_IFREG | (p->write ? 0644 : 0444);
		inode->i_fop = &proc_pid_file_ops;
		inode->i_private = (void *)p;
		unlock_new_inode(inode);
		return inode;
	}
	return ERR_PTR(-ENOENT);
}

static int proc_tgid_base_fill(struct file *file, struct proc_dirents *d)
{
	int pid = proc_ino_pid(file->f_inode->i_ino);

	if (!pid_alive(pid))
		return -ESRCH;
	proc_dir_emit(d, ".", 1, file->f_inode->i_ino);
	proc_dir_emit(d, "..", 2, PROC_ROOT_INO);
	for (int i = 0; i < (int)ARRAY_SIZE(tgid_base_stuff); i++)
		proc_dir_emit(d, tgid_base_stuff[i].name, strlen(tgid_base_stuff[i].name),
			      PROC_PID_INO(pid, i + 1));
	return 0;
}

#define TGID_DIRENTS (2 + (int)ARRAY_SIZE(tgid_base_stuff))

static ssize_t proc_tgid_base_readdir(struct file *file, char __user *buf, size_t count,
				      loff_t *pos)
{
	return proc_readdir_common(file, (void *)buf, false, count, pos, TGID_DIRENTS,
				   proc_tgid_base_fill);
}

static ssize_t proc_tgid_base_readdir_kernel(struct file *file, void *buf, size_t count,
					     loff_t *pos)
{
	return proc_readdir_common(file, buf, true, count, pos, TGID_DIRENTS,
				   proc_tgid_base_fill);
}

static const struct inode_operations proc_tgid_base_inode_operations = {
	.lookup = proc_tgid_base_lookup,
};

static const struct file_operations proc_tgid_base_operations = {
	.read = proc_tgid_base_readdir,
	.read_kernel = proc_tgid_base_readdir_kernel,
};

/* A pid as a directory name: decimal, no sign, no leading zero (Linux: name_to_int). */
static int name_to_pid(const char *name, int len)
{
	long v = 0;

	if (len < 1 || len > 9 || (name[0] == '0'))
		return -1;
	for (int i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return (int)v;
}

/*
 * "self" is the current task's directory (Linux makes it a symlink to
 * "<pid>"; Pagoda's VFS has no symlinks, so it answers with the directory).
 */
struct inode *proc_pid_lookup(struct super_block *sb, const char *name, int len)
{
	int pid = (len == 4 && !memcmp(name, "self", 4)) ? current->pid : name_to_pid(name, len);
	struct inode *inode;
	bool is_new;

	if (pid < 0 || !pid_alive(pid))
		return ERR_PTR(-ENOENT);
	inode = proc_pid_make_inode(sb, pid, 0, &is_new);
	if (IS_ERR(inode) || !is_new)
		return inode;
	inode->i_mode = S_IFDIR | 0555;
	inode->i_nlink = 2;
	inode->i_op = &proc_tgid_base_inode_operations;
	inode->i_fop = &proc_tgid_base_operations;
	unlock_new_inode(inode);
	return inode;
}

int proc_pid_readdir(struct proc_dirents *d)
{
	struct task_struct *p;
	unsigned long flags;
	char name[12];

	proc_dir_emit(d, "self", 4, PROC_PID_INO(current->pid, 0));
	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &task_list, tasks) {
		int len;

		if (p->pid <= 0)	/* the idle tasks, as in Linux */
			continue;
		len = snprintf(name, sizeof(name), "%d", p->pid);
		proc_dir_emit(d, name, len, PROC_PID_INO(p->pid, 0));
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}
