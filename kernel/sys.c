/*
 * Small system calls about the caller and the clock (Linux: kernel/sys.c
 * getpid; kernel/time/ for sleeping; xv6's sys_sleep and sys_uptime count
 * timer ticks, HZ a second).
 */
#include "sched.h"
#include "errno.h"
#include "timer.h"
#include "syscalls.h"

long sys_getpid(void)
{
	return current->pid;
}

long sys_uptime(void)
{
	return READ_ONCE(jiffies);
}

/* Sleep for `ticks` timer ticks (1/HZ s); -EINTR if killed first. */
long sys_sleep(int ticks)
{
	unsigned long start, flags;

	spin_lock_irqsave(&tickslock, flags);
	start = jiffies;
	while (ticks > 0 && jiffies - start < (unsigned long)ticks) {
		if (fatal_signal_pending(current)) {
			spin_unlock_irqrestore(&tickslock, flags);
			return -EINTR;
		}
		sleep((void *)&jiffies, &tickslock);
	}
	spin_unlock_irqrestore(&tickslock, flags);
	return 0;
}
