/*
 * Page flags (Linux: include/linux/page-flags.h). Bits 0.. are the flags
 * below; the top bits of page->flags hold the node and zone numbers
 * (see mm.h). PageBuddy is a "page type", kept in page_type, because a
 * free page is never mapped and so _mapcount is free to reuse.
 */
#ifndef _MM_PAGE_FLAGS_H
#define _MM_PAGE_FLAGS_H

#include "mm/mm_types.h"

enum pageflags {
	PG_locked,		/* page is locked for I/O */
	PG_writeback,		/* page is being written back */
	PG_referenced,		/* recently accessed (LRU second chance) */
	PG_uptodate,		/* contents are valid */
	PG_dirty,		/* must be written back before reuse */
	PG_lru,			/* on an LRU list */
	PG_head,		/* first page of a compound page */
	PG_waiters,
	PG_active,		/* on the active LRU list */
	PG_workingset,
	PG_error,
	PG_slab,		/* owned by SLUB */
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,		/* never given to the buddy allocator */
	PG_private,		/* `private` holds filesystem data */
	PG_private_2,
	PG_mappedtodisk,
	PG_reclaim,		/* to be reclaimed once writeback ends */
	PG_swapbacked,		/* anonymous: backed by swap, not a file */
	PG_unevictable,
	PG_mlocked,
	__NR_PAGEFLAGS,
};

static inline bool test_bit(int nr, const unsigned long *addr)
{
	return (READ_ONCE(*addr) >> nr) & 1;
}

static inline void set_bit(int nr, unsigned long *addr)
{
	__atomic_fetch_or(addr, 1UL << nr, __ATOMIC_RELAXED);
}

static inline void clear_bit(int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1UL << nr), __ATOMIC_RELAXED);
}

static inline bool test_and_set_bit(int nr, unsigned long *addr)
{
	return (__atomic_fetch_or(addr, 1UL << nr, __ATOMIC_ACQ_REL) >> nr) & 1;
}

static inline bool test_and_clear_bit(int nr, unsigned long *addr)
{
	return (__atomic_fetch_and(addr, ~(1UL << nr), __ATOMIC_ACQ_REL) >> nr) & 1;
}

/* PageFoo(), SetPageFoo(), ClearPageFoo(), __SetPageFoo(), __ClearPageFoo(). */
#define PAGEFLAG(uname, lname)							\
static inline bool Page##uname(const struct page *p)			\
	{ return test_bit(PG_##lname, &p->flags); }			\
static inline void SetPage##uname(struct page *p)			\
	{ set_bit(PG_##lname, &p->flags); }				\
static inline void ClearPage##uname(struct page *p)			\
	{ clear_bit(PG_##lname, &p->flags); }				\
static inline void __SetPage##uname(struct page *p)			\
	{ p->flags |= 1UL << PG_##lname; }				\
static inline void __ClearPage##uname(struct page *p)			\
	{ p->flags &= ~(1UL << PG_##lname); }				\
static inline bool TestSetPage##uname(struct page *p)			\
	{ return test_and_set_bit(PG_##lname, &p->flags); }		\
static inline bool TestClearPage##uname(struct page *p)		\
	{ return test_and_clear_bit(PG_##lname, &p->flags); }

PAGEFLAG(Locked, locked)
PAGEFLAG(Writeback, writeback)
PAGEFLAG(Referenced, referenced)
PAGEFLAG(Uptodate, uptodate)
PAGEFLAG(Dirty, dirty)
PAGEFLAG(LRU, lru)
PAGEFLAG(Head, head)
PAGEFLAG(Active, active)
PAGEFLAG(Workingset, workingset)
PAGEFLAG(Error, error)
PAGEFLAG(Slab, slab)
PAGEFLAG(Reserved, reserved)
PAGEFLAG(Private, private)
PAGEFLAG(Reclaim, reclaim)
PAGEFLAG(SwapBacked, swapbacked)
PAGEFLAG(Unevictable, unevictable)
PAGEFLAG(Mlocked, mlocked)
/* Readahead marks a page of its window with PG_reclaim, as Linux does (PG_readahead). */
PAGEFLAG(Readahead, reclaim)

/* Flags that must be clear when a page is freed or handed out. */
#define PAGE_FLAGS_CHECK_AT_FREE						\
	((1UL << PG_lru) | (1UL << PG_locked) | (1UL << PG_private) |	\
	 (1UL << PG_private_2) | (1UL << PG_writeback) | (1UL << PG_reserved) | \
	 (1UL << PG_slab) | (1UL << PG_active) | (1UL << PG_unevictable) | \
	 (1UL << PG_mlocked))
#define PAGE_FLAGS_CHECK_AT_PREP ((1UL << __NR_PAGEFLAGS) - 1)

/*
 * page->mapping of an anonymous page points to its anon_vma with the low
 * bit set, so one word says both "anonymous" and where its rmap is
 * (Linux: PAGE_MAPPING_ANON). A page-cache page's mapping is its
 * address_space, always aligned.
 */
#define PAGE_MAPPING_ANON	0x1UL
#define PAGE_MAPPING_FLAGS	0x3UL

static inline bool PageAnon(const struct page *p)
{
	return (unsigned long)READ_ONCE(p->mapping) & PAGE_MAPPING_ANON;
}

static inline bool PageMappingFlags(const struct page *p)
{
	return (unsigned long)p->mapping & PAGE_MAPPING_FLAGS;
}

/* Page types: stored inverted in page_type so that -1 (_mapcount of an unmapped page) means "no type". */
#define PAGE_TYPE_BASE 0xf0000000u
#define PG_buddy 0x00000080u

static inline bool PageBuddy(const struct page *p)
{
	return (p->page_type & (PAGE_TYPE_BASE | PG_buddy)) == PAGE_TYPE_BASE;
}

static inline void __SetPageBuddy(struct page *p)
{
	p->page_type &= ~PG_buddy;
}

static inline void __ClearPageBuddy(struct page *p)
{
	p->page_type |= PG_buddy;
}

static inline bool PageTail(const struct page *p)
{
	return READ_ONCE(p->compound_head) & 1;
}

static inline bool PageCompound(const struct page *p)
{
	return PageHead(p) || PageTail(p);
}

#endif
