/*
 * Reclaim's pending TLB flush, kept in the task (Linux:
 * arch/riscv/include/asm/tlbbatch.h and include/linux/mm_types_task.h).
 * Its own header, with no includes, so that sched.h can hold one.
 */
#ifndef _MM_TLBBATCH_H
#define _MM_TLBBATCH_H

/*
 * Reclaim's batched shootdown (Linux: struct tlbflush_unmap_batch,
 * arch_tlbbatch_add_pending/arch_tlbbatch_flush). try_to_unmap() clears
 * the ptes of many pages of many mms; rather than interrupt the harts
 * once per pte, it notes which harts may still hold the old entries,
 * and reclaim flushes them all at once before any of those pages is
 * written out or freed. `writable`: some cleared pte was dirty, so a
 * hart may still be storing through it (a clean one cannot: its first
 * store would walk the page table to set D, and fault).
 */
struct tlbflush_unmap_batch {
	unsigned long cpumask;		/* harts that may hold a cleared pte */
	_Bool flush_required;
	_Bool writable;
};

#endif
