/*
 * Tests of swap (kernel/mm/swapfile.c, swap_state.c, page_io.c, the
 * swap half of memory.c) and of reclaim's anonymous path through rmap
 * (kernel/mm/rmap.c, vmscan.c): swap entries in ptes, swapon's header
 * checks, slot counts, and pages that go out with MADV_PAGEOUT
 * (reclaim_pages -> shrink_page_list -> add_to_swap, try_to_unmap,
 * swap_writepage) and come back by fault or by swapoff, byte for byte,
 * also when fork shares them; and swap readahead's window.
 *
 * The swap area is RAM disk ram1 with a header written by the test, so
 * the suite needs no disk of its own; each case leaves swap off.
 */
#include "kunit/test.h"
#include "mm/tests/fault_helpers.h"
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/swap.h"
#include "mm/rmap.h"
#include "mm/pagemap.h"
#include "mm/vmstat.h"
#include "drivers/block/brd.h"
#include "block/blkdev.h"
#include "fcntl.h"
#include "errno.h"
#include "string.h"

#define SWAP_DISK 1
#define SWAP_PATH "/dev/ram1"
#define SWAP_BYTES (4UL << 20)
#define UADDR 0x400000UL
#define NPAGES 8

/* Write a Linux swap header (version 1) to the RAM disk, or garbage if !good. */
static int write_header(bool good, unsigned int version)
{
	struct block_device *bdev = brd_get(SWAP_DISK);
	char *page = (char *)get_zeroed_page(GFP_KERNEL);
	u32 *info = (u32 *)(page + 1024);
	int err;

	if (!page || !bdev)
		return -ENOMEM;
	info[0] = version;
	info[1] = SWAP_BYTES / PAGE_SIZE - 1;	/* last_page */
	memcpy(page + PAGE_SIZE - 10, good ? "SWAPSPACE2" : "SWAPSPACEX", 10);
	err = blkdev_rw(bdev, REQ_OP_WRITE, 0, page, PAGE_SIZE);
	free_page((unsigned long)page);
	return err;
}

static int swap_init(struct kunit *test)
{
	return brd_set_capacity(SWAP_DISK, SWAP_BYTES);
}

static void swap_exit(struct kunit *test)
{
	swapoff_path(SWAP_PATH);
	brd_set_capacity(SWAP_DISK, 0);
}

/* Linux's riscv64 layout: type in bits 7-11, offset from bit 12, not present. */
static void swap_entry_in_pte(struct kunit *test)
{
	static const unsigned long offsets[] = { 1, 12345, 1UL << 40 };

	for (unsigned int type = 0; type < MAX_SWAPFILES; type += MAX_SWAPFILES - 1) {
		for (int i = 0; i < 3; i++) {
			swp_entry_t e = swp_entry(type, offsets[i]);
			pte_t pte = swp_entry_to_pte(e);

			KUNIT_EXPECT_EQ(test, swp_type(e), type);
			KUNIT_EXPECT_EQ(test, swp_offset(e), offsets[i]);
			KUNIT_EXPECT_FALSE(test, pte_present(pte));
			KUNIT_EXPECT_FALSE(test, pte_none(pte));
			KUNIT_EXPECT_TRUE(test, is_swap_pte(pte));
			KUNIT_EXPECT_EQ(test, (pte >> 7) & 0x1f, (unsigned long)type);
			KUNIT_EXPECT_EQ(test, pte >> 12, offsets[i]);
			KUNIT_EXPECT_EQ(test, pte_to_swp_entry(pte).val, e.val);
		}
	}
	KUNIT_EXPECT_FALSE(test, is_swap_pte(0));
}

