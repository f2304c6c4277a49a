/*
 * The page-fault handlers and the page tables of user mappings (Linux:
 * mm/memory.c; arch/riscv/mm/pgtable.c for pgd_alloc).
 *
 * A fault arrives from do_page_fault() (mm/fault.c) with the mmap lock
 * held and the VMA checked, and goes down Linux's path:
 *
 *   handle_mm_fault -> __handle_mm_fault (page-table levels)
 *     -> handle_pte_fault, by what the pte holds:
 *          empty, anonymous VMA  -> do_anonymous_page (zero page or a new page)
 *          empty, file VMA       -> do_fault -> do_read_fault / do_cow_fault /
 *                                             do_shared_fault (via vm_ops->fault)
 *          not present, not empty -> do_swap_page (the reclaim issue)
 *          present, write to a read-only pte -> do_wp_page (copy-on-write)
 *
 * Each handler allocates or finds its page without page_table_lock, then
 * takes the lock and installs the pte only if the entry still holds what
 * the fault first read; otherwise someone else got there first, and the
 * fault just returns (the access is retried and succeeds).
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/pagewalk.h"
#include "mm/internal.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/tlb.h"
#include "mm/tlbflush.h"
#include "mm/vmstat.h"
#include "mm/pagemap.h"
#include "mm/swapops.h"
#include "sched.h"
#include "riscv.h"
#include "string.h"
#include "errno.h"
#include "panic.h"
#include "printk.h"

unsigned long empty_zero_page[PAGE_SIZE / sizeof(unsigned long)] __aligned(PAGE_SIZE);

/* ---- page-table pages ------------------------------------------------ */

static phys_addr_t user_pt_alloc(void *ctx)
{
	struct mm_struct *mm = ctx;
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);

	if (!page)
		return 0;
	atomic_long_add(PAGE_SIZE, &mm->pgtables_bytes);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_PAGETABLE, 1);
	return page_to_phys(page);
}

static void user_pt_free(void *ctx, phys_addr_t pa)
{
	struct mm_struct *mm = ctx;
	struct page *page = pfn_to_page(PHYS_PFN(pa));

	atomic_long_add(-(long)PAGE_SIZE, &mm->pgtables_bytes);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_PAGETABLE, -1);
	__free_page(page);
}

/* A new top level: empty user half, the kernel half shared with swapper_pg_dir. */
int pgd_alloc(struct mm_struct *mm)
{
	phys_addr_t pa = user_pt_alloc(mm);

	if (!pa)
		return -ENOMEM;
	mm->pgd = __va(pa);
	memcpy(mm->pgd + PTRS_PER_PGD / 2, swapper_pg_dir + PTRS_PER_PGD / 2,
	       PTRS_PER_PGD / 2 * sizeof(pgd_t));
	return 0;
}

static unsigned long *table_of(unsigned long entry)
{
	return __va(PFN_PHYS(pte_pfn(entry)));
}

/* Free a table and the tables below it; leaves were zapped already. */
static void free_pt_level(struct mm_struct *mm, unsigned long *table, int level)
{
	for (int i = 0; i < 512 && level < PT_PTE; i++) {
		unsigned long e = table[i];

		if (pte_present(e) && !pte_leaf(e))
			free_pt_level(mm, table_of(e), level + 1);
	}
	user_pt_free(mm, __pa(table));
}

/* exit: every user table and the pgd; nobody can walk them any more. */
void free_pgtables(struct mm_struct *mm)
{
	for (int i = 0; i < PTRS_PER_PGD / 2; i++) {
		unsigned long e = mm->pgd[i];

		if (pte_present(e) && !pte_leaf(e))
			free_pt_level(mm, table_of(e), PT_PUD);
	}
	user_pt_free(mm, __pa(mm->pgd));
	mm->pgd = NULL;
}

static bool table_is_empty(const unsigned long *table)
{
	for (int i = 0; i < 512; i++)
		if (table[i])
			return false;
	return true;
}

