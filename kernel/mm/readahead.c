/*
 * Readahead: reading pages before they are asked for (Linux:
 * mm/readahead.c).
 *
 * A read that misses the cache reads more than it needs: a window of
 * pages starting at the miss. One page near the end of the window, the
 * first of its last async_size pages, is marked PG_readahead; when a later
 * read reaches it, the next, larger window is started while the reader
 * still has pages to consume, so a sequential reader rarely waits for the
 * disk. A read that does not continue where the last one ended is
 * treated as random and gets only a small window.
 */
#include "mm/pagemap.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "fs/vfs.h"

void file_ra_state_init(struct file_ra_state *ra)
{
	ra->start = 0;
	ra->size = 0;
	ra->async_size = 0;
	ra->ra_pages = VM_READAHEAD_PAGES;
	ra->prev_pos = -1;
}

/* Hand a batch of new, locked pages to the file system (Linux: read_pages). */
#define RA_SPECULATIVE_GFP \
	((GFP_HIGHUSER_MOVABLE & ~__GFP_DIRECT_RECLAIM) | __GFP_NOMEMALLOC | __GFP_NOWARN)

static void read_pages(struct readahead_control *rac)
{
	const struct address_space_operations *aops = rac->mapping->a_ops;

	if (!rac->nr_pages)
		return;
	if (aops->readahead) {
		aops->readahead(rac);
	} else {
		for (unsigned int i = 0; i < rac->nr_pages; i++)
			aops->read_folio(rac->file, rac->pages[i]);
	}
	for (unsigned int i = 0; i < rac->nr_pages; i++)
		put_page(rac->pages[i]);	/* the cache keeps its own reference */
	rac->index += rac->nr_pages;
	rac->nr_pages = 0;
}

/*
 * Bring [index, index+nr) into the cache, skipping pages already there
 * and pages past the end of the file; mark the one at index+nr-lookahead
 * PG_readahead (Linux: page_cache_ra_unbounded).
 */
static void do_page_cache_ra(struct address_space *mapping, struct file *file, pgoff_t index,
			     unsigned long nr, unsigned long lookahead)
{
	loff_t isize = READ_ONCE(mapping->host->i_size);
	pgoff_t end = (isize + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct page *batch[VM_READAHEAD_PAGES * 2];
	struct readahead_control rac = { file, mapping, index, 0, batch };

	if (index >= end)
		return;
	nr = min(nr, (unsigned long)(end - index));
	nr = min(nr, (unsigned long)ARRAY_SIZE(batch));
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = find_get_page(mapping, index + i);

		if (page) {		/* already cached: read what we gathered so far */
			put_page(page);
			read_pages(&rac);
			rac.index = index + i + 1;
			continue;
		}
		/*
		 * A guess is not worth a stall in direct reclaim, nor the
		 * reserves below min: a failed one ends the batch, and the
		 * page the reader needs is then read on its own, allocated the
		 * normal way (Linux: readahead_gfp_mask's __GFP_NORETRY).
		 */
		page = alloc_page(RA_SPECULATIVE_GFP);
		if (!page)
			break;
		__SetPageLocked(page);
		if (add_to_page_cache_lru(page, mapping, index + i, GFP_KERNEL)) {
			__ClearPageLocked(page);
			put_page(page);
			read_pages(&rac);
			rac.index = index + i + 1;
			continue;
		}
		if (lookahead && i == nr - lookahead)
			SetPageReadahead(page);
		batch[rac.nr_pages++] = page;
	}
	read_pages(&rac);
}

/* The first window for a read of req pages (Linux: get_init_ra_size). */
static unsigned int get_init_ra_size(unsigned long req, unsigned int max)
{
	unsigned int size = 1;

	while (size < req)
		size <<= 1;
	if (size <= max / 32)
		size *= 4;
	else if (size <= max / 4)
		size *= 2;
	return min(size, max);
}

/* Each later window: twice the last, at most max (Linux: get_next_ra_size). */
static unsigned int get_next_ra_size(struct file_ra_state *ra, unsigned int max)
{
	unsigned int cur = ra->size;

	if (cur < max / 16)
		return 4 * cur;
	return min(2 * cur, max);
}

/*
 * Decide the window (Linux: ondemand_readahead): continue a sequential
 * stream, or start a new one at index.
 */
static void ondemand_readahead(struct address_space *mapping, struct file_ra_state *ra,
			       struct file *file, bool hit_marker, pgoff_t index,
			       unsigned long req)
{
	unsigned int max = ra->ra_pages;
	pgoff_t prev = ra->prev_pos < 0 ? (pgoff_t)-1 : (pgoff_t)(ra->prev_pos >> PAGE_SHIFT);

	if (!max)
		return;
	if (hit_marker && (index < ra->start || index >= ra->start + ra->size)) {
		/* A marker from a window we no longer track (another reader of the file). */
		ra->start = index + 1;
		ra->size = get_init_ra_size(req, max);
		ra->async_size = ra->size;
	} else if (hit_marker || (ra->size && index == ra->start + ra->size - ra->async_size)) {
		/* The reader reached the marker: the next window follows the current one. */
		ra->start += ra->size;
		ra->size = get_next_ra_size(ra, max);
		ra->async_size = ra->size;
	} else if (index == 0 || index == prev || index == prev + 1) {
		/* A sequential start: a window sized from the request. */
		ra->start = index;
		ra->size = get_init_ra_size(req, max);
		ra->async_size = ra->size > req ? ra->size - req : ra->size;
	} else {
		/* Random: read just what was asked (Linux: force_page_cache_ra). */
		do_page_cache_ra(mapping, file, index, min(req, (unsigned long)max), 0);
		return;
	}
	do_page_cache_ra(mapping, file, ra->start, ra->size, ra->async_size);
}

void page_cache_sync_readahead(struct address_space *mapping, struct file_ra_state *ra,
			       struct file *file, pgoff_t index, unsigned long req_count)
{
	ondemand_readahead(mapping, ra, file, false, index, req_count ? req_count : 1);
}

void page_cache_async_readahead(struct address_space *mapping, struct file_ra_state *ra,
				struct file *file, struct page *page, pgoff_t index,
				unsigned long req_count)
{
	if (!TestClearPageReadahead(page))
		return;
	if (PageWriteback(page))
		return;
	ondemand_readahead(mapping, ra, file, true, index, req_count ? req_count : 1);
}

void force_page_cache_readahead(struct address_space *mapping, struct file *file,
				pgoff_t index, unsigned long nr)
{
	while (nr) {
		unsigned long chunk = min(nr, (unsigned long)VM_READAHEAD_PAGES);

		do_page_cache_ra(mapping, file, index, chunk, 0);
		index += chunk;
		nr -= chunk;
	}
}
