/*
 * The page cache (Linux: mm/filemap.c): sleeping on a page's lock, the
 * index of cached pages, and read(), write() and mmap() through it.
 *
 * Waiters on a page's PG_locked or PG_writeback bit sleep on the page's address as their channel, in one of a few
 * hashed buckets, each with a spinlock. PG_waiters says someone may be
 * asleep, so unlocking a page nobody waits for costs one bit test.
 */
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/gfp.h"
#include "fs/vfs.h"
#include "sched.h"
#include "err.h"
#include "errno.h"
#include "string.h"

#define PAGE_WAIT_BITS 6
static spinlock_t page_wait_table[1 << PAGE_WAIT_BITS];

static spinlock_t *page_waitqueue(struct page *page)
{
	unsigned long h = (unsigned long)page >> 6;

	h *= 0x9e3779b97f4a7c15UL;
	return &page_wait_table[h >> (64 - PAGE_WAIT_BITS)];
}

/*
 * Sleep until `bit` of page->flags is clear; with `take`, also set it.
 * PG_waiters is set before the bit is tested again, under the bucket
 * lock, so a waker that clears the bit and then sees PG_waiters
 * (wake_up_page_bit) cannot miss us.
 */
static void wait_on_page_bit(struct page *page, int bit, bool take)
{
	spinlock_t *lock = page_waitqueue(page);
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	for (;;) {
		set_bit(PG_waiters, &page->flags);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (take ? !test_and_set_bit(bit, &page->flags) : !test_bit(bit, &page->flags))
			break;
		sleep_uninterruptible(page, lock);
	}
	spin_unlock_irqrestore(lock, flags);
}

static void wake_up_page_bit(struct page *page)
{
	spinlock_t *lock = page_waitqueue(page);
	unsigned long flags;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!test_bit(PG_waiters, &page->flags))
		return;
	spin_lock_irqsave(lock, flags);
	clear_bit(PG_waiters, &page->flags);	/* the woken set it again if they sleep */
	wakeup(page);
	spin_unlock_irqrestore(lock, flags);
}

void __lock_page(struct page *page)
{
	wait_on_page_bit(page, PG_locked, true);
}

void unlock_page(struct page *page)
{
	__atomic_fetch_and(&page->flags, ~(1UL << PG_locked), __ATOMIC_RELEASE);
	wake_up_page_bit(page);
}

void wait_on_page_locked(struct page *page)
{
	if (PageLocked(page))
		wait_on_page_bit(page, PG_locked, false);
}

void wait_on_page_writeback(struct page *page)
{
	if (PageWriteback(page))
		wait_on_page_bit(page, PG_writeback, false);
}

void end_page_writeback(struct page *page)
{
	/* Reclaim wrote it to free it: put it where the next scan looks first. */
	if (PageReclaim(page)) {
		ClearPageReclaim(page);
		rotate_reclaimable_page(page);
	}
	test_clear_page_writeback(page);
	wake_up_page_bit(page);
}

/* ---- the page cache index ---------------------------------------------- */

void address_space_init(struct address_space *mapping, struct inode *host,
			const struct address_space_operations *a_ops)
{
	xa_init_flags(&mapping->i_pages, XA_FLAGS_LOCK_IRQ);	/* writeback ends in the disk's interrupt */
	mapping->host = host;
	mapping->nrpages = 0;
	mapping->a_ops = a_ops;
	INIT_LIST_HEAD(&mapping->i_mmap);
	spin_lock_init(&mapping->i_mmap_lock, "i_mmap_lock");
	mapping->wb_err = 0;
	mapping->dirtied_when = 0;
	INIT_LIST_HEAD(&mapping->dirty_list);
	mapping->unevictable = false;
}

/*
 * Insert a locked page at index: the cache takes a reference, and the
 * page joins the LRU (Linux: filemap_add_folio). 0, -EEXIST or -ENOMEM.
 */
