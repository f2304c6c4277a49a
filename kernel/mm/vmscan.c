/*
 * Page reclaim (Linux: mm/vmscan.c).
 *
 * This is the first part of it: direct reclaim of clean page cache. When
 * an allocation that may sleep finds no zone above its watermark, the
 * allocating task itself frees page-cache pages that can simply be
 * dropped (clean, not mapped, not under I/O), coldest first: from the
 * tail of each node's inactive file list, refilled from the tail of the
 * active file list. A page referenced since it was last looked at gets a
 * second chance. The reclaim issue adds kswapd, the anonymous lists and
 * swap, unmapping mapped pages through rmap, writing dirty pages, and
 * Linux's balancing between the lists (swappiness, inactive ratio).
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm/internal.h"
#include "sched.h"
#include "fs/vfs.h"

#define SWAP_CLUSTER_MAX 32UL	/* pages taken off a list at once */

struct scan_control {
	unsigned long nr_to_reclaim;
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
};

/*
 * Take up to nr pages from the tail of a list, each with a reference so
 * it cannot be freed under us, and off the LRU so nobody else moves it
 * (Linux: isolate_lru_folios).
 */
static unsigned long isolate_lru_pages(struct lruvec *lruvec, enum lru_list lru,
				       unsigned long nr, struct list_head *dst)
{
	struct list_head *src = &lruvec->lists[lru];
	unsigned long taken = 0, flags;
	struct page *page, *prev;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	list_for_each_entry_safe_reverse(page, prev, src, lru) {
		if (taken == nr)
			break;
		if (!page_ref_count(page))
			continue;	/* being freed: its put_page takes it off */
		get_page(page);
		del_page_from_lru_list(page, lruvec);
		ClearPageLRU(page);
		list_add(&page->lru, dst);
		taken++;
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	return taken;
}

/*
 * Put isolated pages back on their lists and drop our references; a page
 * whose other users all went meanwhile is freed here (Linux:
 * move_folios_to_lru).
 */
static void putback_lru_pages(struct lruvec *lruvec, struct list_head *list)
{
	struct page *page, *tmp;
	unsigned long flags;
	LIST_HEAD(free);

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		if (page_ref_dec_and_test(page)) {
			list_add(&page->lru, &free);
			continue;
		}
		SetPageLRU(page);
		add_page_to_lru_list(page, lruvec);
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	list_for_each_entry_safe(page, tmp, &free, lru) {
		list_del(&page->lru);
		__ClearPageActive(page);
		__ClearPageReferenced(page);
		free_page_final(page, 0);
	}
}

/*
 * Can this isolated file page go now? Dropped pages are freed when our
 * reference goes; the others are returned on `keep`.
 */
static unsigned long shrink_page_list(struct list_head *list, struct list_head *keep)
{
	unsigned long reclaimed = 0;
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		if (!trylock_page(page))
			goto keep;
		if (TestClearPageReferenced(page) || PageDirty(page) || PageWriteback(page) ||
		    page_mapped(page) || !page->mapping || PageSwapBacked(page)) {
			unlock_page(page);
			goto keep;
		}
		/* Only the cache and we hold it: nobody is reading it right now. */
		if (page_ref_count(page) != 2) {
			unlock_page(page);
			goto keep;
		}
		delete_from_page_cache(page);
		unlock_page(page);
		put_page(page);		/* ours, the last: freed */
		reclaimed++;
		continue;
keep:
		list_add(&page->lru, keep);
	}
	return reclaimed;
}

/* Age active file pages: move the coldest to the inactive list (Linux: shrink_active_list). */
static void shrink_active_list(struct lruvec *lruvec, unsigned long nr)
{
	LIST_HEAD(hold);
	struct page *page;
	unsigned long moved = 0;

	isolate_lru_pages(lruvec, LRU_ACTIVE_FILE, nr, &hold);
	list_for_each_entry(page, &hold, lru) {
		ClearPageActive(page);
		moved++;
	}
	putback_lru_pages(lruvec, &hold);
	count_vm_events(PGDEACTIVATE, moved);
}

static void shrink_lruvec(struct lruvec *lruvec, struct scan_control *sc)
{
	pg_data_t *pgdat = lruvec_pgdat(lruvec);
	LIST_HEAD(isolated);
	LIST_HEAD(keep);
	unsigned long taken;

	/* Keep the inactive list about as long as the active one. */
	if (node_page_state(pgdat, NR_INACTIVE_FILE) < node_page_state(pgdat, NR_ACTIVE_FILE))
		shrink_active_list(lruvec, SWAP_CLUSTER_MAX);
	taken = isolate_lru_pages(lruvec, LRU_INACTIVE_FILE, SWAP_CLUSTER_MAX, &isolated);
	sc->nr_scanned += taken;
	count_vm_events(PGSCAN_DIRECT, taken);
	sc->nr_reclaimed += shrink_page_list(&isolated, &keep);
	putback_lru_pages(lruvec, &keep);
}

/*
 * An allocation may sleep and found nothing: free at least
 * SWAP_CLUSTER_MAX pages if there are any to free, from every node
 * (Linux: try_to_free_pages, with the zonelist and the memory cgroup
 * deciding where). Returns the pages freed.
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX << order };
	struct task_struct *p = current;
	int nid, passes = 0;

	if (!p || (p->flags & PF_MEMALLOC))
		return 0;	/* reclaim does not reclaim for itself */
	p->flags |= PF_MEMALLOC;
	count_vm_event(ALLOCSTALL);
	lru_add_drain_all();
	/* A few passes: the first may only move pages from the active list. */
	while (sc.nr_reclaimed < sc.nr_to_reclaim && passes++ < 16) {
		unsigned long scanned = sc.nr_scanned;

		for_each_online_node(nid)
			shrink_lruvec(&NODE_DATA(nid)->__lruvec, &sc);
		if (sc.nr_scanned == scanned)
			break;		/* nothing left to look at */
	}
	count_vm_events(PGSTEAL_DIRECT, sc.nr_reclaimed);
	p->flags &= ~PF_MEMALLOC;
	return sc.nr_reclaimed;
}

/* drop_caches: every clean, unmapped page of every file (Linux: drop_pagecache_sb). */
static void drop_inode_pages(struct inode *inode, void *arg)
{
	unsigned long *freed = arg;

	*freed += invalidate_mapping_pages(inode->i_mapping, 0, ~0UL);
}

static void drop_sb_pages(struct super_block *sb, void *arg)
{
	iterate_inodes(sb, drop_inode_pages, arg);
}

/*
 * /proc/sys/vm/drop_caches: 1 drops the clean page cache, 2 the unused
 * inodes (and with them their pages), 3 both (Linux: fs/drop_caches.c).
 */
unsigned long drop_caches(int mode)
{
	unsigned long freed = 0;

	lru_add_drain_all();
	if (mode & 1)
		iterate_supers(drop_sb_pages, &freed);
	if (mode & 2)
		prune_icache(~0UL);
	return freed;
}
