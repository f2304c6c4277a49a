/*
 * Virtual memory areas: finding, creating, merging, splitting and
 * removing them; mmap(), munmap(), the program break and stack growth
 * (Linux: mm/mmap.c, and dup_mmap from kernel/fork.c).
 *
 * An mm's VMAs are kept on a list sorted by address, none overlapping,
 * and in a red-black tree keyed by the same order, which find_vma()
 * searches in O(log n) (Linux before 6.1; now a maple tree). Every change
 * to either happens under mmap_write_lock.
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/tlb.h"
#include "mm/tlbflush.h"
#include "mm/mman.h"
#include "mm/shmem.h"
#include "fs/vfs.h"
#include "sched.h"
#include "errno.h"
#include "err.h"
#include "memlayout.h"

/*
 * Could an allocation of `pages` ever be backed? Linux's default
 * overcommit heuristic (mm/util.c __vm_enough_memory, OVERCOMMIT_GUESS)
 * refuses one larger than RAM plus swap at once, instead of finding out
 * page by page.
 */
int vm_enough_memory(unsigned long pages)
{
	return pages <= totalram_pages() + READ_ONCE(total_swap_pages) ? 0 : -ENOMEM;
}

/*
 * The first VMA that ends above addr (it may start above addr too), or
 * NULL: down the tree, keeping the lowest vm_end seen above addr.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (node) {
		struct vm_area_struct *vma = rb_entry(node, struct vm_area_struct, vm_rb);

		if (addr < vma->vm_end) {
			found = vma;
			if (addr >= vma->vm_start)
				break;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

/* find_vma, and the VMA before it (or NULL) in *pprev. */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		*pprev = vma_prev(vma);
	else
		*pprev = list_empty(&mm->mmap) ? NULL :
			list_last_entry(&mm->mmap, struct vm_area_struct, vm_list);
	return vma;
}

/* Put vma in mm's tree, by address (the caller checked it overlaps nothing). */
static void vma_rb_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (vma->vm_start < rb_entry(parent, struct vm_area_struct, vm_rb)->vm_start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
}

struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/*
 * Shared file mappings are mapped read-only at first, so the first write
 * to each page faults and marks it dirty (Linux: vma_wants_writenotify).
 */
static bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED) &&
	       vma->vm_file && !vma_is_shmem(vma);
}

void vma_set_page_prot(struct vm_area_struct *vma)
{
	pgprot_t prot = vm_get_page_prot(vma->vm_flags);

	if (vma_wants_writenotify(vma))
		prot &= ~_PAGE_WRITE;
	vma->vm_page_prot = prot;
}

/* Link a VMA into its file's list of mappings, for the rmap walk and writeback. */
static void vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping;

	if (!vma->vm_file)
		return;
	mapping = vma->vm_file->f_inode->i_mapping;
	spin_lock(&mapping->i_mmap_lock);
	list_add_tail(&vma->shared, &mapping->i_mmap);
	spin_unlock(&mapping->i_mmap_lock);
}

static void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping;

	if (!vma->vm_file)
		return;
	mapping = vma->vm_file->f_inode->i_mapping;
	spin_lock(&mapping->i_mmap_lock);
	list_del_init(&vma->shared);
	spin_unlock(&mapping->i_mmap_lock);
}

/*
 * Link vma into mm in address order and compute its pte bits; -EINVAL
 * if it is empty, out of range or overlaps another.
 */
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
	vma_rb_insert(mm, vma);
	vma_set_page_prot(vma);
	vma_link_file(vma);
	mm->map_count++;
	mm->total_vm += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	return 0;
}