static void swapon_checks_the_header(struct kunit *test)
{
	long total = total_swap_pages;

	KUNIT_ASSERT_EQ(test, write_header(false, 1), 0);
	KUNIT_EXPECT_EQ(test, swapon_path(SWAP_PATH, 0), -EINVAL);
	KUNIT_ASSERT_EQ(test, write_header(true, 2), 0);
	KUNIT_EXPECT_EQ(test, swapon_path(SWAP_PATH, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, swapon_path("/dev/nosuchdisk", 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, swapon_path("ram1", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, total_swap_pages, total);

	KUNIT_ASSERT_EQ(test, write_header(true, 1), 0);
	KUNIT_ASSERT_EQ(test, swapon_path(SWAP_PATH, 0), 0);
	/* Every page but the header is a slot. */
	KUNIT_EXPECT_EQ(test, total_swap_pages, total + (long)(SWAP_BYTES / PAGE_SIZE - 1));
	KUNIT_EXPECT_EQ(test, swapon_path(SWAP_PATH, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, swapoff_path(SWAP_PATH), 0);
	KUNIT_EXPECT_EQ(test, swapoff_path(SWAP_PATH), -EINVAL);
	KUNIT_EXPECT_EQ(test, total_swap_pages, total);
}

/* A slot's count follows swap_duplicate and swap_free; the last free gives it back. */
static void slot_counts(struct kunit *test)
{
	long free;
	swp_entry_t e;

	KUNIT_ASSERT_EQ(test, write_header(true, 1), 0);
	KUNIT_ASSERT_EQ(test, swapon_path(SWAP_PATH, 0), 0);
	free = atomic_long_read(&nr_swap_pages);
	e = get_swap_page();
	KUNIT_ASSERT_NE(test, e.val, 0UL);
	KUNIT_EXPECT_NE(test, swp_offset(e), 0UL);	/* never the header */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free - 1);
	KUNIT_EXPECT_EQ(test, swap_count(e), 0);	/* only the cache's bit so far */
	KUNIT_EXPECT_EQ(test, swap_duplicate(e), 0);
	KUNIT_EXPECT_EQ(test, swap_duplicate(e), 0);
	KUNIT_EXPECT_EQ(test, swap_count(e), 2);
	swap_free(e);
	KUNIT_EXPECT_EQ(test, swap_count(e), 1);
	swap_free(e);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free - 1);
	swapcache_free(e);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free);
}

/* ---- pages out and back ---------------------------------------------------- */

/* An mm with NPAGES written pages, page i full of the byte seed + i; swap on. */
static struct mm_struct *filled_mm(struct kunit *test, int seed)
{
	struct mm_struct *mm;
	long addr;

	if (write_header(true, 1) || swapon_path(SWAP_PATH, 0))
		return NULL;
	mm = mm_alloc();
	if (!mm)
		return NULL;
	mmap_write_lock(mm);
	addr = do_mmap(mm, NULL, UADDR, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	mmap_write_unlock(mm);
	for (int i = 0; addr == (long)UADDR && i < NPAGES; i++) {
		if (test_fault(mm, UADDR + i * PAGE_SIZE, true))
			break;
		memset(page_address(test_page_at(mm, UADDR + i * PAGE_SIZE)), seed + i, PAGE_SIZE);
	}
	return mm;
}

static bool page_holds(struct page *page, int byte)
{
	const unsigned char *p = page_address(page);

	for (int i = 0; i < (int)PAGE_SIZE; i++)
		if (p[i] != (unsigned char)byte)
			return false;
	return true;
}

static int pageout(struct mm_struct *mm)
{
	return do_madvise(mm, UADDR, NPAGES * PAGE_SIZE, MADV_PAGEOUT);
}

/* Wait for the writes, then drop the clean swap-cache copies, as a later reclaim round would. */
static void drop_swap_cache(struct mm_struct *mm)
{
	LIST_HEAD(pages);

	for (int i = 0; i < NPAGES; i++) {
		pte_t pte = test_pte_at(mm, UADDR + i * PAGE_SIZE);
		struct page *page;

		if (!is_swap_pte(pte))
			continue;
		page = lookup_swap_cache(pte_to_swp_entry(pte));
		if (!page)
			continue;
		wait_on_page_writeback(page);
		lru_add_drain_all();
		if (!isolate_lru_page(page))
			list_add_tail(&page->lru, &pages);
		put_page(page);
	}
	reclaim_pages(&pages);
}

static void pageout_then_fault_back(struct kunit *test)
{
	struct mm_struct *mm = filled_mm(test, 0x10);
	unsigned long out = sum_vm_event(PSWPOUT), in = sum_vm_event(PSWPIN);
	long free = atomic_long_read(&nr_swap_pages);
	bool major = false;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_ASSERT_EQ(test, pageout(mm), 0);
	for (int i = 0; i < NPAGES; i++)
		KUNIT_EXPECT_TRUE(test, is_swap_pte(test_pte_at(mm, UADDR + i * PAGE_SIZE)));
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_SWAPENTS), (unsigned long)NPAGES);
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_ANONPAGES), 0UL);
	KUNIT_EXPECT_EQ(test, sum_vm_event(PSWPOUT) - out, (unsigned long)NPAGES);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free - NPAGES);
	drop_swap_cache(mm);

	/* Read back from the disk (readahead brings the neighbours), byte for byte. */
	for (int i = 0; i < NPAGES; i++) {
		vm_fault_t ret = test_fault(mm, UADDR + i * PAGE_SIZE, false);
		struct page *page = test_page_at(mm, UADDR + i * PAGE_SIZE);

		KUNIT_EXPECT_EQ(test, ret & ~VM_FAULT_MAJOR, 0U);
		major |= ret & VM_FAULT_MAJOR;
		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_TRUE(test, page_holds(page, 0x10 + i));
	}
	KUNIT_EXPECT_TRUE(test, major);
	KUNIT_EXPECT_GE(test, sum_vm_event(PSWPIN) - in, (unsigned long)NPAGES);
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_SWAPENTS), 0UL);
	/* A write frees the slot: the copy on disk is stale from now on. */
	KUNIT_EXPECT_EQ(test, test_fault(mm, UADDR, true), 0U);
	KUNIT_EXPECT_TRUE(test, pte_write(test_pte_at(mm, UADDR)));
	KUNIT_EXPECT_FALSE(test, PageSwapCache(test_page_at(mm, UADDR)));
	mmput(mm);
	/* Exit gave every slot back. */
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free);
}

