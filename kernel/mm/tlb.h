/*
 * Gathering pages unmapped from user space until the TLB is flushed
 * (Linux: include/asm-generic/tlb.h, mm/mmu_gather.c).
 *
 * A page whose pte was just cleared may still be reachable through a
 * TLB entry, on this hart or on another that ran the mm. It must not be
 * freed, and a page-table page must not be reused, until those entries
 * are flushed. So unmapping code hands pages to an mmu_gather instead of
 * putting them: the gather remembers the address range, and when it is
 * full or finished it flushes that range once, then frees everything.
 */
#ifndef _MM_TLB_H
#define _MM_TLB_H

#include "mm/mm_types.h"

#define MMU_GATHER_BATCH 64

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;	/* the range whose ptes were cleared */
	bool freed_tables;		/* a page-table page is waiting: flush every level */
	unsigned int nr;
	struct page *pages[MMU_GATHER_BATCH];	/* data pages and table pages to release */
	bool is_table[MMU_GATHER_BATCH];
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
/* A pte mapping addr was cleared. */
static inline void tlb_adjust_range(struct mmu_gather *tlb, unsigned long addr, unsigned long size)
{
	if (addr < tlb->start)
		tlb->start = addr;
	if (addr + size > tlb->end)
		tlb->end = addr + size;
}
/* Drop this reference to page after the flush. */
void tlb_remove_page(struct mmu_gather *tlb, struct page *page);
/* Free this page-table page after the flush. */
void tlb_remove_table(struct mmu_gather *tlb, struct page *table);
/* Flush now and release what was gathered. */
void tlb_flush_mmu(struct mmu_gather *tlb);
void tlb_finish_mmu(struct mmu_gather *tlb);

#endif
