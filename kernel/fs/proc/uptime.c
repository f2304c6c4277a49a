/*
 * /proc/uptime (Linux: fs/proc/uptime.c): seconds since boot, and the
 * seconds all CPUs together spent idle, each with two decimals.
 */
#include "fs/proc/internal.h"
#include "kernel_stat.h"
#include "smp.h"
#include "timer.h"
#include "init.h"
#include "errno.h"

/* Idle time of every CPU together, as Linux sums CPUTIME_IDLE (kernel_stat.h). */
static u64 idle_ns(void)
{
	u64 ticks = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		ticks += READ_ONCE(kcpustat_cpu(cpu).cpustat[CPUTIME_IDLE]);
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
