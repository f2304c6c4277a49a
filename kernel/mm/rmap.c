/*
 * Reverse mapping: anon_vmas, mapcounts, and walking from a page to its
 * ptes (Linux: mm/rmap.c).
 *
 * _mapcount starts at -1, so "the first mapping" is the increment that
 * reaches 0 and "the last unmapping" the decrement that goes negative;
 * those two moments move the page in and out of the node's AnonPages
 * (NR_ANON_MAPPED) or Mapped (NR_FILE_MAPPED) counts.
 *
 * How fork keeps anonymous rmap right (Linux's anon_vma_chain scheme):
 * the child's copy of a VMA is linked (anon_vma_clone) to every anon_vma
 * the parent's VMA is linked to, because it maps the pages they hold, and
 * gets an anon_vma of its own for the pages it copies on write later. A
 * page shared after fork points at the parent's anon_vma, whose list now
 * holds both VMAs; a page the child copied points at the child's, whose
 * list holds only the child's VMA (and its children's).
 *
 * Locking: the root anon_vma's lock, then a pte's mm->page_table_lock;
 * for file pages mapping->i_mmap_lock, then page_table_lock.
 */
#include "mm/rmap.h"
#include "sched.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "mm/tlbflush.h"
#include "mm/slab.h"
#include "mm/vmstat.h"
#include "panic.h"
#include "errno.h"

static struct kmem_cache *anon_vma_cachep, *anon_vma_chain_cachep;

void anon_vma_init(void)
{
	anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma), 0,
					    SLAB_PANIC, NULL);
	anon_vma_chain_cachep = kmem_cache_create("anon_vma_chain", sizeof(struct anon_vma_chain),
						  0, SLAB_PANIC, NULL);
}

/* A new root anon_vma, with one reference for its caller. */
static struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av = kmem_cache_alloc(anon_vma_cachep, GFP_KERNEL);

	if (!av)
		return NULL;
	av->root = av;
	av->parent = av;
	spin_lock_init(&av->lock, "anon_vma");
	atomic_set(&av->refcount, 1);
	INIT_LIST_HEAD(&av->head);
	return av;
}

static void get_anon_vma(struct anon_vma *av)
{
	atomic_inc(&av->refcount);
}

void put_anon_vma(struct anon_vma *av)
{
	struct anon_vma *root;

	if (!atomic_dec_and_test(&av->refcount))
		return;
	root = av->root;
	kmem_cache_free(anon_vma_cachep, av);
	if (root != av)
		put_anon_vma(root);	/* a child held its root */
}

/* Link vma and av by a new chain (the chain holds a reference to av). */
static void anon_vma_chain_link(struct vm_area_struct *vma, struct anon_vma_chain *avc,
				struct anon_vma *av)
{
	avc->vma = vma;
	avc->anon_vma = av;
	get_anon_vma(av);
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	spin_lock(&av->root->lock);
	list_add_tail(&avc->same_anon_vma, &av->head);
	spin_unlock(&av->root->lock);
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *av;

	if (vma->anon_vma)
		return 0;
	avc = kmem_cache_alloc(anon_vma_chain_cachep, GFP_KERNEL);
	av = anon_vma_alloc();
	if (!avc || !av) {
		if (avc)
			kmem_cache_free(anon_vma_chain_cachep, avc);
		if (av)
			put_anon_vma(av);
		return -ENOMEM;
	}
	anon_vma_chain_link(vma, avc, av);
	put_anon_vma(av);	/* the chain holds it now */
	vma->anon_vma = av;
	return 0;
}

int anon_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *pavc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_chain, same_vma) {
		struct anon_vma_chain *avc = kmem_cache_alloc(anon_vma_chain_cachep, GFP_KERNEL);

		if (!avc) {
			unlink_anon_vmas(dst);
			return -ENOMEM;
		}
		anon_vma_chain_link(dst, avc, pavc->anon_vma);
	}
	dst->anon_vma = src->anon_vma;
	return 0;
}

int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma_chain *avc;
	struct anon_vma *av;

	vma->anon_vma = NULL;
	if (!pvma->anon_vma)
		return 0;
	if (anon_vma_clone(vma, pvma))
		return -ENOMEM;
	avc = kmem_cache_alloc(anon_vma_chain_cachep, GFP_KERNEL);
	av = anon_vma_alloc();
	if (!avc || !av) {
		if (avc)
			kmem_cache_free(anon_vma_chain_cachep, avc);
		if (av)
			put_anon_vma(av);
		unlink_anon_vmas(vma);
		return -ENOMEM;
	}
	av->root = pvma->anon_vma->root;
	av->parent = pvma->anon_vma;
	get_anon_vma(av->root);
	anon_vma_chain_link(vma, avc, av);
	put_anon_vma(av);
	vma->anon_vma = av;
	return 0;
}

