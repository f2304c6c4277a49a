/*
 * Creating tasks: kernel threads and fork() (Linux: kernel/fork.c).
 *
 * A task gets a task_struct from its slab cache and a kernel stack from
 * vmalloc, so an overflow runs into vmalloc's unmapped guard page instead
 * of the next task's memory (Linux: CONFIG_VMAP_STACK). fork() gives the
 * child a copy of the parent's address space (dup_mm; in this issue
 * every page is copied at once: copy-on-write is the next issue's), its
 * open files and current directory.
 */
#include "sched.h"
#include "sched/internal.h"
#include "fork.h"
#include "kernel_stat.h"
#include "ptrace.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "timer.h"
#include "fs/vfs.h"
#include "mm/swap.h"
#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/mm_types.h"
#include "mm/user.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/tlbflush.h"
#include "riscv.h"
#include "memlayout.h"

DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(task_list);
struct task_struct *init_task_user;
static int nr_threads;			/* tasks alive, for the NPROC limit */
unsigned long total_forks;		/* tasks made since boot (tasklist_lock) */
static int last_pid;

static struct kmem_cache *task_struct_cachep;

void fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct", sizeof(struct task_struct), 64,
					       SLAB_PANIC, NULL);
}

struct pt_regs *task_pt_regs(struct task_struct *p)
{
	return (struct pt_regs *)((char *)p->stack + KSTACK_SIZE) - 1;
}

/* Next free pid, wrapping below PID_MAX (Linux: alloc_pid with an IDR). */
static int alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;

		last_pid = pid;
		if (!find_task_by_pid(pid))
			return pid;
	}
	return -EAGAIN;
}

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (p->pid == pid)
			return p;
	return NULL;
}

/* Kernel stacks are counted in kB against the node their pages came from, as in Linux. */
static void account_kernel_stack(void *stack, int sign)
{
	for (unsigned long off = 0; off < KSTACK_SIZE; off += PAGE_SIZE) {
		struct page *page = vmalloc_to_page((char *)stack + off);

		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_KERNEL_STACK_KB,
				    sign * (long)(PAGE_SIZE / 1024));
	}
}

/* A zeroed task with a stack, not yet visible to anyone. */
static struct task_struct *alloc_task(void)
{
	struct task_struct *p = kmem_cache_alloc(task_struct_cachep, GFP_KERNEL);

	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p));
	p->stack = vmalloc(KSTACK_SIZE);
	if (!p->stack) {
		kmem_cache_free(task_struct_cachep, p);
		return NULL;
	}
	account_kernel_stack(p->stack, 1);
	p->on_cpu = -1;
	p->__state = TASK_NEW;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->run_list);
	p->start_time = ktime_get_ns();
	return p;
}

void free_task(struct task_struct *p)
{
	account_kernel_stack(p->stack, -1);
	vfree(p->stack);
	kmem_cache_free(task_struct_cachep, p);
}

/* Give p a pid and a parent and make it visible; -EAGAIN past NPROC. */
static int attach_task(struct task_struct *p, struct task_struct *parent)
{
	unsigned long flags;
	int pid;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (nr_threads >= NPROC || (pid = alloc_pid()) < 0) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -EAGAIN;
	}
	p->pid = pid;
	p->parent = parent;
	if (parent)
		list_add_tail(&p->sibling, &parent->children);
	list_add_tail(&p->tasks, &task_list);
	nr_threads++;
	total_forks++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

/* Called by release_task() with tasklist_lock held. */
void detach_task(struct task_struct *p)
{
	list_del(&p->tasks);
	list_del_init(&p->sibling);
	nr_threads--;
}

int nr_tasks(void)
{
	return READ_ONCE(nr_threads);
}

void set_task_comm(struct task_struct *p, const char *name)
{
	strlcpy(p->comm, name, TASK_COMM_LEN);
}

/* The first switch to p enters ret_from_fork with s0 = fn, s1 = arg. */
static void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg)
{
	p->thread.ra = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)task_pt_regs(p);
	p->thread.s[0] = (unsigned long)fn;
	p->thread.s[1] = (unsigned long)arg;
}

static struct task_struct *create_kthread(int (*fn)(void *), void *arg, const char *name,
					  struct task_struct *parent)
{
	struct task_struct *p = alloc_task();

	if (!p)
		return NULL;
	p->flags = PF_KTHREAD;
	set_task_comm(p, name);
	memset(task_pt_regs(p), 0, sizeof(struct pt_regs));
	copy_thread(p, fn, arg);
	if (attach_task(p, parent)) {
		free_task(p);
		return NULL;
	}
	wake_up_new_task(p);
	return p;
}

