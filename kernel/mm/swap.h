/*
 * LRU lists, page release, and swap (Linux: include/linux/swap.h and
 * include/linux/mm_inline.h).
 *
 * Every user page and page-cache page sits on one of its node's LRU
 * lists while it is in use, so reclaim can find the coldest pages.
 * Pages are added in per-CPU batches (lru_cache_add), so the lru_lock is
 * taken once per PAGEVEC_SIZE pages; a page still in a batch is not yet
 * PageLRU and holds one extra reference for the batch.
 */
#ifndef _MM_SWAP_H
#define _MM_SWAP_H

#include "mm/mm.h"
#include "mm/mmzone.h"
#include "mm/gfp.h"
#include "mm/swapops.h"
#include "spinlock.h"

struct vm_area_struct;
struct vm_fault;
struct address_space;
struct writeback_control;
struct block_device;

#define PAGEVEC_SIZE 15

/* The lruvec a page belongs on: its node's (Linux: also its memory cgroup's). */
static inline struct lruvec *page_lruvec(const struct page *page)
{
	return &NODE_DATA(page_to_nid(page))->__lruvec;
}

static inline pg_data_t *lruvec_pgdat(struct lruvec *lruvec)
{
	return container_of(lruvec, pg_data_t, __lruvec);
}

/* File pages are reclaimed by dropping or writing them; the rest need swap. */
static inline bool page_is_file_lru(const struct page *page)
{
	return !PageSwapBacked(page);
}

/* Which list a page is on, or should go on (Linux: folio_lru_list). */
/*
 * May reclaim take this page at all? Not if its mapping says never
 * (Linux: folio_evictable, which also keeps mlocked pages).
 */
bool page_evictable(const struct page *page);

static inline enum lru_list page_lru(const struct page *page)
{
	if (PageUnevictable(page))
		return LRU_UNEVICTABLE;
	return (page_is_file_lru(page) ? LRU_FILE : 0) + (PageActive(page) ? LRU_ACTIVE : 0);
}

void lruvec_init(struct lruvec *lruvec);
/* Under lruvec->lru_lock: move a page onto or off its list, counting it. */
void add_page_to_lru_list(struct page *page, struct lruvec *lruvec);
void del_page_from_lru_list(struct page *page, struct lruvec *lruvec);

/* Queue a page for its inactive list; takes a reference until the batch drains. */
void lru_cache_add(struct page *page);
/* A new anonymous page of vma (Linux: mlocked VMAs go to the unevictable list). */
void lru_cache_add_inactive_or_unevictable(struct page *page, struct vm_area_struct *vma);
/* Empty this CPU's batch onto the lists / every CPU's batch. */
void lru_add_drain(void);
void lru_add_drain_all(void);

/* Second chance: the first access sets PG_referenced, the second activates. */
void mark_page_accessed(struct page *page);
void activate_page(struct page *page);
/* Move a page to the inactive list, as if reclaim had aged it (madvise(MADV_COLD)). */
void deactivate_page(struct page *page);

/* Last reference gone: take the page off its LRU list before it is freed. */
void __page_cache_release(struct page *page);

/* Reclaim (mm/vmscan.c): free clean page cache for an allocation; pages freed. */
/* mm/vmscan.c: reclaim. */
extern int vm_swappiness;
unsigned long try_to_free_pages(gfp_t gfp, unsigned int order);
void wakeup_kswapd(struct zone *zone, gfp_t gfp, int order, int highest_zoneidx);
void rotate_reclaimable_page(struct page *page);
/* Take a page off its LRU list, with a reference: 0, or -EBUSY if it is on none. */
int isolate_lru_page(struct page *page);
/* Reclaim these isolated pages now, whether used lately or not; puts back the rest. */
unsigned long reclaim_pages(struct list_head *pages);
/* /proc/sys/vm/drop_caches: 1 page cache, 2 unused inodes, 3 both; pages freed. */
unsigned long drop_caches(int mode);

/* ---- swap areas (mm/swapfile.c) ---- */

/*
 * swap_map: one count per slot, how many ptes hold the entry, plus
 * SWAP_HAS_CACHE while the slot's page is in the swap cache. A slot is
 * free when the whole value is 0. Linux packs this into a byte and
 * continues large counts in extra pages; Pagoda uses 16 bits.
 */
#define SWAP_HAS_CACHE	0x8000
#define SWAP_MAP_BAD	0x7fff		/* the header, or a bad page: never used */
#define SWAP_MAP_MAX	0x7ffe
#define SWAP_COUNT(v)	((v) & ~SWAP_HAS_CACHE)

/* Slots are handed out a cluster at a time, each CPU from its own (Linux: SWAPFILE_CLUSTER). */
#define SWAPFILE_CLUSTER 256
#define NO_CLUSTER (~0U)

struct swap_cluster_info {
	unsigned int count;		/* slots in use */
	unsigned int next;		/* the next free cluster, on the free list */
	bool free_listed;
};

/* swap_info_struct.flags */
#define SWP_USED	0x1		/* the slot in swap_info[] is taken */
#define SWP_WRITEOK	0x2		/* slots may be allocated (not during swapoff) */

