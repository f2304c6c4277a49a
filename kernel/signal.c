/*
 * kill() (Linux: kernel/signal.c). Pagoda has one signal, SIGKILL's
 * effect: the task is marked, woken if it sleeps interruptibly, and
 * exits the next time it would return to user mode. Linux queues real
 * signals, with handlers, masks and sixty-four numbers.
 */
#include "sched.h"
#include "sched/internal.h"
#include "errno.h"
#include "syscalls.h"

int kill_pid(int pid)
{
	struct task_struct *p;
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	p = find_task_by_pid(pid);
	if (!p || p->__state == EXIT_ZOMBIE || (p->flags & PF_KTHREAD))
		err = -ESRCH;
	else if (p == init_task_user)
		err = -EPERM;	/* Linux silently ignores signals init has no handler for */
	else
		signal_wake_up(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

long sys_kill(int pid)
{
	if (pid <= 0)
		return -EINVAL;	/* process groups (pid <= 0) are not supported */
	return kill_pid(pid);
}
