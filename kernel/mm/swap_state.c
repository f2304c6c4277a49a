/*
 * The swap cache (Linux: mm/swap_state.c).
 *
 * A page on its way to swap, or just read back from it, sits in the swap
 * cache: an address_space per swap area, indexed by slot, so that
 *  - a page being written out is still found (and not read back from a
 *    half-written slot) by a fault on one of its swap ptes;
 *  - a page shared by several processes, all of whose ptes hold the same
 *    swap entry, is read once and mapped by each;
 *  - a clean page that still has its slot can be dropped again without
 *    being written (its copy on the disk is good).
 * A swap cache page has PG_swapcache, its entry in page->private, a
 * reference held by the cache, and its slot's SWAP_HAS_CACHE bit set.
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/vmstat.h"
#include "mm/rmap.h"
#include "errno.h"
#include "block/blkdev.h"

static struct address_space swapper_spaces[MAX_SWAPFILES];

static const struct address_space_operations swap_aops = {
	.writepage = swap_writepage,
};

void swap_cache_init(void)
{
	for (int i = 0; i < MAX_SWAPFILES; i++)
		address_space_init(&swapper_spaces[i], NULL, &swap_aops);
}

struct address_space *swap_address_space(swp_entry_t entry)
{
	return &swapper_spaces[swp_type(entry)];
}

unsigned long total_swapcache_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_SWAPFILES; i++)
		n += READ_ONCE(swapper_spaces[i].nrpages);
	return n;
}

int add_to_swap_cache(struct page *page, swp_entry_t entry, gfp_t gfp)
{
	struct address_space *space = swap_address_space(entry);
	void *old;

	get_page(page);
	set_page_private(page, entry.val);
	set_bit(PG_owner_priv_1, &page->flags);		/* PG_swapcache */
	xa_lock(&space->i_pages);
	old = __xa_store(&space->i_pages, swp_offset(entry), page, gfp);
	if (old && !xa_is_err(old)) {
		/* HAS_CACHE is ours, so nobody else may be here: a bug if so. */
		__xa_store(&space->i_pages, swp_offset(entry), old, gfp);
		old = XA_ERROR(-EEXIST);
	}
	if (xa_is_err(old)) {
		xa_unlock(&space->i_pages);
		clear_bit(PG_owner_priv_1, &page->flags);
		set_page_private(page, 0);
		put_page(page);
		return xa_err(old);
	}
	space->nrpages++;
	xa_unlock(&space->i_pages);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SWAPCACHE, 1);
	return 0;
}

void __delete_from_swap_cache(struct page *page, swp_entry_t entry)
{
	struct address_space *space = swap_address_space(entry);

	__xa_erase(&space->i_pages, swp_offset(entry));
	space->nrpages--;
	clear_bit(PG_owner_priv_1, &page->flags);
	set_page_private(page, 0);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SWAPCACHE, -1);
}

void delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = page_swap_entry(page);
	struct address_space *space = swap_address_space(entry);

	xa_lock(&space->i_pages);
	__delete_from_swap_cache(page, entry);
	xa_unlock(&space->i_pages);
	swapcache_free(entry);
	put_page(page);		/* the cache's reference */
}

/*
 * An unmapped page is about to lose a reference: if it was the last
 * mapping of a swapped-in page, its slot is no longer needed either
 * (Linux: free_swap_cache, from free_pages_and_swap_cache).
 */
void free_swap_cache(struct page *page)
{
	if (PageSwapCache(page) && !page_mapped(page) && trylock_page(page)) {
		try_to_free_swap(page);
		unlock_page(page);
	}
}

bool add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_page();

	if (!entry.val)
		return false;
	/* An atomic allocation: reclaim is what needs the memory. */
	if (add_to_swap_cache(page, entry, GFP_NOWAIT | __GFP_NOWARN)) {
		swapcache_free(entry);
		return false;
	}
	/* The slot holds nothing yet: the page must be written there before it can go. */
	SetPageDirty(page);
	return true;
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct address_space *space = swap_address_space(entry);
	struct page *page;

	xa_lock(&space->i_pages);
	page = __xa_load(&space->i_pages, swp_offset(entry));
	if (page)
		get_page(page);
	xa_unlock(&space->i_pages);
	return page;
}

/*
 * Find or start reading entry's page (Linux: read_swap_cache_async). A
 * new page is locked until its read completes; *new_read says so.
 */
struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp, bool *new_read)
{
	*new_read = false;
	for (;;) {
		struct page *page = lookup_swap_cache(entry);
		int err;

		if (page)
			return page;
		page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
		if (!page)
			return NULL;
		err = swapcache_prepare(entry);
		if (err) {
			put_page(page);
			if (err == -EEXIST)
				continue;	/* someone is adding it: look again */
			return NULL;		/* the slot was freed meanwhile */
		}
		__SetPageLocked(page);
		__SetPageSwapBacked(page);
		if (add_to_swap_cache(page, entry, gfp)) {
			swapcache_free(entry);
			__ClearPageLocked(page);
			put_page(page);
			return NULL;
		}
		lru_cache_add(page);
		*new_read = true;
		swap_readpage(page, false);
		return page;
	}
}

/*
 * Swap readahead (Linux: swap_cluster_readahead): the aligned window of
 * slots around entry, written together and so probably wanted together,
 * is read as one plugged request; only entry's page is waited for, by
 * the caller. The window is up to SWAP_RA_PAGES (Linux's page-cluster 3)
 * and shrinks when what it brought in goes unused (swapin_nr_pages).
 */
#define SWAP_RA_PAGES 8

/*
 * Readahead pages a fault found in the swap cache since the last window
 * was sized; 4 to start with, so that the first window is a full one.
 */
static atomic_t swapin_readahead_hits = ATOMIC_INIT(4);

/*
 * A fault found this page in the swap cache: if readahead brought it,
 * the window was worth reading (Linux: swap_cache_get_folio). The page
 * flag is PG_readahead, which is PG_reclaim, as in Linux.
 */
void swapin_readahead_hit(struct page *page)
{
	if (TestClearPageReadahead(page))
		atomic_inc(&swapin_readahead_hits);
}

/*
 * The next window, in pages (Linux: __swapin_nr_pages, the same rule):
 * the hits since the last one plus 2, rounded up to a power of two, and
 * never less than half the last window, so that one unlucky fault does
 * not turn readahead off. With no hits to go by, a fault next to the
 * previous one still reads 2 pages; any other reads only its own.
 */
unsigned int swapin_window(unsigned long prev_offset, unsigned long offset, unsigned int hits,
			   unsigned int last_window)
{
	unsigned int pages = hits + 2;

	if (pages == 2) {
		if (offset != prev_offset + 1 && offset != prev_offset - 1)
			pages = 1;
	} else {
		unsigned int roundup = 4;

		while (roundup < pages)
			roundup <<= 1;
		pages = roundup;
	}
	pages = min(pages, (unsigned int)SWAP_RA_PAGES);
	return max(pages, last_window / 2);
}

/*
 * Linux: swapin_nr_pages. Global, not per process, as in Linux: racing
 * faults may see each other's hits, which only blurs the estimate.
 */
static unsigned int swapin_nr_pages(unsigned long offset)
{
	static unsigned long prev_offset;
	static atomic_t last_window = ATOMIC_INIT(SWAP_RA_PAGES);
	unsigned int hits = atomic_xchg(&swapin_readahead_hits, 0);
	unsigned int pages = swapin_window(READ_ONCE(prev_offset), offset, hits,
					   atomic_read(&last_window));

	if (!hits)
		WRITE_ONCE(prev_offset, offset);
	atomic_set(&last_window, pages);
	return pages;
}

struct page *swapin_readahead(swp_entry_t entry, gfp_t gfp)
{
	struct swap_info_struct *si = swp_swap_info(entry);
	unsigned long offset = swp_offset(entry), window, start;
	struct page *found = NULL;
	struct blk_plug plug;
	bool new_read;

	if (!si)
		return read_swap_cache_async(entry, gfp, &new_read);
	window = swapin_nr_pages(offset);
	start = offset & ~(window - 1);
	/* In slot order, under a plug: neighbouring slots go to the disk as one request. */
	blk_start_plug(&plug);
	for (unsigned long off = start; off < start + window; off++) {
		struct page *page;

		if (off == offset) {
			found = read_swap_cache_async(entry, gfp, &new_read);
			continue;
		}
		if (off == 0 || off >= si->max || !swap_count(swp_entry(swp_type(entry), off)))
			continue;	/* the header, or a free slot, or one only a cache page holds */
		page = read_swap_cache_async(swp_entry(swp_type(entry), off), gfp, &new_read);
		if (!page)
			continue;
		if (new_read)
			SetPageReadahead(page);
		put_page(page);
	}
	blk_finish_plug(&plug);
	return found;
}