struct swap_info_struct {
	spinlock_t lock;		/* everything below */
	unsigned long flags;
	short prio;			/* higher is used first */
	int type;			/* index in swap_info[] */
	unsigned int max;		/* slots, the header's included */
	unsigned int pages;		/* usable slots */
	unsigned int inuse_pages;
	unsigned short *swap_map;
	struct swap_cluster_info *cluster_info;
	unsigned int nr_clusters;
	unsigned int free_head, free_tail;	/* free clusters, first to last */
	unsigned int cpu_cluster[NR_CPUS];	/* each CPU's cluster, or NO_CLUSTER */
	unsigned int cpu_next[NR_CPUS];		/* and where it goes on in it */
	struct block_device *bdev;
	char name[32];			/* "/dev/vdb", as given to swapon */
};

extern struct swap_info_struct *swap_info[MAX_SWAPFILES];
extern atomic_long_t nr_swap_pages;	/* free slots in all areas */
extern long total_swap_pages;

static inline struct swap_info_struct *swp_swap_info(swp_entry_t entry)
{
	return swp_type(entry) < MAX_SWAPFILES ? READ_ONCE(swap_info[swp_type(entry)]) : NULL;
}

/* A free slot with SWAP_HAS_CACHE set (for add_to_swap), or the entry 0. */
swp_entry_t get_swap_page(void);
/* One more pte holds entry (fork): 0, or -ENOMEM when its count is full. */
int swap_duplicate(swp_entry_t entry);
/* One pte less holds entry; the slot is free when nothing does. */
void swap_free(swp_entry_t entry);
/* The swap cache lets go of the slot (its page left the cache). */
void swapcache_free(swp_entry_t entry);
/* Claim the slot for a swap cache page about to be read: 0, -EEXIST (someone has) or -ENOENT (free). */
int swapcache_prepare(swp_entry_t entry);
/* How many ptes hold entry. */
int swap_count(swp_entry_t entry);
/* A swap pte went (munmap, exit): free the slot, and its cached page if nobody needs it. */
void free_swap_and_cache(swp_entry_t entry);
/* A locked swap cache page nobody maps by its entry any more leaves the cache: true if it did. */
bool try_to_free_swap(struct page *page);
/* Is more than half of swap in use? (Linux: vm_swap_full) */
bool vm_swap_full(void);
/*
 * The mms that may hold swap entries, for swapoff to visit (Linux:
 * init_mm.mmlist): an mm joins when it gets its first one (reclaim,
 * fork), and leaves when it goes.
 */
void mmlist_add(struct mm_struct *mm);
void mmlist_del(struct mm_struct *mm);
/* swapon(2) and swapoff(2) with the path in kernel memory ("/dev/vdb"): 0 or -errno. */
int swapon_path(const char *path, int swap_flags);
int swapoff_path(const char *path);
void si_swapinfo(unsigned long *total, unsigned long *free);

/* ---- the swap cache (mm/swap_state.c) ---- */

/* PG_swapcache is PG_owner_priv_1 on a swap-backed page, as in Linux. */
static inline bool PageSwapCache(const struct page *page)
{
	return PageSwapBacked(page) && test_bit(PG_owner_priv_1, &page->flags);
}

static inline swp_entry_t page_swap_entry(const struct page *page)
{
	return (swp_entry_t){ page_private(page) };
}

struct address_space *swap_address_space(swp_entry_t entry);
/* Put a locked page in the swap cache at entry (whose HAS_CACHE the caller holds). */
int add_to_swap_cache(struct page *page, swp_entry_t entry, gfp_t gfp);
/* Take a locked page out of the swap cache and give its slot's HAS_CACHE back. */
void delete_from_swap_cache(struct page *page);
/* Under the space's xa_lock; the caller then frees the slot's cache bit and drops the reference. */
void __delete_from_swap_cache(struct page *page, swp_entry_t entry);
/* Give a locked anonymous page a swap slot and put it in the swap cache: true if done. */
bool add_to_swap(struct page *page);
/* A page leaving a pte: drop its swap slot too if nothing else needs it. */
void free_swap_cache(struct page *page);
/* The page cached for entry, referenced, or NULL. */
struct page *lookup_swap_cache(swp_entry_t entry);
/* The page for entry, read in if need be (not waited for); NULL without memory or slot. */
struct page *read_swap_cache_async(swp_entry_t entry, gfp_t gfp, bool *new_read);
/* Read entry and its neighbours in (swap readahead); returns entry's page, referenced. */
struct page *swapin_readahead(swp_entry_t entry, gfp_t gfp);
/* A fault found page in the swap cache: counts it if readahead brought it in. */
void swapin_readahead_hit(struct page *page);
/* Readahead's next window in pages, from the hits since the last (for its KUnit test). */
unsigned int swapin_window(unsigned long prev_offset, unsigned long offset, unsigned int hits,
			   unsigned int last_window);
unsigned long total_swapcache_pages(void);
void swap_cache_init(void);

/* ---- swap I/O (mm/page_io.c) ---- */
int swap_writepage(struct page *page, struct writeback_control *wbc);
/* Read a locked page's slot; the page is unlocked, uptodate or not, when it is in. */
int swap_readpage(struct page *page, bool synchronous);

#endif
