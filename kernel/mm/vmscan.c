/*
 * Page reclaim (Linux: mm/vmscan.c).
 *
 * When free memory runs low, pages that can be had again later are
 * taken back: clean file pages are dropped (the file still has them),
 * dirty ones written first, anonymous pages written to swap. Two kinds
 * of task do it:
 *  - kswapd, one kernel thread per node, woken by the allocator when a
 *    zone falls below its low watermark, reclaims until every eligible
 *    zone is back above its high watermark (balance_pgdat), then sleeps;
 *  - an allocating task itself, when even the min watermark is not met
 *    (direct reclaim, try_to_free_pages).
 * Both go shrink_node -> shrink_lruvec -> shrink_active_list /
 * shrink_inactive_list -> shrink_page_list, scanning each list from its
 * tail (the oldest end), SWAP_CLUSTER_MAX pages at a time, and
 * 1/2^priority of each list per round: priority starts at DEF_PRIORITY
 * and drops while a round frees too little, so pressure grows.
 *
 * Aging: a page's Accessed bits (page_referenced) and PG_referenced give
 * it a second chance on the inactive list; a page referenced twice, or
 * an anonymous page referenced at all, goes back to the active list.
 * shrink_active_list moves pages the other way when the inactive list
 * gets short (inactive_is_low). get_scan_count splits the scanning
 * between anon and file by vm.swappiness and by how often each type's
 * scanned pages turned out to be in use.
 *
 * Linux also shrinks slab caches (shrink_slab), throttles direct
 * reclaimers, compacts for high orders, and keeps per-memcg lruvecs and
 * multi-gen LRU; Pagoda does none of that.
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "mm/internal.h"
#include "mm/oom.h"
#include "sched.h"
#include "printk.h"
#include "init.h"
#include "fs/vfs.h"
#include "block/blkdev.h"

#define SWAP_CLUSTER_MAX 32UL	/* pages taken off a list at once */
#define DEF_PRIORITY 12		/* scan 1/4096 of each list in the first round */

int vm_swappiness = 60;		/* /proc/sys/vm/swappiness: 0..200, anon vs file */

struct scan_control {
	unsigned long nr_to_reclaim;	/* stop once this many are freed */
	gfp_t gfp_mask;			/* of the allocation we reclaim for */
	int order;
	int reclaim_idx;		/* the highest zone it may use */
	int priority;			/* scan lru_size >> priority per round */
	bool may_writepage;		/* write dirty pages (file or swap) */
	bool may_swap;			/* put anonymous pages in swap */
	bool ignore_references;		/* reclaim even recently used pages (MADV_PAGEOUT) */
	unsigned long nr_scanned;
	unsigned long nr_reclaimed;
};

static bool current_is_kswapd(void)
{
	return current && (current->flags & PF_KSWAPD);
}

static unsigned long lruvec_lru_size(struct lruvec *lruvec, enum lru_list lru)
{
	return node_page_state(lruvec_pgdat(lruvec), NR_LRU_BASE + lru);
}

/* ---- taking pages off the lists, and putting them back ----------------- */

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
 * Put isolated pages back on the lists their flags name (active,
 * unevictable ...) and drop our references; a page whose other users
 * all went meanwhile is freed here (Linux: move_folios_to_lru).
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
		/* Written for reclaim, and done already: first in line next time. */
		if (PageReclaim(page) && !PageWriteback(page) && !PageActive(page) &&
		    PageSwapBacked(page)) {
			ClearPageReclaim(page);
			list_move_tail(&page->lru, &lruvec->lists[page_lru(page)]);
		}
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	list_for_each_entry_safe(page, tmp, &free, lru) {
		list_del(&page->lru);
		__page_cache_release(page);
		free_page_final(page, 0);
	}
}

/*
 * Writeback of a page reclaim wrote has ended: move it to the tail of
 * its inactive list, where the next scan frees it at once (Linux:
 * folio_rotate_reclaimable). Called from end_page_writeback, often in
 * the disk's interrupt.
 */
