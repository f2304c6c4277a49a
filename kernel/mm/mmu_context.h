/*
 * Switching address spaces (Linux: arch/riscv/include/asm/mmu_context.h;
 * the ASID allocator behind it is mm/context.c).
 *
 * satp holds the root page table and an address-space ID. TLB entries
 * are tagged with the ASID they were loaded under (kernel mappings are
 * global and match any), so with an ASID per mm a switch need not flush:
 * the next mm's entries cannot be confused with the last one's.
 */
#ifndef _MM_MMU_CONTEXT_H
#define _MM_MMU_CONTEXT_H

#include "riscv.h"
#include "mm/mm_types.h"

#define SATP_ASID_MASK 0xffffUL		/* the widest ASID Sv48 allows: 16 bits */

extern bool use_asid_allocator;		/* false: flush on every switch */
extern unsigned long asid_bits;		/* found by asids_init(); 0 if none */
extern unsigned long asid_mask;		/* num_asids - 1 */

/* A context id is a generation (the high bits) and an ASID (the low asid_bits). */
static inline unsigned long cntx2asid(unsigned long cntx) { return cntx & asid_mask; }
static inline unsigned long cntx2version(unsigned long cntx) { return cntx & ~asid_mask; }

/* The harts that may hold translations of mm (Linux returns a struct cpumask *). */
static inline unsigned long mm_cpumask(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->context.cpumask, __ATOMIC_SEQ_CST);
}

/* Find how many ASID bits the hart has and enable the allocator if enough. */
void asids_init(void);
/* Run next's page table on this hart; prev is the mm it runs now, or NULL. */
void switch_mm(struct mm_struct *prev, struct mm_struct *next);

/* For tests (mm/tests/asid_test.c). */
unsigned long asid_generation(void);	/* the current generation, in context-id form */
void asid_exhaust_for_test(void);	/* mark every ASID used: the next new one rolls over */

#endif
