/*
 * /proc/uptime (Linux: fs/proc/uptime.c): seconds since boot, and the
 * seconds all CPUs together spent idle, each with two decimals.
 */
#include "fs/proc/internal.h"
#include "sched.h"
#include "smp.h"
#include "timer.h"
#include "init.h"
#include "errno.h"

/* Time charged to the idle tasks; 0 while the scheduler does not charge it. */
static u64 idle_ns(void)
{
	u64 ticks = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct task_struct *idle = READ_ONCE(cpu_info[cpu].idle);

		if (idle)	/* idle tasks are never freed */
			ticks += READ_ONCE(idle->utime_ticks) + READ_ONCE(idle->stime_ticks);
	}
	return ticks * (1000000000ULL / HZ);
}

static int uptime_proc_show(struct seq_file *m, void *v)
{
	u64 up = ktime_get_ns(), idle = idle_ns();

	(void)v;
	seq_printf(m, "%lu.%02lu %lu.%02lu\n",
		   (unsigned long)(up / 1000000000), (unsigned long)(up % 1000000000 / 10000000),
		   (unsigned long)(idle / 1000000000), (unsigned long)(idle % 1000000000 / 10000000));
	return 0;
}

static int proc_uptime_init(void)
{
	return proc_create_single("uptime", 0444, NULL, uptime_proc_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_uptime_init);