void rotate_reclaimable_page(struct page *page)
{
	struct lruvec *lruvec = page_lruvec(page);
	unsigned long flags;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	if (PageLRU(page) && !PageActive(page) && !PageUnevictable(page)) {
		list_move_tail(&page->lru, &lruvec->lists[page_lru(page)]);
		count_vm_event(PGROTATED);
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
}

/* ---- one page: can it go? ---------------------------------------------- */

enum page_references {
	PAGEREF_RECLAIM,	/* not in use: reclaim it */
	PAGEREF_KEEP,		/* used once lately: another round on the inactive list */
	PAGEREF_ACTIVATE,	/* in use: back to the active list */
};

/* Linux: folio_check_references. */
static enum page_references page_check_references(struct page *page)
{
	unsigned long vm_flags;
	int referenced_ptes = page_referenced(page, &vm_flags);
	bool referenced_page = TestClearPageReferenced(page);

	if (referenced_ptes) {
		/* Anonymous pages are cheap to keep and dear to swap: one use is enough. */
		if (PageSwapBacked(page))
			return PAGEREF_ACTIVATE;
		/* File pages: used twice (or by several ptes), or program text, stay. */
		SetPageReferenced(page);
		if (referenced_page || referenced_ptes > 1 || (vm_flags & VM_EXEC))
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	return PAGEREF_RECLAIM;
}

/*
 * Start writing a dirty, locked page: to swap if it is in the swap
 * cache, else through its file's writepage. The page is unlocked on
 * return. False if it could not be started (it stays dirty).
 */
static bool pageout(struct page *page)
{
	struct address_space *mapping = page_mapping(page);
	int (*writepage)(struct page *, struct writeback_control *);
	struct writeback_control wbc = { .nr_to_write = 1, .sync_mode = WB_SYNC_NONE };

	if (PageSwapCache(page))
		writepage = swap_writepage;
	else if (mapping && mapping->a_ops && mapping->a_ops->writepage)
		writepage = mapping->a_ops->writepage;
	else
		return false;
	if (!clear_page_dirty_for_io(page)) {
		unlock_page(page);
		return true;	/* cleaned meanwhile: nothing to write */
	}
	/* Once written, the page goes to the inactive tail to be freed (see rotate_reclaimable_page). */
	SetPageReclaim(page);
	if (writepage(page, &wbc)) {
		ClearPageReclaim(page);
		return false;
	}
	if (!PageWriteback(page))
		ClearPageReclaim(page);	/* a synchronous write is over */
	return true;
}

/*
 * Detach a locked, clean, unmapped page from the page cache or the swap
 * cache, if nobody but the cache and we hold it. The count is checked
 * under the lock lookups take their references under, so no new user
 * can appear between the check and the removal (Linux: __remove_mapping,
 * which freezes the refcount instead).
 */
static bool remove_mapping(struct page *page)
{
	struct address_space *space;
	swp_entry_t entry = { 0 };

	if (PageSwapCache(page)) {
		entry = page_swap_entry(page);
		space = swap_address_space(entry);
	} else {
		space = page->mapping;
	}
	xa_lock(&space->i_pages);
	if (page_ref_count(page) != 2 || PageDirty(page)) {
		xa_unlock(&space->i_pages);
		return false;
	}
	if (entry.val)
		__delete_from_swap_cache(page, entry);
	else
		__delete_from_page_cache(page);
	xa_unlock(&space->i_pages);
	if (entry.val)
		swapcache_free(entry);
	page_ref_dec(page);	/* the cache's: ours is now the last */
	return true;
}

/* What becomes of an isolated page (Linux uses goto labels: free_it, keep, activate_locked ...). */
enum page_verdict {
	PAGE_FREE,	/* detached from everything, our reference the last */
	PAGE_KEEP,	/* back on the inactive list */
	PAGE_ACTIVATE,	/* in use: back on the active list */
	PAGE_PAGEOUT,	/* dirty and unmapped: write it, once the TLBs are flushed */
};

/*
 * Needs I/O (adding to swap, writing) allowed by the allocation we
 * reclaim for: a GFP_NOIO/NOFS caller may hold the locks that I/O takes.
 */
static bool may_enter_fs(struct page *page, struct scan_control *sc)
{
	if (PageSwapBacked(page))
		return sc->gfp_mask & __GFP_IO;
	return sc->gfp_mask & __GFP_FS;
}

/* A clean, unmapped page: out of its cache, if the cache and we are its only holders. */
static enum page_verdict page_detach(struct page *page)
{
	if (PageSwapCache(page) || (page->mapping && !PageAnon(page)))
		return remove_mapping(page) ? PAGE_FREE : PAGE_KEEP;
	return PAGE_KEEP;	/* the next round finds it with only our reference */
}

/*
 * Phase one for a locked page: decide, give an anonymous page a swap
 * slot, and unmap the page, leaving the TLB flush to the batch. The
 * page stays locked.
 */
static enum page_verdict shrink_page(struct page *page, struct scan_control *sc)
{
	enum page_references ref;

	if (!page_evictable(page)) {
		SetPageUnevictable(page);
		return PAGE_KEEP;
	}
	/* Only our reference is left: its owner let go while we held it. */
	if (page_ref_count(page) == 1 && !PageSwapCache(page) && (PageAnon(page) || !page->mapping))
		return PAGE_FREE;
	if (PageWriteback(page))
		return PAGE_KEEP;	/* on its way out: seen again when written */
	ref = sc->ignore_references ? PAGEREF_RECLAIM : page_check_references(page);
	if (ref == PAGEREF_ACTIVATE)
		return PAGE_ACTIVATE;
	if (ref == PAGEREF_KEEP)
		return PAGE_KEEP;

	/* Anonymous: give it a swap slot, and the swap cache a home for it. */
	if (PageAnon(page) && !PageSwapCache(page)) {
		if (!sc->may_swap || !may_enter_fs(page, sc))
			return PAGE_KEEP;
		if (!add_to_swap(page))
			return PAGE_ACTIVATE;	/* swap is full */
	}
	/* Mapped: every pte gives it up (swap entry or nothing). */
	if (page_mapped(page) && !try_to_unmap(page, TTU_BATCH_FLUSH))
		return PAGE_ACTIVATE;
	if (PageDirty(page)) {
		/* Only kswapd writes file pages; a direct reclaimer would stall on the file system. */
		if (!PageSwapBacked(page) && !current_is_kswapd()) {
			SetPageReclaim(page);
			wakeup_flusher_threads();
			return PAGE_KEEP;
		}
		if (!sc->may_writepage || !may_enter_fs(page, sc))
			return PAGE_KEEP;
		return PAGE_PAGEOUT;
	}
	return page_detach(page);
}

/*
 * Phase two for a page phase one found dirty: write it (unlocking it).
 * A page written synchronously and clean now is freed at once if it can
 * be; one still under writeback is freed by a later round.
 */
static enum page_verdict shrink_page_writeout(struct page *page, bool *locked)
{
	*locked = false;
	if (!pageout(page) || PageWriteback(page) || PageDirty(page))
		return PAGE_KEEP;
	if (!trylock_page(page))
		return PAGE_KEEP;
	*locked = true;
	if (PageDirty(page) || PageWriteback(page) || page_mapped(page))
		return PAGE_KEEP;
	return page_detach(page);
}

struct page_lists {
	struct list_head keep, free;
	unsigned long activated[2];	/* anon, file */
};

/* Act on a verdict: unlock, and sort the page onto the keep or free list. */
static void finish_page(struct page *page, enum page_verdict v, bool locked,
			struct page_lists *pl)
{
	if (v == PAGE_ACTIVATE) {
		/* A page in use keeps no swap slot if swap is getting full. */
		if (locked && PageSwapCache(page) && vm_swap_full())
			try_to_free_swap(page);
		SetPageActive(page);
		pl->activated[!PageSwapBacked(page)]++;
	}
	if (locked)
		unlock_page(page);
	list_add_tail(&page->lru, v == PAGE_FREE ? &pl->free : &pl->keep);
}

/*
 * Reclaim what can be reclaimed from a list of isolated inactive pages;
 * the rest are left on the list, marked active if they are in use
 * (Linux: shrink_folio_list). In two passes, so the TLB shootdown for
 * every pte unmapped is one, not one per page, and the writes of
 * neighbouring swap slots go to the disk as one request (the plug).
 * Returns the pages freed; activated[] counts those going back to an
 * active list, by type.
 */
static unsigned long shrink_page_list(struct list_head *list, struct scan_control *sc,
				      unsigned long activated[2])
{
	struct page_lists pl = { .activated = { 0, 0 } };
	unsigned long reclaimed = 0;
	struct page *page, *tmp;
	struct blk_plug plug;
	LIST_HEAD(writeout);

	INIT_LIST_HEAD(&pl.keep);
	INIT_LIST_HEAD(&pl.free);
	list_for_each_entry_safe(page, tmp, list, lru) {
		enum page_verdict v;

		list_del(&page->lru);
		if (!trylock_page(page)) {
			list_add_tail(&page->lru, &pl.keep);
			continue;
		}
		v = shrink_page(page, sc);
		if (v == PAGE_PAGEOUT)
			list_add_tail(&page->lru, &writeout);	/* still locked */
		else
			finish_page(page, v, true, &pl);
	}
	/* No page unmapped above may be written or freed while a hart can still reach it. */
	try_to_unmap_flush();
	blk_start_plug(&plug);
	list_for_each_entry_safe(page, tmp, &writeout, lru) {
		bool locked;
		enum page_verdict v;

		list_del(&page->lru);
		v = shrink_page_writeout(page, &locked);
		finish_page(page, v, locked, &pl);
	}
	blk_finish_plug(&plug);
	list_for_each_entry_safe(page, tmp, &pl.free, lru) {
		list_del(&page->lru);
		count_vm_event(PageSwapBacked(page) ? PGSTEAL_ANON : PGSTEAL_FILE);
		put_page(page);		/* the last reference: freed */
		reclaimed++;
	}
	list_splice_init(&pl.keep, list);
	activated[0] += pl.activated[0];
	activated[1] += pl.activated[1];
	return reclaimed;
}

/* ---- the lists ----------------------------------------------------------- */

/*
 * Is the inactive list of this type too short against its active list?
 * Linux keeps inactive:active at 1:sqrt(10 * GiB) (1:1 below 1 GiB).
 */
static bool inactive_is_low(struct lruvec *lruvec, enum lru_list inactive_lru)
{
	unsigned long inactive = lruvec_lru_size(lruvec, inactive_lru);
	unsigned long active = lruvec_lru_size(lruvec, inactive_lru + LRU_ACTIVE);
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long ratio = 1;

	if (gb)
		while ((ratio + 1) * (ratio + 1) <= 10 * gb)
			ratio++;
	return inactive * ratio < active;
}

/*
 * Age an active list: move its coldest pages to the inactive list,
 * except program text that is in use (Linux: shrink_active_list).
 * The Accessed bits are cleared on the way, so the inactive list sees
 * only accesses made since.
 */
static void shrink_active_list(unsigned long nr, struct lruvec *lruvec, struct scan_control *sc,
			       enum lru_list lru)
{
	bool file = lru & LRU_FILE;
	unsigned long taken, rotated = 0, deactivated = 0, flags;
	struct page *page;
	LIST_HEAD(hold);

	lru_add_drain();
	taken = isolate_lru_pages(lruvec, lru, nr, &hold);
	count_vm_events(PGREFILL, taken);
	list_for_each_entry(page, &hold, lru) {
		unsigned long vm_flags;

		if (page_referenced(page, &vm_flags) && file && (vm_flags & VM_EXEC)) {
			rotated++;	/* text in use: it stays active */
			continue;
		}
		ClearPageActive(page);
		deactivated++;
	}
	spin_lock_irqsave(&lruvec->lru_lock, flags);
	lruvec->recent_scanned[file] += taken;
	lruvec->recent_rotated[file] += rotated;
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	putback_lru_pages(lruvec, &hold);
	count_vm_events(PGDEACTIVATE, deactivated);
}

/* Reclaim from the tail of an inactive list (Linux: shrink_inactive_list). */
static unsigned long shrink_inactive_list(unsigned long nr, struct lruvec *lruvec,
					  struct scan_control *sc, enum lru_list lru)
{
	bool file = lru & LRU_FILE;
	unsigned long taken, reclaimed, activated[2] = { 0, 0 }, flags;
	LIST_HEAD(list);

	lru_add_drain();
	taken = isolate_lru_pages(lruvec, lru, nr, &list);
	if (!taken)
		return 0;
	sc->nr_scanned += taken;
	count_vm_events(current_is_kswapd() ? PGSCAN_KSWAPD : PGSCAN_DIRECT, taken);
	count_vm_events(file ? PGSCAN_FILE : PGSCAN_ANON, taken);
	reclaimed = shrink_page_list(&list, sc, activated);
	count_vm_events(current_is_kswapd() ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT, reclaimed);
	count_vm_events(PGACTIVATE, activated[0] + activated[1]);
	spin_lock_irqsave(&lruvec->lru_lock, flags);
	lruvec->recent_scanned[file] += taken;
	lruvec->recent_rotated[0] += activated[0];
	lruvec->recent_rotated[1] += activated[1];
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	putback_lru_pages(lruvec, &list);
	return reclaimed;
}

static unsigned long shrink_list(enum lru_list lru, unsigned long nr, struct lruvec *lruvec,
				 struct scan_control *sc)
{
	if (lru & LRU_ACTIVE) {
		if (inactive_is_low(lruvec, lru - LRU_ACTIVE))
			shrink_active_list(nr, lruvec, sc, lru);
		return 0;
	}
	return shrink_inactive_list(nr, lruvec, sc, lru);
}

/* ---- reclaim on request -------------------------------------------------- */

int isolate_lru_page(struct page *page)
{
	struct lruvec *lruvec = page_lruvec(page);
	unsigned long flags;
	int ret = -EBUSY;

	spin_lock_irqsave(&lruvec->lru_lock, flags);
	if (PageLRU(page) && page_ref_count(page)) {
		get_page(page);
		del_page_from_lru_list(page, lruvec);
		ClearPageLRU(page);
		ret = 0;
	}
	spin_unlock_irqrestore(&lruvec->lru_lock, flags);
	return ret;
}

/*
 * MADV_PAGEOUT's reclaim: these pages, whatever their Accessed bits say
 * (Linux: reclaim_pages). They may come from several nodes.
 */
unsigned long reclaim_pages(struct list_head *pages)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.priority = DEF_PRIORITY,
		.may_writepage = true,
		.may_swap = true,
		.ignore_references = true,
	};
	unsigned long activated[2] = { 0, 0 }, reclaimed;
	struct page *page, *tmp;

	reclaimed = shrink_page_list(pages, &sc, activated);
	list_for_each_entry_safe(page, tmp, pages, lru) {
		LIST_HEAD(one);

		list_move(&page->lru, &one);
		putback_lru_pages(page_lruvec(page), &one);
	}
	return reclaimed;
}

