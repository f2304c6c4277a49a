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
#include "sched.h"
#include "extable.h"
#include "syscall_table.h"
#include "mm/user.h"

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
void __noreturn die(struct pt_regs *regs)
{
	unsigned long cause = regs->cause;

	oops_in_progress = true;
	printk_bust_locks();
	if (cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	    cause == EXC_STORE_PAGE_FAULT)
		pr_emerg("Unable to handle kernel paging request at virtual address %016lx\n",
			 regs->badaddr);
	pr_emerg("Oops - %s [#1]\n", scause_name(cause));
	pr_emerg("CPU: %d hart %lu PID: %d Comm: %s\n", smp_processor_id(), this_cpu()->hartid,
		 current ? current->pid : 0, current ? current->comm : "swapper");
	show_regs(regs);
	dump_backtrace(regs->s0, 0);
	panic("Fatal exception: %s", scause_name(cause));
}

/* Where a hart goes when its kernel stack overflows (entry.S). */
static char overflow_stack[NR_CPUS][4096] __aligned(16);

void trap_init(void)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		cpu_info[cpu].overflow_sp = (unsigned long)overflow_stack[cpu + 1];
}

/* Entered on the per-CPU overflow stack when a kernel stack ran out. */
void __noreturn handle_bad_stack(struct pt_regs *regs)
{
	oops_in_progress = true;
	printk_bust_locks();
	pr_emerg("Kernel stack overflow: sp %016lx, stack top %016lx\n",
		 regs->sp, this_cpu()->kernel_sp);
	pr_emerg("CPU: %d PID: %d Comm: %s\n", smp_processor_id(),
		 current ? current->pid : 0, current ? current->comm : "swapper");
	show_regs(regs);
	panic("Kernel stack overflow");
}

static bool is_page_fault(unsigned long cause)
{
	return cause == EXC_INST_PAGE_FAULT || cause == EXC_LOAD_PAGE_FAULT ||
	       cause == EXC_STORE_PAGE_FAULT;
}

/* A physical-memory protection fault: no page table can fix it. */
static bool is_access_fault(unsigned long cause)
{
	return cause == EXC_INST_ACCESS || cause == EXC_LOAD_ACCESS || cause == EXC_STORE_ACCESS;
}

/* An interrupt, from either mode (Linux: handle_riscv_irq). */
static void handle_interrupt(struct pt_regs *regs)
{
	unsigned long cause = regs->cause & ~CAUSE_IRQ_FLAG;

	this_cpu()->irq_count++;
	this_cpu()->hardirq_depth++;
	switch (cause) {
	case IRQ_S_TIMER:
		handle_timer_interrupt();
		scheduler_tick(user_mode(regs));
		break;
	case IRQ_S_EXT:
		plic_handle_irq();
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		handle_ipi();
		break;
	default:
		pr_warn("unexpected interrupt %lx\n", regs->cause);
	}
	this_cpu()->hardirq_depth--;
}

/*
 * A trap taken in kernel mode. A fault inside copy_from_user() and
 * friends has an exception-table entry and resumes at its fixup, which
 * makes the copy return a short count; anything else is a kernel bug.
 */
void do_trap_kernel(struct pt_regs *regs)
{
	if (regs->cause & CAUSE_IRQ_FLAG) {
		handle_interrupt(regs);
		return;
	}
	if (is_page_fault(regs->cause)) {
		do_page_fault(regs);
		local_irq_disable();	/* it may have turned them on; sret restores sstatus */
		return;
	}
	if (is_access_fault(regs->cause) && fixup_exception(regs))
		return;
	die(regs);
}

/*
 * A user program did something the kernel will not do for it: it dies,
 * with one line saying why (Linux sends a signal and, with
 * show_unhandled_signals, prints a similar line). `what` is "segfault"
 * or "bus error" for a memory access, NULL for any other trap.
 */
void user_fault(struct pt_regs *regs, const char *what)
{
	struct task_struct *p = current;

	if (what)
		pr_info("pid %d (%s): %s at %lx pc %lx cause %s\n", p->pid, p->comm, what,
			regs->badaddr, regs->epc, scause_name(regs->cause));
	else
		pr_info("pid %d (%s): trap at pc %lx cause %s stval %lx\n", p->pid, p->comm,
			regs->epc, scause_name(regs->cause), regs->badaddr);
	p->killed = true;
}

void do_trap_user(struct pt_regs *regs)
{
	if (regs->cause & CAUSE_IRQ_FLAG) {
		handle_interrupt(regs);
		return;
	}
	/* Exceptions and system calls run with interrupts on, as in Linux. */
	local_irq_enable();
	if (regs->cause == EXC_SYSCALL) {
		regs->epc += 4;		/* return past the ecall */
		do_syscall(regs);
	} else if (is_page_fault(regs->cause)) {
		do_page_fault(regs);
	} else {
		user_fault(regs, is_access_fault(regs->cause) ? "segfault" : NULL);
	}
}

/*
 * Last stop before sret (Linux: exit_to_user_mode_loop): exit if killed,
 * give up the hart if the tick asked, run cross-CPU calls handed to us.
 * Entered and left with interrupts off.
 */
void exit_to_user_mode(void)
{
	for (;;) {
		struct task_struct *p = current;

		if (!p->killed && !p->need_resched && !smp_call_pending())
			return;
		local_irq_enable();
		if (p->killed)
			do_exit(-1);
		if (p->need_resched)
			schedule();
		smp_run_pending_call();
		local_irq_disable();
	}
}
