/*
 * The page cache (Linux: include/linux/pagemap.h, and struct
 * address_space from include/linux/fs.h).
 *
 * Each inode with data has an address_space: its cached pages, indexed
 * by file offset in pages in an XArray (O(log n) lookup), the VMAs that
 * map it, and the operations its file system provides to read and write
 * pages. A page in the cache has page->mapping = the address_space and
 * page->index = its offset in pages, holds one reference for the cache,
 * and is on an LRU list.
 *
 * Page state, as in Linux:
 *   PG_locked     held while the page is read in, truncated, or handed to
 *                 writeback; a sleeping lock (lock_page/unlock_page)
 *   PG_uptodate   the contents are valid (read from disk, or written whole)
 *   PG_dirty      newer in memory than on disk; also tagged DIRTY in the index
 *   PG_writeback  on its way to disk; tagged WRITEBACK in the index
 *
 * Locking: mapping->i_pages.xa_lock (taken with interrupts off) guards the
 * index and its tags; i_mmap_lock the list of VMAs. A page's lock is taken
 * before xa_lock.
 */
#ifndef _MM_PAGEMAP_H
#define _MM_PAGEMAP_H

#include "mm/mm.h"
#include "mm/user.h"
#include "xarray.h"
#include "list.h"
#include "spinlock.h"

struct inode;
struct file;
struct page;
struct address_space;
struct writeback_control;
struct readahead_control;
struct file_ra_state;

#define PAGECACHE_TAG_DIRTY	XA_MARK_0
#define PAGECACHE_TAG_WRITEBACK	XA_MARK_1

/* What a file system does for the page cache (Linux: struct address_space_operations). */
struct address_space_operations {
	/* Read one locked page in; unlock it when done (and set uptodate if it worked). */
	int (*read_folio)(struct file *file, struct page *page);
	/* Start reading the locked, not-uptodate pages of rac; each is unlocked on completion. */
	void (*readahead)(struct readahead_control *rac);
	/* Write one locked dirty page (its PG_writeback set); unlock it, end writeback when done. */
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	/*
	 * Prepare [pos, pos+len) of one page for a write(): find or make the
	 * page, lock it, read it if the write covers it only partly, and
	 * allocate disk space. write_end takes the bytes copied.
	 */
	int (*write_begin)(struct file *file, struct address_space *mapping, loff_t pos,
			   unsigned int len, struct page **pagep);
	int (*write_end)(struct file *file, struct address_space *mapping, loff_t pos,
			 unsigned int len, unsigned int copied, struct page *page);
};

struct address_space {
	struct inode *host;
	struct xarray i_pages;			/* cached pages by index; DIRTY/WRITEBACK tags */
	unsigned long nrpages;			/* under i_pages.xa_lock */
	const struct address_space_operations *a_ops;
	struct list_head i_mmap;		/* VMAs mapping this file (Linux: an interval tree) */
	spinlock_t i_mmap_lock;			/* Linux: i_mmap_rwsem */
	int wb_err;				/* a writeback error not yet reported by fsync */
	unsigned long dirtied_when;		/* jiffies when it first got a dirty page */
	struct list_head dirty_list;		/* on the dirty-inode list while it has dirty pages */
	bool unevictable;			/* never reclaimed: shmem (Linux: ramfs, SHM_LOCK, mlock) */
};

void address_space_init(struct address_space *mapping, struct inode *host,
			const struct address_space_operations *a_ops);

/* ---- page locks and waits (mm/filemap.c) ---- */
void __lock_page(struct page *page);
void unlock_page(struct page *page);
void wait_on_page_locked(struct page *page);
void wait_on_page_writeback(struct page *page);
void end_page_writeback(struct page *page);

static inline bool trylock_page(struct page *page)
{
	return !TestSetPageLocked(page);
}

static inline void lock_page(struct page *page)
{
	if (!trylock_page(page))
		__lock_page(page);
}

static inline struct address_space *page_mapping(const struct page *page)
{
	if (PageAnon(page))
		return NULL;
	return page->mapping;
}

/* ---- the page cache (mm/filemap.c) ---- */
/* The page at index with a reference, or NULL (Linux: find_get_page). */
struct page *find_get_page(struct address_space *mapping, pgoff_t index);
/* The same, locked, and still in the mapping when returned. */
struct page *find_lock_page(struct address_space *mapping, pgoff_t index);
/* Find or add a page at index, locked and referenced; NULL without memory. */
struct page *find_or_create_page(struct address_space *mapping, pgoff_t index, gfp_t gfp);
/* Insert a locked new page; it joins the LRU. 0, -EEXIST or -ENOMEM. */
int add_to_page_cache_lru(struct page *page, struct address_space *mapping, pgoff_t index,
			  gfp_t gfp);
/* Take a locked page out of its mapping (the cache's reference is dropped). */
void delete_from_page_cache(struct page *page);
/* The same under the mapping's xa_lock, keeping the cache's reference for the caller to drop. */
void __delete_from_page_cache(struct page *page);
/* The page at index, read in and uptodate, referenced; or ERR_PTR. */
struct page *read_mapping_page(struct address_space *mapping, pgoff_t index, struct file *file);