/* ---- how much of each list ---------------------------------------------- */

enum scan_balance { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE };

/* Sum of the high watermarks of the zones reclaim works for. */
static unsigned long pgdat_high_wmark(pg_data_t *pgdat, int reclaim_idx)
{
	unsigned long mark = 0;

	for (int i = 0; i <= reclaim_idx && i < MAX_NR_ZONES; i++)
		if (managed_zone(&pgdat->node_zones[i]))
			mark += high_wmark_pages(&pgdat->node_zones[i]);
	return mark;
}

static unsigned long pgdat_free_pages(pg_data_t *pgdat, int reclaim_idx)
{
	unsigned long free = 0;

	for (int i = 0; i <= reclaim_idx && i < MAX_NR_ZONES; i++)
		free += zone_page_state(&pgdat->node_zones[i], NR_FREE_PAGES);
	return free;
}

static enum scan_balance pick_scan_balance(struct lruvec *lruvec, struct scan_control *sc)
{
	pg_data_t *pgdat = lruvec_pgdat(lruvec);
	unsigned long file;

	if (!sc->may_swap || atomic_long_read(&nr_swap_pages) <= 0)
		return SCAN_FILE;		/* anon pages have nowhere to go */
	if (!sc->priority && READ_ONCE(vm_swappiness))
		return SCAN_EQUAL;		/* near OOM: everything */
	file = lruvec_lru_size(lruvec, LRU_ACTIVE_FILE) + lruvec_lru_size(lruvec, LRU_INACTIVE_FILE);
	if (file + pgdat_free_pages(pgdat, sc->reclaim_idx) <= pgdat_high_wmark(pgdat, sc->reclaim_idx))
		return SCAN_ANON;		/* the file pages alone cannot get us there */
	/* Plenty of cold file pages: take those and leave anon alone. */
	if (!inactive_is_low(lruvec, LRU_INACTIVE_FILE) &&
	    lruvec_lru_size(lruvec, LRU_INACTIVE_FILE) >> sc->priority)
		return SCAN_FILE;
	return SCAN_FRACT;
}