/*
 * After munmap: free the tables under [addr, end) that hold nothing any
 * more (their pages go through tlb, after the flush). Linux frees those
 * wholly between the neighbouring VMAs (free_pgd_range's floor and
 * ceiling); an empty table is exactly that here, since every pte of a
 * range without a VMA was zapped.
 */
static void free_empty_level(struct mmu_gather *tlb, unsigned long *table, int level,
			     unsigned long addr, unsigned long end)
{
	unsigned long size = pt_level_size(level), next;

	for (; addr < end; addr = next) {
		unsigned long *e = &table[pt_index(addr, level)];
		unsigned long *child;

		next = min((addr & ~(size - 1)) + size, end);
		if (!pte_present(*e) || pte_leaf(*e))
			continue;
		child = table_of(*e);
		if (level + 1 < PT_PTE)
			free_empty_level(tlb, child, level + 1, addr, next);
		if (table_is_empty(child)) {
			WRITE_ONCE(*e, 0);
			atomic_long_add(-(long)PAGE_SIZE, &tlb->mm->pgtables_bytes);
			tlb_remove_table(tlb, virt_to_page(child));
		}
	}
}

void free_empty_pgtables(struct mmu_gather *tlb, unsigned long addr, unsigned long end)
{
	free_empty_level(tlb, tlb->mm->pgd, PT_PGD, addr, end);
}

/* The pte for addr, allocating the tables above it; NULL if out of memory. */
static pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	return (pte_t *)pt_entry_ctx(mm->pgd, addr, PT_PTE, user_pt_alloc, user_pt_free, mm);
}

/* The pte for addr if its table exists, else NULL. */
pte_t *pte_offset_map(struct mm_struct *mm, unsigned long addr)
{
	return (pte_t *)pt_entry_ctx(mm->pgd, addr, PT_PTE, NULL, NULL, mm);
}

/*
 * PTE bits for a VMA's pages (Linux: vm_get_page_prot with riscv's
 * protection_map). RISC-V has no write-only pages, so write implies read;
 * a private writable mapping is read-only in its ptes until a write
 * fault copies the page (PAGE_COPY); no access at all is PAGE_NONE.
 * A is preset as in Linux's _PAGE_BASE: the hardware sets D on a write.
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pgprot_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return _PAGE_PROT_NONE | _PAGE_READ;
	if (vm_flags & (VM_READ | VM_WRITE))
		prot |= _PAGE_READ;
	if ((vm_flags & VM_WRITE) && (vm_flags & VM_SHARED))
		prot |= _PAGE_WRITE;
	if (vm_flags & VM_EXEC)
		prot |= _PAGE_EXEC;
	return prot;
}

struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte)
{
	if (pte_special(pte))
		return NULL;
	return pfn_to_page(pte_pfn(pte));
}

static inline pte_t mk_pte(struct page *page, pgprot_t prot)
{
	return pfn_pte(page_to_pfn(page), prot);
}

/* Writable if the VMA allows it (Linux: maybe_mkwrite). */
static inline pte_t maybe_mkwrite(pte_t pte, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_WRITE)
		pte = pte_mkwrite(pte_mkdirty(pte));
	return pte;
}

static int mm_counter(struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/* ---- unmapping and fork's copy --------------------------------------- */

struct zap_details {
	struct mmu_gather *tlb;
	struct vm_area_struct *vma;
};

static int zap_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct zap_details *d = walk->private;
	struct mm_struct *mm = d->vma->vm_mm;
	pte_t pte = ptep_get_and_clear(ptep, 0);	/* with the dirty bit set up to now */
	struct page *page = vm_normal_page(d->vma, addr, pte);

	tlb_adjust_range(d->tlb, addr, PAGE_SIZE);
	if (!page)
		return 0;
	add_mm_counter(mm, mm_counter(page), -1);
	if (!PageAnon(page)) {
		/* The hardware's dirty bit is the only record of a write through the mapping. */
		if (pte_dirty(pte))
			set_page_dirty(page);
		if (pte_young(pte) && !(d->vma->vm_flags & VM_SEQ_READ))
			mark_page_accessed(page);
	}
	page_remove_rmap(page);
	tlb_remove_page(d->tlb, page);
	return 0;
}

