/*
 * Switching address spaces (Linux: arch/riscv/include/asm/mmu_context.h,
 * arch/riscv/mm/context.c). Without address-space IDs every switch
 * flushes this hart's TLB; the next issue adds ASIDs so it need not.
 */
#ifndef _MM_MMU_CONTEXT_H
#define _MM_MMU_CONTEXT_H

#include "riscv.h"
#include "mm/page.h"
#include "mm/mm_types.h"

static inline void switch_mm(struct mm_struct *next)
{
	csr_write(satp, SATP_MODE_SV48 | PHYS_PFN(__pa(next->pgd)));
	local_flush_tlb_all();
}

#endif