/*
 * How many pages of each list to scan this round (Linux: get_scan_count,
 * in its 2.6-5.8 form). In the usual SCAN_FRACT case anon and file get
 * shares proportional to their priorities (swappiness and 200 -
 * swappiness), each scaled by scanned/rotated: a type whose scanned
 * pages mostly went back to the active list is expensive to reclaim.
 */
static void get_scan_count(struct lruvec *lruvec, struct scan_control *sc, unsigned long *nr)
{
	enum scan_balance balance = pick_scan_balance(lruvec, sc);
	unsigned long long fraction[2] = { 1, 1 }, denominator = 2;
	enum lru_list lru;

	if (balance == SCAN_FRACT) {
		unsigned long anon_prio = READ_ONCE(vm_swappiness), file_prio = 200 - anon_prio;
		unsigned long anon = lruvec_lru_size(lruvec, LRU_ACTIVE_ANON) +
				     lruvec_lru_size(lruvec, LRU_INACTIVE_ANON);
		unsigned long file = lruvec_lru_size(lruvec, LRU_ACTIVE_FILE) +
				     lruvec_lru_size(lruvec, LRU_INACTIVE_FILE);
		unsigned long flags;

		spin_lock_irqsave(&lruvec->lru_lock, flags);
		/* Old history counts less: halve it once it covers a quarter of the lists. */
		if (lruvec->recent_scanned[0] > anon / 4) {
			lruvec->recent_scanned[0] /= 2;
			lruvec->recent_rotated[0] /= 2;
		}
		if (lruvec->recent_scanned[1] > file / 4) {
			lruvec->recent_scanned[1] /= 2;
			lruvec->recent_rotated[1] /= 2;
		}
		fraction[0] = (unsigned long long)anon_prio * (lruvec->recent_scanned[0] + 1) /
			      (lruvec->recent_rotated[0] + 1);
		fraction[1] = (unsigned long long)file_prio * (lruvec->recent_scanned[1] + 1) /
			      (lruvec->recent_rotated[1] + 1);
		spin_unlock_irqrestore(&lruvec->lru_lock, flags);
		denominator = fraction[0] + fraction[1] + 1;
	}
	for (lru = 0; lru < LRU_UNEVICTABLE; lru++) {
		bool file = lru & LRU_FILE;
		unsigned long scan = lruvec_lru_size(lruvec, lru) >> sc->priority;

		if ((balance == SCAN_FILE && !file) || (balance == SCAN_ANON && file))
			scan = 0;
		else if (balance == SCAN_FRACT)	/* rounded up, so a small share is not 0 */
			scan = (scan * fraction[file] + denominator - 1) / denominator;
		nr[lru] = scan;
	}
}