int add_to_page_cache_lru(struct page *page, struct address_space *mapping, pgoff_t index,
			  gfp_t gfp)
{
	void *old;

	get_page(page);
	page->mapping = mapping;
	page->index = index;
	xa_lock(&mapping->i_pages);
	old = __xa_load(&mapping->i_pages, index);
	if (old) {
		xa_unlock(&mapping->i_pages);
		page->mapping = NULL;
		put_page(page);
		return -EEXIST;
	}
	/* A store that must allocate drops xa_lock for it: someone may get in first. */
	old = __xa_store(&mapping->i_pages, index, page, gfp);
	if (old && !xa_is_err(old)) {
		__xa_store(&mapping->i_pages, index, old, gfp);	/* theirs stays; no allocation */
		old = XA_ERROR(-EEXIST);
	}
	if (xa_is_err(old)) {
		xa_unlock(&mapping->i_pages);
		page->mapping = NULL;
		put_page(page);
		return xa_err(old);
	}
	mapping->nrpages++;
	xa_unlock(&mapping->i_pages);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_PAGES, 1);
	if (PageSwapBacked(page))
		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SHMEM, 1);
	lru_cache_add(page);
	return 0;
}

/*
 * A dirty page leaves the cache unwritten (truncation): it is no longer
 * owed to the disk. Shmem pages were never counted (set_page_dirty), so
 * they are not uncounted either (Linux: mapping_can_writeback).
 */
static void account_page_cleaned(struct page *page)
{
	if (TestClearPageDirty(page) && !PageSwapBacked(page)) {
		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_DIRTY, -1);
		__mod_zone_page_state(page_zone(page), NR_ZONE_WRITE_PENDING, -1);
	}
}

void __delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;

	__xa_erase(&mapping->i_pages, page->index);
	mapping->nrpages--;
	account_page_cleaned(page);
	page->mapping = NULL;
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_PAGES, -1);
	if (PageSwapBacked(page))
		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_SHMEM, -1);
}

void delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;

	xa_lock(&mapping->i_pages);
	__delete_from_page_cache(page);
	xa_unlock(&mapping->i_pages);
	put_page(page);		/* the cache's reference */
}

struct page *find_get_page(struct address_space *mapping, pgoff_t index)
{
	struct page *page;

	/* Under xa_lock, so the page cannot be freed between finding and referencing it. */
	xa_lock(&mapping->i_pages);
	page = __xa_load(&mapping->i_pages, index);
	if (page)
		get_page(page);
	xa_unlock(&mapping->i_pages);
	return page;
}

struct page *find_lock_page(struct address_space *mapping, pgoff_t index)
{
	struct page *page;

	for (;;) {
		page = find_get_page(mapping, index);
		if (!page)
			return NULL;
		lock_page(page);
		if (page->mapping == mapping && page->index == index)
			return page;
		unlock_page(page);	/* truncated while we slept */
		put_page(page);
	}
}

struct page *find_or_create_page(struct address_space *mapping, pgoff_t index, gfp_t gfp)
{
	struct page *page;
	int err;

	for (;;) {
		page = find_lock_page(mapping, index);
		if (page)
			return page;
		page = alloc_page(gfp | __GFP_NOWARN);
		if (!page)
			return NULL;
		__SetPageLocked(page);
		err = add_to_page_cache_lru(page, mapping, index, gfp);
		if (!err)
			return page;
		__ClearPageLocked(page);
		put_page(page);
		if (err != -EEXIST)
			return NULL;
	}
}

/* Read a locked page with ->read_folio and wait for it: 0 or -EIO. */
static int filemap_read_folio(struct file *file, struct address_space *mapping, struct page *page)
{
	int err;

	ClearPageError(page);
	err = mapping->a_ops->read_folio(file, page);
	if (err)
		return err;
	wait_on_page_locked(page);
	return PageUptodate(page) ? 0 : -EIO;
}

struct page *read_mapping_page(struct address_space *mapping, pgoff_t index, struct file *file)
{
	struct page *page = find_or_create_page(mapping, index, GFP_HIGHUSER_MOVABLE);
	int err;

