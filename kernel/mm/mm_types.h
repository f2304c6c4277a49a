/*
 * struct page: one per 4 KiB physical page frame (Linux:
 * include/linux/mm_types.h). It is 64 bytes, so the memmap costs 1.6% of
 * RAM, and its middle is a union whose meaning depends on who owns the
 * page: the page cache / anonymous memory, the buddy allocator, SLUB, or
 * a compound page it is a tail of.
 *
 * Invariants:
 *  - _refcount counts references (0 = free, in the buddy allocator);
 *    _mapcount counts page-table mappings, starting at -1 for none.
 *  - Free pages in the buddy allocator have PageBuddy set (page_type)
 *    and their order in `private`, and sit on a free list through `lru`.
 *  - Node and zone numbers live in the top bits of `flags`.
 *  - The overlays share words: slab_cache is `mapping`'s word, so an owner
 *    must clear what it used (mapping = NULL) before freeing the page.
 */
#ifndef _MM_MM_TYPES_H
#define _MM_MM_TYPES_H

#include "types.h"
#include "list.h"
#include "atomic.h"
#include "spinlock.h"
#include "mutex.h"
#include "rbtree.h"
#include "mm/pgtable.h"
#include "mm/mmu.h"

struct address_space;
struct kmem_cache;

struct page {
	unsigned long flags;
	union {
		struct {	/* page cache, anonymous pages, buddy free pages */
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;	/* buddy: order; later: swap entry */
		};
		struct {	/* SLUB (Linux now uses struct slab overlaying page) */
			struct list_head slab_list;
			struct kmem_cache *slab_cache;
			void *freelist;		/* first free object */
			union {
				unsigned long counters;
				struct {
					unsigned inuse : 16;
					unsigned objects : 15;
					unsigned frozen : 1;	/* a CPU's active slab */
				};
			};
		};
		struct {	/* tail pages of a compound page */
			unsigned long compound_head;	/* head page + 1 */
			unsigned char compound_dtor;
			unsigned char compound_order;	/* first tail page only */
			atomic_t compound_mapcount;
			unsigned int compound_nr;
		};
	};
	union {
		atomic_t _mapcount;
		unsigned int page_type;	/* for pages never mapped: PG_buddy … */
	};
	atomic_t _refcount;
	unsigned long _pad;		/* Linux: memcg_data */
};

_Static_assert(sizeof(struct page) == 64, "struct page must be 64 bytes");


/*
 * A process's address space (Linux: struct mm_struct) and its regions
 * (struct vm_area_struct). VMAs never overlap. They are kept twice, as
 * Linux kept them until 6.1: on a list sorted by address, to walk them
 * in order, and in a red-black tree ordered the same way, so find_vma()
 * takes O(log n). Linux now keeps them in a maple tree.
 */
struct file;
struct vm_operations_struct;
struct anon_vma;

/* vm_flags (Linux's values, include/linux/mm.h). */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL	/* mprotect may add VM_READ ... */
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL	/* the stack: grows down on a fault below it */
#define VM_DENYWRITE	0x00000800UL	/* an executable's text: writes to the file are refused */
#define VM_SEQ_READ	0x00008000UL	/* madvise(MADV_SEQUENTIAL) */
#define VM_RAND_READ	0x00010000UL	/* madvise(MADV_RANDOM): no readahead */
#define VM_DONTCOPY	0x00020000UL	/* madvise(MADV_DONTFORK) */
#define VM_ACCOUNT	0x00100000UL	/* counted against vm_enough_memory */
#define VM_ACCESS_FLAGS (VM_READ | VM_WRITE | VM_EXEC)

struct vm_area_struct {
	unsigned long vm_start;		/* first byte */
	unsigned long vm_end;		/* one past the last byte */
	struct mm_struct *vm_mm;
	pgprot_t vm_page_prot;		/* pte bits for its pages (vma_set_page_prot) */
	unsigned long vm_flags;
	unsigned long vm_pgoff;		/* offset in vm_file, in pages */
	struct file *vm_file;		/* NULL: anonymous */
	const struct vm_operations_struct *vm_ops;
	struct anon_vma *anon_vma;	/* where its new anonymous pages go (mm/rmap.c) */
	struct list_head anon_vma_chain;	/* the anon_vmas whose pages it may map */
	struct list_head vm_list;	/* in mm->mmap, by address */
	struct rb_node vm_rb;		/* in mm->mm_rb */
	struct list_head shared;	/* in vm_file's mapping->i_mmap */
};

/* mm->rss_stat counters (Linux's enum). */
enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES, NR_MM_COUNTERS };

struct mm_struct {
	unsigned long *pgd;		/* top-level page table; kernel half shared */
	struct list_head mmap;		/* VMAs sorted by vm_start */
	struct rb_root mm_rb;		/* the same VMAs, for find_vma() */
	int map_count;
	unsigned long mmap_base;	/* mmap() places mappings below this, top down */
	atomic_t mm_users;		/* tasks using it */
	atomic_t mm_count;		/* references to the struct itself */
	spinlock_t page_table_lock;	/* protects ptes and page-table pages being added */
	struct mutex mmap_lock;		/* Linux: an rw_semaphore (mmap_read_lock ...) */
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	unsigned long total_vm;		/* pages mapped by VMAs */
	unsigned long hiwater_rss;	/* peak RSS, pages (VmHWM) */
	atomic_long_t rss_stat[NR_MM_COUNTERS];
	atomic_long_t pgtables_bytes;	/* page-table pages, bytes (VmPTE) */
	struct file *exe_file;		/* the program: writes to it are denied (ETXTBSY) */
	mm_context_t context;		/* ASID and the harts that cache it (mm/mmu.h) */
	struct list_head mmlist;	/* on the list of mms that may hold swap entries (swapoff's) */
	bool oom_skip;			/* reaped or given up on: the OOM killer looks past it (MMF_OOM_SKIP) */
	struct mm_struct *oom_reap_next;	/* on the OOM reaper's list */
	int oom_pid;			/* the OOM victim that had it, for the reaper's report */
	char oom_comm[16];
};

#endif