/*
 * Pages swap readahead brings in beside the faulting one are marked
 * PG_readahead; a later fault that finds one in the swap cache clears
 * the mark (and counts a hit, which sizes the next window).
 */
static void readahead_pages_marked_until_used(struct kunit *test)
{
	struct mm_struct *mm = filled_mm(test, 0x30);
	struct page *ra[NPAGES] = { NULL };
	int brought = 0;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_ASSERT_EQ(test, pageout(mm), 0);
	drop_swap_cache(mm);
	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, false) & ~VM_FAULT_MAJOR, 0U);
	KUNIT_EXPECT_FALSE(test, PageReadahead(test_page_at(mm, UADDR)));	/* asked for */
	for (int i = 1; i < NPAGES; i++) {
		pte_t pte = test_pte_at(mm, UADDR + i * PAGE_SIZE);

		if (!is_swap_pte(pte) || !(ra[i] = lookup_swap_cache(pte_to_swp_entry(pte))))
			continue;
		KUNIT_EXPECT_TRUE(test, PageReadahead(ra[i]));
		brought++;
	}
	for (int i = 1; i < NPAGES; i++) {
		KUNIT_EXPECT_EQ(test, test_fault(mm, UADDR + i * PAGE_SIZE, false) & ~VM_FAULT_MAJOR, 0U);
		KUNIT_EXPECT_TRUE(test, page_holds(test_page_at(mm, UADDR + i * PAGE_SIZE), 0x30 + i));
		if (ra[i]) {
			KUNIT_EXPECT_TRUE(test, test_page_at(mm, UADDR + i * PAGE_SIZE) == ra[i]);
			KUNIT_EXPECT_FALSE(test, PageReadahead(ra[i]));
			put_page(ra[i]);
		}
	}
	mmput(mm);
	if (!brought)
		kunit_skip(test, "the readahead window was one page");
}

/*
 * fork copies swap entries: both mms hold each slot (count 2). The
 * child reads the pages back, the parent writes one (a copy), and both
 * see their own bytes; the last exit frees the slots.
 */
