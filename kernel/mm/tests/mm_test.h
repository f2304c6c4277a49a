/* Helpers shared by the memory-management test suites. */
#ifndef _MM_TESTS_MM_TEST_H
#define _MM_TESTS_MM_TEST_H

#include "mm/gfp.h"
#include "mm/mm.h"

#define NOWARN (GFP_KERNEL | __GFP_NOWARN)

/* The zone GFP_KERNEL allocations come from first on this CPU. */
static inline struct zone *kernel_zone(void)
{
	struct page *page = alloc_pages(NOWARN, 0);
	struct zone *zone = page ? page_zone(page) : NULL;

	__free_pages(page, 0);
	return zone;
}

#endif