/* get_scan_count for a bare lruvec, for its KUnit test (mm/tests/vmscan_test.c). */
void vmscan_get_scan_count(struct lruvec *lruvec, int priority, bool may_swap, unsigned long *nr)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.reclaim_idx = MAX_NR_ZONES - 1,
		.priority = priority,
		.may_swap = may_swap,
	};

	get_scan_count(lruvec, &sc, nr);
}

/* One round over a node's lists (Linux: shrink_lruvec). */
static void shrink_lruvec(struct lruvec *lruvec, struct scan_control *sc)
{
	unsigned long nr[NR_LRU_LISTS], reclaimed = 0;
	enum lru_list lru;

	get_scan_count(lruvec, sc, nr);
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
		for (lru = 0; lru < LRU_UNEVICTABLE; lru++) {
			unsigned long n = min(nr[lru], SWAP_CLUSTER_MAX);

			if (!n)
				continue;
			nr[lru] -= n;
			reclaimed += shrink_list(lru, n, lruvec, sc);
		}
		if (sc->nr_reclaimed + reclaimed >= sc->nr_to_reclaim)
			break;	/* Linux goes on in proportion; enough is enough here */
	}
	sc->nr_reclaimed += reclaimed;
	/* Keep the anon lists aged even when only file pages were taken. */
	if (total_swap_pages && inactive_is_low(lruvec, LRU_INACTIVE_ANON))
		shrink_active_list(SWAP_CLUSTER_MAX, lruvec, sc, LRU_ACTIVE_ANON);
}

