/*
 * mprotect(): changing a range's permissions (Linux: mm/mprotect.c).
 *
 * The VMAs covering the range are split at its edges, given their new
 * flags and merged again with matching neighbours; then every pte in
 * the range gets the new bits (change_protection), keeping its page, its
 * dirty and accessed bits. A private writable range stays read-only in
 * its ptes, as always, so copy-on-write still happens on the next write.
 */
#include "mm/user.h"
#include "mm/mman.h"
#include "mm/pagewalk.h"
#include "mm/tlbflush.h"
#include "sched.h"
#include "errno.h"
#include "err.h"

struct change_ctx {
	struct vm_area_struct *vma;
	pgprot_t newprot;
};

static int change_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct change_ctx *c = walk->private;
	pte_t pte = READ_ONCE(*ptep), new = pte_modify(pte, c->newprot);

	/* A page already ours and dirty may stay writable (Linux: can_change_pte_writable). */
	if ((c->vma->vm_flags & VM_WRITE) && !(c->vma->vm_flags & VM_SHARED) &&
	    pte_write(pte))
		new = pte_mkwrite(new);
	WRITE_ONCE(*ptep, new);
	return 0;
}

static const struct mm_walk_ops change_ops = { .pte_entry = change_pte };

void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		       pgprot_t newprot)
{
	struct change_ctx c = { vma, newprot };
	struct mm_struct *mm = vma->vm_mm;

	spin_lock(&mm->page_table_lock);
	walk_page_range(mm->pgd, start, end, &change_ops, &c);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_range(vma, start, end);
}

/* Give [start, end) of vma the flags newflags (Linux: mprotect_fixup). */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long newflags)
{
	unsigned long oldflags = vma->vm_flags;

	if (newflags == oldflags)
		return 0;
	/* A private range becoming writable may need every page copied: account it. */
	if ((newflags & VM_WRITE) && !(oldflags & (VM_WRITE | VM_ACCOUNT | VM_SHARED))) {
		if (vm_enough_memory((end - start) >> PAGE_SHIFT))
			return -ENOMEM;
		newflags |= VM_ACCOUNT;
	}
	vma = vma_isolate(mm, vma, start, end);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	vma->vm_flags = newflags;
	vma_set_page_prot(vma);
	change_protection(vma, start, end, vma->vm_page_prot);
	vma_merge_neighbours(mm, vma);
	return 0;
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end, nstart, vmflags = 0;
	struct vm_area_struct *vma;
	long err = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (!len)
		return 0;
	vmflags = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
		  (prot & PROT_EXEC ? VM_EXEC : 0);
	mmap_write_lock(mm);
	/* Every byte must be mapped, and allow the new rights, before anything changes. */
	nstart = start;
	for (vma = find_vma(mm, start); nstart < end; vma = vma_next(vma)) {
		if (!vma || vma->vm_start > nstart) {
			err = -ENOMEM;
			goto out;
		}
		if ((vmflags & ~(vma->vm_flags >> 4)) & VM_ACCESS_FLAGS) {
			err = -EACCES;	/* VM_MAYREAD.. are VM_READ.. shifted by 4 */
			goto out;
		}
		nstart = vma->vm_end;
		if (!vma_next(vma) && nstart < end) {
			err = -ENOMEM;
			goto out;
		}
	}
	for (nstart = start; nstart < end; nstart = vma->vm_end) {
		vma = find_vma(mm, nstart);
		err = mprotect_fixup(mm, vma, nstart, min(end, vma->vm_end),
				     (vma->vm_flags & ~VM_ACCESS_FLAGS) | vmflags);
		if (err)
			break;
		vma = find_vma(mm, nstart);
		if (vma->vm_end >= end)
			break;
	}
out:
	mmap_write_unlock(mm);
	return err;
}
