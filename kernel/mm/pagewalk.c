/*
 * Walking and building Sv48 page tables (Linux: mm/pagewalk.c for the
 * walk, arch/riscv/mm/init.c create_pgd_mapping() for building).
 * Tables are reached through the linear map, so these functions work as
 * soon as the early page table maps RAM.
 */
#include "mm/pagewalk.h"
#include "errno.h"
#include "string.h"
#include "mm/gfp.h"

static unsigned long *table_of(unsigned long entry)
{
	return __va(PFN_PHYS(pte_pfn(entry)));
}

unsigned long *pt_entry_ctx(pgd_t *pgd, unsigned long va, int level,
			   pt_alloc_ctx_fn alloc, pt_free_ctx_fn release, void *ctx)
{
	unsigned long *table = pgd;

	for (int l = PT_PGD;; l++) {
		unsigned long *e = &table[pt_index(va, l)];
		unsigned long old = READ_ONCE(*e);
		phys_addr_t pa;

		if (l == level)
			return e;
		if (pte_leaf(old))
			return NULL;
		if (!pte_present(old)) {
			unsigned long expected = old;	/* one read: test and swap agree */

			if (!alloc || !(pa = alloc(ctx)))
				return NULL;
			/*
			 * Publish the zeroed table only after it is ready. If
			 * another CPU filled the entry first, use its table and
			 * free ours (boot is single-CPU, so this happens only
			 * once the buddy allocator runs).
			 */
			if (!__atomic_compare_exchange_n(e, &expected, pfn_pte(PHYS_PFN(pa), _PAGE_TABLE),
							 false, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
				release(ctx, pa);
		}
		table = table_of(*e);
	}
}

static phys_addr_t plain_alloc(void *fn)
{
	return ((pt_alloc_fn)fn)();
}

static void plain_free(void *fn, phys_addr_t pa)
{
	free_page((unsigned long)__va(pa));
}

unsigned long *pt_entry(pgd_t *pgd, unsigned long va, int level, pt_alloc_fn alloc)
{
	return pt_entry_ctx(pgd, va, level, alloc ? plain_alloc : NULL, plain_free, (void *)alloc);
}

unsigned long *lookup_address(pgd_t *pgd, unsigned long va, int *level)
{
	unsigned long *table = pgd;

	for (int l = PT_PGD; l <= PT_PTE; l++) {
		unsigned long *e = &table[pt_index(va, l)];

		if (!pte_present(*e))
			return NULL;
		if (pte_leaf(*e)) {
			*level = l;
			return e;
		}
		if (l == PT_PTE)
			return NULL;	/* a non-leaf pte is reserved encoding */
		table = table_of(*e);
	}
	return NULL;
}

phys_addr_t pt_virt_to_phys(pgd_t *pgd, unsigned long va)
{
	int level;
	unsigned long *e = lookup_address(pgd, va, &level);

	if (!e)
		return ~0UL;
	return PFN_PHYS(pte_pfn(*e)) + (va & (pt_level_size(level) - 1));
}

static int walk_level(unsigned long *table, int level, unsigned long start,
		      unsigned long end, struct mm_walk *walk)
{
	const struct mm_walk_ops *ops = walk->ops;
	unsigned long size = pt_level_size(level), addr = start, next;
	int err = 0;

	for (; addr < end && !err; addr = next) {
		unsigned long *e = &table[pt_index(addr, level)];

		next = (addr & ~(size - 1)) + size;
		if (next > end || next == 0)	/* next == 0: wrapped at the top */
			next = end;
		if (level == PT_PTE && *e && !pte_present(*e)) {
			if (ops->swap_pte_entry)
				err = ops->swap_pte_entry(e, addr, next, walk);
		} else if (!pte_present(*e)) {
			if (ops->pte_hole)
				err = ops->pte_hole(addr, next, level, walk);
		} else if (pte_leaf(*e)) {
			if (level == PT_PUD && ops->pud_entry)
				err = ops->pud_entry(e, addr, next, walk);
			else if (level == PT_PMD && ops->pmd_entry)
				err = ops->pmd_entry(e, addr, next, walk);
			else if (level == PT_PTE && ops->pte_entry)
				err = ops->pte_entry(e, addr, next, walk);
		} else if (level < PT_PTE) {
			err = walk_level(table_of(*e), level + 1, addr, next, walk);
		}
		if (next == end)
			break;
	}
	return err;
}

int walk_page_range(pgd_t *pgd, unsigned long start, unsigned long end,
		    const struct mm_walk_ops *ops, void *private)
{
	struct mm_walk walk = { ops, pgd, private };

	if (end <= start && end != 0)
		return -EINVAL;
	return walk_level(pgd, PT_PGD, start, end ? end : ~0UL, &walk);
}

int create_pgd_mapping(pgd_t *pgd, unsigned long va, phys_addr_t pa,
		       unsigned long size, pgprot_t prot, int max_leaf_level,
		       pt_alloc_fn alloc)
{
	unsigned long end = va + size;

	while (va < end) {
		int level = PT_PTE;
		unsigned long *e;

		/* The biggest leaf that is aligned and fits. */
		for (int l = max_leaf_level; l < PT_PTE; l++) {
			unsigned long s = pt_level_size(l);

			if (IS_ALIGNED(va, s) && IS_ALIGNED(pa, s) && end - va >= s) {
				level = l;
				break;
			}
		}
		e = pt_entry(pgd, va, level, alloc);
		if (!e)
			return -ENOMEM;
		*e = pfn_pte(PHYS_PFN(pa), prot);
		va += pt_level_size(level);
		pa += pt_level_size(level);
	}
	return 0;
}

void clear_pte_range(pgd_t *pgd, unsigned long va, unsigned long size)
{
	for (unsigned long end = va + size; va < end; va += PAGE_SIZE) {
		unsigned long *e = pt_entry(pgd, va, PT_PTE, NULL);

		if (e)
			*e = 0;
	}
}