static void shrink_node(pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long reclaimed = sc->nr_reclaimed;

	shrink_lruvec(&pgdat->__lruvec, sc);
	/* Progress by anyone makes kswapd worth waking again. */
	if (sc->nr_reclaimed > reclaimed)
		WRITE_ONCE(pgdat->kswapd_failures, 0);
}

/* ---- direct reclaim --------------------------------------------------------- */

/*
 * An allocation may sleep and found nothing at the min watermark: free
 * a batch of pages itself, raising the pressure round by round,
 * starting with the allocating CPU's node (Linux: try_to_free_pages ->
 * do_try_to_free_pages -> shrink_zones). Returns the pages freed.
 */
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp,
		.order = order,
		.reclaim_idx = gfp_zone(gfp),
		.may_writepage = true,
		.may_swap = true,
	};
	struct task_struct *p = current;
	int local = numa_node_id();

	if (!p || in_interrupt() || (p->flags & PF_MEMALLOC))
		return 0;	/* reclaim does not reclaim for itself */
	p->flags |= PF_MEMALLOC;
	count_vm_event(ALLOCSTALL);
	for (sc.priority = DEF_PRIORITY; sc.priority >= 0; sc.priority--) {
		int nid;

		shrink_node(NODE_DATA(local), &sc);
		for_each_online_node(nid)
			if (nid != local && sc.nr_reclaimed < sc.nr_to_reclaim)
				shrink_node(NODE_DATA(nid), &sc);
		if (sc.nr_reclaimed >= sc.nr_to_reclaim || fatal_signal_pending(p))
			break;
	}
	p->flags &= ~PF_MEMALLOC;
	return sc.nr_reclaimed;
}

