/*
 * The page-fault entry (Linux: arch/riscv/mm/fault.c).
 *
 * Every instruction, load or store page fault comes here, from user mode
 * or from the kernel touching a user address inside copy_from_user() and
 * friends. Both go the same way: find the VMA, check the access, let
 * handle_mm_fault() (mm/memory.c) bring the page in. Only when that
 * cannot work does the kind of fault matter:
 *   - from user mode, the program is killed with a one-line report;
 *   - from a uaccess routine, the exception table turns it into a short
 *     copy, so the system call returns -EFAULT;
 *   - anything else in the kernel is an oops.
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "ptrace.h"
#include "extable.h"
#include "riscv.h"
#include "sched.h"
#include "printk.h"
#include "memlayout.h"

/* A kernel fault nobody expected, unless a uaccess routine has a fixup for it. */
static void no_context(struct pt_regs *regs)
{
	if (fixup_exception(regs))
		return;
	die(regs);
}

static void bad_area(struct pt_regs *regs, const char *what)
{
	if (user_mode(regs))
		user_fault(regs, what);
	else
		no_context(regs);
}

/* Does the VMA allow this kind of access? (Linux: access_error) */
static bool access_error(unsigned long cause, const struct vm_area_struct *vma)
{
	switch (cause) {
	case EXC_INST_PAGE_FAULT:
		return !(vma->vm_flags & VM_EXEC);
	case EXC_LOAD_PAGE_FAULT:
		/* RISC-V has no write-only pages: a writable page is readable. */
		return !(vma->vm_flags & (VM_READ | VM_WRITE));
	case EXC_STORE_PAGE_FAULT:
		return !(vma->vm_flags & VM_WRITE);
	}
	return true;
}

/*
 * handle_mm_fault() failed. Out of memory: the allocator has already
 * run the OOM killer, and still found nothing, so the faulting task is
 * the one that goes - unless it is init, which waits and faults again
 * (Linux: pagefault_out_of_memory, which always retries). No page behind
 * a file mapping (past the end of the file): a bus error.
 */
static void mm_fault_error(struct pt_regs *regs, vm_fault_t fault)
{
	struct task_struct *p = current;

	if (!user_mode(regs)) {
		no_context(regs);
		return;
	}
	if (fault & VM_FAULT_OOM) {
		if (p == init_task_user) {
			yield();
			return;
		}
		if (!fatal_signal_pending(p))
			pr_info("pid %d (%s): out of memory at %lx pc %lx, killed\n", p->pid,
				p->comm, regs->badaddr, regs->epc);
		p->killed = true;
	} else if (fault & VM_FAULT_SIGBUS) {
		user_fault(regs, "bus error");
	} else {
		user_fault(regs, "segfault");
	}
}

void do_page_fault(struct pt_regs *regs)
{
	unsigned long addr = regs->badaddr, cause = regs->cause;
	struct task_struct *tsk = current;
	struct mm_struct *mm = tsk ? tsk->mm : NULL;
	unsigned int flags = user_mode(regs) ? FAULT_FLAG_USER : 0;
	struct vm_area_struct *vma;
	vm_fault_t fault;

	if (addr >= TASK_SIZE) {
		bad_area(regs, "segfault");	/* the kernel half: never a user page */
		return;
	}
	if (!user_mode(regs) && !(regs->status & SR_SUM)) {
		pr_emerg("access to user memory at %lx without a uaccess routine\n", addr);
		die(regs);
	}
	/*
	 * Resolving a fault may sleep. A kernel that faulted with interrupts
	 * off (holding a spinlock) or with faults disabled (holding a page
	 * lock the fault might want) must not: its copy just fails.
	 */
	if (!mm || !(regs->status & SR_SPIE) || tsk->pagefault_disabled) {
		bad_area(regs, "segfault");
		return;
	}
	/* A user trap already turned them on (each sstatus write is dear under QEMU). */
	if (!user_mode(regs))
		local_irq_enable();
	if (cause == EXC_STORE_PAGE_FAULT)
		flags |= FAULT_FLAG_WRITE;
	else if (cause == EXC_INST_PAGE_FAULT)
		flags |= FAULT_FLAG_INSTRUCTION;

	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (!vma || (vma->vm_start > addr &&
		     (!(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, addr))) ||
	    access_error(cause, vma)) {
		mmap_read_unlock(mm);
		bad_area(regs, "segfault");
		return;
	}
	fault = handle_mm_fault(vma, addr, flags, regs);
	mmap_read_unlock(mm);
	if (fault & VM_FAULT_ERROR)
		mm_fault_error(regs, fault);
}

/* Faults on user addresses fail at once instead of sleeping (Linux: pagefault_disable). */
void pagefault_disable(void)
{
	current->pagefault_disabled++;
}

void pagefault_enable(void)
{
	current->pagefault_disabled--;
}
