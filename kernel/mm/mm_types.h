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

#endif