/* Take a VMA off the mm's list (its pages are already unmapped). */
static void vma_detach(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	list_del_init(&vma->vm_list);
	mm->map_count--;
	mm->total_vm -= (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* Free a detached VMA and what it holds: its file, its anon_vma reference. */
static void remove_vma(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	vma_unlink_file(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	unlink_anon_vmas(vma);
	vm_area_free(vma);
}

/* The whole address space goes: every VMA, its pages, the page tables. */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *tmp;
	struct mmu_gather tlb;

	lru_add_drain();
	tlb_gather_mmu(&tlb, mm);
	for_each_vma(mm, vma)
		unmap_page_range(&tlb, vma, vma->vm_start, vma->vm_end);
	tlb_finish_mmu(&tlb);
	/* The VMAs leave their files' lists before the tables they describe are freed. */
	list_for_each_entry_safe(vma, tmp, &mm->mmap, vm_list) {
		vma_detach(mm, vma);
		remove_vma(vma);
	}
	free_pgtables(mm);
}

/*
 * A copy of vma: for fork (another mm: the copy gets an anon_vma of its
 * own below vma's), or for a split (the same pages: it shares vma's
 * anon_vmas). File and anon_vma references taken; NULL without memory.
 */
static struct vm_area_struct *vma_copy(struct vm_area_struct *vma, bool for_fork)
{
	struct vm_area_struct *new = vm_area_dup(vma);

	if (!new)
		return NULL;
	if (for_fork ? anon_vma_fork(new, vma) : anon_vma_clone(new, vma)) {
		vm_area_free(new);
		return NULL;
	}
	if (new->vm_file)
		get_file(new->vm_file);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	return new;
}

/* fork: copy each VMA and its page tables (Linux: dup_mmap in kernel/fork.c). */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *vma, *new;
	int err = 0;

	for_each_vma(oldmm, vma) {
		if (vma->vm_flags & VM_DONTCOPY)
			continue;
		new = vma_copy(vma, true);
		if (!new) {
			err = -ENOMEM;
			break;
		}
		new->vm_mm = mm;
		err = insert_vm_struct(mm, new);
		if (!err)
			err = copy_page_range(new, vma);
		if (err) {
			if (list_empty(&new->vm_list))
				remove_vma(new);
			break;
		}
	}
	/* The parent's writable private ptes became read-only: no hart may write through an old entry. */
	flush_tlb_mm(oldmm);
	return err;
}

/*
 * Split vma at addr into two VMAs; the new one is [vm_start, addr) if
 * new_below, else [addr, vm_end) (Linux: __split_vma). 0 or -ENOMEM.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr, bool new_below)
{
	struct vm_area_struct *new = vma_copy(vma, false);

	if (!new)
		return -ENOMEM;
	vma_unlink_file(vma);
	vma_detach(mm, vma);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
	}
	insert_vm_struct(mm, vma);
	insert_vm_struct(mm, new);
	return 0;
}

/*
 * Split vma, where needed, so that [start, end) is a VMA of its own, and
 * return it; ERR_PTR(-ENOMEM) if a split found no memory (Linux:
 * vma_modify's splitting half). mprotect and madvise change just that part.
 */
struct vm_area_struct *vma_isolate(struct mm_struct *mm, struct vm_area_struct *vma,
				   unsigned long start, unsigned long end)
{
	if (start > vma->vm_start) {
		if (split_vma(mm, vma, start, true))
			return ERR_PTR(-ENOMEM);
		vma = find_vma(mm, start);
	}
	if (end < vma->vm_end) {
		if (split_vma(mm, vma, end, false))
			return ERR_PTR(-ENOMEM);
		vma = find_vma(mm, start);
	}
	return vma;
}

/*
 * Can b (just after a) be folded into a? Same flags, same file at
 * consecutive offsets, and anonymous pages that agree on their anon_vma
 * (Linux: is_mergeable_vma, is_mergeable_anon_vma). An anonymous VMA's
 * pgoff is its address in pages, so neighbours line up too.
 */
static bool vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags ||
	    a->vm_file != b->vm_file || a->vm_ops != b->vm_ops)
		return false;
	if ((a->vm_ops && a->vm_ops->close) || vma_is_shmem(a))
		return false;
	if (a->anon_vma && b->anon_vma && a->anon_vma != b->anon_vma)
		return false;
	return a->vm_pgoff + ((a->vm_end - a->vm_start) >> PAGE_SHIFT) == b->vm_pgoff;
}

