/*
 * SPARSEMEM_VMEMMAP (Linux: mm/sparse.c and mm/sparse-vmemmap.c).
 *
 * Physical memory is cut into 128 MiB sections. A section that holds
 * any RAM is "present" and gets a memmap: 32768 struct pages, exactly
 * 2 MiB, mapped at its place in the virtual vmemmap array, from memory
 * of its own node, with one 2 MiB leaf when possible.
 */
#include "mm/mm.h"
#include "mm/memblock.h"
#include "mm/pagewalk.h"
#include "mm/internal.h"
#include "printk.h"
#include "panic.h"
#include "string.h"

struct mem_section mem_section[NR_MEM_SECTIONS];
unsigned long nr_present_sections;

static phys_addr_t early_pt_alloc(void)
{
	return __pa(memblock_alloc(PAGE_SIZE, PAGE_SIZE));
}

/* Mark the sections spanned by memblock.memory present (Linux: memblocks_present). */
static void memblocks_present(void)
{
	struct memblock_region *r;

	for_each_mem_region(r) {
		unsigned long s = pfn_to_section_nr(PFN_DOWN(r->base));
		unsigned long e = pfn_to_section_nr(PFN_UP(r->base + r->size) - 1);

		for (unsigned long nr = s; nr <= e && nr < NR_MEM_SECTIONS; nr++) {
			if (!(mem_section[nr].section_mem_map & SECTION_MARKED_PRESENT))
				nr_present_sections++;
			mem_section[nr].section_mem_map |= SECTION_MARKED_PRESENT;
		}
	}
}

static int section_nid(unsigned long nr)
{
	struct memblock_region *r;
	phys_addr_t start = PFN_PHYS(nr << PFN_SECTION_SHIFT);

	for_each_mem_region(r)
		if (r->base + r->size > start)
			return r->nid;
	return 0;
}

/* Back [start, start + size) of vmemmap with memory from node `nid`. */
static void vmemmap_populate(unsigned long start, unsigned long size, int nid)
{
	phys_addr_t pa = memblock_phys_alloc_range(size, PMD_SIZE, 0, ~0UL, nid);

	if (!pa)
		pa = memblock_phys_alloc(size, PMD_SIZE);
	if (pa) {
		/* Struct pages in holes are never initialised: start them zeroed. */
		memset(__va(pa), 0, size);
		if (create_pgd_mapping(swapper_pg_dir, start, pa, size, PAGE_KERNEL, PT_PMD,
				       early_pt_alloc))
			panic("vmemmap: cannot map %#lx", start);
		return;
	}
	/* No 2 MiB block left: 4 KiB pages (Linux: vmemmap_populate_basepages). */
	for (unsigned long va = start; va < start + size; va += PAGE_SIZE) {
		phys_addr_t p = __pa(memblock_alloc_node(PAGE_SIZE, PAGE_SIZE, nid));

		if (create_pgd_mapping(swapper_pg_dir, va, p, PAGE_SIZE, PAGE_KERNEL, PT_PTE,
				       early_pt_alloc))
			panic("vmemmap: cannot map %#lx", va);
	}
}

void sparse_init(void)
{
	unsigned long bytes = PAGES_PER_SECTION * sizeof(struct page);

	memblocks_present();
	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		unsigned long start;

		if (!(mem_section[nr].section_mem_map & SECTION_MARKED_PRESENT))
			continue;
		start = (unsigned long)pfn_to_page(nr << PFN_SECTION_SHIFT);
		vmemmap_populate(start, bytes, section_nid(nr));
		mem_section[nr].section_mem_map |= SECTION_HAS_MEM_MAP;
	}
	local_flush_tlb_all();
	pr_info("SPARSEMEM_VMEMMAP: %lu present sections of %lu MiB, memmap %lu KiB\n",
		nr_present_sections, (PAGES_PER_SECTION * PAGE_SIZE) >> 20,
		(nr_present_sections * bytes) >> 10);
}