/* A swap entry goes with its pte: the slot is freed when nothing holds it. */
static int zap_swap_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct zap_details *d = walk->private;
	swp_entry_t entry = pte_to_swp_entry(READ_ONCE(*ptep));

	WRITE_ONCE(*ptep, 0);
	add_mm_counter(d->vma->vm_mm, MM_SWAPENTS, -1);
	free_swap_and_cache(entry);
	return 0;
}

static const struct mm_walk_ops zap_ops = { .pte_entry = zap_pte, .swap_pte_entry = zap_swap_pte };

/* Clear the ptes of [start, end) in vma, gathering their pages into tlb. */
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long start, unsigned long end)
{
	struct zap_details d = { tlb, vma };
	struct mm_struct *mm = vma->vm_mm;

	spin_lock(&mm->page_table_lock);
	walk_page_range(mm->pgd, start, end, &zap_ops, &d);
	spin_unlock(&mm->page_table_lock);
}

void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;

	lru_add_drain();
	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_page_range(&tlb, vma, start, end);
	tlb_finish_mmu(&tlb);
}

struct copy_ctx {
	struct vm_area_struct *dst, *src;
	pte_t *dst_table;		/* the child's pte table for the 2 MiB being copied */
	int err;
};

/*
 * One pte of fork's copy (Linux: copy_present_pte). A private writable
 * page is write-protected in parent and child alike, so whichever writes
 * first takes a copy-on-write fault; shared pages stay as they are.
 */
static int copy_pte(pte_t *src_pte, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct copy_ctx *c = walk->private;
	struct mm_struct *dst_mm = c->dst->vm_mm;
	pte_t pte = READ_ONCE(*src_pte), *dst_pte = c->dst_table + pt_index(addr, PT_PTE);
	struct page *page;

	if (is_cow_mapping(c->src->vm_flags) && pte_write(pte)) {
		WRITE_ONCE(*src_pte, pte_wrprotect(pte));
		pte = pte_wrprotect(pte);
	}
	page = vm_normal_page(c->src, addr, pte);
	if (page) {
		get_page(page);
		page_dup_rmap(page);
		add_mm_counter(dst_mm, mm_counter(page), 1);
	}
	if (c->src->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);	/* the parent's pte keeps the dirty bit for writeback */
	WRITE_ONCE(*dst_pte, pte_mkold(pte));
	return 0;
}

/* The child's pte holds the same swap entry: one more count on the slot. */
static int copy_swap_pte(pte_t *src_pte, unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	struct copy_ctx *c = walk->private;
	pte_t pte = READ_ONCE(*src_pte);

	if (swap_duplicate(pte_to_swp_entry(pte)))
		return c->err = -ENOMEM;
	add_mm_counter(c->dst->vm_mm, MM_SWAPENTS, 1);
	mmlist_add(c->dst->vm_mm);
	WRITE_ONCE(c->dst_table[pt_index(addr, PT_PTE)], pte);
	return 0;
}

static const struct mm_walk_ops copy_ops = { .pte_entry = copy_pte, .swap_pte_entry = copy_swap_pte };

