/*
 * RISC-V control and status registers and a few instructions, for
 * supervisor mode (after Linux's arch/riscv/include/asm/csr.h).
 */
#ifndef _KERNEL_RISCV_H
#define _KERNEL_RISCV_H

#define SR_SIE   (1UL << 1)
#define SR_SPIE  (1UL << 5)
#define SR_SPP   (1UL << 8)
#define SR_SUM   (1UL << 18)

#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9
#define SIE_SSIE (1UL << IRQ_S_SOFT)
#define SIE_STIE (1UL << IRQ_S_TIMER)
#define SIE_SEIE (1UL << IRQ_S_EXT)
#define CAUSE_IRQ_FLAG (1UL << 63)
#define SCOUNTEREN_TM  (1UL << 1)	/* user mode may read the time CSR */

#define SATP_MODE_SV48 (9UL << 60)
#define SATP_ASID_SHIFT 44

#define SR_SPP_SHIFT 8
#define SR_FS    (3UL << 13)

/* Exception causes (scause without the interrupt bit). */
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS     1
#define EXC_ILLEGAL_INSN    2
#define EXC_BREAKPOINT      3
#define EXC_LOAD_MISALIGNED 4
#define EXC_LOAD_ACCESS     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS    7
#define EXC_SYSCALL         8
#define EXC_INST_PAGE_FAULT 12
#define EXC_LOAD_PAGE_FAULT 13
#define EXC_STORE_PAGE_FAULT 15

/* xv6's names, for user programs that include kernel/riscv.h. */
#define PGSIZE 4096
#define PGSHIFT 12
#define PGROUNDUP(sz)  (((sz) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))
#define MAXVA (1UL << 47)	/* one past the highest user address (Sv48) */
#define PTE_V (1L << 0)
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)

#ifndef __ASSEMBLY__
#include "types.h"

#define csr_read(csr) ({ unsigned long __v; \
	__asm__ __volatile__("csrr %0, " #csr : "=r"(__v) :: "memory"); __v; })
#define csr_write(csr, val) ({ unsigned long __v = (unsigned long)(val); \
	__asm__ __volatile__("csrw " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_set(csr, val) ({ unsigned long __v = (unsigned long)(val); \
	__asm__ __volatile__("csrs " #csr ", %0" :: "rK"(__v) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long __v = (unsigned long)(val); \
	__asm__ __volatile__("csrc " #csr ", %0" :: "rK"(__v) : "memory"); })

static inline void local_flush_tlb_all(void)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static inline void local_flush_tlb_page(unsigned long addr)
{
	__asm__ __volatile__("sfence.vma %0" :: "r"(addr) : "memory");
}

static inline unsigned long get_cycles(void)
{
	return csr_read(time);
}

static inline void wait_for_interrupt(void)
{
	__asm__ __volatile__("wfi");
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("nop; nop; nop; nop" ::: "memory");
}

static inline void mb(void)
{
	__asm__ __volatile__("fence rw, rw" ::: "memory");
}

static inline unsigned long read_fp(void)
{
	unsigned long fp;
	__asm__ __volatile__("mv %0, s0" : "=r"(fp));
	return fp;
}

/* Interrupt enable state of this hart, saved and restored by spinlocks. */
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;
	__asm__ __volatile__("csrrc %0, sstatus, %1" : "=r"(flags) : "rK"(SR_SIE) : "memory");
	return flags & SR_SIE;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	csr_set(sstatus, flags & SR_SIE);
}

static inline void local_irq_enable(void) { csr_set(sstatus, SR_SIE); }
static inline void local_irq_disable(void) { csr_clear(sstatus, SR_SIE); }
static inline bool irqs_disabled(void) { return !(csr_read(sstatus) & SR_SIE); }

#define local_irq_save(flags) do { (flags) = arch_local_irq_save(); } while (0)
#define local_irq_restore(flags) arch_local_irq_restore(flags)

#ifndef __KERNEL__
/* xv6's r_sp(), which xv6 user programs (usertests' stacktest) call. */
static inline uint64 r_sp(void)
{
	uint64 sp;

	__asm__ __volatile__("mv %0, sp" : "=r"(sp));
	return sp;
}
#endif

#endif /* __ASSEMBLY__ */
#endif
