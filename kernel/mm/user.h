/*
 * User address spaces: mm_struct lifetime, VMAs, the page-fault path and
 * the page tables behind them (Linux: include/linux/mm.h, sched/mm.h,
 * mmap_lock.h).
 *
 * Locking:
 *  - mm->mmap_lock serialises changes to the VMA list (mmap, munmap,
 *    mprotect, brk, exec, fork's copy) and is held across a page fault,
 *    so a VMA cannot vanish under the fault handler.
 *  - mm->page_table_lock protects the ptes themselves: a fault installs a
 *    pte only if the entry still holds what it read (pte_same), so two
 *    paths racing for one entry (a fault and reclaim, later) agree.
 *  - Order: mmap_lock, then a page's lock (lock_page), then page_table_lock.
 */
#ifndef _MM_USER_H
#define _MM_USER_H

#include "mm/mm_types.h"
#include "mm/pgtable.h"
#include "uaccess.h"

struct pt_regs;
struct page;

/* mm_struct lifetime (kernel/fork.c in Linux too). */
/* A reference to an mm still in use, or false if its last user is gone. */
static inline bool mmget_not_zero(struct mm_struct *mm)
{
	int c = atomic_read(&mm->mm_users);

	while (c > 0) {
		int old = atomic_cmpxchg(&mm->mm_users, c, c + 1);

		if (old == c)
			return true;
		c = old;
	}
	return false;
}
/* Keep the mm_struct itself, not what it maps: its memory still goes at the last mmput. */
static inline void mmgrab(struct mm_struct *mm)
{
	atomic_inc(&mm->mm_count);
}
void mmdrop(struct mm_struct *mm);
void proc_caches_init(void);
struct mm_struct *mm_alloc(void);		/* empty address space, or NULL */
void mmput(struct mm_struct *mm);		/* drop a user; free all at the last */
struct mm_struct *dup_mm(struct mm_struct *old);	/* fork's copy, or NULL */
void switch_to_kernel_mm(void);			/* run on swapper_pg_dir */

/* The mmap lock (Linux: include/linux/mmap_lock.h, an rw_semaphore). */
static inline void mmap_read_lock(struct mm_struct *mm) { mutex_lock(&mm->mmap_lock); }
static inline void mmap_read_unlock(struct mm_struct *mm) { mutex_unlock(&mm->mmap_lock); }
static inline void mmap_write_lock(struct mm_struct *mm) { mutex_lock(&mm->mmap_lock); }
static inline void mmap_write_unlock(struct mm_struct *mm) { mutex_unlock(&mm->mmap_lock); }

/* Stack limits (Linux: RLIMIT_STACK's default and stack_guard_gap). */
#define STACK_RLIMIT (8UL << 20)		/* the stack may grow to 8 MiB */
#define STACK_GUARD_GAP (256UL << PAGE_SHIFT)	/* kept free below a growing stack */

/* VMAs (mm/mmap.c). */
int vm_enough_memory(unsigned long pages);	/* 0, or -ENOMEM if it can never fit */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
void vm_area_free(struct vm_area_struct *vma);
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
/* The VMA that contains addr, or NULL. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
void exit_mmap(struct mm_struct *mm);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
void vma_set_page_prot(struct vm_area_struct *vma);
#define for_each_vma(mm, vma) list_for_each_entry(vma, &(mm)->mmap, vm_list)

static inline struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_list.next == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

static inline struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_list.prev == &mm->mmap)
		return NULL;
	return list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_ops;
}

/* Private and writable (now or after mprotect): its pages are copied on write. */
static inline bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}

