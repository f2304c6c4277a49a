/*
 * What /proc/stat counts: each CPU's time by kind, context switches,
 * forks, and the tasks running or blocked now (Linux:
 * include/linux/kernel_stat.h, include/linux/sched/stat.h).
 *
 * Time is in timer ticks. HZ is 100, the same as USER_HZ, the unit
 * /proc/stat prints, so ticks are printed as they are. scheduler_tick()
 * gives each whole tick to what the hart was doing when it came: user
 * or system time of a task, or idle (iowait if a task that slept on this
 * hart waits for the disk). Linux does the same without
 * CONFIG_VIRT_CPU_ACCOUNTING, counting nanoseconds per tick.
 */
#ifndef _KERNEL_KERNEL_STAT_H
#define _KERNEL_KERNEL_STAT_H

#include "types.h"
#include "smp.h"

/* Linux's enum, in Linux's order (/proc/stat prints another: fs/proc/stat.c). */
enum cpu_usage_stat {
	CPUTIME_USER,
	CPUTIME_NICE,		/* Pagoda has no nice: always 0 */
	CPUTIME_SYSTEM,
	CPUTIME_SOFTIRQ,	/* no softirqs either: 0 */
	CPUTIME_IRQ,		/* interrupts are charged to what they interrupt: 0 */
	CPUTIME_IDLE,
	CPUTIME_IOWAIT,
	CPUTIME_STEAL,		/* time the hypervisor ran others: 0 */
	CPUTIME_GUEST,
	CPUTIME_GUEST_NICE,
	NR_STATS,
};

struct kernel_cpustat {
	u64 cpustat[NR_STATS];	/* ticks, written only by its own CPU */
};

extern struct kernel_cpustat kernel_cpustat[NR_CPUS];
#define kcpustat_cpu(cpu) (kernel_cpustat[cpu])

/* kernel/sched/core.c */
unsigned long nr_context_switches(void);
/* Tasks on a hart or ready to run, as Linux's nr_running() (procs_running). */
unsigned int nr_running(void);
/*
 * User tasks asleep waiting for the disk (procs_blocked). Linux counts
 * the tasks inside io_schedule(); Pagoda has none, so it counts every
 * uninterruptible sleep of a user task: page locks, bios, the log.
 */
unsigned int nr_iowait(void);

/* kernel/fork.c: tasks created since boot (/proc/stat's processes). */
extern unsigned long total_forks;

#endif
