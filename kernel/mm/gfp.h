/*
 * GFP ("get free pages") flags and the page allocator's interface
 * (Linux: include/linux/gfp_types.h and gfp.h). The flags say which zones
 * an allocation may use, which migratetype it is, whether it may sleep
 * and reclaim, and what to do with the page (zero it, make it compound).
 */
#ifndef _MM_GFP_H
#define _MM_GFP_H

#include "types.h"
#include "mm/mmzone.h"
#include "mm/mm_types.h"

typedef unsigned int gfp_t;

#define __GFP_DMA            0x01u	/* no ZONE_DMA on riscv64: treated as DMA32 */
#define __GFP_HIGHMEM        0x02u
#define __GFP_DMA32          0x04u
#define __GFP_MOVABLE        0x08u
#define __GFP_RECLAIMABLE    0x10u
#define __GFP_HIGH           0x20u	/* may dip into the reserves below min */
#define __GFP_IO             0x40u
#define __GFP_FS             0x80u
#define __GFP_ZERO           0x100u
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_WRITE          0x1000u
#define __GFP_NOWARN         0x2000u
#define __GFP_RETRY_MAYFAIL  0x4000u
#define __GFP_NOFAIL         0x8000u
#define __GFP_NORETRY        0x10000u
#define __GFP_MEMALLOC       0x20000u
#define __GFP_COMP           0x40000u
#define __GFP_NOMEMALLOC     0x80000u
#define __GFP_HARDWALL       0x100000u
#define __GFP_THISNODE       0x200000u
#define __GFP_ACCOUNT        0x400000u
#define __GFP_BITS           23

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

#define GFP_ATOMIC   (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL   (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_NOWAIT   (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO     (__GFP_RECLAIM)
#define GFP_NOFS     (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER     (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA32    __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)

/*
 * The highest zone an allocation may use. As in Linux's GFP_ZONE_TABLE,
 * ZONE_MOVABLE needs both __GFP_HIGHMEM and __GFP_MOVABLE, and highmem
 * alone means ZONE_NORMAL on a 64-bit machine.
 */
static inline enum zone_type gfp_zone(gfp_t flags)
{
	if (flags & (__GFP_DMA | __GFP_DMA32))
		return ZONE_DMA32;
	if ((flags & (__GFP_HIGHMEM | __GFP_MOVABLE)) == (__GFP_HIGHMEM | __GFP_MOVABLE))
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

static inline int gfp_migratetype(gfp_t flags)
{
	return (flags & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT;
}

static inline bool gfpflags_allow_blocking(gfp_t flags)
{
	return flags & __GFP_DIRECT_RECLAIM;
}

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid);
struct page *alloc_pages(gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
#define __free_page(page) __free_pages(page, 0)
#define free_page(addr) free_pages(addr, 0)

void drain_all_pages(struct zone *zone);
void drain_local_pages(struct zone *zone);
/* Print "mode:0x..(GFP_KERNEL|__GFP_ZERO)"-style names for a mask. */
int format_gfp_flags(char *buf, size_t size, gfp_t gfp);

#endif
