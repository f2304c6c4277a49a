/*
 * Context switch and the first return of a new task (Linux:
 * arch/riscv/kernel/entry.S __switch_to, ret_from_fork).
 *
 * Only callee-saved registers need saving: __switch_to is an ordinary
 * call, so the compiler already keeps everything else on the stack.
 * tp is the hart's struct cpu_info and stays with the hart.
 */
#define TASK_THREAD 0	/* offsetof(struct task_struct, thread), checked in core.c */

	.text
	.globl __switch_to
__switch_to:			/* a0 = prev, a1 = next; returns prev */
	addi	t0, a0, TASK_THREAD
	addi	t1, a1, TASK_THREAD
	sd	ra,  0(t0)
	sd	sp,  8(t0)
	sd	s0, 16(t0)
	sd	s1, 24(t0)
	sd	s2, 32(t0)
	sd	s3, 40(t0)
	sd	s4, 48(t0)
	sd	s5, 56(t0)
	sd	s6, 64(t0)
	sd	s7, 72(t0)
	sd	s8, 80(t0)
	sd	s9, 88(t0)
	sd	s10, 96(t0)
	sd	s11, 104(t0)
	ld	ra,  0(t1)
	ld	sp,  8(t1)
	ld	s0, 16(t1)
	ld	s1, 24(t1)
	ld	s2, 32(t1)
	ld	s3, 40(t1)
	ld	s4, 48(t1)
	ld	s5, 56(t1)
	ld	s6, 64(t1)
	ld	s7, 72(t1)
	ld	s8, 80(t1)
	ld	s9, 88(t1)
	ld	s10, 96(t1)
	ld	s11, 104(t1)
	ret			/* a0 still holds prev */

/*
 * A new task starts here with a0 = the task switched away from,
 * s0 = the kernel thread's function (0 for a forked user task), s1 = its
 * argument, and sp at its pt_regs.
 */
	.globl ret_from_fork
ret_from_fork:
	call	schedule_tail
	beqz	s0, 1f
	mv	a0, s1
	jalr	s0
	call	kthread_exit_or_user	/* returns only if the thread exec'd a program */
1:	mv	a0, sp
	tail	ret_to_user
