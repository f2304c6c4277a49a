/*
 * A process's memory as /proc shows it (Linux: fs/proc/task_mmu.c): the
 * Vm and Rss lines of /proc/<pid>/status, and /proc/<pid>/maps, one line
 * per VMA. Both read the VMA list under mm->mmap_lock.
 */
#include "fs/proc/internal.h"
#include "mm/user.h"
#include "errno.h"

/*
 * Linux's classes (mm/mmap.c vm_stat_account): the stack grows down;
 * data is private and writable; exec is executable and not writable.
 */
void proc_mm_totals(struct mm_struct *mm, struct proc_mm_totals *t)
{
	struct vm_area_struct *vma;

	*t = (struct proc_mm_totals){ 0 };
	mmap_read_lock(mm);
	for_each_vma(mm, vma) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
		unsigned long f = vma->vm_flags;

		t->total_vm += pages;
		if (f & VM_GROWSDOWN)
			t->stack_vm += pages;
		else if ((f & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			t->data_vm += pages;
		else if ((f & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			t->exec_vm += pages;
	}
	mmap_read_unlock(mm);
}

/* "VmRSS:\t    1234 kB" */
static void show_vm_kb(struct seq_file *m, const char *name, unsigned long kb)
{
	seq_printf(m, "%s:\t%8lu kB\n", name, kb);
}

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

/* Linux also prints VmPeak (needs hiwater_vm), VmLck, VmPin and VmSwap; Pagoda has none yet. */
void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long anon = get_mm_counter(mm, MM_ANONPAGES);
	unsigned long file = get_mm_counter(mm, MM_FILEPAGES);
	unsigned long shmem = get_mm_counter(mm, MM_SHMEMPAGES);
	unsigned long rss = anon + file + shmem, hiwater = max(READ_ONCE(mm->hiwater_rss), rss);
	unsigned long text, lib;
	struct proc_mm_totals t;

	proc_mm_totals(mm, &t);
	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> 10;
	lib = K(t.exec_vm) > text ? K(t.exec_vm) - text : 0;
	show_vm_kb(m, "VmSize", K(t.total_vm));
	show_vm_kb(m, "VmHWM", K(hiwater));
	show_vm_kb(m, "VmRSS", K(rss));
	show_vm_kb(m, "RssAnon", K(anon));
	show_vm_kb(m, "RssFile", K(file));
	show_vm_kb(m, "RssShmem", K(shmem));
	show_vm_kb(m, "VmData", K(t.data_vm));
	show_vm_kb(m, "VmStk", K(t.stack_vm));
	show_vm_kb(m, "VmExe", text);
	show_vm_kb(m, "VmLib", lib);
	show_vm_kb(m, "VmPTE", (unsigned long)atomic_long_read(&mm->pgtables_bytes) >> 10);
	show_vm_kb(m, "VmSwap", K(get_mm_counter(mm, MM_SWAPENTS)));
}

/* The [heap] and [stack] labels of anonymous mappings. */
static const char *vma_name(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/*
 * "start-end perms offset major:minor inode   name": the name starts at
 * column 73 as in Linux (seq_setwidth(25 + 6 * sizeof(void *))). A file
 * mapping prints the path it was opened by (Linux builds the absolute
 * path from the dentries, d_path; Pagoda has none).
 */
static void show_map_vma(struct seq_file *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long f = vma->vm_flags, ino = 0, pgoff = 0;
	size_t line = m->count;
	const char *name = NULL;
	dev_t dev = 0;

	if (vma->vm_file && vma->vm_file->f_inode) {
		struct inode *inode = vma->vm_file->f_inode;

		dev = inode->i_sb->s_dev;
		ino = inode->i_ino;
		pgoff = vma->vm_pgoff << PAGE_SHIFT;
		name = vma->vm_file->f_path;
	} else {
		name = vma_name(mm, vma);
	}
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", vma->vm_start, vma->vm_end,
		   f & VM_READ ? 'r' : '-', f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
		   f & VM_MAYSHARE ? 's' : 'p', pgoff, MAJOR(dev), MINOR(dev), ino);
	if (name) {
		seq_pad_to(m, line, 25 + 6 * sizeof(void *) - 1);
		seq_putc(m, ' ');
		seq_puts(m, name);
	}
	seq_putc(m, '\n');
}

void proc_maps_show_mm(struct seq_file *m, struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	mmap_read_lock(mm);
	for_each_vma(mm, vma)
		show_map_vma(m, mm, vma);
	mmap_read_unlock(mm);
}

/* Kernel threads and zombies have no mm: an empty file, as in Linux. */
int proc_pid_maps(struct seq_file *m, int pid)
{
	struct proc_task_info ti;
	int err = proc_task_info_get(pid, &ti);

	if (err)
		return err;
	if (ti.mm)
		proc_maps_show_mm(m, ti.mm);
	proc_task_info_put(&ti);
	return 0;
}
