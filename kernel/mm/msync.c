/*
 * msync(): write a shared file mapping's changes to the file (Linux:
 * mm/msync.c).
 *
 * A write through a shared mapping already marked its page dirty (the
 * write fault went through page_mkwrite), so MS_SYNC only has to write
 * back and wait for the file range the VMA maps, as fsync would.
 * MS_ASYNC does nothing: the flusher writes dirty pages soon anyway
 * (Linux since 2.6.19 too). MS_INVALIDATE is accepted; Pagoda's mappings
 * are always coherent with the page cache.
 */
#include "mm/user.h"
#include "mm/mman.h"
#include "mm/pagemap.h"
#include "fs/vfs.h"
#include "sched.h"
#include "errno.h"

long sys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err = 0;
	bool unmapped = false;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	mmap_read_lock(mm);
	while (start < end) {
		struct vm_area_struct *vma = find_vma(mm, start);
		struct file *file;
		loff_t fstart, fend;

		if (!vma) {
			unmapped = true;
			break;
		}
		if (start < vma->vm_start) {
			unmapped = true;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		file = vma->vm_file;
		fstart = ((loff_t)(start - vma->vm_start) >> 0) + ((loff_t)vma->vm_pgoff << PAGE_SHIFT);
		fend = fstart + (min(end, vma->vm_end) - start) - 1;
		start = vma->vm_end;
		if (!(flags & MS_SYNC) || !file || !(vma->vm_flags & VM_SHARED))
			continue;
		get_file(file);
		mmap_read_unlock(mm);	/* writeback sleeps; the file stays referenced */
		err = file->f_op->fsync ? file->f_op->fsync(file, fstart, fend)
					: filemap_write_and_wait_range(file->f_inode->i_mapping,
								       fstart, fend);
		fput(file);
		if (err)
			return err;
		mmap_read_lock(mm);
	}
	mmap_read_unlock(mm);
	return unmapped ? -ENOMEM : 0;
}
