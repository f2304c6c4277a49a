/*
 * The architecture's part of an mm_struct (Linux:
 * arch/riscv/include/asm/mmu.h, and the cpu_bitmap at the end of
 * struct mm_struct that mm_cpumask() returns).
 *
 * Invariants:
 *  - id is 0 until the mm first runs; after that it is the generation
 *    and the ASID the mm last ran with (see mm/context.c). It changes
 *    only in switch_mm(), under context_lock or by a cmpxchg.
 *  - cpumask has a bit for every hart that has run the mm since it was
 *    made. With ASIDs a hart keeps an mm's translations after switching
 *    away, so bits are never cleared; a page-table change must reach all
 *    of them (mm/tlbflush.c). Without ASIDs a switch flushes, and
 *    switch_mm() clears the bit of the mm switched from.
 *  - stale_mask: harts that may hold translations older than a change
 *    and have not flushed them yet. A flush marks every hart of cpumask
 *    stale, but interrupts only those running the mm right now; the rest
 *    flush this ASID themselves when they next switch to the mm (Linux
 *    riscv: the same deferral for the icache, icache_stale_mask).
 */
#ifndef _MM_MMU_H
#define _MM_MMU_H

#include "atomic.h"

typedef struct {
	atomic_long_t id;		/* generation | ASID, 0: none yet */
	unsigned long cpumask;		/* bit per logical CPU; Linux: mm_cpumask */
	unsigned long stale_mask;	/* harts to flush this ASID at their next switch to it */
} mm_context_t;

#endif
