/*
 * One line per task for the console's ^P and oops reports (Linux:
 * kernel/sched/core.c show_state / sched_show_task; xv6: procdump).
 */
#include "sched.h"
#include "printk.h"

const char *task_state_name(const struct task_struct *p)
{
	switch (p->__state) {
	case TASK_RUNNING: return p->on_cpu >= 0 ? "running" : "runnable";
	case TASK_INTERRUPTIBLE: return "sleeping";
	case TASK_UNINTERRUPTIBLE: return "disk-sleep";
	case EXIT_ZOMBIE: return "zombie";
	case TASK_NEW: return "new";
	default: return "dead";
	}
}

void show_state(void)
{
	struct task_struct *p;
	unsigned long flags;

	/* A trylock: ^P must not hang a console whose hart holds the lock. */
	local_irq_save(flags);
	if (!spin_trylock(&tasklist_lock)) {
		local_irq_restore(flags);
		pr_info("show_state: task list busy\n");
		return;
	}
	pr_info("  PID  PPID STATE      CPU COMM\n");
	list_for_each_entry(p, &task_list, tasks)
		pr_info("%5d %5d %-10s %3d %s\n", p->pid, p->parent ? p->parent->pid : 0,
			task_state_name(p), p->on_cpu, p->comm);
	spin_unlock(&tasklist_lock);
	local_irq_restore(flags);
}
