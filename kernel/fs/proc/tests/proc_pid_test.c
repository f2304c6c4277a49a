/*
 * Tests of /proc/<pid> (base.c, array.c, task_mmu.c): the files of the
 * running task, -ESRCH/-ENOENT for a pid nobody has, a task that exits
 * while its file is open, and maps, the Vm lines and cmdline of an
 * address space the test builds itself.
 */
#include "kunit/test.h"
#include "fs/proc/tests/proc_test.h"
#include "mm/user.h"
#include "printk.h"
#include "err.h"
#include "completion.h"
#include "fcntl.h"

/* A pid no task has (scanning down from the top of the pid space). */
static int unused_pid(void)
{
	unsigned long flags;
	int pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	for (pid = 32767; pid > 1 && find_task_by_pid(pid); pid--)
		;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return pid;
}

static void proc_pid_status_of_current(struct kunit *test)
{
	struct pid_show_arg arg;
	struct seq_file m;
	char want[48];

	KUNIT_ASSERT_EQ(test, proc_render_pid(proc_pid_status, current->pid, &m, &arg), 0);
	snprintf(want, sizeof(want), "Name:\t%s\n", current->comm);
	KUNIT_EXPECT_TRUE(test, m.buf == find_line(&m, want));	/* the first line */
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "State:\tR (running)\n"));
	snprintf(want, sizeof(want), "Pid:\t%d\n", current->pid);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, want));
	snprintf(want, sizeof(want), "Tgid:\t%d\n", current->pid);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, want));
	snprintf(want, sizeof(want), "PPid:\t%d\n", current->parent ? current->parent->pid : 0);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, want));
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "Threads:\t1\n"));
	/* Vm lines exactly when the task has an address space. */
	KUNIT_EXPECT_EQ(test, find_line(&m, "VmRSS:\t") != NULL, current->mm != NULL);
	seq_release_buf(&m);
}

/* 52 fields; pid, (comm) and state first. */
static void proc_pid_stat_has_52_fields(struct kunit *test)
{
	struct pid_show_arg arg;
	struct seq_file m;
	const char *f[60];
	char want[48];

	KUNIT_ASSERT_EQ(test, proc_render_pid(proc_pid_stat, current->pid, &m, &arg), 0);
	KUNIT_EXPECT_EQ(test, split_fields(m.buf, f, 60), 52);
	snprintf(want, sizeof(want), "%d (%s) R ", current->pid, current->comm);
	KUNIT_EXPECT_EQ(test, strncmp(m.buf, want, strlen(want)), 0);
	KUNIT_EXPECT_EQ(test, m.buf[m.count - 1], '\n');
	seq_release_buf(&m);
	KUNIT_ASSERT_EQ(test, proc_render_pid(proc_pid_statm, current->pid, &m, &arg), 0);
	KUNIT_EXPECT_EQ(test, split_fields(m.buf, f, 60), 7);
	seq_release_buf(&m);
}

static void proc_pid_missing_is_esrch(struct kunit *test)
{
	int (*const shows[])(struct seq_file *, int) = {
		proc_pid_status, proc_pid_stat, proc_pid_statm, proc_pid_maps, proc_pid_comm,
		proc_pid_cmdline,
	};
	int pid = unused_pid();
	struct pid_show_arg arg;
	struct seq_file m;

	KUNIT_ASSERT_GT(test, pid, 1);
	for (unsigned int i = 0; i < ARRAY_SIZE(shows); i++) {
		KUNIT_EXPECT_EQ(test, proc_render_pid(shows[i], pid, &m, &arg), -ESRCH);
		KUNIT_EXPECT_NULL(test, m.buf);
	}
}

static struct vm_area_struct *add_vma(struct kunit *test, struct mm_struct *mm,
				      unsigned long start, unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	KUNIT_EXPECT_NOT_NULL(test, vma);
	if (!vma)
		return NULL;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		KUNIT_EXPECT_TRUE(test, false);
		return NULL;
	}
	return vma;
}