/*
 * read() and write() of a page-cache file (mm/filemap.c): through
 * mapping, with ra the reader's readahead state. `kernel`: buf is a
 * kernel address (kernel_read, tests), not a user one.
 */
ssize_t filemap_read(struct address_space *mapping, struct file_ra_state *ra,
		     char __user *buf, size_t count, loff_t *ppos, bool kernel);
ssize_t generic_perform_write(struct address_space *mapping, const char __user *buf,
			      size_t count, loff_t pos, bool kernel);
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);
vm_fault_t filemap_fault(struct vm_fault *vmf);
vm_fault_t filemap_page_mkwrite(struct vm_fault *vmf);

/* ---- readahead (mm/readahead.c) ---- */
/* Per open file: the window of the last readahead (Linux: struct file_ra_state). */
struct file_ra_state {
	pgoff_t start;		/* first page of the current window */
	unsigned int size;	/* pages in it */
	unsigned int async_size;	/* start the next window when this many remain */
	unsigned int ra_pages;	/* the largest window */
	loff_t prev_pos;	/* where the last read ended */
};
#define VM_READAHEAD_PAGES 32	/* 128 KiB, Linux's default read_ahead_kb */

struct readahead_control {
	struct file *file;
	struct address_space *mapping;
	pgoff_t index;		/* first page */
	unsigned int nr_pages;	/* pages, all locked and new in the cache */
	struct page **pages;
};

void file_ra_state_init(struct file_ra_state *ra);
/* A read missed at index: read it and what follows it (Linux: page_cache_sync_readahead). */
void page_cache_sync_readahead(struct address_space *mapping, struct file_ra_state *ra,
			       struct file *file, pgoff_t index, unsigned long req_count);
/* A read reached a PG_readahead page: start the next window now. */
void page_cache_async_readahead(struct address_space *mapping, struct file_ra_state *ra,
				struct file *file, struct page *page, pgoff_t index,
				unsigned long req_count);
/* Read [index, index+nr) into the cache, at most max_pages per batch (madvise WILLNEED). */
void force_page_cache_readahead(struct address_space *mapping, struct file *file,
				pgoff_t index, unsigned long nr);

/* ---- dirty pages and writeback (mm/page-writeback.c) ---- */
enum writeback_sync_modes {
	WB_SYNC_NONE,	/* don't wait on anything: the flusher */
	WB_SYNC_ALL,	/* wait on every page: fsync, msync */
};

struct writeback_control {
	long nr_to_write;	/* pages left to write */
	enum writeback_sync_modes sync_mode;
	loff_t range_start, range_end;	/* bytes */
	long pages_written;
};

/*
 * Mark a page as changed in memory and not yet on disk (Linux:
 * folio_mark_dirty). True if it was clean before. A page-cache page is
 * also counted in Dirty and tagged for writeback in its mapping.
 */
bool set_page_dirty(struct page *page);
/* Writeback is about to start: clear PG_dirty and write-protect its ptes. */
bool clear_page_dirty_for_io(struct page *page);
/* Before writepage: set PG_writeback and the tag (page locked). */
void set_page_writeback(struct page *page);
/* Writeback done: clear PG_writeback and the tag (end_page_writeback then wakes waiters). */
void test_clear_page_writeback(struct page *page);
/* Write the mapping's dirty pages in [start, end] (bytes); wait too if WB_SYNC_ALL. */
int filemap_fdatawrite_range(struct address_space *mapping, loff_t start, loff_t end,
			     enum writeback_sync_modes mode);
int filemap_fdatawait_range(struct address_space *mapping, loff_t start, loff_t end);
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end);
static inline int filemap_write_and_wait(struct address_space *mapping)
{
	return filemap_write_and_wait_range(mapping, 0, LLONG_MAX);
}
/* Record a writeback error for the next fsync (Linux: mapping_set_error). */
void mapping_set_error(struct address_space *mapping, int err);
/* Write every dirty page of every file (sync, shutdown). */
void wakeup_flusher_threads(void);
void sync_all_mappings(void);
/* The dirty-inode list, for the flusher (mm/page-writeback.c). */
void mapping_mark_dirty(struct address_space *mapping);
void inode_io_list_del(struct inode *inode);
/* A writer over the dirty limit writes back some of its own pages first. */
void balance_dirty_pages_ratelimited(struct address_space *mapping);
extern int dirty_writeback_interval;	/* centisecs between flusher runs */
extern int dirty_expire_interval;	/* centisecs before dirty data is old */

/* ---- truncation (mm/truncate.c) ---- */
/* Drop the cached pages from byte lstart on, waiting for I/O (Linux: truncate_inode_pages_range). */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/* Unmap the file's pages from every process from byte `from` on (Linux: unmap_mapping_range). */
void unmap_mapping_range(struct address_space *mapping, loff_t from);
/* i_size shrinks to newsize: unmap and drop what lies past it. */
void truncate_pagecache(struct inode *inode, loff_t newsize);
/* Drop clean, unmapped pages (drop_caches); returns how many went. */
unsigned long invalidate_mapping_pages(struct address_space *mapping, pgoff_t start, pgoff_t end);

#endif
