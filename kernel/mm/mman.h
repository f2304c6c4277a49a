/*
 * mmap(), mprotect(), msync() and madvise() (Linux: include/linux/mman.h;
 * the constants are include/uapi/asm-generic/mman-common.h's, shared with
 * user space through kernel/fcntl.h).
 */
#ifndef _MM_MMAN_H
#define _MM_MMAN_H

#include "fcntl.h"
#include "mm/user.h"

struct file;

#define MAP_TYPE 0x0f		/* MAP_SHARED or MAP_PRIVATE */

long do_mmap(struct mm_struct *mm, struct file *file, unsigned long addr, size_t len,
	     unsigned long prot, unsigned long flags, pgoff_t pgoff);
int do_munmap(struct mm_struct *mm, unsigned long start, size_t len);
/* madvise(2) on mm (MADV_* in fcntl.h): 0 or -errno. */
int do_madvise(struct mm_struct *mm, unsigned long start, size_t len, int behavior);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr,
	      bool new_below);
/* Split vma so [start, end) is one VMA: it, or ERR_PTR(-ENOMEM). */
struct vm_area_struct *vma_isolate(struct mm_struct *mm, struct vm_area_struct *vma,
				   unsigned long start, unsigned long end);
/* After vma's flags changed: merge it with neighbours that now match; returns the result. */
struct vm_area_struct *vma_merge_neighbours(struct mm_struct *mm, struct vm_area_struct *vma);

#endif
