/*
 * Flushing user translations (Linux: arch/riscv/include/asm/tlbflush.h).
 * Every user mapping change goes through these. Without ASIDs, every
 * switch_mm() flushes the hart's whole TLB and an mm runs on one hart at
 * a time, so flushing this hart is enough.
 */
#ifndef _MM_TLBFLUSH_H
#define _MM_TLBFLUSH_H

#include "riscv.h"
#include "mm/mm_types.h"

static inline void flush_tlb_mm(struct mm_struct *mm)
{
	local_flush_tlb_all();
}

static inline void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	local_flush_tlb_all();
}

static inline void flush_tlb_page(struct vm_area_struct *vma, unsigned long addr)
{
	local_flush_tlb_page(addr);
}

static inline void flush_tlb_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	flush_tlb_mm_range(vma->vm_mm, start, end);
}

#endif
