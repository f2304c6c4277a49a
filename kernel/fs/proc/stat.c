/*
 * /proc/stat (Linux: fs/proc/stat.c, show_stat): the time each CPU spent
 * in user mode, in the kernel and idle, in USER_HZ ticks (1/100 s), then
 * interrupts, context switches, forks, and the tasks running and blocked
 * now. vmstat and top read it; what is counted is in kernel_stat.h.
 *
 *   cpu  user nice system idle iowait irq softirq steal guest guest_nice
 *   cpu0 ...                           one line per online CPU
 *   intr TOTAL COUNT-OF-IRQ-0 COUNT-OF-IRQ-1 ...
 *   ctxt N
 *   processes N
 *   procs_running N
 *   procs_blocked N
 *
 * Linux also prints btime (the boot time in seconds since 1970: Pagoda
 * has no clock of the date) and a softirq line (Pagoda has no softirqs).
 */
#include "fs/proc/internal.h"
#include "kernel_stat.h"
#include "irq.h"
#include "smp.h"
#include "printk.h"
#include "init.h"
#include "errno.h"

/* The columns, in the order /proc/stat prints them (not the enum's). */
static const enum cpu_usage_stat stat_columns[NR_STATS] = {
	CPUTIME_USER, CPUTIME_NICE, CPUTIME_SYSTEM, CPUTIME_IDLE, CPUTIME_IOWAIT,
	CPUTIME_IRQ, CPUTIME_SOFTIRQ, CPUTIME_STEAL, CPUTIME_GUEST, CPUTIME_GUEST_NICE,
};

static void show_cpu_line(struct seq_file *m, const char *name, const u64 *t)
{
	seq_puts(m, name);
	for (int i = 0; i < NR_STATS; i++)
		seq_printf(m, " %lu", (unsigned long)READ_ONCE(t[stat_columns[i]]));
	seq_putc(m, '\n');
}

/* Every interrupt taken: each CPU's count of its traps that were interrupts. */
static unsigned long intr_total(void)
{
	unsigned long sum = 0;

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		sum += READ_ONCE(cpu_info[cpu].irq_count);
	return sum;
}

static int show_stat(struct seq_file *m, void *v)
{
	unsigned long online = cpu_online_mask();
	u64 sum[NR_STATS] = { 0 };
	char name[16];

	(void)v;
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
		for (int i = 0; i < NR_STATS; i++)
			sum[i] += READ_ONCE(kcpustat_cpu(cpu).cpustat[i]);
	show_cpu_line(m, "cpu ", sum);
	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!(online & (1UL << cpu)))
			continue;
		snprintf(name, sizeof(name), "cpu%d", cpu);
		show_cpu_line(m, name, kcpustat_cpu(cpu).cpustat);
	}
	/* The timer and IPIs have no irq number here; they count in the total only. */
	seq_printf(m, "intr %lu", intr_total());
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		unsigned long n = 0;

		for (int cpu = 0; cpu < nr_cpu_ids; cpu++)
			n += irq_count(irq, cpu);
		seq_printf(m, " %lu", n);
	}
	seq_printf(m, "\nctxt %lu\n", nr_context_switches());
	seq_printf(m, "processes %lu\n", READ_ONCE(total_forks));
	seq_printf(m, "procs_running %u\n", nr_running());
	seq_printf(m, "procs_blocked %u\n", nr_iowait());
	return 0;
}

static int proc_stat_init(void)
{
	return proc_create_single("stat", 0444, NULL, show_stat) ? 0 : -ENOMEM;
}
fs_initcall(proc_stat_init);