/*
 * a absorbs b, its successor; b is freed. a takes over b's anon_vmas if it
 * had none (Linux: dup_anon_vma). False, and nothing changed, without memory.
 */
static bool vma_absorb(struct mm_struct *mm, struct vm_area_struct *a, struct vm_area_struct *b)
{
	if (!a->anon_vma && b->anon_vma && anon_vma_clone(a, b))
		return false;
	mm->total_vm += (b->vm_end - b->vm_start) >> PAGE_SHIFT;	/* vma_detach takes it back */
	vma_detach(mm, b);
	a->vm_end = b->vm_end;
	remove_vma(b);
	return true;
}

/*
 * vma's flags (or place) just changed: fold it into the VMA before it
 * and fold the one after it in, where they match, so mmap/mprotect leave
 * as few VMAs as Linux would (Linux: vma_merge). Returns what now holds
 * vma's range.
 */
struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next;

	if (prev && vmas_mergeable(prev, vma) && vma_absorb(mm, prev, vma))
		vma = prev;
	next = vma_next(vma);
	if (next && vmas_mergeable(vma, next))
		vma_absorb(mm, vma, next);
	return vma;
}

/* ---- munmap ------------------------------------------------------------- */

/*
 * Remove every mapping in [start, start+len): split the VMAs at the
 * edges, unmap the pages, free the page tables left empty, free the VMAs
 * (Linux: do_vmi_munmap). 0 or -EINVAL / -ENOMEM.
 */
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end;
	struct vm_area_struct *vma, *next;
	struct mmu_gather tlb;
	LIST_HEAD(doomed);

	if ((start & ~PAGE_MASK) || start >= TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (vma->vm_start < start && split_vma(mm, vma, start, true))
		return -ENOMEM;
	vma = find_vma(mm, start);
	next = find_vma(mm, end - 1);
	if (next && next->vm_start < end && next->vm_end > end &&
	    split_vma(mm, next, end, false))
		return -ENOMEM;

	lru_add_drain();
	tlb_gather_mmu(&tlb, mm);
	while (vma && vma->vm_start < end) {
		next = vma_next(vma);
		unmap_page_range(&tlb, vma, vma->vm_start, vma->vm_end);
		vma_detach(mm, vma);
		/* Off the file's and anon_vmas' lists before its tables go: rmap walks them from there. */
		vma_unlink_file(vma);
		unlink_anon_vmas(vma);
		list_add_tail(&vma->vm_list, &doomed);
		vma = next;
	}
	free_empty_pgtables(&tlb, start, end);
	tlb_finish_mmu(&tlb);
	list_for_each_entry_safe(vma, next, &doomed, vm_list) {
		list_del_init(&vma->vm_list);
		remove_vma(vma);
	}
	return 0;
}

/* ---- mmap --------------------------------------------------------------- */

/*
 * A free range of len bytes: addr itself with MAP_FIXED, the hint if it
 * is free, else the highest gap below mmap_base (Linux:
 * arch_get_unmapped_area_topdown, which finds the gap in O(log n) with
 * an augmented tree; this walks the list). -ENOMEM if there is none.
 */
static long get_unmapped_area(struct mm_struct *mm, unsigned long addr, size_t len,
			      unsigned long flags)
{
	struct vm_area_struct *vma, *prev;
	unsigned long gap_top = mm->mmap_base;

	if (len > TASK_SIZE - USER_TEXT_START)
		return -ENOMEM;
	if (flags & MAP_FIXED)
		return addr;
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (addr >= USER_TEXT_START && addr <= TASK_SIZE - len &&
		    (!vma || addr + len <= vma->vm_start))
			return addr;
	}
	/* Down from the top: each VMA's end is the bottom of the gap above it. */
	list_for_each_entry_reverse(vma, &mm->mmap, vm_list) {
		if (gap_top >= vma->vm_end && gap_top - vma->vm_end >= len)
			return gap_top - len;
		/* Below a stack, keep its guard gap free (Linux: stack_guard_gap). */
		if (vma->vm_flags & VM_GROWSDOWN)
			gap_top = min(gap_top, vma->vm_start > STACK_GUARD_GAP ?
					       vma->vm_start - STACK_GUARD_GAP : 0);
		else
			gap_top = min(gap_top, vma->vm_start);
	}
	if (gap_top >= USER_TEXT_START && gap_top - USER_TEXT_START >= len)
		return gap_top - len;
	return -ENOMEM;
}

