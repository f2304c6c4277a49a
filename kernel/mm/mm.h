/*
 * Page frame helpers (Linux: include/linux/mm.h, page_ref.h, memory_model.h).
 *
 * SPARSEMEM_VMEMMAP: the struct pages of all RAM form one virtual array
 * at VMEMMAP_START, indexed by pfn. Only the parts that describe present
 * memory sections are backed by real memory, so holes cost nothing, and
 * pfn_to_page()/page_to_pfn() are plain pointer arithmetic.
 */
#ifndef _MM_MM_H
#define _MM_MM_H

#include "types.h"
#include "mm/page.h"
#include "mm/mm_types.h"
#include "mm/page-flags.h"
#include "mm/mmzone.h"

/* Memory sections: 128 MiB each, as on Linux riscv64. */
#define SECTION_SIZE_BITS 27
#define PFN_SECTION_SHIFT (SECTION_SIZE_BITS - PAGE_SHIFT)
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
/* Physical addresses up to 1 TiB (Linux: 56 bits with SPARSEMEM_EXTREME). */
#define MAX_PHYSMEM_BITS 40
#define NR_MEM_SECTIONS (1UL << (MAX_PHYSMEM_BITS - SECTION_SIZE_BITS))

#define SECTION_MARKED_PRESENT (1UL << 0)
#define SECTION_HAS_MEM_MAP    (1UL << 1)

struct mem_section {
	unsigned long section_mem_map;	/* SECTION_* flags */
};

extern struct mem_section mem_section[NR_MEM_SECTIONS];

#define vmemmap ((struct page *)VMEMMAP_START - (phys_ram_base >> PAGE_SHIFT))

static inline unsigned long pfn_to_section_nr(unsigned long pfn)
{
	return pfn >> PFN_SECTION_SHIFT;
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - vmemmap;
}

/* Does this pfn have a struct page? */
static inline bool pfn_valid(unsigned long pfn)
{
	unsigned long nr = pfn_to_section_nr(pfn);

	if (pfn < (phys_ram_base >> PAGE_SHIFT) || nr >= NR_MEM_SECTIONS)
		return false;
	return mem_section[nr].section_mem_map & SECTION_HAS_MEM_MAP;
}

static inline struct page *virt_to_page(const void *va)
{
	return pfn_to_page(virt_to_pfn(va));
}

static inline void *page_address(const struct page *page)
{
	return pfn_to_virt(page_to_pfn(page));
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return PFN_PHYS(page_to_pfn(page));
}

/* Node and zone numbers in the top bits of page->flags. */
#define NODES_SHIFT 2
#define ZONES_SHIFT 2
#define NODES_PGSHIFT (BITS_PER_LONG - NODES_SHIFT)
#define ZONES_PGSHIFT (NODES_PGSHIFT - ZONES_SHIFT)
#define NODES_MASK ((1UL << NODES_SHIFT) - 1)
#define ZONES_MASK ((1UL << ZONES_SHIFT) - 1)

static inline int page_to_nid(const struct page *page)
{
	return (page->flags >> NODES_PGSHIFT) & NODES_MASK;
}

static inline enum zone_type page_zonenum(const struct page *page)
{
	return (page->flags >> ZONES_PGSHIFT) & ZONES_MASK;
}

static inline struct zone *page_zone(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->node_zones[page_zonenum(page)];
}

static inline void set_page_links(struct page *page, enum zone_type zone, int nid)
{
	page->flags &= ~((NODES_MASK << NODES_PGSHIFT) | (ZONES_MASK << ZONES_PGSHIFT));
	page->flags |= ((unsigned long)nid << NODES_PGSHIFT) | ((unsigned long)zone << ZONES_PGSHIFT);
}

/* Reference counts (Linux: include/linux/page_ref.h). */
static inline int page_ref_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline void init_page_count(struct page *page)
{
	set_page_count(page, 1);
}

static inline void page_ref_inc(struct page *page)
{
	atomic_inc(&page->_refcount);
}

static inline void page_ref_dec(struct page *page)
{
	atomic_dec(&page->_refcount);
}

static inline bool page_ref_dec_and_test(struct page *page)
{
	return atomic_dec_and_test(&page->_refcount);
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount) + 1;
}

static inline void page_mapcount_reset(struct page *page)
{
	atomic_set(&page->_mapcount, -1);
}

static inline unsigned long page_private(const struct page *page)
{
	return page->private;
}

static inline void set_page_private(struct page *page, unsigned long v)
{
	page->private = v;
}

/* Compound pages (Linux: include/linux/page-flags.h, mm.h). */
static inline struct page *compound_head(const struct page *page)
{
	unsigned long head = READ_ONCE(page->compound_head);

	if (head & 1)
		return (struct page *)(head - 1);
	return (struct page *)page;
}

static inline unsigned int compound_order(const struct page *page)
{
	if (!PageHead(page))
		return 0;
	return page[1].compound_order;
}

static inline void set_compound_head(struct page *tail, struct page *head)
{
	WRITE_ONCE(tail->compound_head, (unsigned long)head + 1);
}

static inline void clear_compound_head(struct page *page)
{
	WRITE_ONCE(page->compound_head, 0);
}

static inline void get_page(struct page *page)
{
	page_ref_inc(compound_head(page));
}

void put_page(struct page *page);
void split_page(struct page *page, unsigned int order);
void prep_compound_page(struct page *page, unsigned int order);

/* Pages of RAM given to the buddy allocator, and the reserved ones. */
extern unsigned long totalram_pages_count;
/* Pages that could be allocated without swapping: MemAvailable (fs/proc/meminfo.c). */
unsigned long si_mem_available(void);

static inline unsigned long totalram_pages(void)
{
	return totalram_pages_count;
}

#endif
