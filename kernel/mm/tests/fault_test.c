/*
 * Tests of the anonymous page-fault path (kernel/mm/memory.c): a read
 * fault maps the shared zero page read-only, a write fault a zeroed page
 * of the process's own; fork shares every page read-only with exact
 * mapcounts and refcounts, and the first write copies (do_wp_page ->
 * wp_page_copy) unless the writer is the page's only user (wp_page_reuse).
 *
 * Each case gets a user mm with one private anonymous read-write mapping
 * and faults in it directly with handle_mm_fault, as do_page_fault would
 * after its checks, then reads the ptes back. Refcounts are read after
 * lru_add_drain_all(): a page still in a CPU's LRU add batch holds one
 * more reference for the batch.
 */
#include "kunit/test.h"
#include "mm/tests/fault_helpers.h"
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/swap.h"
#include "errno.h"
#include "string.h"
#include "sched.h"

#define UADDR 0x400000UL
#define NPAGES 4

static int fault_init(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	long addr;

	if (!mm)
		return -ENOMEM;
	mmap_write_lock(mm);
	addr = do_mmap(mm, NULL, UADDR, NPAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0);
	mmap_write_unlock(mm);
	if (addr != (long)UADDR) {
		mmput(mm);
		return addr < 0 ? addr : -EINVAL;
	}
	test->priv = mm;
	return 0;
}

static void fault_exit(struct kunit *test)
{
	mmput(test->priv);
}

static unsigned long zero_pfn(void)
{
	return page_to_pfn(ZERO_PAGE(0));
}

static bool page_is_zero(struct page *page)
{
	const unsigned long *w = page_address(page);

	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(*w); i++)
		if (w[i])
			return false;
	return true;
}

static void read_fault_maps_zero_page_readonly(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	pte_t pte;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR + 100, false), 0);
	pte = test_pte_at(mm, UADDR);
	KUNIT_EXPECT_TRUE(test, pte_present(pte));
	KUNIT_EXPECT_EQ(test, pte_pfn(pte), zero_pfn());
	KUNIT_EXPECT_FALSE(test, pte_write(pte));
	KUNIT_EXPECT_TRUE(test, pte_special(pte));
	/* The zero page is nobody's: no RSS, and the next page is still unmapped. */
	KUNIT_EXPECT_EQ(test, get_mm_rss(mm), 0UL);
	KUNIT_EXPECT_FALSE(test, pte_present(test_pte_at(mm, UADDR + PAGE_SIZE)));
}

static void write_fault_allocates_zeroed_page(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	struct page *page;
	pte_t pte;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR + PAGE_SIZE + 8, true), 0);
	pte = test_pte_at(mm, UADDR + PAGE_SIZE);
	KUNIT_ASSERT_TRUE(test, pte_present(pte));
	KUNIT_EXPECT_NE(test, pte_pfn(pte), zero_pfn());
	KUNIT_EXPECT_TRUE(test, pte_write(pte));
	page = pfn_to_page(pte_pfn(pte));
	KUNIT_EXPECT_TRUE(test, page_is_zero(page));
	KUNIT_EXPECT_TRUE(test, PageAnon(page));
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 1);
	lru_add_drain_all();
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	/* On the inactive anonymous LRU list. */
	KUNIT_EXPECT_TRUE(test, PageLRU(page));
	KUNIT_EXPECT_FALSE(test, PageActive(page));
	KUNIT_EXPECT_EQ(test, page_lru(page), LRU_INACTIVE_ANON);
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_ANONPAGES), 1UL);
}

/* A write after a read: the zero page is replaced by a zeroed page, not written. */
static void write_after_read_fault_leaves_zero_page_alone(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	struct page *page;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, false), 0);
	KUNIT_ASSERT_EQ(test, pte_pfn(test_pte_at(mm, UADDR)), zero_pfn());
	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, true), 0);
	page = test_page_at(mm, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_NE(test, page_to_pfn(page), zero_pfn());
	KUNIT_EXPECT_TRUE(test, pte_write(test_pte_at(mm, UADDR)));
	KUNIT_EXPECT_TRUE(test, page_is_zero(page));
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 1);
	KUNIT_EXPECT_TRUE(test, page_is_zero(ZERO_PAGE(0)));
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_ANONPAGES), 1UL);
}

/*
 * fork shares the page: both mms map it read-only, mapcount 2, refcount
 * 2. The child's write copies it (mapcount 1 each, the old page keeps
 * the parent's bytes); the parent, now the only user, writes in place.
 */
static void fork_shares_then_write_copies(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	struct page *page, *copy;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, true), 0);
	page = test_page_at(mm, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memset(page_address(page), 0xab, PAGE_SIZE);

	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	lru_add_drain_all();
	KUNIT_EXPECT_EQ(test, test_page_at(child, UADDR), page);
	KUNIT_EXPECT_FALSE(test, pte_write(test_pte_at(mm, UADDR)));
	KUNIT_EXPECT_FALSE(test, pte_write(test_pte_at(child, UADDR)));
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 2);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 2);
	KUNIT_EXPECT_EQ(test, get_mm_counter(child, MM_ANONPAGES), 1UL);

	KUNIT_ASSERT_EQ(test, test_fault(child, UADDR + 16, true), 0);
	lru_add_drain_all();
	copy = test_page_at(child, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_NE(test, copy, page);
	KUNIT_EXPECT_TRUE(test, pte_write(test_pte_at(child, UADDR)));
	KUNIT_EXPECT_EQ(test, ((unsigned char *)page_address(copy))[PAGE_SIZE - 1], 0xab);
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 1);
	KUNIT_EXPECT_EQ(test, page_mapcount(copy), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(copy), 1);
	KUNIT_EXPECT_EQ(test, test_page_at(mm, UADDR), page);
	KUNIT_EXPECT_FALSE(test, pte_write(test_pte_at(mm, UADDR)));

	/* The parent is the page's only user now: its write reuses it. */
	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, true), 0);
	KUNIT_EXPECT_EQ(test, test_page_at(mm, UADDR), page);
	KUNIT_EXPECT_TRUE(test, pte_write(test_pte_at(mm, UADDR)));
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 1);
	mmput(child);
}