	if (!page)
		return ERR_PTR(-ENOMEM);
	if (PageUptodate(page)) {
		unlock_page(page);
		return page;
	}
	err = filemap_read_folio(file, mapping, page);
	if (err) {
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

/* ---- read() ------------------------------------------------------------ */

/*
 * The uptodate page at index for a read, reading ahead on a miss and when
 * the read reaches the readahead marker; referenced, or ERR_PTR.
 */
static struct page *filemap_get_read_page(struct address_space *mapping,
					  struct file_ra_state *ra, pgoff_t index,
					  pgoff_t last_index)
{
	struct page *page;
	int err;

	page = find_get_page(mapping, index);
	if (!page) {
		page_cache_sync_readahead(mapping, ra, NULL, index, last_index - index);
		page = find_get_page(mapping, index);
		if (!page)
			return read_mapping_page(mapping, index, NULL);
	}
	if (PageReadahead(page))
		page_cache_async_readahead(mapping, ra, NULL, page, index, last_index - index);
	if (PageUptodate(page))
		return page;
	/* Readahead has it locked while the read is in flight. */
	lock_page(page);
	if (!page->mapping) {		/* truncated meanwhile: start over */
		unlock_page(page);
		put_page(page);
		return filemap_get_read_page(mapping, ra, index, last_index);
	}
	if (PageUptodate(page)) {
		unlock_page(page);
		return page;
	}
	err = filemap_read_folio(NULL, mapping, page);
	if (err) {
		put_page(page);
		return ERR_PTR(err);
	}
	return page;
}

/* Pages a read() gathers before copying them out (Linux: a folio_batch of 15). */
#define FILEMAP_BATCH 16

/* Copy a batch of pages to buf: the bytes copied; short if the buffer faulted. */
static size_t copy_batch(struct page **pages, int nr, loff_t pos, size_t want,
			 char __user *buf, bool kernel)
{
	size_t done = 0;

	/* One SUM window for the whole batch: QEMU flushes its TLB at every change. */
	if (!kernel && !user_access_begin(buf, want))
		return 0;
	for (int i = 0; i < nr && done < want; i++) {
		size_t off = (pos + done) & ~PAGE_MASK, n = min(PAGE_SIZE - off, want - done);
		char *from = (char *)page_address(pages[i]) + off;
		size_t left = 0;

		if (kernel)
			memcpy((char *)buf + done, from, n);
		else
			left = copy_to_user(buf + done, from, n);
		done += n - left;
		if (left)
			break;
	}
	if (!kernel)
		user_access_end();
	return done;
}

/*
 * read() of a page-cache file (Linux: filemap_read): gather up to a batch
 * of cached pages (reading in and ahead what is missing), copy them out,
 * drop them. No lock is held while copying, so the user buffer may fault,
 * even on a mapping of this same file. `kernel`: buf is a kernel address.
 */
ssize_t filemap_read(struct address_space *mapping, struct file_ra_state *ra,
		     char __user *buf, size_t count, loff_t *ppos, bool kernel)
{
	struct inode *inode = mapping->host;
	loff_t pos = *ppos;
	size_t done = 0;
	int err = 0;

	if (pos < 0)
		return -EINVAL;
	while (done < count && !err) {
		loff_t isize = READ_ONCE(inode->i_size), end = min(pos + (loff_t)(count - done), isize);
		pgoff_t index = pos >> PAGE_SHIFT, last;
		struct page *pages[FILEMAP_BATCH];
		size_t want, got;
		int nr = 0;

		if (pos >= isize)
			break;
		last = (end - 1) >> PAGE_SHIFT;
		for (; nr < FILEMAP_BATCH && index + nr <= last; nr++) {
			struct page *page = filemap_get_read_page(mapping, ra, index + nr, last + 1);

			if (IS_ERR(page)) {
				if (!nr)
					err = PTR_ERR(page);
				break;
			}
			pages[nr] = page;
		}
		if (!nr)
			break;
		want = min((loff_t)(((index + nr) << PAGE_SHIFT) - pos), end - pos);
		got = copy_batch(pages, nr, pos, want, buf + done, kernel);
		for (int i = 0; i < nr; i++) {
			/* Count an access once per page, not per read() of its bytes. */
			if (ra->prev_pos < 0 || (pgoff_t)(ra->prev_pos >> PAGE_SHIFT) != index + i ||
			    !(ra->prev_pos & ~PAGE_MASK))
				mark_page_accessed(pages[i]);
			put_page(pages[i]);
		}
		done += got;
		pos += got;
		ra->prev_pos = pos;
		if (got < want)
			err = -EFAULT;
	}
	*ppos = pos;
	return done ? (ssize_t)done : err;
}

/* ---- write() ----------------------------------------------------------- */

/*
 * write() of a page-cache file, page by page (Linux:
 * generic_perform_write): the file system's write_begin finds the page,
 * locked, and makes room on disk; the bytes are copied in; write_end
 * marks it dirty and moves i_size. The copy runs with page faults off:
 * a fault now could need this very page (the buffer may be an mmap of
 * it) and deadlock on its lock. So the source is faulted in first, and a
 * copy that still comes up short is retried. Returns bytes written or -errno.
 */
ssize_t generic_perform_write(struct address_space *mapping, const char __user *buf,
			      size_t count, loff_t pos, bool kernel)
{
	const struct address_space_operations *a_ops = mapping->a_ops;
	size_t done = 0;
	int err = 0;

	while (done < count) {
		size_t off = pos & ~PAGE_MASK, n = min(PAGE_SIZE - off, count - done), left;
		struct page *page;
		int copied;

		if (!kernel && fault_in_readable(buf + done, n) == n) {
			err = -EFAULT;
			break;
		}
		err = a_ops->write_begin(NULL, mapping, pos, n, &page);
		if (err)
			break;
		if (kernel) {
			memcpy((char *)page_address(page) + off, (const char *)buf + done, n);
			left = 0;
		} else {
			pagefault_disable();
			left = copy_from_user((char *)page_address(page) + off, buf + done, n);
			pagefault_enable();
		}
		copied = a_ops->write_end(NULL, mapping, pos, n, n - left, page);
		if (copied < 0) {
			err = copied;
			break;
		}
		done += copied;
		pos += copied;
	}
	return done ? (ssize_t)done : err;
}

/* ---- mmap() ------------------------------------------------------------ */

/*
 * A fault in a file mapping (Linux: filemap_fault): the page from the
 * cache, or read in (a major fault) with the pages around it. Returns it
 * locked and referenced in vmf->page; past the end of the file, SIGBUS.
 */
vm_fault_t filemap_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct address_space *mapping = file->f_inode->i_mapping;
	struct inode *inode = mapping->host;
	pgoff_t index = vmf->pgoff, max = (READ_ONCE(inode->i_size) + PAGE_SIZE - 1) >> PAGE_SHIFT;
	vm_fault_t ret = 0;
	struct page *page;

	if (index >= max)
		return VM_FAULT_SIGBUS;
	page = find_get_page(mapping, index);
	if (page && PageReadahead(page) && !(vmf->vma->vm_flags & VM_RAND_READ))
		page_cache_async_readahead(mapping, &file->f_ra, file, page, index, 1);
	if (!page) {
		ret = VM_FAULT_MAJOR;
		/* Read around the fault (Linux: do_sync_mmap_readahead). */
		if (!(vmf->vma->vm_flags & VM_RAND_READ))
			page_cache_sync_readahead(mapping, &file->f_ra, file, index, 1);
		page = find_or_create_page(mapping, index, GFP_HIGHUSER_MOVABLE);
		if (!page)
			return VM_FAULT_OOM;
	} else {
		lock_page(page);
	}
	if (page->mapping != mapping) {		/* truncated while we waited */
		unlock_page(page);
		put_page(page);
		return VM_FAULT_NOPAGE;
	}
	if (!PageUptodate(page)) {
		ret |= VM_FAULT_MAJOR;
		if (filemap_read_folio(file, mapping, page)) {
			put_page(page);
			return VM_FAULT_SIGBUS;
		}
		lock_page(page);
	}
	if (index >= (READ_ONCE(inode->i_size) + PAGE_SIZE - 1) >> PAGE_SHIFT) {
		unlock_page(page);
		put_page(page);
		return VM_FAULT_SIGBUS;
	}
	vmf->page = page;
	return ret | VM_FAULT_LOCKED;
}

/* First write to a shared file page: dirty it (Linux: filemap_page_mkwrite). */
vm_fault_t filemap_page_mkwrite(struct vm_fault *vmf)
{
	struct page *page = vmf->page;
	struct address_space *mapping = vmf->vma->vm_file->f_inode->i_mapping;

	lock_page(page);
	if (page->mapping != mapping) {
		unlock_page(page);
		return VM_FAULT_NOPAGE;
	}
	set_page_dirty(page);
	return VM_FAULT_LOCKED;
}

static const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.page_mkwrite = filemap_page_mkwrite,
};

int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (!file->f_inode->i_mapping->a_ops || !file->f_inode->i_mapping->a_ops->read_folio)
		return -ENOEXEC;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}
