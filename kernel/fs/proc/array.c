/*
 * /proc/<pid>/status, stat, statm, comm and cmdline (Linux:
 * fs/proc/array.c, base.c): a task's identity, state, times and memory,
 * in Linux's field names and order, so ps and top-style tools read them
 * as they would on Linux.
 */
#include "fs/proc/internal.h"
#include "mm/user.h"
#include "timer.h"
#include "errno.h"
#include "param.h"
#include "mm/slab.h"

/* "R (running)" ... ; TASK_NEW reports as running, as in Linux. */
static const char *get_task_state(long state)
{
	if (state & TASK_DEAD)
		return "X (dead)";
	if (state & EXIT_ZOMBIE)
		return "Z (zombie)";
	if (state & TASK_UNINTERRUPTIBLE)
		return "D (disk sleep)";
	if (state & TASK_INTERRUPTIBLE)
		return "S (sleeping)";
	return "R (running)";
}

int proc_pid_status(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	seq_printf(m, "Name:\t%s\n", ti.comm);
	seq_printf(m, "State:\t%s\n", get_task_state(ti.state));
	seq_printf(m, "Tgid:\t%d\n", ti.pid);
	seq_printf(m, "Ngid:\t0\n");
	seq_printf(m, "Pid:\t%d\n", ti.pid);
	seq_printf(m, "PPid:\t%d\n", ti.ppid);
	seq_printf(m, "TracerPid:\t0\n");
	/* Pagoda has no users: everyone is root. */
	seq_printf(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	seq_printf(m, "FDSize:\t%d\n", NOFILE);
	seq_printf(m, "Kthread:\t%d\n", (ti.flags & PF_KTHREAD) ? 1 : 0);
	if (ti.mm)
		task_mem(m, ti.mm);
	seq_printf(m, "Threads:\t1\n");
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\n", ti.nvcsw);
	seq_printf(m, "nonvoluntary_ctxt_switches:\t%lu\n", ti.nivcsw);
	proc_task_info_put(&ti);
	return 0;
}

/*
 * The 52 space-separated fields of proc(5). Times are in clock ticks
 * (USER_HZ = 100, which is Pagoda's HZ); fields Pagoda has no notion of
 * (process groups, signals, scheduling policy) print 0, and rsslim
 * "unlimited".
 */
int proc_pid_stat(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	struct proc_mm_totals t = { 0 };
	struct mm_struct *mm;
	unsigned long rss = 0;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	mm = ti.mm;
	if (mm) {
		proc_mm_totals(mm, &t);
		rss = get_mm_rss(mm);
	}
	seq_printf(m, "%d (%s) %c %d 0 0 0 -1 %u %lu %lu %lu %lu %lu %lu 0 0 20 0 1 0 %lu",
		   ti.pid, ti.comm, get_task_state(ti.state)[0], ti.ppid, ti.flags,
		   ti.min_flt, ti.cmin_flt, ti.maj_flt, ti.cmaj_flt,
		   (unsigned long)ti.utime_ticks, (unsigned long)ti.stime_ticks,
		   (unsigned long)(ti.start_time / (1000000000UL / HZ)));
	seq_printf(m, " %lu %lu %lu %lu %lu %lu 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0",
		   t.total_vm << PAGE_SHIFT, rss, ~0UL,
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0, mm ? mm->start_stack : 0,
		   ti.on_cpu < 0 ? 0 : ti.on_cpu);
	seq_printf(m, " %lu %lu %lu %lu %lu %lu %lu %d\n",
		   mm ? mm->start_data : 0, mm ? mm->end_data : 0, mm ? mm->start_brk : 0,
		   mm ? mm->arg_start : 0, mm ? mm->arg_end : 0,
		   mm ? mm->env_start : 0, mm ? mm->env_end : 0, ti.exit_code);
	proc_task_info_put(&ti);
	return 0;
}

/* size resident shared text lib data dt, in pages (lib and dt are always 0 in Linux too). */
int proc_pid_statm(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	struct proc_mm_totals t = { 0 };
	unsigned long rss = 0, shared = 0, text = 0;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	if (ti.mm) {
		proc_mm_totals(ti.mm, &t);
		shared = get_mm_counter(ti.mm, MM_FILEPAGES) + get_mm_counter(ti.mm, MM_SHMEMPAGES);
		rss = shared + get_mm_counter(ti.mm, MM_ANONPAGES);
		text = (PAGE_ALIGN(ti.mm->end_code) - (ti.mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	}
	seq_printf(m, "%lu %lu %lu %lu 0 %lu 0\n", t.total_vm, rss, shared, text,
		   t.data_vm + t.stack_vm);
	proc_task_info_put(&ti);
	return 0;
}

/* "name\n" (Linux: comm_show). */
int proc_pid_comm(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	seq_printf(m, "%s\n", ti.comm);
	proc_task_info_put(&ti);
	return 0;
}

/* The argument strings as exec left them on the stack, each ending in NUL. */
void proc_mm_cmdline(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long start, len;
	char *buf;
	int n;

	mmap_read_lock(mm);
	start = mm->arg_start;
	len = mm->arg_end > start ? mm->arg_end - start : 0;
	mmap_read_unlock(mm);
	/* Linux reads any length page by page; exec's argument limit keeps this small. */
	len = min(len, PROC_CMDLINE_MAX);
	buf = len ? kmalloc(len, GFP_KERNEL) : NULL;
	/* It takes the mmap lock itself, and may fault the pages in. */
	n = buf ? access_remote_vm(mm, start, buf, len, false) : 0;
	if (n > 0)
		seq_write(m, buf, n);
	kfree(buf);
}

/* Empty for kernel threads and zombies, as in Linux. */
int proc_pid_cmdline(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	if (ti.mm)
		proc_mm_cmdline(m, ti.mm);
	proc_task_info_put(&ti);
	return 0;
}
