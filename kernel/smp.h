/*
 * Harts and logical CPU numbers (Linux: arch/riscv/include/asm/smp.h).
 * The boot hart is CPU 0 whatever its hart id; the others are numbered in
 * device-tree order. `tp` points at the running CPU's struct cpu_info
 * while in the kernel.
 */
#ifndef _KERNEL_SMP_H
#define _KERNEL_SMP_H

#include "types.h"
#include "atomic.h"
#include "param.h"

#define NR_CPUS NCPU		/* kernel/param.h */
#define THREAD_SIZE (16 * 1024)	/* boot and per-CPU idle stacks */

struct task_struct;
struct mm_struct;

struct cpu_info {
	int cpu;			/* logical id: first field, read by asm */
	int locks_held;			/* offset 4: spinlocks held on this hart (spinlock.h) */
	unsigned long kernel_sp;	/* offset 8: top of current's kernel stack (entry.S) */
	unsigned long user_sp;		/* offset 16: user sp saved at trap entry (entry.S) */
	struct task_struct *curr;	/* offset 24: the running task */
	unsigned long scratch;		/* offset 32: entry.S's spare register */
	unsigned long overflow_sp;	/* offset 40: top of the stack for stack overflows */
	struct task_struct *idle;	/* this hart's idle task */
	unsigned long hartid;
	bool online;
	void (*call_func)(void *);	/* cross-CPU call pending, see smp.c */
	void *call_info;
	atomic_t call_done;
	unsigned long irq_count;
	unsigned int hardirq_depth;	/* > 0 while an interrupt is being handled */
	struct mm_struct *loaded_mm;	/* the user mm in satp now, or NULL (mm/context.c) */
};

extern struct cpu_info cpu_info[NR_CPUS];
extern int nr_cpu_ids;			/* CPUs described by the DT */
extern unsigned long cpuid_to_hartid_map[NR_CPUS];

static inline struct cpu_info *this_cpu(void)
{
	struct cpu_info *c;

	__asm__ __volatile__("mv %0, tp" : "=r"(c));
	return c;
}

/*
 * Is this hart handling an interrupt (Linux: in_interrupt(), from
 * preempt_count)? Then `current` is only the task it interrupted, whose
 * state (its block plug) is not the handler's to touch. Task context
 * always reads 0: a handler puts the count back before it returns.
 */
static inline bool in_interrupt(void)
{
	return this_cpu()->hardirq_depth != 0;
}

static inline int smp_processor_id(void)
{
	return this_cpu()->cpu;
}

int num_online_cpus(void);
void smp_setup_processor_id(unsigned long boot_hartid);
void smp_init(void);
void handle_ipi(void);
bool smp_call_pending(void);
void smp_run_pending_call(void);
/* Run func(info) on cpus in `mask` (bit per logical CPU), waiting for all. */
void on_each_cpu_mask(unsigned long mask, void (*func)(void *), void *info);
void on_each_cpu(void (*func)(void *), void *info);
unsigned long cpu_online_mask(void);
/* Hart-id mask for SBI calls from a logical CPU mask. */
unsigned long cpumask_to_hartmask(unsigned long mask);

#endif