struct task_struct *kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	return create_kthread(fn, arg, name, current && current->pid ? current : NULL);
}

/*
 * A kernel daemon (the flusher, kswapd): nobody's child, so no wait()
 * ever meets it, and it must never exit (Linux: kthread_run, whose
 * threads are children of kthreadd, pid 2).
 */
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	return create_kthread(fn, arg, name, NULL);
}

/*
 * ret_from_fork: a kernel thread's function returned. If it exec'd a
 * program (kernel_init does) the task goes on to user mode; otherwise it
 * exits with the function's return value.
 */
void kthread_exit_or_user(int ret)
{
	if (!current->mm)
		do_exit(ret);
}

long sys_fork(void)
{
	struct task_struct *parent = current, *p;
	struct pt_regs *regs;
	int err = -ENOMEM;

	p = alloc_task();
	if (!p)
		return -ENOMEM;
	set_task_comm(p, parent->comm);
	p->oom_score_adj = parent->oom_score_adj;
	p->mm = dup_mm(parent->mm);
	if (!p->mm)
		goto bad_free_task;
	p->active_mm = p->mm;
	p->files = dup_fd(parent->files);
	if (!p->files)
		goto bad_put_mm;
	p->cwd = parent->cwd;
	if (p->cwd)
		ihold(p->cwd);

	regs = task_pt_regs(p);
	*regs = *task_pt_regs(parent);
	regs->a0 = 0;			/* fork() returns 0 in the child */
	copy_thread(p, NULL, NULL);

	err = attach_task(p, parent);
	if (err)
		goto bad_put_cwd;
	wake_up_new_task(p);
	return p->pid;

bad_put_cwd:
	if (p->cwd)
		iput(p->cwd);
	put_files_struct(p->files);
bad_put_mm:
	mmput(p->mm);
bad_free_task:
	free_task(p);
	return err;
}

/* ---- address spaces (Linux keeps these in kernel/fork.c as well) ---- */

static struct kmem_cache *mm_cachep, *vm_area_cachep;

void proc_caches_init(void)
{
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 64, SLAB_PANIC, NULL);
	anon_vma_init();
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0,
					   SLAB_PANIC, NULL);
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (!vma)
		return NULL;
	memset(vma, 0, sizeof(*vma));
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->shared);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	return vma;
}

/* A copy of orig, not linked anywhere; the caller takes the file and anon_vma references. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep, GFP_KERNEL);

	if (!vma)
		return NULL;
	*vma = *orig;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->shared);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	vma->anon_vma = NULL;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	kmem_cache_free(vm_area_cachep, vma);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmem_cache_alloc(mm_cachep, GFP_KERNEL);

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	INIT_LIST_HEAD(&mm->mmap);
	INIT_LIST_HEAD(&mm->mmlist);
	atomic_set(&mm->mm_users, 1);
	atomic_set(&mm->mm_count, 1);
	spin_lock_init(&mm->page_table_lock, "page_table_lock");
	mutex_init(&mm->mmap_lock, "mmap_lock");
	/* mmap() searches down from here, leaving the stack room to grow (Linux: mmap_base). */
	mm->mmap_base = USER_STACK_TOP - max(STACK_RLIMIT + STACK_GUARD_GAP, 128UL << 20);
	if (pgd_alloc(mm)) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	return mm;
}

void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->mm_users))
		return;
	exit_mmap(mm);
	mmlist_del(mm);
	if (mm->exe_file) {
		allow_write_access(mm->exe_file->f_inode);
		fput(mm->exe_file);
	}
	mmdrop(mm);
}

/* The users together hold one mm_count; the OOM reaper holds another while it waits. */
void mmdrop(struct mm_struct *mm)
{
	if (atomic_dec_and_test(&mm->mm_count))
		kmem_cache_free(mm_cachep, mm);
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	mutex_lock(&oldmm->mmap_lock);
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	if (oldmm->exe_file) {
		/* Cannot fail: the parent's denial is in force. */
		deny_write_access(oldmm->exe_file->f_inode);
		mm->exe_file = get_file(oldmm->exe_file);
	}
	if (dup_mmap(mm, oldmm)) {
		mutex_unlock(&oldmm->mmap_lock);
		mmput(mm);
		return NULL;
	}
	mm->hiwater_rss = get_mm_rss(mm);
	mutex_unlock(&oldmm->mmap_lock);
	return mm;
}
