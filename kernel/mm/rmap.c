/*
 * Mapcounts and anon_vmas (Linux: mm/rmap.c).
 *
 * _mapcount starts at -1, so "the first mapping" is the increment that
 * reaches 0 and "the last unmapping" the decrement that goes negative;
 * those two moments move the page in and out of the node's AnonPages
 * (NR_ANON_MAPPED) or Mapped (NR_FILE_MAPPED) counts.
 */
#include "mm/rmap.h"
#include "mm/pagemap.h"
#include "mm/tlbflush.h"
#include "mm/internal.h"
#include "mm/slab.h"
#include "mm/vmstat.h"
#include "panic.h"
#include "errno.h"

static struct kmem_cache *anon_vma_cachep;

void anon_vma_init(void)
{
	anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma), 0,
					    SLAB_PANIC, NULL);
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	av = kmem_cache_alloc(anon_vma_cachep, GFP_KERNEL);
	if (!av)
		return -ENOMEM;
	atomic_set(&av->refcount, 1);
	vma->anon_vma = av;
	return 0;
}

void anon_vma_fork(struct vm_area_struct *child, struct vm_area_struct *parent)
{
	child->anon_vma = parent->anon_vma;
	if (child->anon_vma)
		atomic_inc(&child->anon_vma->refcount);
}

/*
 * Pages may still point at an anon_vma whose VMAs are all gone (they
 * are being unmapped); nothing follows those pointers until the reclaim
 * issue's rmap walk, which will check page_mapped() first, as Linux does.
 */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	vma->anon_vma = NULL;
	if (av && atomic_dec_and_test(&av->refcount))
		kmem_cache_free(anon_vma_cachep, av);
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address)
{
	__SetPageSwapBacked(page);
	atomic_set(&page->_mapcount, 0);
	page->mapping = (struct address_space *)((unsigned long)vma->anon_vma | PAGE_MAPPING_ANON);
	page->index = linear_page_index(vma, address);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_ANON_MAPPED, 1);
}

static void page_mapped_first(struct page *page)
{
	mod_node_page_state(NODE_DATA(page_to_nid(page)),
			    PageAnon(page) ? NR_ANON_MAPPED : NR_FILE_MAPPED, 1);
}

void page_dup_rmap(struct page *page)
{
	if (atomic_inc_return(&page->_mapcount) == 0)
		page_mapped_first(page);
}

void page_add_file_rmap(struct page *page)
{
	if (atomic_inc_return(&page->_mapcount) == 0)
		page_mapped_first(page);
}

void page_remove_rmap(struct page *page)
{
	int left = atomic_dec_return(&page->_mapcount);

	if (left < -1) {
		dump_page(page, "page_remove_rmap: mapcount went below zero");
		WARN_ON(1);
		return;
	}
	if (left == -1)
		mod_node_page_state(NODE_DATA(page_to_nid(page)),
				    PageAnon(page) ? NR_ANON_MAPPED : NR_FILE_MAPPED, -1);
}

/*
 * Make every pte that maps a page-cache page clean and read-only, so the
 * next write through a shared mapping faults and dirties the page again
 * (Linux: folio_mkclean). The page is locked and about to be written
 * back. Returns how many ptes were cleaned.
 */
int page_mkclean(struct page *page)
{
	struct address_space *mapping = page_mapping(page);
	struct vm_area_struct *vma;
	int cleaned = 0;

	if (!mapping)
		return 0;
	spin_lock(&mapping->i_mmap_lock);
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
		struct mm_struct *mm = vma->vm_mm;
		pte_t *ptep, pte;

		if (!(vma->vm_flags & VM_SHARED) || page->index < vma->vm_pgoff ||
		    addr >= vma->vm_end)
			continue;
		spin_lock(&mm->page_table_lock);
		ptep = pte_offset_map(mm, addr);
		pte = ptep ? READ_ONCE(*ptep) : 0;
		if (pte_present(pte) && pte_pfn(pte) == page_to_pfn(page) &&
		    (pte_write(pte) || pte_dirty(pte))) {
			WRITE_ONCE(*ptep, pte_mkclean(pte_wrprotect(pte)));
			flush_tlb_page(vma, addr);
			cleaned++;
		}
		spin_unlock(&mm->page_table_lock);
	}
	spin_unlock(&mapping->i_mmap_lock);
	return cleaned;
}
