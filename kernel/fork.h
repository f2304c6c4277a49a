/* Task creation and teardown shared by fork.c, exit.c and exec (Linux: include/linux/sched/task.h). */
#ifndef _KERNEL_FORK_H
#define _KERNEL_FORK_H

#include "sched.h"

#define PID_MAX 32768	/* Linux's default pid_max */

void fork_init(void);
struct pt_regs *task_pt_regs(struct task_struct *p);
void free_task(struct task_struct *p);
void detach_task(struct task_struct *p);
void kthread_exit_or_user(int ret);
int nr_tasks(void);

#endif
