/*
 * Tests of page_poison=1 (kernel/mm/page_poison.c): freed pages carry
 * the poison pattern, and a write to a freed page is reported when the
 * page is handed out again. Poisoning must be on from boot (a page freed
 * before it was switched on holds no pattern), so without page_poison=1
 * on the command line these tests are skipped; the "movable" machine of
 * the test matrix boots with it.
 */
#include "kunit/test.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "string.h"
#include "riscv.h"

static void page_poison_freed_page_holds_pattern(struct kunit *test)
{
	struct page *page;
	unsigned long flags;
	unsigned char *p;

	if (!page_poisoning_enabled)
		kunit_skip(test, "boot with page_poison=1");
	page = alloc_pages(GFP_KERNEL, 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	p = page_address(page);
	memset(p, 0x11, PAGE_SIZE);
	local_irq_save(flags);
	__free_pages(page, 0);
	/* Reading freed memory is what the test is about: the pattern is there. */
	KUNIT_EXPECT_NULL(test, memchr_inv(p, PAGE_POISON, PAGE_SIZE));
	local_irq_restore(flags);
}

static void page_poison_detects_write_after_free(struct kunit *test)
{
	unsigned long bad = bad_page_count, flags;
	struct page *page, *again;

	if (!page_poisoning_enabled)
		kunit_skip(test, "boot with page_poison=1");
	local_irq_save(flags);		/* keep this CPU's hot page for us */
	page = alloc_pages(GFP_KERNEL, 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	__free_pages(page, 0);
	((unsigned char *)page_address(page))[100] = 0x42;	/* use after free */
	again = alloc_pages(GFP_KERNEL, 0);			/* the same hot page */
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, (unsigned long)again, (unsigned long)page);
	KUNIT_EXPECT_EQ(test, bad_page_count, bad + 1);
	__free_pages(again, 0);
}

static struct kunit_case page_poison_cases[] = {
	KUNIT_CASE(page_poison_freed_page_holds_pattern),
	KUNIT_CASE(page_poison_detects_write_after_free),
	{}
};

static struct kunit_suite page_poison_suite = {
	.name = "page_poison",
	.test_cases = page_poison_cases,
};
kunit_test_suite(page_poison_suite);
