/*
 * The scheduler: one run queue, round robin, on every hart (Linux:
 * kernel/sched/core.c; Linux has a run queue per CPU and the CFS/EEVDF
 * fair-share policy, with load balancing between the queues).
 *
 * Locking: rq_lock (taken with interrupts off) protects the run queue,
 * every task's __state, sleep_chan and on_cpu, and the sleep hash. It is
 * held across the context switch: the task that switches out still holds
 * it, and the task switched to releases it (finish_task_switch), so no
 * other hart can pick a task whose registers are still being saved.
 */
#include "sched.h"
#include "sched/internal.h"
#include "smp.h"
#include "riscv.h"
#include "printk.h"
#include "panic.h"
#include "sbi.h"
#include "timer.h"
#include "mm/mm.h"
#include "mm/mmu_context.h"
#include "mm/user.h"
#include "bitops.h"
#include "mm/slab.h"
#include "mm/gfp.h"
#include "kernel_stat.h"
#include "block/blkdev.h"

_Static_assert(offsetof(struct task_struct, thread) == 0, "switch.S: TASK_THREAD");

DEFINE_SPINLOCK(rq_lock);
static LIST_HEAD(runqueue);
static unsigned int nr_queued;		/* tasks on the run queue (not those on a hart) */
static unsigned long idle_mask;		/* CPUs in their idle loop */
/* Per CPU (Linux keeps both in struct rq): switches made, and user tasks
 * in disk-sleep that went to sleep on it (rq_lock). */
static unsigned long nr_switches[NR_CPUS];
static unsigned int nr_iowait_cpu[NR_CPUS];
struct kernel_cpustat kernel_cpustat[NR_CPUS];

/* Sleepers hashed by channel, so wakeup() need not scan every task. */
#define SLEEP_HASH_BITS 6
static struct list_head sleep_hash[1 << SLEEP_HASH_BITS];

static struct list_head *sleep_bucket(void *chan)
{
	unsigned long h = (unsigned long)chan;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15UL;
	return &sleep_hash[h >> (64 - SLEEP_HASH_BITS)];
}

/* Put p on the run queue and poke an idle hart (rq_lock held). */
static void enqueue_task(struct task_struct *p)
{
	unsigned long idle;

	p->__state = TASK_RUNNING;
	list_add_tail(&p->run_list, &runqueue);
	nr_queued++;
	idle = idle_mask & ~(1UL << smp_processor_id());
	if (idle) {
		/* Linux: wake_up_idle_cpu(); one hart is enough for one task. */
		int cpu = __ffs(idle);

		idle_mask &= ~(1UL << cpu);
		sbi_send_ipi(cpumask_to_hartmask(1UL << cpu), 0);
	}
}

static struct task_struct *pick_next_task(void)
{
	struct task_struct *next;

	if (list_empty(&runqueue))
		return this_cpu()->idle;
	next = list_first_entry(&runqueue, struct task_struct, run_list);
	list_del_init(&next->run_list);
	nr_queued--;
	return next;
}

/*
 * Switch address spaces (Linux: context_switch). Each mm runs with its
 * own ASID, so the switch flushes nothing (mm/context.c); whoever changes
 * an mm's page tables flushes the harts it ran on (mm/tlbflush.c).
 * Kernel threads run on swapper_pg_dir rather than borrowing the last mm
 * as Linux's lazy TLB mode does, so an exiting task may free its page
 * tables at once.
 */
static void context_switch_mm(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = next->mm;

	next->active_mm = mm;
	if (mm)
		switch_mm(prev->active_mm, mm);
	else if (prev->mm)
		switch_to_kernel_mm();
}

/* Called by the task switched to, with rq_lock held and interrupts off. */
void finish_task_switch(struct task_struct *prev)
{
	WRITE_ONCE(prev->on_cpu, -1);
}

/* Pick and switch to the next task; rq_lock held, interrupts off. */
static void __schedule(void)
{
	struct task_struct *prev = current, *next;
	struct cpu_info *cpu = this_cpu();

	if (prev->__state == TASK_RUNNING && prev != cpu->idle) {
		list_add_tail(&prev->run_list, &runqueue);
		nr_queued++;
	}
	prev->need_resched = false;
	next = pick_next_task();
	if (next == prev)
		return;
	nr_switches[cpu->cpu]++;
	if (prev->__state == TASK_RUNNING)
		prev->nivcsw++;
	else
		prev->nvcsw++;
	next->on_cpu = cpu->cpu;
	cpu->curr = next;
	cpu->kernel_sp = (unsigned long)next->stack + KSTACK_SIZE;
	context_switch_mm(prev, next);
	prev = __switch_to(prev, next);
	finish_task_switch(prev);
}

void __schedule_locked(void)
{
	__schedule();
}

/*
 * Before a task switches away, the bios its plug holds go to the disk
 * (Linux: sched_submit_work): it may be about to wait for them, and
 * nobody else can send them. Called with no lock held: the flush takes
 * the drivers' locks, and a driver may end a bio at once, whose end_io
 * takes locks of its own and may wake tasks (rq_lock). True if there
 * was anything to send.
 */
static bool sched_submit_work(struct task_struct *tsk)
{
	if (!tsk || !tsk->plug || !tsk->plug->rq_count)
		return false;
	blk_flush_plug(tsk->plug);
	return true;
}

void schedule(void)
{
	unsigned long flags;

	sched_submit_work(current);
	spin_lock_irqsave(&rq_lock, flags);
	__schedule();
	spin_unlock_irqrestore(&rq_lock, flags);
}

void yield(void)
{
	schedule();
}

