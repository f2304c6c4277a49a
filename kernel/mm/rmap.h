/*
 * Reverse mapping: from a page back to the ptes that map it (Linux:
 * include/linux/rmap.h).
 *
 * Each mapped page counts its ptes in _mapcount (starting at -1), and
 * says where its mappers can be found: an anonymous page through its
 * anon_vma (page->mapping with PAGE_MAPPING_ANON), a file page through its
 * address_space's list of VMAs (mapping->i_mmap). The walk over those
 * (page_referenced, try_to_unmap) is the reclaim issue's; this issue keeps
 * the counts exact and the pointers right.
 */
#ifndef _MM_RMAP_H
#define _MM_RMAP_H

#include "mm/mm.h"
#include "mm/user.h"

/*
 * The anonymous pages of one VMA and of the copies fork made of it.
 * Pagoda shares one anon_vma between a VMA and its fork copies, as Linux
 * did before 2.6.34; Linux now links a tree of them through anon_vma_chain
 * so a page is searched only in the VMAs that can map it.
 */
struct anon_vma {
	atomic_t refcount;		/* VMAs pointing here */
};

/* Give vma an anon_vma before its first anonymous page: 0 or -ENOMEM. */
int anon_vma_prepare(struct vm_area_struct *vma);
/* fork: the child's copy shares the parent's anon_vma. */
void anon_vma_fork(struct vm_area_struct *child, struct vm_area_struct *parent);
/* The VMA goes away (or is split off): drop its anon_vma reference. */
void unlink_anon_vmas(struct vm_area_struct *vma);
void anon_vma_init(void);

/* A page newly allocated for vma at address: mapped once, anonymous. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);
/* One more pte maps an anonymous page (fork). */
void page_dup_rmap(struct page *page);
/* A pte now maps a page-cache page. */
void page_add_file_rmap(struct page *page);
/* A pte no longer maps the page. */
void page_remove_rmap(struct page *page);
/* Write-protect and clean every shared pte of a page-cache page (before writeback). */
int page_mkclean(struct page *page);

static inline bool page_mapped(const struct page *page)
{
	return page_mapcount(page) > 0;
}

#endif
