/*
 * User address spaces: mm_struct lifetime, VMAs and the page tables
 * behind them (Linux: include/linux/mm.h, sched/mm.h).
 *
 * Locking: mm->mmap_lock serialises changes to the VMA list and the
 * page tables of one mm (sbrk, exec, exit). An mm belongs to one task at
 * a time in this issue (no threads), so the lock is rarely contended.
 */
#ifndef _MM_USER_H
#define _MM_USER_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"

/* mm_struct lifetime (kernel/fork.c in Linux too). */
void proc_caches_init(void);
struct mm_struct *mm_alloc(void);		/* empty address space, or NULL */
void mmput(struct mm_struct *mm);		/* drop a user; free all at the last */
struct mm_struct *dup_mm(struct mm_struct *old);	/* fork's copy, or NULL */
void switch_to_kernel_mm(void);			/* run on swapper_pg_dir */

/* VMAs (mm/mmap.c). */
int vm_enough_memory(unsigned long pages);	/* 0, or -ENOMEM if it can never fit */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
void vm_area_free(struct vm_area_struct *vma);
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
void exit_mmap(struct mm_struct *mm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
#define for_each_vma(mm, vma) list_for_each_entry(vma, &(mm)->mmap, vm_list)

/* Page tables of user mappings (mm/memory.c). */
int pgd_alloc(struct mm_struct *mm);
void free_pgtables(struct mm_struct *mm);
pgprot_t vm_get_page_prot(unsigned long vm_flags);
/* Allocate zeroed pages for [start, end) of vma and map them: 0 or -ENOMEM. */
int populate_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* Unmap and free the pages in [start, end) of vma. */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* fork: give dst a private copy of every page src maps. */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);
/* Write or read another mm's memory through its page tables (Linux: access_remote_vm). */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write);
unsigned long get_mm_rss(struct mm_struct *mm);

static inline void add_mm_counter(struct mm_struct *mm, int member, long value)
{
	atomic_long_add(value, &mm->rss_stat[member]);
}

static inline unsigned long get_mm_counter(struct mm_struct *mm, int member)
{
	long v = atomic_long_read(&mm->rss_stat[member]);

	return v < 0 ? 0 : v;
}

#endif
