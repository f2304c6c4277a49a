/*
 * Telling harts to forget translations (Linux:
 * arch/riscv/include/asm/tlbflush.h).
 *
 * The rule, for everyone who edits page tables: after changing or
 * removing a present user PTE (munmap, mprotect, write-protecting for
 * copy-on-write, reclaim) and before the old page is freed or reused,
 * call flush_tlb_page(), flush_tlb_range() or flush_tlb_mm(). They reach
 * every hart in mm_cpumask(mm), this one included, whether or not the mm
 * is running there now: with ASIDs a hart keeps an mm's entries after
 * switching away. Changing kernel mappings calls flush_tlb_kernel_range().
 *
 * Filling an empty PTE needs no shootdown. RISC-V still asks for an
 * sfence.vma before the new entry is sure to be seen; a hart that misses
 * it takes a spurious fault, which the fault path settles with a local
 * flush (Linux: update_mmu_cache, flush_tlb_fix_spurious_fault).
 */
#ifndef _MM_TLBFLUSH_H
#define _MM_TLBFLUSH_H

#include "riscv.h"
#include "mm/mm_types.h"
#include "mm/tlbbatch.h"

/* This hart only: one ASID's non-global entries, all or one page. */
static inline void local_flush_tlb_all_asid(unsigned long asid)
{
	__asm__ __volatile__("sfence.vma x0, %0" :: "r"(asid) : "memory");
}

static inline void local_flush_tlb_page_asid(unsigned long addr, unsigned long asid)
{
	__asm__ __volatile__("sfence.vma %0, %1" :: "r"(addr), "r"(asid) : "memory");
}

/* User mappings of one mm, on every hart that may cache them. */
void flush_tlb_mm(struct mm_struct *mm);
void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr);
void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* The core of the three above: [start, end) of mm; Linux also takes a page-size stride. */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end);

void arch_tlbbatch_add_pending(struct tlbflush_unmap_batch *batch, struct mm_struct *mm);
void arch_tlbbatch_flush(struct tlbflush_unmap_batch *batch);

/* Kernel mappings (global entries), on every online hart. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_all(void);

#endif