/* The file page an address in vma maps (Linux: linear_page_index). */
static inline pgoff_t linear_page_index(const struct vm_area_struct *vma, unsigned long address)
{
	return ((address - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}

/*
 * The page-fault path (mm/memory.c). handle_mm_fault() takes the fault
 * flags below and returns a vm_fault_t: 0 or a mix of VM_FAULT_* bits.
 */
typedef unsigned int vm_fault_t;

#define FAULT_FLAG_WRITE	0x01	/* a store (or an AMO) */
#define FAULT_FLAG_USER		0x40	/* from user mode, not a uaccess in the kernel */
#define FAULT_FLAG_REMOTE	0x80	/* for another mm (get_user_pages_remote) */
#define FAULT_FLAG_INSTRUCTION	0x100	/* an instruction fetch */

#define VM_FAULT_OOM		0x000001	/* no memory for a page or a table */
#define VM_FAULT_SIGBUS		0x000002	/* no page there: a file mapping past EOF, an I/O error */
#define VM_FAULT_MAJOR		0x000004	/* waited for I/O */
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100	/* ->fault installed the pte, or it raced */
#define VM_FAULT_LOCKED		0x000200	/* ->fault returned the page locked */
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* One fault on its way through the handlers (Linux: struct vm_fault). */
struct vm_fault {
	struct vm_area_struct *vma;
	unsigned int flags;		/* FAULT_FLAG_* */
	unsigned long address;		/* the faulting address, page-aligned */
	pgoff_t pgoff;			/* its page in vm_file */
	pte_t *pte;			/* the pte that maps address */
	pte_t orig_pte;			/* what the pte held when the fault began */
	struct page *page;		/* ->fault's answer */
	struct page *cow_page;		/* do_cow_fault's private copy */
};

/* What a VMA's backing provides (Linux: struct vm_operations_struct). */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);	/* a copy was made (fork, split) */
	void (*close)(struct vm_area_struct *vma);	/* the VMA goes away */
	/* Find or read the page at vmf->pgoff: set vmf->page, referenced, and usually locked. */
	vm_fault_t (*fault)(struct vm_fault *vmf);
	/* A read-only shared page is about to become writable: make it dirty. */
	vm_fault_t (*page_mkwrite)(struct vm_fault *vmf);
};

vm_fault_t handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			   unsigned int flags, struct pt_regs *regs);
/* The architecture's page-fault entry, from a user or a kernel trap (mm/fault.c). */
void do_page_fault(struct pt_regs *regs);

/* The shared zero page: every never-written anonymous page reads from it. */
extern unsigned long empty_zero_page[];
#define ZERO_PAGE(vaddr) virt_to_page(empty_zero_page)

/* Page tables of user mappings (mm/memory.c). */
struct mmu_gather;
int pgd_alloc(struct mm_struct *mm);
void free_pgtables(struct mm_struct *mm);
/* After munmap: free the page-table pages under [addr, end) that map nothing now. */
void free_empty_pgtables(struct mmu_gather *tlb, unsigned long addr, unsigned long end);
/* The pte that maps addr if its page table exists, else NULL. */
pte_t *pte_offset_map(struct mm_struct *mm, unsigned long addr);
pgprot_t vm_get_page_prot(unsigned long vm_flags);
/* The struct page a pte maps, or NULL for a special pte (the zero page). */
struct page *vm_normal_page(struct vm_area_struct *vma, unsigned long addr, pte_t pte);
/* Unmap and free the pages in [start, end) of vma. */
void zap_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* The same, gathering the pages into tlb to be freed after its flush. */
void unmap_page_range(struct mmu_gather *tlb, struct vm_area_struct *vma,
		      unsigned long start, unsigned long end);
/* fork: share or copy-on-write every page src maps into dst. */
int copy_page_range(struct vm_area_struct *dst, struct vm_area_struct *src);
/* Change the pte permissions in [start, end) to newprot (mm/mprotect.c). */
void change_protection(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		       pgprot_t newprot);

/* Pinning user pages and reaching another mm's memory (mm/gup.c). */
/* The page at addr in mm, faulted in if need be, with a reference: 0 or -EFAULT/-ENOMEM. */
int get_user_page_remote(struct mm_struct *mm, unsigned long addr, bool write, struct page **pagep);
/* Read or write another mm's memory; returns the bytes done (Linux: access_remote_vm). */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool write);
/* Fault in every page of [start, end) of vma now (MAP_POPULATE); mmap lock held. */
int populate_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end);
/* Fault in [addr, addr+len) of the current mm for reading; the bytes that could not be. */
size_t fault_in_readable(const char __user *addr, size_t len);

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
