/*
 * Reaching user pages from the kernel (Linux: mm/gup.c, and
 * access_remote_vm from mm/memory.c).
 *
 * The kernel sometimes needs a page of some process's memory while not
 * running in it: exec builds the new stack before switching to the new
 * mm, /proc/PID/cmdline reads another process's arguments. The page may
 * not be there yet (demand paging) or may be shared copy-on-write, so
 * this goes through the same fault path a user access would
 * (FAULT_FLAG_REMOTE): find the VMA, fault the page in for the access
 * wanted, and take a reference so it stays while the caller copies.
 */
#include "mm/user.h"
#include "mm/mm.h"
#include "mm/pagemap.h"
#include "sched.h"
#include "errno.h"
#include "string.h"

/* The page mapped at addr if the pte allows the access, referenced; else NULL. */
static struct page *follow_page(struct vm_area_struct *vma, unsigned long addr, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page = NULL;
	pte_t *ptep, pte;

	spin_lock(&mm->page_table_lock);
	ptep = pte_offset_map(mm, addr);
	pte = ptep ? READ_ONCE(*ptep) : 0;
	if ((pte & _PAGE_PRESENT) && (!write || pte_write(pte))) {
		page = pfn_to_page(pte_pfn(pte));
		get_page(page);
	}
	spin_unlock(&mm->page_table_lock);
	return page;
}

/* mmap lock held. Linux: __get_user_pages for one page. */
static int get_user_page_locked(struct mm_struct *mm, unsigned long addr, bool write,
				struct page **pagep)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	unsigned int flags = FAULT_FLAG_REMOTE | (write ? FAULT_FLAG_WRITE : 0);

	if (!vma || addr < vma->vm_start)
		return -EFAULT;
	/* Like ptrace, the kernel may read what the process could read. */
	if (!(vma->vm_flags & (write ? VM_WRITE : VM_READ | VM_WRITE)))
		return -EFAULT;
	for (int tries = 0; tries < 8; tries++) {
		struct page *page = follow_page(vma, addr, write);
		vm_fault_t ret;

		if (page) {
			*pagep = page;
			return 0;
		}
		ret = handle_mm_fault(vma, addr, flags, NULL);
		if (ret & VM_FAULT_OOM)
			return -ENOMEM;
		if (ret & VM_FAULT_ERROR)
			return -EFAULT;
	}
	return -EFAULT;		/* the page keeps going away: give up */
}

int get_user_page_remote(struct mm_struct *mm, unsigned long addr, bool write, struct page **pagep)
{
	int err;

	mmap_read_lock(mm);
	err = get_user_page_locked(mm, addr, write, pagep);
	mmap_read_unlock(mm);
	return err;
}

int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write)
{
	int done = 0;

	mmap_read_lock(mm);
	while (done < len) {
		unsigned long va = addr + done;
		int off = va & ~PAGE_MASK, n = min((unsigned long)(len - done), PAGE_SIZE - off);
		struct page *page;

		if (get_user_page_locked(mm, va & PAGE_MASK, write, &page))
			break;
		if (write) {
			memcpy((char *)page_address(page) + off, (char *)buf + done, n);
			set_page_dirty(page);
		} else {
			memcpy((char *)buf + done, (char *)page_address(page) + off, n);
		}
		put_page(page);
		done += n;
	}
	mmap_read_unlock(mm);
	return done;
}

/*
 * Fault in [addr, addr+len) of the current process for reading, by
 * touching a byte of each page (Linux: fault_in_readable). Returns how
 * many bytes at the end could not be faulted in.
 */
size_t fault_in_readable(const char __user *addr, size_t len)
{
	unsigned long start = (unsigned long)addr, end = start + len, a;
	char c;

	if (!len)
		return 0;
	if (end < start)
		end = ~0UL;
	for (a = start; a < end; a = (a & PAGE_MASK) + PAGE_SIZE) {
		if (copy_from_user(&c, (const char __user *)a, 1))
			return end - a;
		if ((a & PAGE_MASK) + PAGE_SIZE < a)
			break;
	}
	return 0;
}

/*
 * Fault in every page of [start, end) of vma now, for writing if the VMA
 * is writable (Linux: populate_vma_page_range, behind MAP_POPULATE and
 * mlock). mmap lock held. 0, or -ENOMEM / -EFAULT.
 */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	bool write = vma->vm_flags & VM_WRITE;

	for (unsigned long addr = start; addr < end; addr += PAGE_SIZE) {
		struct page *page;
		int err = get_user_page_locked(vma->vm_mm, addr, write, &page);

		if (err)
			return err;
		put_page(page);
	}
	return 0;
}