/*
 * fork: copy the ptes, not the pages. A file VMA without private pages
 * (program text, a read-only or shared file mapping) is skipped: the
 * child's faults find the same pages in the page cache (Linux too).
 * The caller flushes the parent's TLB afterwards (ptes were write-protected).
 */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct copy_ctx c = { .dst = dst, .src = src, .err = 0 };
	struct mm_struct *src_mm = src->vm_mm;
	unsigned long addr, next;

	if (!src->anon_vma && !vma_is_anonymous(src))
		return 0;
	/*
	 * One pte table at a time, the child's allocated before the parent's
	 * page_table_lock is taken: the allocation may reclaim, and reclaim's
	 * rmap walk may want that very lock (Linux: copy_pte_range). The
	 * parent's tables stay put meanwhile: we hold its mmap_lock for write.
	 */
	for (addr = src->vm_start; addr < src->vm_end && !c.err; addr = next) {
		next = min((addr & PMD_MASK) + PMD_SIZE, src->vm_end);
		if (!pte_offset_map(src_mm, addr))
			continue;	/* nothing was ever mapped here */
		c.dst_table = pte_alloc_map(dst->vm_mm, addr);
		if (!c.dst_table)
			return -ENOMEM;
		c.dst_table -= pt_index(addr, PT_PTE);
		spin_lock(&src_mm->page_table_lock);
		walk_page_range(src_mm->pgd, addr, next, &copy_ops, &c);
		spin_unlock(&src_mm->page_table_lock);
	}
	return c.err;
}

/* ---- the fault handlers ---------------------------------------------- */

/* Install page at vmf->address (page_table_lock held, the pte empty). */
static void set_pte_page(struct vm_fault *vmf, struct page *page, pte_t entry)
{
	struct vm_area_struct *vma = vmf->vma;

	add_mm_counter(vma->vm_mm, mm_counter(page), 1);
	WRITE_ONCE(*vmf->pte, entry);
}

/* Read: the shared zero page, read-only. Write: a new zeroed page of our own. */
static vm_fault_t do_anonymous_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	pte_t entry;

	if (!(vmf->flags & FAULT_FLAG_WRITE)) {
		entry = pte_mkspecial(pfn_pte(virt_to_pfn(empty_zero_page), vma->vm_page_prot));
		spin_lock(&mm->page_table_lock);
		if (pte_none(READ_ONCE(*vmf->pte)))
			WRITE_ONCE(*vmf->pte, entry);
		spin_unlock(&mm->page_table_lock);
		return 0;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	/* GFP_HIGHUSER_MOVABLE: a user page can be moved, so ZONE_MOVABLE may hold it. */
	page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_NOWARN);
	if (!page)
		return VM_FAULT_OOM;
	SetPageUptodate(page);
	entry = maybe_mkwrite(mk_pte(page, vma->vm_page_prot), vma);
	spin_lock(&mm->page_table_lock);
	if (!pte_none(READ_ONCE(*vmf->pte))) {
		spin_unlock(&mm->page_table_lock);
		put_page(page);
		return 0;
	}
	page_add_new_anon_rmap(page, vma, vmf->address);
	lru_cache_add_inactive_or_unevictable(page, vma);
	set_pte_page(vmf, page, entry);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

/* Install vmf->page (found by ->fault, or the COW copy) for this fault. */
static vm_fault_t finish_fault(struct vm_fault *vmf, struct page *page, bool anon)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	pte_t entry = mk_pte(page, vma->vm_page_prot);

	if (write)
		entry = maybe_mkwrite(entry, vma);
	spin_lock(&mm->page_table_lock);
	if (!pte_none(READ_ONCE(*vmf->pte))) {
		spin_unlock(&mm->page_table_lock);
		return VM_FAULT_NOPAGE;
	}
	get_page(page);		/* the pte's reference */
	if (anon) {
		page_add_new_anon_rmap(page, vma, vmf->address);
		lru_cache_add_inactive_or_unevictable(page, vma);
	} else {
		page_add_file_rmap(page);
	}
	set_pte_page(vmf, page, entry);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

/* Ask the VMA's backing for the page; on success vmf->page is referenced and locked. */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = vmf->vma->vm_ops->fault(vmf);

	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	if (!(ret & VM_FAULT_LOCKED))
		lock_page(vmf->page);
	return ret;
}

static vm_fault_t do_read_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf);

	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	ret |= finish_fault(vmf, vmf->page, false);
	unlock_page(vmf->page);
	put_page(vmf->page);
	return ret & ~VM_FAULT_LOCKED;
}

