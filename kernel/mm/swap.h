/*
 * LRU lists and page release (Linux: include/linux/swap.h, the LRU half,
 * and include/linux/mm_inline.h). The swap half of Linux's swap.h
 * (swap entries, swap_info_struct) comes with the reclaim issue.
 *
 * Every user page and page-cache page sits on one of its node's LRU
 * lists while it is in use, so reclaim can find the coldest pages.
 * Pages are added in per-CPU batches (lru_cache_add), so the lru_lock is
 * taken once per PAGEVEC_SIZE pages; a page still in a batch is not yet
 * PageLRU and holds one extra reference for the batch.
 */
#ifndef _MM_SWAP_H
#define _MM_SWAP_H

#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/gfp.h"

struct vm_area_struct;

#define PAGEVEC_SIZE 15

/* The lruvec a page belongs on: its node's (Linux: also its memory cgroup's). */
static inline struct lruvec *page_lruvec(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->__lruvec;
}

static inline pg_data_t *lruvec_pgdat(struct lruvec *lruvec)
{
	return container_of(lruvec, pg_data_t, __lruvec);
}

/* File pages are reclaimed by dropping or writing them; the rest need swap. */
static inline bool page_is_file_lru(const struct page *page)
{
	return !PageSwapBacked(page);
}

/* Which list a page is on, or should go on (Linux: folio_lru_list). */
static inline enum lru_list page_lru(const struct page *page)
{
	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	return (page_is_file_lru(page) ? LRU_FILE : 0) + (PageActive(page) ? LRU_ACTIVE : 0);
}

void lruvec_init(struct lruvec *lruvec);
/* Under lruvec->lru_lock: move a page onto or off its list, counting it. */
void add_page_to_lru_list(struct page *page, struct lruvec *lruvec);
void del_page_from_lru_list(struct page *page, struct lruvec *lruvec);

/* Queue a page for its inactive list; takes a reference until the batch drains. */
void lru_cache_add(struct page *page);
/* A new anonymous page of vma (Linux: mlocked VMAs go to the unevictable list). */
void lru_cache_add_inactive_or_unevictable(struct page *page, struct vm_area_struct *vma);
/* Empty this CPU's batch onto the lists / every CPU's batch. */
void lru_add_drain(void);
void lru_add_drain_all(void);

/* Second chance: the first access sets PG_referenced, the second activates. */
void mark_page_accessed(struct page *page);
void activate_page(struct page *page);
/* Move a page to the inactive list, as if reclaim had aged it (madvise(MADV_COLD)). */
void deactivate_page(struct page *page);

/* Last reference gone: take the page off its LRU list before it is freed. */
void __page_cache_release(struct page *page);

/* Reclaim (mm/vmscan.c): free clean page cache for an allocation; pages freed. */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);
/* /proc/sys/vm/drop_caches: 1 page cache, 2 unused inodes, 3 both; pages freed. */
unsigned long drop_caches(int mode);

#endif
