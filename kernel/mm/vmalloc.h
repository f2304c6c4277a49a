/*
 * Virtually contiguous kernel memory (Linux: include/linux/vmalloc.h).
 * vmalloc() maps scattered pages at consecutive addresses in the
 * vmalloc region, each area followed by an unmapped guard page; ioremap()
 * maps device registers there.
 */
#ifndef _MM_VMALLOC_H
#define _MM_VMALLOC_H

#include "types.h"
#include "list.h"
#include "mm/gfp.h"
#include "mm/pgtable.h"

#define VM_IOREMAP 0x00000001u
#define VM_ALLOC   0x00000002u
#define VM_MAP     0x00000004u

struct page;

/*
 * One mapped area (Linux: struct vm_struct); size includes the guard
 * page. pages[] and nr_pages are set for vmalloc() areas only,
 * phys_addr for ioremap() areas only.
 */
struct vm_struct {
	void *addr;
	unsigned long size;
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const void *caller;
};

/* The usable size of an area: all of it but the guard page. */
static inline unsigned long get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

void vmalloc_init(void);
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void *vmalloc_node(unsigned long size, int node);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
void vunmap(const void *addr);
void *ioremap(phys_addr_t pa, unsigned long size);
void iounmap(void *addr);
struct vm_struct *find_vm_area(const void *addr);
struct page *vmalloc_to_page(const void *addr);
bool is_vmalloc_addr(const void *addr);
/* Pages currently mapped by vmalloc (for /proc/meminfo VmallocUsed). */
unsigned long vmalloc_nr_pages(void);
/* Every area in address order, under the area lock (for /proc/vmallocinfo). */
void vmalloc_for_each_area(void (*fn)(const struct vm_struct *area, void *arg), void *arg);
/* Reports of vfree()/vunmap() of an address that starts no area (for tests). */
extern unsigned long vmalloc_bad_free_count;

#endif
