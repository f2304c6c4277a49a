/*
 * Trap dispatch for traps taken in the kernel (Linux:
 * arch/riscv/kernel/traps.c and irq.c). Interrupts go to their handlers;
 * an exception the kernel did not expect is an oops: registers, the
 * cause by name, a backtrace, then panic.
 */
#include "ptrace.h"
#include "riscv.h"
#include "printk.h"
#include "panic.h"
#include "smp.h"
#include "timer.h"
#include "irq.h"

static const char *const exception_names[] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store address misaligned",
	[7] = "store access fault",
	[8] = "environment call from U-mode",
	[9] = "environment call from S-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store page fault",
};

const char *scause_name(unsigned long cause)
{
	if (cause & CAUSE_IRQ_FLAG) {
		switch (cause & ~CAUSE_IRQ_FLAG) {
		case IRQ_S_SOFT: return "supervisor software interrupt";
		case IRQ_S_TIMER: return "supervisor timer interrupt";
		case IRQ_S_EXT: return "supervisor external interrupt";
		default: return "unknown interrupt";
		}
	}
	if (cause < ARRAY_SIZE(exception_names) && exception_names[cause])
		return exception_names[cause];
	return "unknown exception";
}

void show_regs(const struct pt_regs *r)
{
	pr_raw("epc : %016lx ra : %016lx sp : %016lx\n", r->epc, r->ra, r->sp);
	pr_raw(" epc: %pS\n  ra: %pS\n", (void *)r->epc, (void *)r->ra);
	pr_raw(" gp : %016lx tp : %016lx t0 : %016lx\n", r->gp, r->tp, r->t0);
	pr_raw(" t1 : %016lx t2 : %016lx s0 : %016lx\n", r->t1, r->t2, r->s0);
	pr_raw(" s1 : %016lx a0 : %016lx a1 : %016lx\n", r->s1, r->a0, r->a1);
	pr_raw(" a2 : %016lx a3 : %016lx a4 : %016lx\n", r->a2, r->a3, r->a4);
	pr_raw(" a5 : %016lx a6 : %016lx a7 : %016lx\n", r->a5, r->a6, r->a7);
	pr_raw(" s2 : %016lx s3 : %016lx s4 : %016lx\n", r->s2, r->s3, r->s4);
	pr_raw(" s5 : %016lx s6 : %016lx s7 : %016lx\n", r->s5, r->s6, r->s7);
	pr_raw(" s8 : %016lx s9 : %016lx s10: %016lx\n", r->s8, r->s9, r->s10);
	pr_raw(" s11: %016lx t3 : %016lx t4 : %016lx\n", r->s11, r->t3, r->t4);
	pr_raw(" t5 : %016lx t6 : %016lx\n", r->t5, r->t6);
	pr_raw("status: %016lx badaddr: %016lx cause: %016lx (%s)\n",
	       r->status, r->badaddr, r->cause, scause_name(r->cause));
}

/* An exception in kernel code that nothing fixes up: the kernel is broken. */
static void __noreturn die(struct pt_regs *regs)
{
	unsigned long cause = regs->cause;

	oops_in_progress = true;
	printk_bust_locks();
	if (cause == 12 || cause == 13 || cause == 15)
		pr_emerg("Unable to handle kernel paging request at virtual address %016lx\n",
			 regs->badaddr);
	pr_emerg("Oops - %s [#1]\n", scause_name(cause));
	pr_emerg("CPU: %d hart %lu\n", smp_processor_id(), this_cpu()->hartid);
	show_regs(regs);
	dump_backtrace(regs->s0, 0);
	panic("Fatal exception: %s", scause_name(cause));
}

void do_trap(struct pt_regs *regs)
{
	unsigned long cause = regs->cause;

	if (cause & CAUSE_IRQ_FLAG) {
		this_cpu()->irq_count++;
		switch (cause & ~CAUSE_IRQ_FLAG) {
		case IRQ_S_TIMER:
			handle_timer_interrupt();
			return;
		case IRQ_S_EXT:
			plic_handle_irq();
			return;
		case IRQ_S_SOFT:
			csr_clear(sip, SIE_SSIE);
			handle_ipi();
			return;
		default:
			pr_warn("unexpected interrupt %lx\n", cause);
			return;
		}
	}
	die(regs);
}
