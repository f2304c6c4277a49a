/*
 * Taking pages out of the page cache: truncation, unlink, drop_caches
 * (Linux: mm/truncate.c, unmap_mapping_range from mm/memory.c).
 *
 * A file that shrinks must lose its cached pages past the new end, and
 * every process mapping them must lose its ptes, or a later read (or
 * store) would reach data the file no longer has. Ptes go first, then
 * the pages (each locked, its writeback finished), then the ptes once
 * more, for a fault that mapped a page while we were at it.
 */
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "fs/vfs.h"
#include "string.h"

/* Zap [from, EOF) of the file in every VMA that maps it. */
void unmap_mapping_range(struct address_space *mapping, loff_t from)
{
	pgoff_t first = (from + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct vm_area_struct *vma;

	spin_lock(&mapping->i_mmap_lock);
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		pgoff_t vfirst = vma->vm_pgoff;
		pgoff_t vlast = vfirst + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT);
		unsigned long start;

		if (vlast <= first)
			continue;
		start = vma->vm_start + ((max(first, vfirst) - vfirst) << PAGE_SHIFT);
		zap_page_range(vma, start, vma->vm_end);
	}
	spin_unlock(&mapping->i_mmap_lock);
}

/* Zero the part of the page at lstart beyond it: those bytes are past EOF now. */
static void truncate_partial_page(struct address_space *mapping, loff_t lstart)
{
	size_t off = lstart & ~PAGE_MASK;
	struct page *page;

	if (!off)
		return;
	page = find_lock_page(mapping, lstart >> PAGE_SHIFT);
	if (!page)
		return;
	wait_on_page_writeback(page);
	memset((char *)page_address(page) + off, 0, PAGE_SIZE - off);
	unlock_page(page);
	put_page(page);
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	pgoff_t index = (lstart + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct page *page;

	if (!mapping->nrpages)
		return;
	truncate_partial_page(mapping, lstart);
	while (xa_find(&mapping->i_pages, &index, ~0UL, XA_PRESENT)) {
		page = find_lock_page(mapping, index);
		if (page) {
			wait_on_page_writeback(page);
			if (page->mapping == mapping)
				delete_from_page_cache(page);
			unlock_page(page);
			put_page(page);
		}
		if (index == ~0UL)
			break;
		index++;
	}
}

void truncate_pagecache(struct inode *inode, loff_t newsize)
{
	struct address_space *mapping = inode->i_mapping;

	unmap_mapping_range(mapping, newsize);
	truncate_inode_pages(mapping, newsize);
	unmap_mapping_range(mapping, newsize);
}

/*
 * Drop the pages of [start, end] nobody needs: clean, not mapped, not
 * under I/O, not locked (Linux: invalidate_mapping_pages, used by
 * drop_caches and POSIX_FADV_DONTNEED). Returns the pages dropped.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping, pgoff_t start, pgoff_t end)
{
	pgoff_t index = start;
	unsigned long freed = 0;
	struct page *page;

	while (index <= end && xa_find(&mapping->i_pages, &index, end, XA_PRESENT)) {
		page = find_get_page(mapping, index);
		if (page && trylock_page(page)) {
			if (page->mapping == mapping && !PageDirty(page) &&
			    !PageWriteback(page) && !page_mapped(page)) {
				delete_from_page_cache(page);
				freed++;
			}
			unlock_page(page);
		}
		if (page)
			put_page(page);
		if (index == ~0UL)
			break;
		index++;
	}
	return freed;
}
