/*
 * The one page-table walker (Linux: include/linux/pagewalk.h). Everyone
 * who reads or builds page tables goes through these functions: the boot
 * mapping code, vmalloc, the kernel page-table dump and the tests.
 */
#ifndef _MM_PAGEWALK_H
#define _MM_PAGEWALK_H

#include "mm/pgtable.h"

struct mm_walk;

/*
 * Callbacks for walk_page_range(). pud_entry and pmd_entry are called for
 * leaf (huge) entries at that level, pte_entry for each present pte,
 * swap_pte_entry for each pte holding a swap entry, and pte_hole for each
 * empty entry at any level (depth 0..3) in the range.
 * Linux also calls pmd_entry for table entries and lets it skip the ptes.
 * A non-zero return stops the walk and is returned.
 */
struct mm_walk_ops {
	int (*pud_entry)(pud_t *pud, unsigned long addr, unsigned long next, struct mm_walk *walk);
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next, struct mm_walk *walk);
	int (*pte_entry)(pte_t *pte, unsigned long addr, unsigned long next, struct mm_walk *walk);
	int (*pte_hole)(unsigned long addr, unsigned long next, int depth, struct mm_walk *walk);
	/* A pte that is not present but not empty either: a swap entry (mm/swapops.h). */
	int (*swap_pte_entry)(pte_t *pte, unsigned long addr, unsigned long next, struct mm_walk *walk);
};

struct mm_walk {
	const struct mm_walk_ops *ops;
	pgd_t *pgd;
	void *private;
};

int walk_page_range(pgd_t *pgd, unsigned long start, unsigned long end,
		    const struct mm_walk_ops *ops, void *private);

/* Allocates one zeroed page-table page and returns its physical address (0 on failure). */
typedef phys_addr_t (*pt_alloc_fn)(void);

/*
 * The entry for `va` at `level`, allocating missing tables on the way
 * with `alloc` (or failing if it is NULL). NULL if a table cannot be had
 * or a leaf at a higher level already maps va.
 */
unsigned long *pt_entry(pgd_t *pgd, unsigned long va, int level, pt_alloc_fn alloc);
/* The same, for callers that account the tables they allocate (user page tables). */
typedef phys_addr_t (*pt_alloc_ctx_fn)(void *ctx);
typedef void (*pt_free_ctx_fn)(void *ctx, phys_addr_t pa);
unsigned long *pt_entry_ctx(pgd_t *pgd, unsigned long va, int level,
			   pt_alloc_ctx_fn alloc, pt_free_ctx_fn release, void *ctx);
/* The leaf entry that maps va and its level, or NULL if va is unmapped. */
unsigned long *lookup_address(pgd_t *pgd, unsigned long va, int *level);

/*
 * Map [va, va+size) to [pa, pa+size) with `prot`, using the largest leaves
 * (1 GiB, 2 MiB, 4 KiB) that alignment and `max_leaf_level` allow
 * (PT_PUD allows all three, PT_PTE only 4 KiB pages). Returns 0 or -ENOMEM.
 */
int create_pgd_mapping(pgd_t *pgd, unsigned long va, phys_addr_t pa,
		       unsigned long size, pgprot_t prot, int max_leaf_level,
		       pt_alloc_fn alloc);
/* Clear the 4 KiB mappings in [va, va+size); tables are kept. */
void clear_pte_range(pgd_t *pgd, unsigned long va, unsigned long size);
/* Translate through a page table: physical address, or ~0 if unmapped. */
phys_addr_t pt_virt_to_phys(pgd_t *pgd, unsigned long va);

static inline unsigned long pt_level_size(int level)
{
	return 1UL << pt_level_shift(level);
}

#endif
