/* The timer tick through SBI TIME (Linux: drivers/clocksource/timer-riscv.c). */
#ifndef _KERNEL_TIMER_H
#define _KERNEL_TIMER_H

#include "types.h"

#include "spinlock.h"

#define HZ 100

extern volatile unsigned long jiffies;
/* Protects the tick count for sleepers: sys_sleep() sleeps on &jiffies under it. */
extern spinlock_t tickslock;

void time_init(unsigned long timebase);
void timer_start_this_cpu(void);
void handle_timer_interrupt(void);
/* Nanoseconds from the time CSR. */
u64 ktime_get_ns(void);
void udelay(unsigned long usec);

#endif