/* PROT_* to VM_* (Linux: calc_vm_prot_bits). */
static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Private writable memory is what could need fresh pages; account it (Linux: accountable_mapping). */
static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* Make the VMA for a checked request (Linux: mmap_region). Returns addr or -errno. */
static long mmap_region(struct mm_struct *mm, struct file *file, unsigned long addr,
			size_t len, unsigned long vm_flags, pgoff_t pgoff)
{
	struct vm_area_struct *vma;
	int err;

	err = do_munmap(mm, addr, len);		/* MAP_FIXED replaces what was there */
	if (err)
		return err;
	if (accountable_mapping(vm_flags)) {
		if (vm_enough_memory(len >> PAGE_SHIFT))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
		err = file->f_op->mmap(file, vma);
	} else if (vm_flags & VM_SHARED) {
		err = shmem_zero_setup(vma);
	}
	if (!err)
		err = insert_vm_struct(mm, vma);
	if (err) {
		if (vma->vm_file)
			fput(vma->vm_file);
		vm_area_free(vma);
		return err;
	}
	vma_merge_neighbours(mm, vma);
	return addr;
}

/*
 * mmap() into mm (the caller's, or exec's new one; its mmap lock held)
 * after the system call checked its arguments' form: the file's open
 * mode decides what the mapping may ever do (Linux: do_mmap).
 */
long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr, size_t len,
	     unsigned long prot, unsigned long flags, pgoff_t pgoff)
{
	unsigned long vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	long a;

	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (file) {
		if (!file->f_op || !file->f_op->mmap)
			return -ENODEV;
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if ((flags & MAP_TYPE) == MAP_SHARED) {
			if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
				return -EACCES;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			/* Read-only file: the mapping can never be made writable. */
			if (!(file->f_mode & FMODE_WRITE))
				vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		}
	} else {
		if ((flags & MAP_TYPE) == MAP_SHARED)
			vm_flags |= VM_SHARED | VM_MAYSHARE;
	}
	a = get_unmapped_area(mm, addr, len, flags);
	if (a < 0)
		return a;
	if ((unsigned long)a + len > TASK_SIZE || (unsigned long)a < USER_TEXT_START)
		return -ENOMEM;
	/* An anonymous page's index is its address in pages, so neighbours can merge. */
	if (!file)
		pgoff = (vm_flags & VM_SHARED) ? 0 : (unsigned long)a >> PAGE_SHIFT;
	return mmap_region(mm, file, a, len, vm_flags, pgoff);
}

/* ---- the program break and the stack ------------------------------------ */

/* The heap VMA: the one that starts at start_brk, if any. */
static struct vm_area_struct *brk_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = find_vma(mm, mm->start_brk);

	if (vma && vma->vm_start == mm->start_brk)
		return vma;
	return NULL;
}