static int maps_show(struct seq_file *m, void *v)
{
	proc_maps_show_mm(m, v);
	return 0;
}

static int task_mem_show(struct seq_file *m, void *v)
{
	task_mem(m, v);
	return 0;
}

/* Text, heap and stack, three heap pages touched: what maps and the Vm lines say. */
static void proc_maps_and_vm_lines_of_an_mm(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *heap;
	struct seq_file m = { .show = maps_show };
	const char *l;
	unsigned long v;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	mm->start_code = 0x10000;
	mm->end_code = 0x11800;
	mm->start_brk = 0x20000;
	mm->brk = 0x24000;
	mm->start_stack = 0x3fffff0;
	add_vma(test, mm, 0x10000, 0x12000, VM_READ | VM_EXEC);
	heap = add_vma(test, mm, 0x20000, 0x24000, VM_READ | VM_WRITE);
	add_vma(test, mm, 0x3ff0000, 0x4000000, VM_READ | VM_WRITE | VM_GROWSDOWN);
	KUNIT_ASSERT_NOT_NULL(test, heap);
	KUNIT_EXPECT_EQ(test, populate_vma_page_range(heap, 0x20000, 0x23000), 0);

	m.private = mm;
	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_EQ(test, count_lines(&m, ""), 3);
	l = find_line(&m, "00010000-00012000 r-xp 00000000 00:00 0 ");
	KUNIT_EXPECT_TRUE(test, l == m.buf);
	if (l)
		KUNIT_EXPECT_EQ(test, line_len(l), 40);	/* no name for text */
	l = find_line(&m, "00020000-00024000 rw-p 00000000 00:00 0 ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, strncmp(l + 73, "[heap]\n", 7), 0);	/* Linux's column */
	KUNIT_EXPECT_EQ(test, l[72], ' ');
	l = find_line(&m, "03ff0000-04000000 rw-p 00000000 00:00 0 ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, strncmp(l + 73, "[stack]\n", 8), 0);
	seq_release_buf(&m);

	m = (struct seq_file){ .show = task_mem_show, .private = mm };
	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "VmSize:\t      88 kB\n"));	/* 2 + 4 + 16 pages */
	KUNIT_EXPECT_TRUE(test, line_value(&m, "VmRSS:", &v) && v == 12);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "RssAnon:", &v) && v == 12);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "RssFile:", &v) && v == 0);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "RssShmem:", &v) && v == 0);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "VmData:", &v) && v == 16);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "VmStk:", &v) && v == 64);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "VmExe:", &v) && v == 8);
	KUNIT_EXPECT_TRUE(test, line_value(&m, "VmHWM:", &v) && v >= 12);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "VmPTE:\t"));
	seq_release_buf(&m);
	mmput(mm);
}

static void proc_pid_comm_of_current(struct kunit *test)
{
	struct pid_show_arg arg;
	struct seq_file m;
	char want[TASK_COMM_LEN + 2];

	KUNIT_ASSERT_EQ(test, proc_render_pid(proc_pid_comm, current->pid, &m, &arg), 0);
	snprintf(want, sizeof(want), "%s\n", current->comm);
	KUNIT_EXPECT_EQ(test, strcmp(m.buf, want), 0);
	seq_release_buf(&m);
	KUNIT_EXPECT_EQ(test, proc_render_pid(proc_pid_cmdline, unused_pid(), &m, &arg), -ESRCH);
}

static int cmdline_show(struct seq_file *m, void *v)
{
	proc_mm_cmdline(m, v);
	return 0;
}