/* A write to a private file mapping: the process gets its own copy of the file page. */
static vm_fault_t do_cow_fault(struct vm_fault *vmf)
{
	struct page *cow;
	vm_fault_t ret;

	if (anon_vma_prepare(vmf->vma))
		return VM_FAULT_OOM;
	cow = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
	if (!cow)
		return VM_FAULT_OOM;
	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) {
		put_page(cow);
		return ret;
	}
	memcpy(page_address(cow), page_address(vmf->page), PAGE_SIZE);
	SetPageUptodate(cow);
	unlock_page(vmf->page);
	put_page(vmf->page);
	ret |= finish_fault(vmf, cow, true);
	put_page(cow);		/* finish_fault took the pte's reference, or lost the race */
	return ret & ~VM_FAULT_LOCKED;
}

/* The page is about to be written through a shared mapping (Linux: do_page_mkwrite). */
static vm_fault_t do_page_mkwrite(struct vm_fault *vmf)
{
	const struct vm_operations_struct *ops = vmf->vma->vm_ops;

	if (ops && ops->page_mkwrite)
		return ops->page_mkwrite(vmf);
	lock_page(vmf->page);
	set_page_dirty(vmf->page);
	return VM_FAULT_LOCKED;
}

/* A write to a shared file mapping: map the cached page writable and dirty it. */
static vm_fault_t do_shared_fault(struct vm_fault *vmf)
{
	vm_fault_t ret = __do_fault(vmf), tmp;

	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	unlock_page(vmf->page);
	tmp = do_page_mkwrite(vmf);
	if (tmp & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) {
		put_page(vmf->page);
		return tmp;
	}
	ret |= finish_fault(vmf, vmf->page, false);
	unlock_page(vmf->page);
	put_page(vmf->page);
	return ret & ~VM_FAULT_LOCKED;
}

static vm_fault_t do_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;

	if (!vma->vm_ops->fault)
		return VM_FAULT_SIGBUS;
	if (!(vmf->flags & FAULT_FLAG_WRITE))
		return do_read_fault(vmf);
	if (!(vma->vm_flags & VM_SHARED))
		return do_cow_fault(vmf);
	return do_shared_fault(vmf);
}

/*
 * Copy-on-write: give this mapping its own copy of the page (Linux:
 * wp_page_copy). Called with page_table_lock held; drops it to allocate.
 */
static vm_fault_t wp_page_copy(struct vm_fault *vmf, struct page *old)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	struct page *new;
	pte_t entry;

	if (old)
		get_page(old);		/* keep it while we copy without the lock */
	spin_unlock(&mm->page_table_lock);
	if (anon_vma_prepare(vma))
		goto oom;
	new = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN | (old ? 0 : __GFP_ZERO));
	if (!new)
		goto oom;
	if (old)
		memcpy(page_address(new), page_address(old), PAGE_SIZE);
	SetPageUptodate(new);

	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*vmf->pte) != vmf->orig_pte) {
		spin_unlock(&mm->page_table_lock);
		put_page(new);		/* someone else resolved the fault */
		goto out;
	}
	if (old) {
		add_mm_counter(mm, mm_counter(old), -1);
		page_remove_rmap(old);
	}
	entry = maybe_mkwrite(mk_pte(new, vma->vm_page_prot), vma);
	page_add_new_anon_rmap(new, vma, vmf->address);
	lru_cache_add_inactive_or_unevictable(new, vma);
	set_pte_page(vmf, new, entry);
	/* No hart may keep writing through (or reading) the old page. */
	flush_tlb_page(vma, vmf->address);
	spin_unlock(&mm->page_table_lock);
	if (old)
		put_page(old);		/* the old pte's reference */
out:
	if (old)
		put_page(old);
	return 0;
oom:
	if (old)
		put_page(old);
	return VM_FAULT_OOM;
}