/* Move the break up: the heap VMA grows; its pages come on first touch. */
static int brk_grow(struct mm_struct *mm, unsigned long oldbrk, unsigned long newbrk)
{
	unsigned long start = PAGE_ALIGN(oldbrk), end = PAGE_ALIGN(newbrk);
	struct vm_area_struct *vma = brk_vma(mm), *next;

	if (end == start)
		return 0;
	if (vm_enough_memory((end - start) >> PAGE_SHIFT))
		return -ENOMEM;
	next = find_vma(mm, start);
	/* Keep a guard page below the next mapping (Linux: the stack guard gap). */
	if (next && next != vma && end + PAGE_SIZE > next->vm_start)
		return -ENOMEM;
	if (vma) {
		mm->total_vm += (end - vma->vm_end) >> PAGE_SHIFT;
		vma->vm_end = end;
		return 0;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = start >> PAGE_SHIFT;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT;
	if (insert_vm_struct(mm, vma)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
	return 0;
}

/*
 * xv6's sbrk(n): move the break by n bytes and return the old break
 * (Linux has brk(addr), and glibc's sbrk is built on it). Growing only
 * moves the end of the heap VMA; shrinking unmaps and frees the pages.
 */
long sys_sbrk(long increment)
{
	struct mm_struct *mm = current->mm;
	unsigned long oldbrk, newbrk;
	long ret;

	mmap_write_lock(mm);
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
	} else if (increment < 0 && PAGE_ALIGN(newbrk) < PAGE_ALIGN(oldbrk)) {
		ret = do_munmap(mm, PAGE_ALIGN(newbrk), PAGE_ALIGN(oldbrk) - PAGE_ALIGN(newbrk));
		if (ret)
			goto out;
	}
	mm->brk = newbrk;
	ret = oldbrk;
out:
	mmap_write_unlock(mm);
	return ret;
}

/*
 * A fault just below a VM_GROWSDOWN VMA: grow it down to cover address,
 * up to STACK_RLIMIT in all and keeping STACK_GUARD_GAP free above the
 * mapping below (Linux: expand_downwards). 0 or -ENOMEM.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(vma);
	unsigned long start = address & PAGE_MASK, grow;

	if (!(vma->vm_flags & VM_GROWSDOWN) || start >= vma->vm_start)
		return -ENOMEM;
	if (vma->vm_end - start > STACK_RLIMIT || start < USER_TEXT_START)
		return -ENOMEM;
	if (prev && start < prev->vm_end + STACK_GUARD_GAP)
		return -ENOMEM;
	grow = (vma->vm_start - start) >> PAGE_SHIFT;
	if (vm_enough_memory(grow))
		return -ENOMEM;
	vma->vm_start = start;
	vma->vm_pgoff -= grow;
	mm->total_vm += grow;
	return 0;
}

/* ---- the system calls ---------------------------------------------------- */

/*
 * mmap(addr, length, prot, flags, fd, offset), Linux's arguments and
 * errors: EINVAL for a zero length, an unaligned offset or MAP_FIXED
 * address, or neither/both of MAP_SHARED and MAP_PRIVATE; EBADF for a
 * bad fd; EACCES for a file not open for reading, or a shared writable
 * mapping of a file not open for writing; ENODEV for a file that cannot
 * be mapped (a directory, a pipe); ENOMEM when there is no room.
 */
long sys_mmap(unsigned long addr, size_t len, unsigned long prot, unsigned long flags,
	      int fd, long offset)
{
	struct mm_struct *mm = current->mm;
	struct file *file = NULL;
	unsigned long type = flags & MAP_TYPE;
	long ret;

	if (!len || (offset & ~PAGE_MASK) || offset < 0)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if ((flags & MAP_FIXED) && (addr & ~PAGE_MASK))
		return -EINVAL;
	if (PAGE_ALIGN(len) < len || PAGE_ALIGN(len) > TASK_SIZE)
		return -ENOMEM;
	if ((unsigned long)(offset >> PAGE_SHIFT) + (PAGE_ALIGN(len) >> PAGE_SHIFT) <
	    (unsigned long)(offset >> PAGE_SHIFT))
		return -EOVERFLOW;
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
	}
	mmap_write_lock(mm);
	ret = do_mmap(mm, file, addr, len, prot, flags, offset >> PAGE_SHIFT);
	mmap_write_unlock(mm);
	if (file)
		fput(file);
	return ret;
}

long sys_munmap(unsigned long addr, size_t len)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = do_munmap(mm, addr, len);
	mmap_write_unlock(mm);
	return ret;
}