/* A new task's first run starts here (from ret_from_fork in switch.S). */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	spin_unlock(&rq_lock);
	local_irq_enable();
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&rq_lock, flags);
	enqueue_task(p);
	spin_unlock_irqrestore(&rq_lock, flags);
}

static void __sleep(void *chan, spinlock_t *lk, long state)
{
	struct task_struct *p = current;
	bool iowait = state == TASK_UNINTERRUPTIBLE && p->mm;
	int cpu = smp_processor_id();
	unsigned long flags;

	/*
	 * Not with lk held (an end_io may need it: a completion's lock) and
	 * not after lk is dropped while still going to sleep (the wakeup
	 * could come before we sleep, and be lost): so drop lk, send the
	 * bios, and return as if woken; the caller checks its condition.
	 */
	if (p && p->plug && p->plug->rq_count) {
		spin_unlock(lk);
		sched_submit_work(p);
		spin_lock(lk);
		return;
	}
	spin_lock_irqsave(&rq_lock, flags);
	spin_unlock(lk);
	/* A kill that came after the caller's check must not be slept through. */
	if (!(state == TASK_INTERRUPTIBLE && p->killed)) {
		p->sleep_chan = chan;
		p->__state = state;
		list_add_tail(&p->run_list, sleep_bucket(chan));
		nr_iowait_cpu[cpu] += iowait;
		__schedule();
		nr_iowait_cpu[cpu] -= iowait;
		p->sleep_chan = NULL;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	spin_lock(lk);
}

void sleep(void *chan, spinlock_t *lk)
{
	__sleep(chan, lk, TASK_INTERRUPTIBLE);
}

void sleep_uninterruptible(void *chan, spinlock_t *lk)
{
	__sleep(chan, lk, TASK_UNINTERRUPTIBLE);
}

void wakeup(void *chan)
{
	struct list_head *bucket = sleep_bucket(chan);
	struct task_struct *p, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&rq_lock, flags);
	list_for_each_entry_safe(p, tmp, bucket, run_list) {
		if (p->sleep_chan == chan) {
			list_del_init(&p->run_list);
			enqueue_task(p);
		}
	}
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* kill(): wake p if it sleeps interruptibly, so it notices (rq_lock not held). */
void signal_wake_up(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&rq_lock, flags);
	WRITE_ONCE(p->killed, true);
	if (p->__state == TASK_INTERRUPTIBLE) {
		list_del_init(&p->run_list);
		enqueue_task(p);
	}
	spin_unlock_irqrestore(&rq_lock, flags);
}

/* A zombie's stack may be freed only once it has switched away for good. */
void wait_task_inactive(struct task_struct *p)
{
	unsigned long flags;

	while (READ_ONCE(p->on_cpu) >= 0)
		cpu_relax();
	/* Taking the lock orders us after the switch that released the task. */
	spin_lock_irqsave(&rq_lock, flags);
	spin_unlock_irqrestore(&rq_lock, flags);
}

/*
 * Timer tick: account time and ask for a switch if others are waiting.
 * The whole tick goes to what was running (Linux: account_process_tick).
 */
void scheduler_tick(bool user_mode)
{
	struct task_struct *p = current;
	int cpu = smp_processor_id();
	u64 *cpustat = kcpustat_cpu(cpu).cpustat;

	if (!p || p == this_cpu()->idle) {
		/* Linux: account_idle_time, iowait if this runqueue has sleepers on I/O. */
		cpustat[READ_ONCE(nr_iowait_cpu[cpu]) ? CPUTIME_IOWAIT : CPUTIME_IDLE]++;
		return;
	}
	if (user_mode) {
		p->utime_ticks++;
		cpustat[CPUTIME_USER]++;
	} else {
		p->stime_ticks++;
		cpustat[CPUTIME_SYSTEM]++;
	}
	if (READ_ONCE(nr_queued))
		p->need_resched = true;
}

unsigned int nr_running(void)
{
	unsigned int n = READ_ONCE(nr_queued);

	for (int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct task_struct *curr = READ_ONCE(cpu_info[cpu].curr);

		n += curr && curr != READ_ONCE(cpu_info[cpu].idle);
	}
	return n;
}

unsigned long nr_context_switches(void)
{
	unsigned long sum = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(nr_switches[cpu]);
	return sum;
}

unsigned int nr_iowait(void)
{
	unsigned int sum = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(nr_iowait_cpu[cpu]);
	return sum;
}

/* Each hart's idle task: run cross-CPU calls, else sleep until an interrupt. */
void __noreturn cpu_idle_loop(void)
{
	for (;;) {
		unsigned long flags;

		smp_run_pending_call();
		spin_lock_irqsave(&rq_lock, flags);
		if (list_empty(&runqueue) && !smp_call_pending()) {
			idle_mask |= 1UL << smp_processor_id();
			spin_unlock(&rq_lock);
			/* Interrupts still off: a wakeup IPI stays pending and ends wfi. */
			wait_for_interrupt();
			spin_lock(&rq_lock);
			idle_mask &= ~(1UL << smp_processor_id());
		}
		__schedule();
		spin_unlock_irqrestore(&rq_lock, flags);
	}
}

/* The idle task of a CPU: the context that booted it, on `stack` (Linux: init_idle). */
struct task_struct *init_idle(int cpu, void *stack)
{
	struct task_struct *idle = kzalloc(sizeof(*idle), GFP_KERNEL);

	if (!idle)
		return NULL;
	idle->pid = 0;
	idle->flags = PF_KTHREAD;
	idle->stack = stack;
	idle->on_cpu = cpu;
	idle->__state = TASK_RUNNING;
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->children);
	INIT_LIST_HEAD(&idle->sibling);
	snprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
	return idle;
}

void sched_init(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(sleep_hash); i++)
		INIT_LIST_HEAD(&sleep_hash[i]);
}