/* cmdline is the bytes between arg_start and arg_end, NULs included. */
static void proc_cmdline_of_an_mm(struct kunit *test)
{
	static const char args[] = "sh\0-c\0echo hi";	/* and the final NUL */
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *vma;
	struct seq_file m = { .show = cmdline_show };

	KUNIT_ASSERT_NOT_NULL(test, mm);
	vma = add_vma(test, mm, 0x40000, 0x41000, VM_READ | VM_WRITE | VM_GROWSDOWN);
	KUNIT_ASSERT_NOT_NULL(test, vma);
	KUNIT_ASSERT_EQ(test, populate_vma_page_range(vma, 0x40000, 0x41000), 0);
	mm->arg_start = 0x40ff0 - sizeof(args);
	mm->arg_end = mm->arg_start + sizeof(args);
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, mm->arg_start, (void *)args, sizeof(args), true),
			(int)sizeof(args));
	m.private = mm;
	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_EQ(test, m.count, sizeof(args));
	KUNIT_EXPECT_EQ(test, memcmp(m.buf, args, sizeof(args)), 0);
	seq_release_buf(&m);
	mm->arg_end = mm->arg_start;	/* no arguments: an empty file */
	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_EQ(test, m.count, 0);
	seq_release_buf(&m);
	mmput(mm);
}

static int waiter(void *arg)
{
	wait_for_completion(arg);
	return 7;
}

static bool status_says(int pid, const char *line)
{
	struct pid_show_arg arg;
	struct seq_file m;
	bool found;

	if (proc_render_pid(proc_pid_status, pid, &m, &arg))
		return false;
	found = find_line(&m, line) != NULL;
	seq_release_buf(&m);
	return found;
}

/*
 * A task seen alive, then as a zombie, then gone: its files say so, and
 * one left open keeps its text (rendered at open) without touching the
 * freed task.
 */
static void proc_pid_of_a_task_that_exits(struct kunit *test)
{
	struct completion done;
	struct task_struct *t;
	struct file *f = NULL;
	char path[40], buf[64];
	int pid, code = 0, reaped;

	init_completion(&done);
	t = kernel_thread(waiter, &done, "proc_waiter");
	KUNIT_ASSERT_NOT_NULL(test, t);
	pid = t->pid;	/* t stays until we reap it: we are its parent */
	KUNIT_EXPECT_TRUE(test, status_says(pid, "Name:\tproc_waiter\n"));
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		f = NULL;	/* /proc not mounted: the rest still holds */
	complete(&done);
	while (READ_ONCE(t->__state) != EXIT_ZOMBIE)
		yield();
	KUNIT_EXPECT_TRUE(test, status_says(pid, "State:\tZ (zombie)\n"));
	KUNIT_EXPECT_FALSE(test, status_says(pid, "VmRSS:"));
	do
		reaped = kernel_wait(&code);
	while (reaped > 0 && reaped != pid);
	KUNIT_EXPECT_EQ(test, reaped, pid);
	KUNIT_EXPECT_EQ(test, code, 7);
	KUNIT_EXPECT_FALSE(test, status_says(pid, "Name:"));
	if (f) {
		KUNIT_EXPECT_EQ(test, kernel_read(f, buf, 18, NULL), 18);
		KUNIT_EXPECT_EQ(test, memcmp(buf, "Name:\tproc_waiter\n", 18), 0);
		fput(f);
		KUNIT_EXPECT_EQ(test, PTR_ERR(filp_open(path, O_RDONLY, 0)), -ENOENT);
	}
}

static struct kunit_case proc_pid_cases[] = {
	KUNIT_CASE(proc_pid_status_of_current),
	KUNIT_CASE(proc_pid_stat_has_52_fields),
	KUNIT_CASE(proc_pid_missing_is_esrch),
	KUNIT_CASE(proc_maps_and_vm_lines_of_an_mm),
	KUNIT_CASE(proc_pid_comm_of_current),
	KUNIT_CASE(proc_cmdline_of_an_mm),
	KUNIT_CASE(proc_pid_of_a_task_that_exits),
	{}
};

static struct kunit_suite proc_pid_suite = {
	.name = "proc_pid",
	.test_cases = proc_pid_cases,
};
kunit_test_suite(proc_pid_suite);
