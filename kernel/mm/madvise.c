/*
 * madvise(): hints about how a range will be used (Linux: mm/madvise.c).
 *
 *   MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL  readahead policy for faults
 *   MADV_WILLNEED    start reading the file range into the page cache now
 *   MADV_DONTNEED    drop the range's pages: anonymous memory reads back as
 *                    zeros, a private file mapping as the file's contents
 *   MADV_COLD        move the range's pages to the inactive LRU lists
 *   MADV_PAGEOUT     reclaim the range's pages now: anonymous ones go to
 *                    swap, file ones are dropped (written first if dirty)
 *   MADV_DONTFORK / MADV_DOFORK   leave the range out of fork's copy, or not
 * Linux has more (MADV_FREE, MADV_HUGEPAGE ...).
 */
#include "mm/user.h"
#include "mm/mman.h"
#include "mm/pagemap.h"
#include "mm/pagewalk.h"
#include "mm/swap.h"
#include "mm/rmap.h"
#include "fs/vfs.h"
#include "sched.h"
#include "errno.h"
#include "err.h"

struct pageout_walk {
	struct vm_area_struct *vma;
	struct list_head pages;		/* isolated, for reclaim_pages() */
};

static int cold_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct vm_area_struct *vma = walk->private;
	struct page *page = vm_normal_page(vma, addr, READ_ONCE(*ptep));

	if (page)
		deactivate_page(page);
	return 0;
}

static const struct mm_walk_ops cold_ops = { .pte_entry = cold_pte };

/*
 * MADV_PAGEOUT: take the range's pages off the LRU for reclaim_pages().
 * A page other processes map too is left alone: one process's advice
 * should not evict what others use (Linux skips them as well).
 */
static int pageout_pte(pte_t *ptep, unsigned long addr, unsigned long next, struct mm_walk *walk)
{
	struct pageout_walk *pw = walk->private;
	struct page *page = vm_normal_page(pw->vma, addr, READ_ONCE(*ptep));

	if (!page || page_mapcount(page) != 1 || !page_evictable(page))
		return 0;
	if (!isolate_lru_page(page))
		list_add_tail(&page->lru, &pw->pages);
	return 0;
}

static const struct mm_walk_ops pageout_ops = { .pte_entry = pageout_pte };

static void madvise_pageout(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long start, unsigned long end)
{
	struct pageout_walk pw = { .vma = vma };

	INIT_LIST_HEAD(&pw.pages);
	lru_add_drain_all();	/* pages still in an add batch are not on a list yet */
	walk_page_range(mm->pgd, start, end, &pageout_ops, &pw);
	reclaim_pages(&pw.pages);
}

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_COLD: case MADV_PAGEOUT: case MADV_DONTFORK:
	case MADV_DOFORK:
		return true;
	}
	return false;
}

/* Flags-only advice: split off [start, end) and give it the new flags. */
static int madvise_update_flags(struct mm_struct *mm, struct vm_area_struct *vma,
				unsigned long start, unsigned long end, unsigned long newflags)
{
	if (newflags == vma->vm_flags)
		return 0;
	vma = vma_isolate(mm, vma, start, end);
	if (IS_ERR(vma))
		return PTR_ERR(vma);
	vma->vm_flags = newflags;
	vma_merge_neighbours(mm, vma);
	return 0;
}

static int madvise_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, int behavior)
{
	unsigned long flags = vma->vm_flags;

	switch (behavior) {
	case MADV_NORMAL:
		return madvise_update_flags(mm, vma, start, end, flags & ~(VM_SEQ_READ | VM_RAND_READ));
	case MADV_RANDOM:
		return madvise_update_flags(mm, vma, start, end, (flags & ~VM_SEQ_READ) | VM_RAND_READ);
	case MADV_SEQUENTIAL:
		return madvise_update_flags(mm, vma, start, end, (flags & ~VM_RAND_READ) | VM_SEQ_READ);
	case MADV_DONTFORK:
		return madvise_update_flags(mm, vma, start, end, flags | VM_DONTCOPY);
	case MADV_DOFORK:
		return madvise_update_flags(mm, vma, start, end, flags & ~VM_DONTCOPY);
	case MADV_DONTNEED:
		zap_page_range(vma, start, end);
		return 0;
	case MADV_COLD:
		lru_add_drain();
		walk_page_range(mm->pgd, start, end, &cold_ops, vma);
		return 0;
	case MADV_PAGEOUT:
		madvise_pageout(mm, vma, start, end);
		return 0;
	case MADV_WILLNEED:
		if (vma->vm_file && !vma_is_anonymous(vma))
			force_page_cache_readahead(vma->vm_file->f_inode->i_mapping, vma->vm_file,
						   linear_page_index(vma, start),
						   (end - start) >> PAGE_SHIFT);
		return 0;
	}
	return -EINVAL;
}

long sys_madvise(unsigned long start, size_t len, int behavior)
{
	return do_madvise(current->mm, start, len, behavior);
}

int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int behavior)
{
	struct vm_area_struct *vma;
	unsigned long end, nstart;
	int err = 0;
	bool unmapped = false;

	if (!madvise_behavior_valid(behavior) || (start & ~PAGE_MASK))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	mmap_write_lock(mm);
	for (nstart = start; nstart < end && !err;) {
		vma = find_vma(mm, nstart);
		if (!vma || vma->vm_start >= end) {
			unmapped = true;
			break;
		}
		if (vma->vm_start > nstart) {
			unmapped = true;	/* a hole: Linux advises the rest and says ENOMEM */
			nstart = vma->vm_start;
		}
		err = madvise_vma(mm, vma, nstart, min(end, vma->vm_end), behavior);
		vma = find_vma(mm, nstart);
		nstart = vma ? vma->vm_end : end;
	}
	mmap_write_unlock(mm);
	if (err)
		return err;
	return unmapped ? -ENOMEM : 0;
}