/* The pte becomes writable in place: nobody else can see this page. */
static vm_fault_t wp_page_reuse(struct vm_fault *vmf)
{
	pte_t entry = pte_mkyoung(pte_mkdirty(pte_mkwrite(vmf->orig_pte)));

	WRITE_ONCE(*vmf->pte, entry);
	local_flush_tlb_page(vmf->address);	/* only a stale read-only entry could exist */
	spin_unlock(&vmf->vma->vm_mm->page_table_lock);
	return 0;
}

/*
 * An anonymous page can be written in place if this pte holds the only
 * reference. A page just added to the LRU may still hold a batch
 * reference: drain it and look again (Linux: wp_can_reuse_anon_folio).
 */
static bool can_reuse_anon_page(struct page *page)
{
	/* A swap cache copy nobody else's pte names: let the slot go (Linux too). */
	if (PageSwapCache(page) && trylock_page(page)) {
		if (page_mapcount(page) == 1)
			try_to_free_swap(page);
		unlock_page(page);
	}
	if (page_ref_count(page) > 1 && !PageLRU(page))
		lru_add_drain();
	return page_ref_count(page) == 1;
}

/*
 * A write hit a present, read-only pte in a writable VMA (Linux:
 * do_wp_page): after fork, or over the zero page, or the first write to
 * a shared file page. page_table_lock is held and is dropped on return.
 */
static vm_fault_t do_wp_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page = vm_normal_page(vma, vmf->address, vmf->orig_pte);

	if (vma->vm_flags & VM_SHARED) {
		vm_fault_t ret;

		if (!page)
			return wp_page_reuse(vmf);
		get_page(page);
		spin_unlock(&vma->vm_mm->page_table_lock);
		vmf->page = page;
		ret = do_page_mkwrite(vmf);
		if (!(ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))) {
			spin_lock(&vma->vm_mm->page_table_lock);
			if (READ_ONCE(*vmf->pte) == vmf->orig_pte)
				wp_page_reuse(vmf);
			else
				spin_unlock(&vma->vm_mm->page_table_lock);
			unlock_page(page);
		}
		put_page(page);
		return ret & ~VM_FAULT_LOCKED;
	}
	if (page && PageAnon(page) && can_reuse_anon_page(page))
		return wp_page_reuse(vmf);
	return wp_page_copy(vmf, page);
}

/*
 * The pte holds a swap entry: find the page in the swap cache or read it
 * (and its neighbours) from the swap area, then map it again (Linux:
 * do_swap_page). A page only this pte held, faulted for writing, leaves
 * the swap cache and is mapped writable at once: its slot's copy is stale.
 */
static vm_fault_t do_swap_page(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct mm_struct *mm = vma->vm_mm;
	swp_entry_t entry = pte_to_swp_entry(vmf->orig_pte);
	bool write = vmf->flags & FAULT_FLAG_WRITE, exclusive;
	vm_fault_t ret = 0;
	struct page *page;
	pte_t pte;

	if (!swp_swap_info(entry)) {
		pr_err("do_swap_page: bad swap entry %lx at %lx\n", vmf->orig_pte, vmf->address);
		return VM_FAULT_SIGBUS;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = lookup_swap_cache(entry);
	if (page) {
		swapin_readahead_hit(page);
	} else {
		page = swapin_readahead(entry, GFP_HIGHUSER_MOVABLE);
		if (!page)	/* no memory, or someone else brought it in and freed the slot */
			return READ_ONCE(*vmf->pte) == vmf->orig_pte ? VM_FAULT_OOM : 0;
		ret = VM_FAULT_MAJOR;
	}
	lock_page(page);
	if (!PageSwapCache(page) || page_swap_entry(page).val != entry.val) {
		ret = 0;	/* it left the swap cache meanwhile: fault again */
		goto out_unlock;
	}
	if (!PageUptodate(page)) {
		ret = VM_FAULT_SIGBUS;	/* the read failed */
		goto out_unlock;
	}
	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*vmf->pte) != vmf->orig_pte) {
		spin_unlock(&mm->page_table_lock);
		goto out_unlock;
	}
	exclusive = swap_count(entry) == 1 && !page_mapped(page);
	add_mm_counter(mm, MM_ANONPAGES, 1);
	add_mm_counter(mm, MM_SWAPENTS, -1);
	pte = mk_pte(page, vma->vm_page_prot);
	if (write && exclusive) {
		pte = maybe_mkwrite(pte_mkdirty(pte), vma);
		write = false;		/* done: no copy-on-write needed */
	}
	page_add_anon_rmap(page, vma, vmf->address, exclusive);
	WRITE_ONCE(*vmf->pte, pte);		/* our lookup's reference is the pte's now */
	swap_free(entry);
	/* A page about to change keeps no stale copy; a full swap area keeps none at all. */
	if (vm_swap_full() || pte_write(pte))
		try_to_free_swap(page);
	spin_unlock(&mm->page_table_lock);
	unlock_page(page);
	if (write) {
		/* Shared with another pte or process: copy-on-write as for any page. */
		vmf->orig_pte = pte;
		spin_lock(&mm->page_table_lock);
		if (READ_ONCE(*vmf->pte) == pte)
			ret |= do_wp_page(vmf);
		else
			spin_unlock(&mm->page_table_lock);
	}
	return ret;
