/* Scheduler internals shared by kernel/sched/, fork.c and exit.c (Linux: kernel/sched/sched.h). */
#ifndef _KERNEL_SCHED_INTERNAL_H
#define _KERNEL_SCHED_INTERNAL_H

#include "sched.h"

extern spinlock_t rq_lock;

/* switch.S: save prev's callee-saved registers, load next's; returns prev. */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void ret_from_fork(void);
/* schedule() for a caller that already holds rq_lock with interrupts off. */
void __schedule_locked(void);
void finish_task_switch(struct task_struct *prev);
void schedule_tail(struct task_struct *prev);
void signal_wake_up(struct task_struct *p);
void wait_task_inactive(struct task_struct *p);
struct task_struct *init_idle(int cpu, void *stack);

#endif