/*
 * fork allocates the child's page tables before it takes the parent's
 * page_table_lock: the allocation may reclaim, and reclaim's rmap walk
 * takes that lock for the parent's pages (a hart deadlocked on itself
 * under memory pressure). might_sleep() in the allocator reports it.
 */
static void fork_allocates_tables_without_page_table_lock(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	int reports = READ_ONCE(might_sleep_reports);

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR, true), 0);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, test_page_at(child, UADDR), test_page_at(mm, UADDR));
	KUNIT_EXPECT_EQ(test, READ_ONCE(might_sleep_reports), reports);
	mmput(child);
}

/* The child goes away first: the parent's write finds the page its own again. */
static void write_after_child_exit_reuses_page(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	struct page *page;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR + 2 * PAGE_SIZE, true), 0);
	page = test_page_at(mm, UADDR + 2 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, page);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 2);
	mmput(child);
	lru_add_drain_all();
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 1);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR + 2 * PAGE_SIZE, true), 0);
	KUNIT_EXPECT_EQ(test, test_page_at(mm, UADDR + 2 * PAGE_SIZE), page);
	KUNIT_EXPECT_TRUE(test, pte_write(test_pte_at(mm, UADDR + 2 * PAGE_SIZE)));
}

/* The zero page is shared by fork like any page; a write in the child gets a zeroed page. */
static void fork_of_zero_page_copies_to_zeroed_page(struct kunit *test)
{
	struct mm_struct *mm = test->priv, *child;
	struct page *page;

	KUNIT_ASSERT_EQ(test, test_fault(mm, UADDR + 3 * PAGE_SIZE, false), 0);
	child = dup_mm(mm);
	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_EXPECT_EQ(test, pte_pfn(test_pte_at(child, UADDR + 3 * PAGE_SIZE)), zero_pfn());
	KUNIT_ASSERT_EQ(test, test_fault(child, UADDR + 3 * PAGE_SIZE, true), 0);
	page = test_page_at(child, UADDR + 3 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_NE(test, page_to_pfn(page), zero_pfn());
	KUNIT_EXPECT_TRUE(test, page_is_zero(page));
	KUNIT_EXPECT_EQ(test, pte_pfn(test_pte_at(mm, UADDR + 3 * PAGE_SIZE)), zero_pfn());
	KUNIT_EXPECT_EQ(test, get_mm_counter(child, MM_ANONPAGES), 1UL);
	KUNIT_EXPECT_EQ(test, get_mm_counter(mm, MM_ANONPAGES), 0UL);
	mmput(child);
}

/* Outside every VMA there is nothing to fault in; access_remote_vm stops there too. */
static void access_outside_vma_fails(struct kunit *test)
{
	struct mm_struct *mm = test->priv;
	char c = 1;

	KUNIT_EXPECT_EQ(test, test_fault(mm, UADDR + NPAGES * PAGE_SIZE, true), VM_FAULT_SIGSEGV);
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, UADDR + NPAGES * PAGE_SIZE - 1, &c, 1, true), 1);
	KUNIT_EXPECT_EQ(test, access_remote_vm(mm, UADDR + NPAGES * PAGE_SIZE, &c, 1, true), 0);
}

/*
 * The OOM reaper keeps a victim's mm_struct with mmgrab; the victim's own
 * exit must still free its memory at once, at the last mmput.
 */
static void last_mmput_frees_memory_of_grabbed_mm(struct kunit *test)
{
	struct mm_struct *child = dup_mm(test->priv);
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, child);
	KUNIT_ASSERT_EQ(test, test_fault(child, UADDR, true), 0);
	page = test_page_at(child, UADDR);
	KUNIT_ASSERT_NOT_NULL(test, page);
	get_page(page);
	mmgrab(child);
	mmput(child);
	lru_add_drain_all();
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 0);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_NULL(test, child->pgd);
	put_page(page);
	mmdrop(child);
}

static struct kunit_case fault_cases[] = {
	KUNIT_CASE(read_fault_maps_zero_page_readonly),
	KUNIT_CASE(write_fault_allocates_zeroed_page),
	KUNIT_CASE(write_after_read_fault_leaves_zero_page_alone),
	KUNIT_CASE(fork_shares_then_write_copies),
	KUNIT_CASE(fork_allocates_tables_without_page_table_lock),
	KUNIT_CASE(write_after_child_exit_reuses_page),
	KUNIT_CASE(fork_of_zero_page_copies_to_zeroed_page),
	KUNIT_CASE(access_outside_vma_fails),
	KUNIT_CASE(last_mmput_frees_memory_of_grabbed_mm),
	{}
};

static struct kunit_suite fault_suite = {
	.name = "vm_fault",
	.init = fault_init,
	.exit = fault_exit,
	.test_cases = fault_cases,
};
kunit_test_suite(fault_suite);
