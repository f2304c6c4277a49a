/*
 * Periodic tick (Linux: drivers/clocksource/timer-riscv.c and
 * kernel/time/tick-common.c, much simplified: no clockevents framework,
 * no tickless idle). Each hart asks the firmware, through SBI TIME, for an
 * interrupt HZ times a second; CPU 0 counts jiffies.
 */
#include "timer.h"
#include "sched.h"
#include "riscv.h"
#include "sbi.h"
#include "smp.h"
#include "printk.h"

volatile unsigned long jiffies;
DEFINE_SPINLOCK(tickslock);
static unsigned long cycles_per_tick;

void time_init(unsigned long timebase)
{
	riscv_timebase = timebase;
	cycles_per_tick = timebase / HZ;
	pr_info("clocksource: riscv_clocksource: timebase %lu Hz, tick %d Hz\n", timebase, HZ);
}

void timer_start_this_cpu(void)
{
	/*
	 * User programs may read the time CSR (rdtime) for fine-grained
	 * timing, as Linux allows for its vDSO clock_gettime (scounteren.TM).
	 */
	csr_write(scounteren, SCOUNTEREN_TM);
	sbi_set_timer(get_cycles() + cycles_per_tick);
	csr_set(sie, SIE_STIE);
}

/*
 * jiffies is read off the clock, not counted: a tick taken late (QEMU on
 * a busy host can miss several) still leaves jiffies right, so sleep(100)
 * lasts a second (Linux: tick_do_update_jiffies64 catches up the same way).
 */
void handle_timer_interrupt(void)
{
	unsigned long now = get_cycles();

	sbi_set_timer(now + cycles_per_tick);
	if (smp_processor_id() == 0) {
		spin_lock(&tickslock);
		if (now / cycles_per_tick > jiffies)
			jiffies = now / cycles_per_tick;
		wakeup((void *)&jiffies);
		spin_unlock(&tickslock);
	}
}

u64 ktime_get_ns(void)
{
	unsigned long t = get_cycles();

	return t / riscv_timebase * 1000000000UL +
	       (t % riscv_timebase) * 1000000000UL / riscv_timebase;
}

void udelay(unsigned long usec)
{
	unsigned long end = get_cycles() + usec * (riscv_timebase / 1000000);

	while (get_cycles() < end)
		cpu_relax();
}