out_unlock:
	unlock_page(page);
	put_page(page);
	return ret;
}

static vm_fault_t handle_pte_fault(struct vm_fault *vmf)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	pte_t entry;

	vmf->orig_pte = READ_ONCE(*vmf->pte);
	if (pte_none(vmf->orig_pte))
		return vma_is_anonymous(vmf->vma) ? do_anonymous_page(vmf) : do_fault(vmf);
	if (!pte_present(vmf->orig_pte))
		return do_swap_page(vmf);

	spin_lock(&mm->page_table_lock);
	entry = READ_ONCE(*vmf->pte);
	if (entry != vmf->orig_pte) {
		spin_unlock(&mm->page_table_lock);
		return 0;
	}
	if ((vmf->flags & FAULT_FLAG_WRITE) && !pte_write(entry))
		return do_wp_page(vmf);
	/* The pte allows it: a stale TLB entry faulted. Mark it used and flush. */
	entry = pte_mkyoung(entry);
	if (vmf->flags & FAULT_FLAG_WRITE)
		entry = pte_mkdirty(entry);
	WRITE_ONCE(*vmf->pte, entry);
	local_flush_tlb_page(vmf->address);
	spin_unlock(&mm->page_table_lock);
	return 0;
}

static vm_fault_t __handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
				    unsigned int flags)
{
	struct vm_fault vmf = {
		.vma = vma,
		.flags = flags,
		.address = address & PAGE_MASK,
		.pgoff = linear_page_index(vma, address),
	};

	vmf.pte = pte_alloc_map(vma->vm_mm, address);
	if (!vmf.pte)
		return VM_FAULT_OOM;
	return handle_pte_fault(&vmf);
}

/* Count the fault for vmstat and for the task (Linux: mm_account_fault). */
static void mm_account_fault(unsigned int flags, vm_fault_t ret)
{
	struct task_struct *p = current;

	if (ret & VM_FAULT_ERROR)
		return;
	if (ret & VM_FAULT_MAJOR) {
		count_vm_event(PGMAJFAULT);
		if (!(flags & FAULT_FLAG_REMOTE) && p)
			p->maj_flt++;
	} else if (!(flags & FAULT_FLAG_REMOTE) && p) {
		p->min_flt++;
	}
}

/*
 * Resolve a fault at address in vma (mmap lock held, access already
 * allowed by the VMA). Returns 0 or VM_FAULT_* bits.
 */
vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs)
{
	vm_fault_t ret;

	count_vm_event(PGFAULT);
	ret = __handle_mm_fault(vma, address, flags);
	mm_account_fault(flags, ret);
	return ret;
}

unsigned long get_mm_rss(struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}