/* ---- kswapd ------------------------------------------------------------------ */

/* Is some zone kswapd works for above its high watermark (Linux: pgdat_balanced)? */
static bool pgdat_balanced(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	bool any = false;

	for (int i = 0; i <= highest_zoneidx && i < MAX_NR_ZONES; i++) {
		struct zone *zone = &pgdat->node_zones[i];

		if (!managed_zone(zone))
			continue;
		any = true;
		if (zone_watermark_ok(zone, order, high_wmark_pages(zone), highest_zoneidx, 0))
			return true;
	}
	return !any;	/* no zone to balance */
}

/*
 * Reclaim until the node is balanced, raising the pressure each round
 * that freed less than the batch asked for (Linux: balance_pgdat).
 * Returns the pages freed.
 */
static unsigned long balance_pgdat(pg_data_t *pgdat, int order, int highest_zoneidx)
{
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = order,
		.reclaim_idx = highest_zoneidx,
		.may_writepage = true,
		.may_swap = true,
	};

	count_vm_event(PAGEOUTRUN);
	for (sc.priority = DEF_PRIORITY; sc.priority >= 0;) {
		unsigned long before = sc.nr_reclaimed;

		if (pgdat_balanced(pgdat, order, highest_zoneidx))
			break;
		sc.nr_to_reclaim = sc.nr_reclaimed +
				   max(pgdat_high_wmark(pgdat, highest_zoneidx), SWAP_CLUSTER_MAX);
		shrink_node(pgdat, &sc);
		if (sc.nr_reclaimed - before < SWAP_CLUSTER_MAX)
			sc.priority--;
	}
	if (!sc.nr_reclaimed)
		pgdat->kswapd_failures++;
	return sc.nr_reclaimed;
}

