/*
 * Registers saved on a trap (Linux: arch/riscv/include/asm/ptrace.h;
 * same field order, so the offsets in entry.S match Linux's).
 */
#ifndef _KERNEL_PTRACE_H
#define _KERNEL_PTRACE_H

#define PT_SIZE 288
#define PT_EPC 0
#define PT_SP 16
#define PT_STATUS 256
#define PT_BADADDR 264
#define PT_CAUSE 272
#define PT_ORIG_A0 280

#ifndef __ASSEMBLY__
#include "types.h"

struct pt_regs {
	unsigned long epc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	unsigned long status, badaddr, cause, orig_a0;
};

_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs layout");

/* Did the trap come from user mode? (sstatus.SPP clear) */
static inline bool user_mode(const struct pt_regs *regs)
{
	return !(regs->status & (1UL << 8));
}

void trap_init(void);
void do_trap_kernel(struct pt_regs *regs);
void do_trap_user(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);
/* An oops: registers, backtrace, panic (kernel/trap.c). */
void die(struct pt_regs *regs) __noreturn;
/* Kill the current task for this trap, with a one-line report. */
void user_fault(struct pt_regs *regs, const char *what);
const char *scause_name(unsigned long cause);
#endif
#endif
