/*
 * Page tables of user address spaces (Linux: mm/memory.c, the parts
 * that build, copy and tear down user mappings; arch/riscv/mm/pgtable.c
 * pgd_alloc).
 *
 * In this issue every page of a VMA is allocated when the VMA is made
 * (exec, sbrk) or copied (fork); the next issue replaces that with the
 * page-fault path (handle_mm_fault) and copy-on-write, which is where
 * most of Linux's mm/memory.c lives.
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/pagewalk.h"
#include "mm/internal.h"
#include "mm/tlbflush.h"
#include "riscv.h"
#include "string.h"
#include "errno.h"

static phys_addr_t user_pt_alloc(void *ctx)
{
	struct mm_struct *mm = ctx;
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

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

/* Free a table and the tables below it; leaves were zapped already. */
static void free_pt_level(struct mm_struct *mm, unsigned long *table, int level)
{
	for (int i = 0; i < 512 && level < PT_PTE; i++) {
		unsigned long e = table[i];

		if (pte_present(e) && !pte_leaf(e))
			free_pt_level(mm, __va(PFN_PHYS(pte_pfn(e))), level + 1);
	}
	user_pt_free(mm, __pa(table));
}

void free_pgtables(struct mm_struct *mm)
{
	for (int i = 0; i < PTRS_PER_PGD / 2; i++) {
		unsigned long e = mm->pgd[i];

		if (pte_present(e) && !pte_leaf(e))
			free_pt_level(mm, __va(PFN_PHYS(pte_pfn(e))), PT_PUD);
	}
	user_pt_free(mm, __pa(mm->pgd));
	mm->pgd = NULL;
}

/*
 * PTE bits for a VMA's pages (Linux: vm_get_page_prot with
 * protection_map). RISC-V has no write-only pages, so write implies read.
 * A and D are set up front: the hardware need not update them yet (the
 * reclaim issue starts reading the Accessed bit).
 */
pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	pgprot_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (vm_flags & VM_READ)
		prot |= _PAGE_READ;
	if (vm_flags & VM_WRITE)
		prot |= _PAGE_READ | _PAGE_WRITE;
	if (vm_flags & VM_EXEC)
		prot |= _PAGE_EXEC;
	return prot;
}

static pte_t *pte_alloc_map(struct mm_struct *mm, unsigned long addr)
{
	return (pte_t *)pt_entry_ctx(mm->pgd, addr, PT_PTE, user_pt_alloc, user_pt_free, mm);
}

static int insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page)
{
	pte_t *pte = pte_alloc_map(vma->vm_mm, addr);

	if (!pte)
		return -ENOMEM;
	if (pte_present(*pte))
		return -EBUSY;
	WRITE_ONCE(*pte, pfn_pte(page_to_pfn(page), vm_get_page_prot(vma->vm_flags)));
	add_mm_counter(vma->vm_mm, MM_ANONPAGES, 1);
	return 0;
}

int populate_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		/* No warning: running out here is the program's ENOMEM, not a kernel problem. */
		struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO | __GFP_NOWARN);
		int err;

		if (!page)
			return -ENOMEM;
		err = insert_page(vma, addr, page);
		if (err) {
			__free_page(page);
			return err;
		}
	}
	return 0;
}

static int zap_pte(pte_t *pte, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct mm_struct *mm = walk->private;
	struct page *page = pfn_to_page(pte_pfn(*pte));

	WRITE_ONCE(*pte, 0);
	add_mm_counter(mm, MM_ANONPAGES, -1);
	put_page(page);
	return 0;
}

static const struct mm_walk_ops zap_ops = { .pte_entry = zap_pte };

/*
 * Every hart the mm has run on may still hold the old translations
 * (switch_mm() keeps them, tagged with the mm's ASID), so all of them
 * flush before the caller can reuse the range. Linux gathers the pages
 * (mmu_gather) and frees them only after the flush; Pagoda frees them
 * first, which is safe only because no other hart runs this mm meanwhile
 * (one task per mm).
 *
 * An mm with no users left (exit, the old mm of an exec) is never
 * flushed: nothing runs it again, and its ASID is not handed out again
 * before a rollover has flushed every hart (arm64 Linux skips the same
 * flushes when it tears down a whole mm). That saves a remote flush per
 * VMA at every exit.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	walk_page_range(vma->vm_mm->pgd, start, end, &zap_ops, vma->vm_mm);
	if (atomic_read(&vma->vm_mm->mm_users))
		flush_tlb_range(vma, start, end);
}

struct copy_ctx {
	struct vm_area_struct *dst;
	int err;
};

static int copy_pte(pte_t *pte, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct copy_ctx *c = walk->private;
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);

	if (!page)
		return c->err = -ENOMEM;
	memcpy(page_address(page), __va(PFN_PHYS(pte_pfn(*pte))), PAGE_SIZE);
	c->err = insert_page(c->dst, addr, page);
	if (c->err)
		__free_page(page);
	return c->err;
}

static const struct mm_walk_ops copy_ops = { .pte_entry = copy_pte };

int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct copy_ctx c = { .dst = dst, .err = 0 };

	walk_page_range(src->vm_mm->pgd, src->vm_start, src->vm_end, &copy_ops, &c);
	return c.err;
}

int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write)
{
	int done = 0;

	while (done < len) {
		unsigned long va = addr + done;
		phys_addr_t pa = pt_virt_to_phys(mm->pgd, va);
		int n = min((unsigned long)(len - done), PAGE_SIZE - (va & ~PAGE_MASK));

		if (pa == ~0UL)
			break;
		if (write)
			memcpy(__va(pa), (char *)buf + done, n);
		else
			memcpy((char *)buf + done, __va(pa), n);
		done += n;
	}
	return done;
}

unsigned long get_mm_rss(struct mm_struct *mm)
{
	return get_mm_counter(mm, MM_FILEPAGES) + get_mm_counter(mm, MM_ANONPAGES) +
	       get_mm_counter(mm, MM_SHMEMPAGES);
}
