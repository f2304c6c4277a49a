/*
 * Helpers for the suites that fault in a user mm of their own
 * (fault_test.c, swap_test.c): a fault as do_page_fault would take it
 * once the VMA allows the access, and what the page table holds.
 */
#ifndef _MM_TESTS_FAULT_HELPERS_H
#define _MM_TESTS_FAULT_HELPERS_H

#include "mm/user.h"
#include "mm/mm.h"

static inline vm_fault_t test_fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma;
	vm_fault_t ret = VM_FAULT_SIGSEGV;

	mmap_read_lock(mm);
	vma = vma_lookup(mm, addr);
	if (vma)
		ret = handle_mm_fault(vma, addr, FAULT_FLAG_USER | (write ? FAULT_FLAG_WRITE : 0),
				      NULL);
	mmap_read_unlock(mm);
	return ret;
}

/* The pte that maps addr, or 0 if there is no page table for it. */
static inline pte_t test_pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *ptep, pte;

	spin_lock(&mm->page_table_lock);
	ptep = pte_offset_map(mm, addr);
	pte = ptep ? READ_ONCE(*ptep) : 0;
	spin_unlock(&mm->page_table_lock);
	return pte;
}

/* The page mapped at addr, or NULL. */
static inline struct page *test_page_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = test_pte_at(mm, addr);

	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

#endif
