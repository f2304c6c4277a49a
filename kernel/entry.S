/*
 * Trap entry and exit (Linux: arch/riscv/kernel/entry.S).
 *
 * sscratch is 0 while the kernel runs; a trap taken from user space (next
 * issue) will find the kernel's tp there. For now every trap comes from
 * the kernel: save all registers as a struct pt_regs on the current
 * stack, call do_trap(), restore and sret.
 */
#include "ptrace.h"

#define SAVE(r, i) sd r, (i * 8)(sp)
#define LOAD(r, i) ld r, (i * 8)(sp)

	.text
	.balign 4
	.globl handle_exception
handle_exception:
	addi	sp, sp, -PT_SIZE
	SAVE(ra, 1)
	SAVE(gp, 3)
	SAVE(tp, 4)
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
	addi	t0, sp, PT_SIZE
	SAVE(t0, 2)			/* sp before the trap */
	csrr	t0, sepc
	csrr	t1, sstatus
	csrr	t2, stval
	csrr	t3, scause
	sd	t0, PT_EPC(sp)
	sd	t1, PT_STATUS(sp)
	sd	t2, PT_BADADDR(sp)
	sd	t3, PT_CAUSE(sp)
	mv	a0, sp
	call	do_trap

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
	sret
