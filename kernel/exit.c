/*
 * Ending tasks: exit() and wait() (Linux: kernel/exit.c).
 *
 * An exiting task frees what it can itself (files, directory, address
 * space), hands its children to init, and becomes a zombie holding only
 * its task_struct, kernel stack and exit code. Its parent's wait() frees
 * those, after the zombie has switched away from its stack for good.
 *
 * Lock order: tasklist_lock, then rq_lock (taken inside wakeup()).
 */
#include "sched.h"
#include "sched/internal.h"
#include "fork.h"
#include "errno.h"
#include "panic.h"
#include "printk.h"
#include "uaccess.h"
#include "syscalls.h"
#include "fs/vfs.h"
#include "mm/user.h"

/* Give p's children to init; wake init if one of them is already a zombie. */
static void forget_original_parent(struct task_struct *p)
{
	struct task_struct *child, *tmp;
	bool zombie = false;

	list_for_each_entry_safe(child, tmp, &p->children, sibling) {
		child->parent = init_task_user;
		list_move_tail(&child->sibling, &init_task_user->children);
		if (child->__state == EXIT_ZOMBIE)
			zombie = true;
	}
	if (zombie)
		wakeup(init_task_user);
}

/* Drop the user address space; run on the kernel-only page table from now on. */
static void exit_mm(struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	unsigned long flags;

	if (!mm)
		return;
	switch_to_kernel_mm();
	/* Under tasklist_lock, so /proc (which takes a reference under it) sees old or NULL. */
	spin_lock_irqsave(&tasklist_lock, flags);
	p->mm = NULL;
	p->active_mm = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	mmput(mm);
}

void __noreturn do_exit(int code)
{
	struct task_struct *p = current;

	if (p == init_task_user)
		panic("Attempted to kill init! exitcode=%d", code);
	p->flags |= PF_EXITING;
	if (p->files) {
		put_files_struct(p->files);
		p->files = NULL;
	}
	if (p->cwd) {
		iput(p->cwd);
		p->cwd = NULL;
	}
	exit_mm(p);

	/* Interrupts stay off from here: the next task's schedule_tail() turns them on. */
	local_irq_disable();
	spin_lock(&tasklist_lock);
	forget_original_parent(p);
	p->exit_code = code;
	if (p->parent)
		wakeup(p->parent);
	/* Zombie and switch away in one step under rq_lock: nothing may run us again. */
	spin_lock(&rq_lock);
	p->__state = EXIT_ZOMBIE;
	spin_unlock(&tasklist_lock);
	__schedule_locked();
	panic("do_exit: zombie %d ran again", p->pid);
}

long sys_exit(int status)
{
	do_exit(status);
}

/* Free a zombie that has been unlinked from its parent (Linux: release_task). */
static void release_task(struct task_struct *p)
{
	wait_task_inactive(p);
	free_task(p);
}

int kernel_wait(int *exit_code)
{
	struct task_struct *me = current, *child, *zombie;
	unsigned long flags;
	int pid, code;

	spin_lock_irqsave(&tasklist_lock, flags);
	for (;;) {
		zombie = NULL;
		list_for_each_entry(child, &me->children, sibling) {
			if (child->__state == EXIT_ZOMBIE) {
				zombie = child;
				break;
			}
		}
		if (zombie)
			break;
		if (list_empty(&me->children)) {
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return -ECHILD;
		}
		if (fatal_signal_pending(me)) {
			spin_unlock_irqrestore(&tasklist_lock, flags);
			return -EINTR;
		}
		sleep(me, &tasklist_lock);
	}
	pid = zombie->pid;
	code = zombie->exit_code;
	/* A reaped child's faults count as the parent's children's (Linux: wait_task_zombie). */
	me->cmin_flt += zombie->min_flt + zombie->cmin_flt;
	me->cmaj_flt += zombie->maj_flt + zombie->cmaj_flt;
	detach_task(zombie);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	release_task(zombie);
	*exit_code = code;
	return pid;
}

long sys_wait(int __user *status)
{
	int code, pid;

	/* Refuse a pointer that can never work before reaping, so the child is not lost. */
	if (status && !access_ok(status, sizeof(*status)))
		return -EFAULT;
	pid = kernel_wait(&code);
	/* xv6 reports the exit() argument itself, not Linux's encoded wait status. */
	if (pid > 0 && status && put_user(code, status))
		return -EFAULT;
	return pid;
}