void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *tmp;

	list_for_each_entry_safe(avc, tmp, &vma->anon_vma_chain, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		spin_lock(&av->root->lock);
		list_del(&avc->same_anon_vma);
		spin_unlock(&av->root->lock);
		list_del(&avc->same_vma);
		kmem_cache_free(anon_vma_chain_cachep, avc);
		put_anon_vma(av);
	}
	vma->anon_vma = NULL;
}

/* ---- mapcounts ----------------------------------------------------------- */

/* Make page anonymous in vma's anon_vma, which it then pins (Linux: __page_set_anon_rmap). */
/*
 * A page only this VMA maps points at the VMA's own anon_vma. One that
 * other processes may map too (a swapped-out page their ptes still
 * name, since fork copied them) points at the root of the tree, whose
 * list reaches every VMA in it: the VMA's own anon_vma would hide its
 * parent's and siblings' ptes from rmap (Linux: __page_set_anon_rmap).
 */
static void page_set_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address,
			       bool exclusive)
{
	struct anon_vma *anon_vma = exclusive ? vma->anon_vma : vma->anon_vma->root;

	get_anon_vma(anon_vma);
	page->mapping = (struct address_space *)((unsigned long)anon_vma | PAGE_MAPPING_ANON);
	page->index = linear_page_index(vma, address);
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address)
{
	__SetPageSwapBacked(page);
	atomic_set(&page->_mapcount, 0);
	page_set_anon_rmap(page, vma, address, true);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_ANON_MAPPED, 1);
}

static void page_mapped_first(struct page *page)
{
	mod_node_page_state(NODE_DATA(page_to_nid(page)),
			    PageAnon(page) ? NR_ANON_MAPPED : NR_FILE_MAPPED, 1);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long address,
			bool exclusive)
{
	if (!PageAnon(page))	/* read from swap, not mapped since */
		page_set_anon_rmap(page, vma, address, exclusive);
	if (atomic_inc_return(&page->_mapcount) == 0)
		page_mapped_first(page);
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

/* ---- the walk ------------------------------------------------------------ */

unsigned long vma_address(const struct page *page, const struct vm_area_struct *vma)
{
	unsigned long addr;

	if (page->index < vma->vm_pgoff)
		return (unsigned long)-EFAULT;
	addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
	return addr < vma->vm_end ? addr : (unsigned long)-EFAULT;
}

static void rmap_walk_anon(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma *av = page_anon_vma(page);	/* pinned by the page */
	struct anon_vma_chain *avc;

	spin_lock(&av->root->lock);
	list_for_each_entry(avc, &av->head, same_anon_vma) {
		unsigned long addr = vma_address(page, avc->vma);

		if (addr != (unsigned long)-EFAULT && !rwc->rmap_one(page, avc->vma, addr, rwc->arg))
			break;
	}
	spin_unlock(&av->root->lock);
}

static void rmap_walk_file(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;

	if (!mapping)
		return;
	spin_lock(&mapping->i_mmap_lock);
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long addr = vma_address(page, vma);

		if (addr != (unsigned long)-EFAULT && !rwc->rmap_one(page, vma, addr, rwc->arg))
			break;
	}
	spin_unlock(&mapping->i_mmap_lock);
}

void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	if (PageAnon(page))
		rmap_walk_anon(page, rwc);
	else
		rmap_walk_file(page, rwc);
}

/* The pte at addr in vma's mm if it maps page; page_table_lock then held. */
static pte_t *page_check_address(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *ptep;

	spin_lock(&mm->page_table_lock);
	ptep = pte_offset_map(mm, addr);
	if (ptep && pte_present(*ptep) && pte_pfn(*ptep) == page_to_pfn(page))
		return ptep;
	spin_unlock(&mm->page_table_lock);
	return NULL;
}

struct referenced_arg {
	int referenced;
	unsigned long vm_flags;
};

