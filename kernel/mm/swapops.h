/*
 * Swap entries: where a swapped-out page is, and how a pte says so
 * (Linux: include/linux/swapops.h, and the __swp_* of
 * arch/riscv/include/asm/pgtable.h).
 *
 * A swap entry names a swap area (its type, 0..MAX_SWAPFILES-1) and a
 * page slot in it (its offset). When a page is swapped out, every pte
 * that mapped it gets the entry instead, in Linux's riscv64 layout:
 *
 *   bit 0       V        0: not present, so any access faults
 *   bits 1..3   R W X    0: not a leaf the hardware could use
 *   bit 5       G        0: not a PROT_NONE page either
 *   bit 6                exclusive (Linux: only this mm maps it; unused here)
 *   bits 7..11           swap type
 *   bits 12..63          swap offset
 *
 * So a pte is a swap pte exactly when it is neither empty nor present.
 */
#ifndef _MM_SWAPOPS_H
#define _MM_SWAPOPS_H

#include "mm/pgtable.h"

typedef struct {
	unsigned long val;
} swp_entry_t;

#define MAX_SWAPFILES_SHIFT 5
#define MAX_SWAPFILES (1 << MAX_SWAPFILES_SHIFT)

#define __SWP_TYPE_SHIFT 7
#define __SWP_TYPE_BITS MAX_SWAPFILES_SHIFT
#define __SWP_TYPE_MASK ((1UL << __SWP_TYPE_BITS) - 1)
#define __SWP_OFFSET_SHIFT (__SWP_TYPE_BITS + __SWP_TYPE_SHIFT)

/* The arch-independent entry (Linux keeps type in the top bits; riscv's pte layout is what matters). */
static inline swp_entry_t swp_entry(unsigned int type, unsigned long offset)
{
	return (swp_entry_t){ ((unsigned long)type << __SWP_TYPE_SHIFT) |
			      (offset << __SWP_OFFSET_SHIFT) };
}

static inline unsigned int swp_type(swp_entry_t e)
{
	return (e.val >> __SWP_TYPE_SHIFT) & __SWP_TYPE_MASK;
}

static inline unsigned long swp_offset(swp_entry_t e)
{
	return e.val >> __SWP_OFFSET_SHIFT;
}

static inline pte_t swp_entry_to_pte(swp_entry_t e)
{
	return e.val;
}

static inline swp_entry_t pte_to_swp_entry(pte_t pte)
{
	return (swp_entry_t){ pte };
}

static inline bool is_swap_pte(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

#endif
