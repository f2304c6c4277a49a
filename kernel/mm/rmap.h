/*
 * Reverse mapping: from a page back to the ptes that map it (Linux:
 * include/linux/rmap.h).
 *
 * Each mapped page counts its ptes in _mapcount (starting at -1), and
 * says where its mappers can be found:
 *  - an anonymous page through its anon_vma (page->mapping with
 *    PAGE_MAPPING_ANON set): the anon_vma lists, through anon_vma_chain
 *    links, every VMA that may map pages of it - the VMA the page was
 *    first faulted in and the copies fork made of it;
 *  - a file page through its address_space's list of VMAs (i_mmap).
 * rmap_walk() visits each of those VMAs at the address the page would
 * have there; page_referenced() and try_to_unmap() are built on it.
 */
#ifndef _MM_RMAP_H
#define _MM_RMAP_H

#include "mm/mm.h"
#include "mm/user.h"
#include "spinlock.h"
#include "list.h"

/*
 * The anonymous pages of a VMA, and of the VMAs fork copied from it
 * (Linux: struct anon_vma). anon_vmas form trees: a child process's
 * anon_vma has its parent's as parent and the first one as root, whose
 * lock guards the whole tree's lists.
 *
 * References: each anon_vma_chain linking it, each page whose mapping
 * points at it, and (for a root) each anon_vma below it. Linux frees
 * anon_vmas under RCU instead of letting pages pin them.
 */
struct anon_vma {
	struct anon_vma *root;
	struct anon_vma *parent;
	spinlock_t lock;		/* the root's guards the tree */
	atomic_t refcount;
	struct list_head head;		/* anon_vma_chains, by same_anon_vma (Linux: an interval tree) */
};

/* One (VMA, anon_vma) pair: the VMA may map pages of the anon_vma (Linux: struct anon_vma_chain). */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;	/* in vma->anon_vma_chain */
	struct list_head same_anon_vma;	/* in anon_vma->head */
};

void anon_vma_init(void);
/* Give vma an anon_vma before its first anonymous page: 0 or -ENOMEM. */
int anon_vma_prepare(struct vm_area_struct *vma);
/* split_vma, fork: dst may map whatever src's anon_vmas hold. 0 or -ENOMEM. */
int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src);
/* fork: the child's VMA gets its own anon_vma below the parent's. 0 or -ENOMEM. */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
/* The VMA goes away (or is merged): unlink all its chains. */
void unlink_anon_vmas(struct vm_area_struct *vma);
void put_anon_vma(struct anon_vma *anon_vma);

static inline struct anon_vma *page_anon_vma(const struct page *page)
{
	if (!PageAnon(page))
		return NULL;
	return (struct anon_vma *)((unsigned long)page->mapping & ~PAGE_MAPPING_FLAGS);
}

/* A page newly allocated for vma at address: mapped once, anonymous. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address);
/*
 * A pte maps an anonymous page again (swap-in). A page read from swap
 * gets vma's anon_vma if no other process can map it (exclusive), else
 * the root of vma's anon_vma tree.
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address,
			bool exclusive);
/* One more pte maps a page (fork). */
void page_dup_rmap(struct page *page);
/* A pte now maps a page-cache page. */
void page_add_file_rmap(struct page *page);
/* A pte no longer maps the page. */
void page_remove_rmap(struct page *page);

static inline bool page_mapped(const struct page *page)
{
	return page_mapcount(page) > 0;
}

/* Where page would be in vma, or -EFAULT if vma does not cover it (Linux: vma_address). */
unsigned long vma_address(const struct page *page, const struct vm_area_struct *vma);

/* The walk: rmap_one is called with the pte's mm's page_table_lock not held; false stops it. */
struct rmap_walk_control {
	void *arg;
	bool (*rmap_one)(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			 void *arg);
};
void rmap_walk(struct page *page, struct rmap_walk_control *rwc);

/* How many ptes mapping page had their accessed bit set (now cleared; the TLBs are not flushed). */
int page_referenced(struct page *page, unsigned long *vm_flags);
/*
 * Unmap a locked page from every process: an anonymous page's ptes get
 * its swap entry (it must be in the swap cache), a file page's are
 * cleared. True if no pte maps it any more.
 */
enum ttu_flags {
	TTU_BATCH_FLUSH = 1,	/* leave the TLB flush to try_to_unmap_flush() */
};
bool try_to_unmap(struct page *page, enum ttu_flags flags);
/* The batched flush: before any unmapped page is freed (all), or written (dirty). */
void try_to_unmap_flush(void);
void try_to_unmap_flush_dirty(void);
/* Write-protect and clean every shared pte of a page-cache page (before writeback). */
int page_mkclean(struct page *page);

#endif