static bool page_referenced_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
				void *arg)
{
	struct referenced_arg *ra = arg;
	pte_t *ptep = page_check_address(page, vma, addr);

	if (!ptep)
		return true;
	/*
	 * No TLB flush: a hart that cached the translation may go on using
	 * it without setting A again, so a page in use can look unused for
	 * a while - which costs at worst an early eviction, while a flush per
	 * scanned page would cost an interrupt on every hart running the mm
	 * (Linux on x86 and RISC-V decides the same: ptep_clear_flush_young).
	 */
	if (ptep_test_and_clear_young(ptep)) {
		/* Linux: a sequential reader's pages do not count as used again. */
		if (!(vma->vm_flags & VM_SEQ_READ))
			ra->referenced++;
	}
	ra->vm_flags |= vma->vm_flags;
	spin_unlock(&vma->vm_mm->page_table_lock);
	return true;
}

int page_referenced(struct page *page, unsigned long *vm_flags)
{
	struct referenced_arg ra = { 0, 0 };
	struct rmap_walk_control rwc = { &ra, page_referenced_one };

	if (page_mapped(page))
		rmap_walk(page, &rwc);
	*vm_flags = ra.vm_flags;
	return ra.referenced;
}

struct unmap_arg {
	enum ttu_flags flags;
	bool failed;
};

static bool try_to_unmap_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			     void *arg)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *ptep = page_check_address(page, vma, addr), pte;
	struct unmap_arg *ua = arg;

	if (!ptep)
		return true;
	if (PageAnon(page)) {
		swp_entry_t entry = page_swap_entry(page);

		if (swap_duplicate(entry)) {
			ua->failed = true;	/* its count is full: leave this pte */
			spin_unlock(&mm->page_table_lock);
			return false;
		}
		pte = ptep_get_and_clear(ptep, swp_entry_to_pte(entry));
		add_mm_counter(mm, MM_ANONPAGES, -1);
		add_mm_counter(mm, MM_SWAPENTS, 1);
		mmlist_add(mm);		/* swapoff must find this pte */
	} else {
		pte = ptep_get_and_clear(ptep, 0);
		add_mm_counter(mm, PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES, -1);
	}
	/* No hart may keep using the page through the old translation: flush now or in the batch. */
	if (ua->flags & TTU_BATCH_FLUSH) {
		arch_tlbbatch_add_pending(&current->tlb_ubc, mm);
		if (pte_dirty(pte))
			current->tlb_ubc.writable = true;
	} else {
		flush_tlb_page(vma, addr);
	}
	if (pte_dirty(pte))
		set_page_dirty(page);
	page_remove_rmap(page);
	spin_unlock(&mm->page_table_lock);
	put_page(page);		/* the pte's reference */
	return true;
}

bool try_to_unmap(struct page *page, enum ttu_flags flags)
{
	struct unmap_arg ua = { flags, false };
	struct rmap_walk_control rwc = { &ua, try_to_unmap_one };

	if (PageAnon(page) && !PageSwapCache(page))
		return false;
	if (page_mapped(page))
		rmap_walk(page, &rwc);
	return !ua.failed && !page_mapped(page);
}

void try_to_unmap_flush(void)
{
	arch_tlbbatch_flush(&current->tlb_ubc);
}

void try_to_unmap_flush_dirty(void)
{
	if (current->tlb_ubc.writable)
		try_to_unmap_flush();
}

static bool page_mkclean_one(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			     void *arg)
{
	pte_t *ptep;
	int *cleaned = arg;

	if (!(vma->vm_flags & VM_SHARED))
		return true;
	ptep = page_check_address(page, vma, addr);
	if (!ptep)
		return true;
	if (pte_write(*ptep) || pte_dirty(*ptep)) {
		pte_t old = ptep_wrprotect_clean(ptep);

		flush_tlb_page(vma, addr);
		/* Stored to since the page was dirtied: still dirty (the caller is cleaning it). */
		if (pte_dirty(old))
			set_page_dirty(page);
		(*cleaned)++;
	}
	spin_unlock(&vma->vm_mm->page_table_lock);
	return true;
}

/*
 * Make every pte that maps a page-cache page clean and read-only, so the
 * next write through a shared mapping faults and dirties the page again
 * (Linux: folio_mkclean). The page is locked and about to be written
 * back. Returns how many ptes were cleaned.
 */
int page_mkclean(struct page *page)
{
	int cleaned = 0;
	struct rmap_walk_control rwc = { &cleaned, page_mkclean_one };

	if (page_mapping(page))
		rmap_walk_file(page, &rwc);
	return cleaned;
}