static void fork_shares_swapped_pages(struct kunit *test)
{
	struct mm_struct *mm = filled_mm(test, 0x40), *child;
	long free = atomic_long_read(&nr_swap_pages);
	pte_t pte;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_ASSERT_EQ(test, pageout(mm), 0);
	drop_swap_cache(mm);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	pte = test_pte_at(child, UADDR);
	KUNIT_ASSERT_TRUE(test, is_swap_pte(pte));
	KUNIT_EXPECT_EQ(test, pte, test_pte_at(mm, UADDR));
	KUNIT_EXPECT_EQ(test, swap_count(pte_to_swp_entry(pte)), 2);
	KUNIT_EXPECT_EQ(test, get_mm_counter(child, MM_SWAPENTS), (unsigned long)NPAGES);

	for (int i = 0; i < NPAGES; i++) {
		KUNIT_ASSERT_EQ(test, test_fault(child, UADDR + i * PAGE_SIZE, false) & ~VM_FAULT_MAJOR, 0U);
		KUNIT_EXPECT_TRUE(test, page_holds(test_page_at(child, UADDR + i * PAGE_SIZE), 0x40 + i));
	}
	/* The parent's write to the page the child has in: a copy of its own. */
	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, true) & ~VM_FAULT_MAJOR, 0U);
	memset(page_address(test_page_at(mm, UADDR)), 0x99, PAGE_SIZE);
	KUNIT_EXPECT_NE(test, test_page_at(mm, UADDR), test_page_at(child, UADDR));
	KUNIT_EXPECT_TRUE(test, page_holds(test_page_at(child, UADDR), 0x40));
	/* The shared page can go out again from the child alone: rmap finds its pte. */
	KUNIT_ASSERT_EQ(test, pageout(child), 0);
	KUNIT_EXPECT_TRUE(test, is_swap_pte(test_pte_at(child, UADDR)));
	mmput(child);
	KUNIT_EXPECT_TRUE(test, page_holds(test_page_at(mm, UADDR), 0x99));
	mmput(mm);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&nr_swap_pages), free);
}

/* swapoff reads every page back into the ptes that held its entry. */
static void swapoff_brings_pages_back(struct kunit *test)
{
	struct mm_struct *mm = filled_mm(test, 0x70);

	KUNIT_ASSERT_NOT_NULL(test, mm);
	KUNIT_ASSERT_EQ(test, pageout(mm), 0);
	drop_swap_cache(mm);
	KUNIT_ASSERT_EQ(test, swapoff_path(SWAP_PATH), 0);
	for (int i = 0; i < NPAGES; i++) {
		struct page *page = test_page_at(mm, UADDR + i * PAGE_SIZE);

		KUNIT_ASSERT_NOT_NULL(test, page);
		KUNIT_EXPECT_TRUE(test, page_holds(page, 0x70 + i));
		KUNIT_EXPECT_FALSE(test, PageSwapCache(page));
	}
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_SWAPENTS), 0UL);
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_ANONPAGES), (unsigned long)NPAGES);
	mmput(mm);
}

/* page_referenced reads and clears the Accessed bit. */
static void referenced_clears_accessed(struct kunit *test)
{
	struct mm_struct *mm = filled_mm(test, 1);
	unsigned long vm_flags;
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	page = test_page_at(mm, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, page);
	spin_lock(&mm->page_table_lock);
	*pte_offset_map(mm, UADDR) |= _PAGE_ACCESSED;
	spin_unlock(&mm->page_table_lock);
	KUNIT_EXPECT_EQ(test, page_referenced(page, &vm_flags), 1);
	KUNIT_EXPECT_TRUE(test, vm_flags & VM_WRITE);
	KUNIT_EXPECT_FALSE(test, pte_young(test_pte_at(mm, UADDR)));
	KUNIT_EXPECT_EQ(test, page_referenced(page, &vm_flags), 0);
	mmput(mm);
}

/*
 * Swap readahead's window (swapin_window, Linux's __swapin_nr_pages):
 * the readahead pages used since the last window, plus 2, rounded up to
 * a power of two, at most 8; with none used, a fault next to the last
 * one reads 2 and any other only its page; and never under half the
 * last window, so that one miss does not turn readahead off.
 */
static void swapin_window_follows_readahead_hits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 7, 1), 8U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 3, 1), 8U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 2, 1), 4U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 1, 1), 4U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 40, 1), 8U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 0, 1), 1U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 101, 0, 1), 2U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 99, 0, 1), 2U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 0, 8), 4U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 0, 4), 2U);
	KUNIT_EXPECT_EQ(test, swapin_window(100, 500, 1, 8), 4U);
}

static struct kunit_case swap_cases[] = {
	KUNIT_CASE(swap_entry_in_pte),
	KUNIT_CASE(swapon_checks_the_header),
	KUNIT_CASE(slot_counts),
	KUNIT_CASE(pageout_then_fault_back),
	KUNIT_CASE(readahead_pages_marked_until_used),
	KUNIT_CASE(fork_shares_swapped_pages),
	KUNIT_CASE(swapoff_brings_pages_back),
	KUNIT_CASE(referenced_clears_accessed),
	KUNIT_CASE(swapin_window_follows_readahead_hits),
	{}
};

static struct kunit_suite swap_suite = {
	.name = "swap",
	.init = swap_init,
	.exit = swap_exit,
	.test_cases = swap_cases,
};
kunit_test_suite(swap_suite);
