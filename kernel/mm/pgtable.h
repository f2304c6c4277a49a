/*
 * Sv48 page tables (Linux: arch/riscv/include/asm/pgtable.h,
 * pgtable-64.h, pgtable-bits.h). Four levels, 512 entries each:
 *
 *   VA[47:39] -> pgd   VA[38:30] -> pud   VA[29:21] -> pmd   VA[20:12] -> pte
 *
 * An entry with R, W or X set is a leaf: at pud level it maps 1 GiB, at
 * pmd level 2 MiB, at pte level 4 KiB. Linux wraps each level's entry in
 * a struct for type checking; Pagoda keeps plain words.
 */
#ifndef _MM_PGTABLE_H
#define _MM_PGTABLE_H

#include "mm/page.h"

#define PTRS_PER_PGD 512
#define PTRS_PER_PUD 512
#define PTRS_PER_PMD 512
#define PTRS_PER_PTE 512
#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
#define PGDIR_SIZE (1UL << PGDIR_SHIFT)
#define PUD_SIZE (1UL << PUD_SHIFT)
#define PMD_SIZE (1UL << PMD_SHIFT)
#define PGDIR_MASK (~(PGDIR_SIZE - 1))
#define PUD_MASK (~(PUD_SIZE - 1))
#define PMD_MASK (~(PMD_SIZE - 1))

#define _PAGE_PRESENT  (1UL << 0)	/* V */
#define _PAGE_READ     (1UL << 1)
#define _PAGE_WRITE    (1UL << 2)
#define _PAGE_EXEC     (1UL << 3)
#define _PAGE_USER     (1UL << 4)
#define _PAGE_GLOBAL   (1UL << 5)
#define _PAGE_ACCESSED (1UL << 6)
#define _PAGE_DIRTY    (1UL << 7)
#define _PAGE_SOFT     (3UL << 8)	/* RSW bits, for software use */
#define _PAGE_SPECIAL  (1UL << 8)	/* RSW: no struct page to count (the zero page) */
/*
 * A PROT_NONE page keeps its pte with V clear, so the hardware faults on
 * any access, and G set, which no user pte has otherwise, so software
 * still sees a page there (Linux riscv: _PAGE_PROT_NONE is _PAGE_GLOBAL).
 */
#define _PAGE_PROT_NONE _PAGE_GLOBAL
#define _PAGE_PFN_SHIFT 10
#define _PAGE_PFN_MASK  (((1UL << 44) - 1) << _PAGE_PFN_SHIFT)
#define _PAGE_LEAF (_PAGE_READ | _PAGE_WRITE | _PAGE_EXEC)
#define _PAGE_TABLE _PAGE_PRESENT

/* Kernel mappings are global and pre-set A/D so no hart needs to update them. */
#define _PAGE_KERNEL_BASE (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL       (_PAGE_KERNEL_BASE | _PAGE_READ | _PAGE_WRITE)
#define PAGE_KERNEL_RO    (_PAGE_KERNEL_BASE | _PAGE_READ)
#define PAGE_KERNEL_EXEC  (_PAGE_KERNEL_BASE | _PAGE_READ | _PAGE_EXEC)
#define PAGE_KERNEL_RWX   (PAGE_KERNEL | _PAGE_EXEC)
#define PAGE_KERNEL_IO    PAGE_KERNEL

#ifndef __ASSEMBLY__
#include "types.h"

typedef unsigned long pgd_t;
typedef unsigned long pud_t;
typedef unsigned long pmd_t;
typedef unsigned long pte_t;
typedef unsigned long pgprot_t;

/* Page-table levels as the walker numbers them. */
enum pt_level { PT_PGD = 0, PT_PUD = 1, PT_PMD = 2, PT_PTE = 3 };

static inline int pt_level_shift(int level)
{
	return PGDIR_SHIFT - 9 * level;
}

static inline unsigned long pt_index(unsigned long va, int level)
{
	return (va >> pt_level_shift(level)) & 511;
}

static inline unsigned long pte_pfn(pte_t e)
{
	return (e & _PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT;
}

static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return (pfn << _PAGE_PFN_SHIFT) | prot;
}

static inline bool pte_none(pte_t e) { return e == 0; }
/* A page is there: accessible (V) or PROT_NONE (G without V). */
static inline bool pte_present(pte_t e) { return e & (_PAGE_PRESENT | _PAGE_PROT_NONE); }
static inline bool pte_leaf(pte_t e) { return pte_present(e) && (e & _PAGE_LEAF); }
static inline pgprot_t pte_pgprot(pte_t e) { return e & ~_PAGE_PFN_MASK; }

/* Leaf pte bits (Linux: the pte_* helpers of asm/pgtable.h). */
static inline bool pte_write(pte_t e) { return e & _PAGE_WRITE; }
static inline bool pte_dirty(pte_t e) { return e & _PAGE_DIRTY; }
static inline bool pte_young(pte_t e) { return e & _PAGE_ACCESSED; }
static inline bool pte_special(pte_t e) { return e & _PAGE_SPECIAL; }
static inline pte_t pte_mkwrite(pte_t e) { return e | _PAGE_WRITE; }
static inline pte_t pte_wrprotect(pte_t e) { return e & ~_PAGE_WRITE; }
static inline pte_t pte_mkdirty(pte_t e) { return e | _PAGE_DIRTY; }
static inline pte_t pte_mkclean(pte_t e) { return e & ~_PAGE_DIRTY; }
static inline pte_t pte_mkyoung(pte_t e) { return e | _PAGE_ACCESSED; }
static inline pte_t pte_mkold(pte_t e) { return e & ~_PAGE_ACCESSED; }
static inline pte_t pte_mkspecial(pte_t e) { return e | _PAGE_SPECIAL; }
/* Same page, new permissions; A, D and SPECIAL survive (Linux: pte_modify). */
static inline pte_t pte_modify(pte_t e, pgprot_t prot)
{
	const unsigned long keep = _PAGE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_SPECIAL;

	return (e & keep) | (prot & ~keep);
}

/*
 * Updates that race with the page-table walker of another hart, which
 * sets A and D in memory on its own: atomic, so no bit it sets is lost
 * (Linux: ptep_get_and_clear, ptep_test_and_clear_young, ptep_set_wrprotect).
 */
static inline pte_t ptep_get_and_clear(pte_t *ptep, pte_t newval)
{
	return __atomic_exchange_n(ptep, newval, __ATOMIC_SEQ_CST);
}

static inline bool ptep_test_and_clear_young(pte_t *ptep)
{
	return __atomic_fetch_and(ptep, ~_PAGE_ACCESSED, __ATOMIC_SEQ_CST) & _PAGE_ACCESSED;
}

/* Write-protect and clean; returns the old pte, so a dirty bit set meanwhile is seen. */
static inline pte_t ptep_wrprotect_clean(pte_t *ptep)
{
	return __atomic_fetch_and(ptep, ~(_PAGE_WRITE | _PAGE_DIRTY), __ATOMIC_SEQ_CST);
}

extern pgd_t swapper_pg_dir[PTRS_PER_PGD];
extern pgd_t early_pg_dir[PTRS_PER_PGD];

#endif
#endif
