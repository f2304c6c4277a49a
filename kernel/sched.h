/*
 * Tasks and the scheduler (Linux: include/linux/sched.h, kernel/sched/).
 *
 * A task is a process with one thread. Each has a kernel stack from
 * vmalloc (a guard page below it catches overflow) and, unless it is a
 * kernel thread, an mm_struct. The scheduler is round-robin over one run
 * queue shared by all harts; a timer tick preempts a task running in user
 * mode. Kernel code is not preempted (Linux's PREEMPT_NONE): it runs
 * until it sleeps or returns to user space.
 */
#ifndef _KERNEL_SCHED_H
#define _KERNEL_SCHED_H

#include "types.h"
#include "list.h"
#include "spinlock.h"
#include "smp.h"
#include "param.h"
#include "mm/tlbbatch.h"

struct mm_struct;
struct files_struct;
struct blk_plug;
struct inode;
struct pt_regs;

/* task_struct.__state (Linux's values). */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001	/* sleeping; kill() wakes it */
#define TASK_UNINTERRUPTIBLE	0x0002	/* sleeping on disk I/O */
#define EXIT_ZOMBIE		0x0020	/* exited, waiting for wait() */
#define TASK_DEAD		0x0080	/* reaped: resources being freed */
#define TASK_NEW		0x0800	/* being created by fork */

#define TASK_COMM_LEN 16
#define KSTACK_SIZE (16 * 1024)

/* PF_* task flags. */
#define PF_KTHREAD	0x00200000	/* a kernel thread: no user mm */
#define PF_EXITING	0x00000004
#define PF_MEMALLOC	0x00000800	/* reclaiming: its allocations must not reclaim again */
#define PF_KSWAPD	0x00020000	/* kswapd */

/* Callee-saved registers kept across __switch_to (Linux: thread_struct). */
struct thread_struct {
	unsigned long ra, sp;
	unsigned long s[12];
};

struct task_struct {
	struct thread_struct thread;	/* first: switch.S finds it at offset 0 */
	volatile long __state;		/* TASK_* / EXIT_*; under sched lock */
	unsigned int flags;		/* PF_* */
	int pid;
	char comm[TASK_COMM_LEN];	/* program name, for ps and oops reports */
	int on_cpu;			/* CPU it runs on, or -1 */

	void *stack;			/* kernel stack (KSTACK_SIZE, vmalloc) */

	struct mm_struct *mm;		/* NULL for kernel threads */
	struct mm_struct *active_mm;	/* page table in use (a kthread borrows one) */
	struct files_struct *files;	/* open file table */
	struct inode *cwd;		/* current directory (Linux: fs_struct) */

	struct task_struct *parent;
	struct list_head children;	/* my children, linked by sibling */
	struct list_head sibling;
	struct list_head tasks;		/* every task, for wakeup and ps */
	struct list_head run_list;	/* on the run queue while TASK_RUNNING */

	void *sleep_chan;		/* what sleep() waits for, or NULL */
	bool killed;			/* kill() was called: exit at next return to user */
	int exit_code;			/* for wait() */
	bool need_resched;		/* set by the timer tick: yield at return to user */

	u64 start_time;			/* ns since boot, for ps */
	u64 utime_ticks, stime_ticks;	/* timer ticks in user / kernel mode */
	unsigned long nvcsw, nivcsw;	/* voluntary / involuntary context switches */
	unsigned long min_flt, maj_flt;	/* page faults without / with I/O (/proc/PID/stat) */
	unsigned long cmin_flt, cmaj_flt;	/* of reaped children */
	int pagefault_disabled;		/* faults on user addresses fail at once (pagefault_disable) */
	short oom_score_adj;		/* -1000..1000, inherited by fork (Linux: in signal_struct) */
	bool oom_victim;		/* chosen by the OOM killer: may use the reserves to exit */
	bool oom_origin;		/* swapoff: the OOM killer's first choice (Linux: signal->oom_flag_origin) */
	struct blk_plug *plug;		/* bios held until blk_finish_plug or a sleep (block/blkdev.h) */
	struct tlbflush_unmap_batch tlb_ubc;	/* reclaim's pending TLB flush (mm/tlbflush.h) */
};

/* The task running on this hart (Linux keeps it in tp; Pagoda's tp is the CPU). */
static inline struct task_struct *get_current(void)
{
	return this_cpu()->curr;
}
#define current get_current()

/* Task lookup and the task list; tasklist_lock protects tasks, parents and state. */
extern spinlock_t tasklist_lock;
extern struct list_head task_list;
extern struct task_struct *init_task_user;	/* pid 1 */
struct task_struct *find_task_by_pid(int pid);	/* tasklist_lock held */

/* Scheduler core (kernel/sched/core.c). */
void sched_init(void);
void schedule(void);
void cpu_idle_loop(void) __noreturn;	/* each hart's idle task after boot */
void wake_up_new_task(struct task_struct *p);
void scheduler_tick(bool user_mode);
void yield(void);

/*
 * xv6's sleep and wakeup, the primitive every wait in Pagoda is built on:
 * sleep atomically releases lk and sleeps on chan, then re-takes lk;
 * wakeup wakes every task sleeping on chan (safe in interrupt context).
 * Callers loop on their condition: sleep may also return at once, having
 * dropped lk to send the bios the task's block plug held (they may be
 * what it waits for). Linux builds wait queues instead.
 */
void sleep(void *chan, spinlock_t *lk);
void sleep_uninterruptible(void *chan, spinlock_t *lk);
void wakeup(void *chan);

/* kill() marks the task; sleeping interruptibly it is woken. */
static inline bool fatal_signal_pending(struct task_struct *p)
{
	return READ_ONCE(p->killed);
}

/* Processes (kernel/fork.c, kernel/exit.c, kernel/signal.c). */
struct task_struct *kernel_thread(int (*fn)(void *), void *arg, const char *name);
/* A daemon that never exits and has no parent (Linux: kthread_run). */
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
void do_exit(int code) __noreturn;
int kill_pid(int pid);
/* Mark p killed and wake it from an interruptible sleep (tasklist_lock held). */
void signal_wake_up(struct task_struct *p);
void set_task_comm(struct task_struct *p, const char *name);
/*
 * Called where the caller may sleep (Linux: might_sleep): with a spinlock
 * held or in an interrupt handler that is a bug (it deadlocks once the
 * sleep, or the reclaim an allocation may do, wants that lock), reported
 * with a backtrace as Linux's "sleeping function called from invalid
 * context"; might_sleep_reports counts them, for tests.
 */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond) do { if (cond) might_sleep(); } while (0)
extern int might_sleep_reports;

/* Print every task, one line each (console ^P; Linux: sysrq-t show_state()). */
void show_state(void);
/* "running", "sleeping", "zombie" ... for ^P and /proc. */
const char *task_state_name(const struct task_struct *p);
/* Reap one zombie child of the caller: its pid, or -ECHILD/-EINTR (Linux: kernel_wait). */
int kernel_wait(int *exit_code);

#endif