/* Take the request the allocator left, or sleep until there is one. */
static void kswapd_wait_request(pg_data_t *pgdat, int *order, int *highest_zoneidx)
{
	unsigned long flags;

	spin_lock_irqsave(&pgdat->kswapd_lock, flags);
	while (!pgdat->kswapd_wake)
		sleep_uninterruptible(&pgdat->kswapd_wake, &pgdat->kswapd_lock);
	pgdat->kswapd_wake = false;
	*order = pgdat->kswapd_order;
	*highest_zoneidx = pgdat->kswapd_highest_zoneidx;
	pgdat->kswapd_order = 0;
	pgdat->kswapd_highest_zoneidx = 0;
	spin_unlock_irqrestore(&pgdat->kswapd_lock, flags);
}

/* The per-node reclaim daemon (Linux: kswapd). */
static int kswapd(void *arg)
{
	pg_data_t *pgdat = arg;

	/* It reclaims, so its own allocations may use the reserves and never reclaim. */
	current->flags |= PF_MEMALLOC | PF_KSWAPD;
	for (;;) {
		int order, highest_zoneidx;

		kswapd_wait_request(pgdat, &order, &highest_zoneidx);
		while (!pgdat_balanced(pgdat, order, highest_zoneidx) &&
		       READ_ONCE(pgdat->kswapd_failures) < MAX_RECLAIM_RETRIES) {
			balance_pgdat(pgdat, order, highest_zoneidx);
			yield();	/* let what it woke (writers, waiters) run */
		}
	}
	return 0;
}

/*
 * An allocation found a zone below its low watermark: wake the zone's
 * node's kswapd, unless it has been failing (then only direct reclaim
 * making progress wakes it again) or the node is balanced already
 * (Linux: wakeup_kswapd). Safe in any context.
 */
void wakeup_kswapd(struct zone *zone, gfp_t gfp, int order, int highest_zoneidx)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long flags;

	if (!managed_zone(zone) || !READ_ONCE(pgdat->kswapd))
		return;
	if (READ_ONCE(pgdat->kswapd_failures) >= MAX_RECLAIM_RETRIES ||
	    pgdat_balanced(pgdat, order, highest_zoneidx))
		return;
	spin_lock_irqsave(&pgdat->kswapd_lock, flags);
	pgdat->kswapd_order = max(pgdat->kswapd_order, order);
	pgdat->kswapd_highest_zoneidx = max(pgdat->kswapd_highest_zoneidx, highest_zoneidx);
	if (!pgdat->kswapd_wake) {
		pgdat->kswapd_wake = true;
		wakeup(&pgdat->kswapd_wake);
	}
	spin_unlock_irqrestore(&pgdat->kswapd_lock, flags);
}

static int kswapd_init(void)
{
	int nid;

	for_each_online_node(nid) {
		char name[16];

		snprintf(name, sizeof(name), "kswapd%d", nid);
		WRITE_ONCE(NODE_DATA(nid)->kswapd, kthread_run(kswapd, NODE_DATA(nid), name));
		if (!NODE_DATA(nid)->kswapd)
			pr_err("kswapd%d: could not start\n", nid);
	}
	return 0;
}
late_initcall(kswapd_init);

/* ---- drop_caches ---------------------------------------------------------------- */

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
