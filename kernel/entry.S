/*
 * Trap entry and exit (Linux: arch/riscv/kernel/entry.S).
 *
 * sscratch is 0 while the kernel runs and holds this hart's struct
 * cpu_info pointer (the kernel's tp) while user code runs. The first
 * instruction swaps tp and sscratch, so a trap from user space gets the
 * kernel's tp and one from the kernel gets 0, which tells them apart:
 *   from user:   save the user sp, switch to the task's kernel stack
 *                (cpu_info->kernel_sp), save registers as a pt_regs at
 *                the top of it, call do_trap_user()
 *   from kernel: save registers as a pt_regs on the current stack, call
 *                do_trap_kernel()
 * The kernel half of the address space is in every page table, so no
 * satp switch is needed (xv6 switches page tables in a trampoline).
 */
#include "ptrace.h"
#include "riscv.h"

#define SAVE(r, i) sd r, (i * 8)(sp)
#define LOAD(r, i) ld r, (i * 8)(sp)
#define CPU_KERNEL_SP 8		/* offsetof(struct cpu_info, kernel_sp), checked in smp.c */
#define CPU_USER_SP   16	/* offsetof(struct cpu_info, user_sp) */
#define CPU_SCRATCH   32
#define CPU_OVERFLOW_SP 40
#define KSTACK_SHIFT  14	/* KSTACK_SIZE = 16 KiB (sched.h) */

/* Every register but sp and tp, into the pt_regs at sp. */
.macro SAVE_GPRS
	SAVE(ra, 1)
	SAVE(gp, 3)
	SAVE(t0, 5)
	SAVE(t1, 6)
	SAVE(t2, 7)
	SAVE(s0, 8)
	SAVE(s1, 9)
	SAVE(a0, 10)
	SAVE(a1, 11)
	SAVE(a2, 12)
	SAVE(a3, 13)
	SAVE(a4, 14)
	SAVE(a5, 15)
	SAVE(a6, 16)
	SAVE(a7, 17)
	SAVE(s2, 18)
	SAVE(s3, 19)
	SAVE(s4, 20)
	SAVE(s5, 21)
	SAVE(s6, 22)
	SAVE(s7, 23)
	SAVE(s8, 24)
	SAVE(s9, 25)
	SAVE(s10, 26)
	SAVE(s11, 27)
	SAVE(t3, 28)
	SAVE(t4, 29)
	SAVE(t5, 30)
	SAVE(t6, 31)
.endm

.macro SAVE_CSRS
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, stval
	csrr	t3, scause
	sd	t0, PT_EPC(sp)
	sd	t1, PT_STATUS(sp)
	sd	t2, PT_BADADDR(sp)
	sd	t3, PT_CAUSE(sp)
	sd	a0, PT_ORIG_A0(sp)
	/* No user access by accident in the handler (Linux clears SUM here too). */
	li	t0, SR_SUM
	csrc	sstatus, t0
.endm

/* Every register from the pt_regs at sp, sp itself last. */
.macro RESTORE_ALL
	ld	t0, PT_EPC(sp)
	ld	t1, PT_STATUS(sp)
	csrw	sepc, t0
	csrw	sstatus, t1
	LOAD(ra, 1)
	LOAD(gp, 3)
	LOAD(tp, 4)
	LOAD(t0, 5)
	LOAD(t1, 6)
	LOAD(t2, 7)
	LOAD(s0, 8)
	LOAD(s1, 9)
	LOAD(a0, 10)
	LOAD(a1, 11)
	LOAD(a2, 12)
	LOAD(a3, 13)
	LOAD(a4, 14)
	LOAD(a5, 15)
	LOAD(a6, 16)
	LOAD(a7, 17)
	LOAD(s2, 18)
	LOAD(s3, 19)
	LOAD(s4, 20)
	LOAD(s5, 21)
	LOAD(s6, 22)
	LOAD(s7, 23)
	LOAD(s8, 24)
	LOAD(s9, 25)
	LOAD(s10, 26)
	LOAD(s11, 27)
	LOAD(t3, 28)
	LOAD(t4, 29)
	LOAD(t5, 30)
	LOAD(t6, 31)
	LOAD(sp, 2)
.endm

	.text
	.balign 4
	.globl handle_exception
handle_exception:
	csrrw	tp, sscratch, tp
	bnez	tp, .Lfrom_user

	/* From the kernel: tp was 0 in sscratch; take the kernel tp back. */
	csrrw	tp, sscratch, zero
	/*
	 * Kernel stack overflow? If sp is within 512 bytes of the bottom of
	 * the task's stack (or below it), saving registers would fault on
	 * the guard page, and that fault again, forever: move to this
	 * hart's overflow stack and report (Linux: handle_kernel_stack_overflow).
	 */
	sd	t0, CPU_SCRATCH(tp)
	ld	t0, CPU_KERNEL_SP(tp)
	beqz	t0, 1f			/* no task switched in yet */
	sub	t0, t0, sp
	addi	t0, t0, 512
	srli	t0, t0, KSTACK_SHIFT
	bnez	t0, .Lstack_overflow
1:	ld	t0, CPU_SCRATCH(tp)
	addi	sp, sp, -PT_SIZE
	SAVE_GPRS
	SAVE(tp, 4)
	addi	t0, sp, PT_SIZE
	SAVE(t0, 2)			/* sp before the trap */
	SAVE_CSRS
	mv	a0, sp
	call	do_trap_kernel
	/*
	 * A page fault on a user address may have slept and woken on another
	 * hart: the interrupted code must go on with this hart's tp, not the
	 * one saved at entry (Linux keeps `current` in tp, which moves with it).
	 */
	SAVE(tp, 4)
	RESTORE_ALL
	sret

.Lstack_overflow:
	ld	t0, CPU_SCRATCH(tp)
	sd	sp, CPU_SCRATCH(tp)
	ld	sp, CPU_OVERFLOW_SP(tp)
	addi	sp, sp, -PT_SIZE
	SAVE_GPRS
	SAVE(tp, 4)
	ld	t0, CPU_SCRATCH(tp)
	SAVE(t0, 2)
	SAVE_CSRS
	mv	a0, sp
	call	handle_bad_stack	/* does not return */

.Lfrom_user:
	sd	sp, CPU_USER_SP(tp)
	ld	sp, CPU_KERNEL_SP(tp)
	addi	sp, sp, -PT_SIZE
	SAVE_GPRS
	ld	t0, CPU_USER_SP(tp)
	SAVE(t0, 2)
	csrrw	t0, sscratch, zero	/* the user's tp; sscratch = 0 in the kernel */
	SAVE(t0, 4)
	SAVE_CSRS
	mv	s0, zero		/* backtraces stop here */
	mv	a0, sp
	call	do_trap_user
	mv	a0, sp
	/* fall through */

/*
 * Return to user mode from the pt_regs at a0 (the top of the kernel
 * stack). Interrupts go off so nothing runs between setting sscratch and
 * sret; do_trap_user() and ret_from_fork() have finished their work.
 */
	.globl ret_to_user
ret_to_user:
	mv	sp, a0
	csrci	sstatus, SR_SIE
	call	exit_to_user_mode	/* kill, reschedule: returns with interrupts off */
	csrw	sscratch, tp
	RESTORE_ALL
	sret
