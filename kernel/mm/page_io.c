/*
 * Reading and writing swap slots (Linux: mm/page_io.c).
 *
 * A slot is one page of the swap disk: slot n is at byte n * PAGE_SIZE.
 * Each page goes in its own request without waiting, so reclaim can put
 * many on the disk's queue at once; the disk's interrupt ends the
 * writeback (or unlocks the read page). Linux builds larger bios from
 * neighbouring slots and can swap to a file through its extents.
 */
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "mm/vmstat.h"
#include "mm/slab.h"
#include "block/blkdev.h"
#include "errno.h"
#include "printk.h"

static struct bio *swap_bio(struct page *page, enum req_op op, bio_end_io_t *end_io)
{
	swp_entry_t entry = page_swap_entry(page);
	struct swap_info_struct *si = swp_swap_info(entry);
	struct bio *bio;

	if (!si || !si->bdev)
		return NULL;
	bio = kzalloc(sizeof(*bio), GFP_NOIO | __GFP_HIGH | __GFP_NOWARN);
	if (!bio)
		return NULL;
	bio->bi_bdev = si->bdev;
	bio->bi_opf = op;
	bio->bi_sector = swp_offset(entry) * (PAGE_SIZE / SECTOR_SIZE);
	bio->bi_buf = page_address(page);
	bio->bi_size = PAGE_SIZE;
	bio->bi_end_io = end_io;
	bio->bi_private = page;
	return bio;
}

/* Often in the disk's interrupt: no lock here sleeps or is taken with interrupts on. */
static void end_swap_bio_write(struct bio *bio)
{
	struct page *page = bio->bi_private;

	if (bio->bi_status) {
		/* The data is still only in memory: keep it dirty and on the active list. */
		SetPageDirty(page);
		SetPageError(page);
		pr_err("swap: write error %d on sector %llu\n", bio->bi_status,
		       (unsigned long long)bio->bi_sector);
	}
	end_page_writeback(page);
	kfree(bio);
}

static void end_swap_bio_read(struct bio *bio)
{
	struct page *page = bio->bi_private;

	if (bio->bi_status) {
		SetPageError(page);
		pr_err("swap: read error %d on sector %llu\n", bio->bi_status,
		       (unsigned long long)bio->bi_sector);
	} else {
		SetPageUptodate(page);
	}
	unlock_page(page);
	kfree(bio);
}

/*
 * Write a locked swap cache page to its slot (its dirty bit was cleared
 * by the caller); the page is unlocked at once and its writeback ends
 * when the disk is done. A page no pte refers to by its entry any more
 * need not be written at all (Linux does the same check).
 */
int swap_writepage(struct page *page, struct writeback_control *wbc)
{
	struct bio *bio;

	if (try_to_free_swap(page)) {
		unlock_page(page);
		return 0;
	}
	bio = swap_bio(page, REQ_OP_WRITE, end_swap_bio_write);
	if (!bio) {
		set_page_dirty(page);
		unlock_page(page);
		return -ENOMEM;
	}
	set_page_writeback(page);
	unlock_page(page);
	count_vm_event(PSWPOUT);
	submit_bio(bio);
	return 0;
}

int swap_readpage(struct page *page, bool synchronous)
{
	struct bio *bio = swap_bio(page, REQ_OP_READ, end_swap_bio_read);

	if (!bio) {
		SetPageError(page);
		unlock_page(page);
		return -ENOMEM;
	}
	count_vm_event(PSWPIN);
	submit_bio(bio);
	if (synchronous)
		wait_on_page_locked(page);
	return 0;
}
