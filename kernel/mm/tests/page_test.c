/*
 * Tests of the memory model (SPARSEMEM_VMEMMAP) and struct page:
 * pfn/page/virt conversions, sections, node and zone links.
 */
#include "kunit/test.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "mm/gfp.h"

extern char _stext[], _end[];

static void page_struct_is_64_bytes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct page), 64);
	KUNIT_EXPECT_EQ(test, (unsigned long)pfn_to_page(PFN_DOWN(phys_ram_base)), VMEMMAP_START);
}

static void page_conversions_round_trip(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	void *va;

	KUNIT_ASSERT_NOT_NULL(test, page);
	va = page_address(page);
	KUNIT_EXPECT_EQ(test, (unsigned long)virt_to_page(va), (unsigned long)page);
	KUNIT_EXPECT_EQ(test, (unsigned long)pfn_to_page(page_to_pfn(page)), (unsigned long)page);
	KUNIT_EXPECT_EQ(test, __pa(va), page_to_phys(page));
	KUNIT_EXPECT_EQ(test, (unsigned long)__va(page_to_phys(page)), (unsigned long)va);
	KUNIT_EXPECT_EQ(test, virt_to_pfn(va + 123), page_to_pfn(page));
	KUNIT_EXPECT_GE(test, (unsigned long)va, PAGE_OFFSET);
	KUNIT_EXPECT_TRUE(test, virt_addr_valid(va));
	KUNIT_EXPECT_GE(test, (unsigned long)page, VMEMMAP_START);
	KUNIT_EXPECT_LT(test, (unsigned long)page, VMEMMAP_END);
	__free_pages(page, 0);
}

static void page_kernel_image_pa_matches_load_address(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, __pa(_stext), kernel_map.phys_addr);
	KUNIT_EXPECT_EQ(test, __pa(_end), kernel_map.phys_addr + (_end - _stext));
	KUNIT_EXPECT_TRUE(test, PageReserved(virt_to_page(__va(__pa(_stext)))));
}

static void page_sections_present_for_ram(struct kunit *test)
{
	struct memblock_region *r;
	unsigned long end = PFN_DOWN(memblock_end_of_DRAM());

	for_each_mem_region(r) {
		unsigned long pfn = PFN_DOWN(r->base);

		KUNIT_EXPECT_TRUE(test, pfn_valid(pfn));
		KUNIT_EXPECT_TRUE(test, mem_section[pfn_to_section_nr(pfn)].section_mem_map &
					SECTION_MARKED_PRESENT);
	}
	KUNIT_EXPECT_FALSE(test, pfn_valid(PFN_DOWN(phys_ram_base) - 1));
	KUNIT_EXPECT_FALSE(test, pfn_valid(ALIGN(end, PAGES_PER_SECTION)));
}

static void page_links_name_node_and_zone(struct kunit *test)
{
	struct zone *zone;

	for_each_populated_zone(zone) {
		unsigned long pfn = zone->zone_start_pfn;

		while (!pfn_valid(pfn))
			pfn++;
		KUNIT_EXPECT_EQ(test, page_to_nid(pfn_to_page(pfn)), zone->node);
		KUNIT_EXPECT_EQ(test, page_zonenum(pfn_to_page(pfn)), zone_idx(zone));
		KUNIT_EXPECT_EQ(test, (unsigned long)page_zone(pfn_to_page(zone_end_pfn(zone) - 1)),
				(unsigned long)zone);
	}
}

static void page_fresh_page_state(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	KUNIT_EXPECT_EQ(test, page_mapcount(page), 0);
	KUNIT_EXPECT_NULL(test, page->mapping);
	KUNIT_EXPECT_FALSE(test, PageBuddy(page));
	KUNIT_EXPECT_FALSE(test, PageReserved(page));
	__free_pages(page, 0);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 0);
}

static struct kunit_case page_cases[] = {
	KUNIT_CASE(page_struct_is_64_bytes),
	KUNIT_CASE(page_conversions_round_trip),
	KUNIT_CASE(page_kernel_image_pa_matches_load_address),
	KUNIT_CASE(page_sections_present_for_ram),
	KUNIT_CASE(page_links_name_node_and_zone),
	KUNIT_CASE(page_fresh_page_state),
	{}
};

static struct kunit_suite page_suite = {
	.name = "page",
	.test_cases = page_cases,
};
kunit_test_suite(page_suite);
