/*
 * One line per task for the console's ^P and oops reports (Linux:
 * kernel/sched/core.c show_state / sched_show_task; xv6: procdump), and
 * might_sleep's check (Linux: __might_sleep, kernel/sched/core.c).
 */
#include "sched.h"
#include "printk.h"
#include "panic.h"

int might_sleep_reports;

void __might_sleep(const char *file, int line)
{
	struct cpu_info *c = this_cpu();

	if (likely(!c->locks_held && !c->hardirq_depth) || oops_in_progress)
		return;
	/* The first few in full; Linux rate-limits to one a second. */
	if (__atomic_fetch_add(&might_sleep_reports, 1, __ATOMIC_RELAXED) >= 64)
		return;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_interrupt(): %d, spinlocks held: %d, pid: %d, name: %s\n",
	       c->hardirq_depth != 0, c->locks_held, current ? current->pid : 0,
	       current ? current->comm : "-");
	dump_stack();
}

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
