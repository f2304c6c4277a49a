/*
 * Virtual memory areas and the program break (Linux: mm/mmap.c).
 *
 * An mm's VMAs are kept on a list sorted by address, none overlapping.
 * find_vma() walks the list: O(n) where Linux's maple tree is O(log n);
 * the next issue replaces the list with a tree and adds mmap/munmap.
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "sched.h"
#include "errno.h"
#include "syscalls.h"
#include "memlayout.h"

/*
 * Could an allocation of `pages` ever be backed? Linux's default
 * overcommit heuristic (mm/util.c __vm_enough_memory, OVERCOMMIT_GUESS)
 * refuses one larger than RAM plus swap at once, instead of finding out
 * page by page; Pagoda has no swap yet.
 */
int vm_enough_memory(unsigned long pages)
{
	return pages <= totalram_pages() ? 0 : -ENOMEM;
}

/* The first VMA that ends above addr (it may start above addr too), or NULL. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	for_each_vma(mm, vma)
		if (addr < vma->vm_end)
			return vma;
	return NULL;
}

/* Link vma into mm in address order; -EINVAL if it overlaps another. */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(mm, vma->vm_start);

	if (vma->vm_start >= vma->vm_end || vma->vm_end > TASK_SIZE)
		return -EINVAL;
	if (next && next->vm_start < vma->vm_end)
		return -EINVAL;
	vma->vm_mm = mm;
	if (next)
		list_add_tail(&vma->vm_list, &next->vm_list);	/* just before next */
	else
		list_add_tail(&vma->vm_list, &mm->mmap);
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return 0;
}

static void remove_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	zap_page_range(vma, vma->vm_start, vma->vm_end);
	list_del(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	vm_area_free(vma);
}

/* The whole address space goes: every VMA, its pages, the page tables. */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *tmp;

	list_for_each_entry_safe(vma, tmp, &mm->mmap, vm_list)
		remove_vma(mm, vma);
	free_pgtables(mm);
}

/* fork: copy each VMA and the pages under it (Linux: dup_mmap in kernel/fork.c). */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma, *new;
	int err;

	for_each_vma(oldmm, vma) {
		new = vm_area_alloc(mm);
		if (!new)
			return -ENOMEM;
		new->vm_start = vma->vm_start;
		new->vm_end = vma->vm_end;
		new->vm_flags = vma->vm_flags;
		new->vm_pgoff = vma->vm_pgoff;
		err = insert_vm_struct(mm, new);
		if (!err)
			err = copy_page_range(new, vma);
		if (err) {
			if (list_empty(&new->vm_list))
				vm_area_free(new);
			return err;
		}
	}
	return 0;
}

/* The heap VMA: the one that ends at the current break, if any. */
static struct vm_area_struct *brk_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = find_vma(mm, mm->start_brk);

	if (vma && vma->vm_start == mm->start_brk)
		return vma;
	return NULL;
}

/* Move the break up: map zeroed pages for [old, new) (page-rounded). */
static int brk_grow(struct mm_struct *mm, unsigned long oldbrk, unsigned long newbrk)
{
	unsigned long start = PAGE_ALIGN(oldbrk), end = PAGE_ALIGN(newbrk);
	struct vm_area_struct *vma = brk_vma(mm), *next;
	int err;

	if (end == start)
		return 0;
	if (vm_enough_memory((end - start) >> PAGE_SHIFT))
		return -ENOMEM;
	next = find_vma(mm, start);
	/* Keep a guard page below the next mapping (the stack). */
	if (next && next != vma && end + PAGE_SIZE > next->vm_start)
		return -ENOMEM;
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma)
			return -ENOMEM;
		vma->vm_start = start;
		vma->vm_end = end;
		vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_ACCOUNT;
		err = insert_vm_struct(mm, vma);
		if (err) {
			vm_area_free(vma);
			return err;
		}
	} else {
		mm->total_vm += (end - vma->vm_end) >> PAGE_SHIFT;
		vma->vm_end = end;
	}
	err = populate_vma_range(vma, start, end);
	if (err) {
		zap_page_range(vma, start, end);
		mm->total_vm -= (end - start) >> PAGE_SHIFT;
		vma->vm_end = start;
		if (vma->vm_end == vma->vm_start)
			remove_vma(mm, vma);
	}
	return err;
}

/* Move the break down: unmap and free the pages above the new break. */
static void brk_shrink(struct mm_struct *mm, unsigned long oldbrk, unsigned long newbrk)
{
	unsigned long start = PAGE_ALIGN(newbrk), end = PAGE_ALIGN(oldbrk);
	struct vm_area_struct *vma = brk_vma(mm);

	if (!vma || start == end)
		return;
	zap_page_range(vma, start, end);
	mm->total_vm -= (end - start) >> PAGE_SHIFT;
	vma->vm_end = start;
	if (vma->vm_end == vma->vm_start)
		remove_vma(mm, vma);
}

/*
 * xv6's sbrk(n): move the break by n bytes and return the old break
 * (Linux has brk(addr), and glibc's sbrk is built on it).
 */
long sys_sbrk(long increment)
{
	struct mm_struct *mm = current->mm;
	unsigned long oldbrk, newbrk;
	long ret;

	mutex_lock(&mm->mmap_lock);
	oldbrk = mm->brk;
	newbrk = oldbrk + increment;
	if ((increment > 0 && (newbrk < oldbrk || newbrk > TASK_SIZE)) ||
	    (increment < 0 && (newbrk > oldbrk || newbrk < mm->start_brk))) {
		ret = -ENOMEM;
		goto out;
	}
	if (increment > 0) {
		ret = brk_grow(mm, oldbrk, newbrk);
		if (ret)
			goto out;
	} else if (increment < 0) {
		brk_shrink(mm, oldbrk, newbrk);
	}
	mm->brk = newbrk;
	ret = oldbrk;
out:
	mutex_unlock(&mm->mmap_lock);
	return ret;
}
