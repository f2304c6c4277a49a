/*
 * Dirty pages and writing them back (Linux: mm/page-writeback.c, and the
 * flusher of fs/fs-writeback.c).
 *
 * A page becomes dirty through write() (write_end) or through a write to
 * a shared mapping (the write fault calls page_mkwrite, which dirties
 * it). Its mapping goes on the dirty list, and one of three things
 * writes it back:
 *   - the flusher thread, every dirty_writeback_interval, for data older
 *     than dirty_expire_interval (Linux: 5 s and 30 s);
 *   - a writer that pushed dirty memory over its limit (balance_dirty_pages);
 *   - fsync(), msync() and sync.
 * Before a page is written its ptes are made clean and read-only
 * (clear_page_dirty_for_io -> page_mkclean), so a later write through a
 * mapping faults and dirties it again: no write is missed.
 */
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/vmstat.h"
#include "fs/vfs.h"
#include "sched.h"
#include "timer.h"
#include "errno.h"
#include "printk.h"
#include "init.h"

int dirty_writeback_interval = 5 * 100;	/* centisecs */
int dirty_expire_interval = 30 * 100;
/* Dirty pages allowed, in percent of free + file memory (Linux: vm.dirty_ratio). */
static unsigned int dirty_ratio = 20;

static DEFINE_SPINLOCK(dirty_lock);
static LIST_HEAD(dirty_mappings);	/* mappings with dirty pages, oldest first */
static bool flush_all_requested;

/* A mapping got its first dirty page: the flusher must see it (Linux: __mark_inode_dirty). */
void mapping_mark_dirty(struct address_space *mapping)
{
	spin_lock(&dirty_lock);
	if (list_empty(&mapping->dirty_list)) {
		mapping->dirtied_when = jiffies;
		list_add_tail(&mapping->dirty_list, &dirty_mappings);
	}
	spin_unlock(&dirty_lock);
}

/* The mapping has no dirty pages left. */
static void mapping_clear_dirty(struct address_space *mapping)
{
	spin_lock(&dirty_lock);
	list_del_init(&mapping->dirty_list);
	spin_unlock(&dirty_lock);
}

/* The inode is being evicted: off the flusher's list for good (Linux: inode_io_list_del). */
void inode_io_list_del(struct inode *inode)
{
	mapping_clear_dirty(inode->i_mapping);
}

static void account_page_dirtied(struct page *page)
{
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_DIRTY, 1);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_DIRTIED, 1);
	__mod_zone_page_state(page_zone(page), NR_ZONE_WRITE_PENDING, 1);
}

bool set_page_dirty(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (TestSetPageDirty(page))
		return false;
	/* Anonymous and shmem pages are not written to a file: nothing to count. */
	if (!mapping || PageSwapBacked(page))
		return true;
	xa_lock(&mapping->i_pages);
	if (page->mapping == mapping) {
		account_page_dirtied(page);
		__xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	}
	xa_unlock(&mapping->i_pages);
	mapping_mark_dirty(mapping);
	return true;
}

bool clear_page_dirty_for_io(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (mapping && page_mapped(page))
		page_mkclean(page);
	if (!TestClearPageDirty(page))
		return false;
	if (mapping && !PageSwapBacked(page)) {
		mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_FILE_DIRTY, -1);
		__mod_zone_page_state(page_zone(page), NR_ZONE_WRITE_PENDING, -1);
	}
	return true;
}

void set_page_writeback(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	SetPageWriteback(page);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_WRITEBACK, 1);
	if (!mapping)
		return;
	xa_lock(&mapping->i_pages);
	__xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
	if (!PageDirty(page))
		__xa_clear_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	xa_unlock(&mapping->i_pages);
}

/* Called in process context: Pagoda's writepage waits for its bio. */
void test_clear_page_writeback(struct page *page)
{
	struct address_space *mapping = page_mapping(page);

	if (mapping) {
		xa_lock(&mapping->i_pages);
		__xa_clear_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
		xa_unlock(&mapping->i_pages);
	}
	__atomic_fetch_and(&page->flags, ~(1UL << PG_writeback), __ATOMIC_RELEASE);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_WRITEBACK, -1);
	mod_node_page_state(NODE_DATA(page_to_nid(page)), NR_WRITTEN, 1);
}

void mapping_set_error(struct address_space *mapping, int err)
{
	if (err)
		WRITE_ONCE(mapping->wb_err, err);
}

/*
 * Write the dirty pages of [range_start, range_end] (Linux:
 * write_cache_pages): each is locked, cleaned (its ptes too) and handed
 * to ->writepage. With WB_SYNC_ALL a page already under writeback is
 * waited for and written again, so everything dirty at the call is on
 * its way when we return.
 */
static int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc)
{
	pgoff_t index = wbc->range_start >> PAGE_SHIFT;
	pgoff_t end = wbc->range_end >> PAGE_SHIFT;
	struct page *page;
	int err = 0;

	while (wbc->nr_to_write > 0) {
		/* The tag finds the next dirty index; the lookup below takes the page safely. */
		if (index > end || !xa_find(&mapping->i_pages, &index, end, PAGECACHE_TAG_DIRTY))
			break;
		page = find_lock_page(mapping, index);
		index++;
		if (!page)
			continue;
		if (PageWriteback(page)) {
			if (wbc->sync_mode == WB_SYNC_NONE)
				goto skip;
			wait_on_page_writeback(page);
		}
		if (!clear_page_dirty_for_io(page))
			goto skip;
		err = mapping->a_ops->writepage(page, wbc);	/* unlocks the page */
		put_page(page);
		if (err) {
			mapping_set_error(mapping, err);
			if (wbc->sync_mode == WB_SYNC_ALL)
				break;
		}
		wbc->nr_to_write--;
		wbc->pages_written++;
		continue;
skip:
		unlock_page(page);
		put_page(page);
	}
	return err;
}

int filemap_fdatawrite_range(struct address_space *mapping, loff_t start, loff_t end,
			     enum writeback_sync_modes mode)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX, .sync_mode = mode,
		.range_start = start, .range_end = end,
	};

	if (!mapping->a_ops || !mapping->a_ops->writepage)
		return 0;
	return write_cache_pages(mapping, &wbc);
}

/* Wait for the writeback of [start, end]; the mapping's first unreported error. */
int filemap_fdatawait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	pgoff_t index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct page *page;
	int err;

	while (index <= last && xa_find(&mapping->i_pages, &index, last, PAGECACHE_TAG_WRITEBACK)) {
		page = find_get_page(mapping, index);
		if (page) {
			wait_on_page_writeback(page);
			put_page(page);
		}
		index++;
	}
	err = mapping->wb_err;
	mapping->wb_err = 0;
	return err;
}

int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	int err = filemap_fdatawrite_range(mapping, start, end, WB_SYNC_ALL);
	int err2 = filemap_fdatawait_range(mapping, start, end);

	if (!mapping->nrpages || !xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY))
		mapping_clear_dirty(mapping);
	return err ? err : err2;
}

/* ---- the flusher ------------------------------------------------------- */

/*
 * Take the first mapping on the dirty list that is due (all, if asked),
 * with a reference on its inode so it cannot go while we write it.
 */
static struct inode *next_due_mapping(bool all)
{
	struct address_space *mapping;
	struct inode *inode = NULL;

	spin_lock(&dirty_lock);
	list_for_each_entry(mapping, &dirty_mappings, dirty_list) {
		if (!all && jiffies - mapping->dirtied_when <
			    (unsigned long)dirty_expire_interval * HZ / 100)
			break;	/* oldest first: the rest are younger */
		inode = igrab(mapping->host);
		list_del_init(&mapping->dirty_list);
		if (inode)
			break;
	}
	spin_unlock(&dirty_lock);
	return inode;
}

static void writeback_mapping(struct inode *inode, enum writeback_sync_modes mode)
{
	struct address_space *mapping = inode->i_mapping;

	filemap_fdatawrite_range(mapping, 0, LLONG_MAX, mode);
	/* Pages skipped (under writeback, or waiting for their blocks' commit) keep it listed. */
	if (xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY))
		mapping_mark_dirty(mapping);
	iput(inode);
}

/* Write back old dirty data, or all of it (Linux: wb_do_writeback). */
static void wb_writeback(bool all)
{
	struct inode *inode;
	int budget = 1024;		/* mappings per round, so a re-dirtied one cannot loop us */

	while (budget-- > 0 && (inode = next_due_mapping(all)) != NULL)
		writeback_mapping(inode, WB_SYNC_NONE);
}

/* The flusher thread (Linux: the writeback workqueue's wb_workfn). */
static int flusher_thread(void *arg)
{
	unsigned long flags, last;

	for (;;) {
		bool all;

		spin_lock_irqsave(&tickslock, flags);
		last = jiffies;
		/* The interval is read at every tick, so a sysctl write counts at once. */
		while (!READ_ONCE(flush_all_requested) &&
		       jiffies - last < (unsigned long)READ_ONCE(dirty_writeback_interval) * HZ / 100)
			sleep_uninterruptible((void *)&jiffies, &tickslock);
		spin_unlock_irqrestore(&tickslock, flags);
		all = READ_ONCE(flush_all_requested);
		WRITE_ONCE(flush_all_requested, false);
		wb_writeback(all);
	}
	return 0;
}

void wakeup_flusher_threads(void)
{
	WRITE_ONCE(flush_all_requested, true);
	wakeup((void *)&jiffies);
}

static void sync_inode_fn(struct inode *inode, void *arg)
{
	if (inode->i_mapping->nrpages)
		filemap_write_and_wait(inode->i_mapping);
}

static void sync_sb_fn(struct super_block *sb, void *arg)
{
	iterate_inodes(sb, sync_inode_fn, NULL);
}

/* sync(2) and shutdown: every dirty page of every file, waited for. */
void sync_all_mappings(void)
{
	iterate_supers(sync_sb_fn, NULL);
}

/*
 * A writer dirtied another page. Over the dirty limit, it writes back
 * some of its own file's pages before going on, so dirty memory stays
 * bounded (Linux: balance_dirty_pages, which throttles writers by
 * sleeping in proportion to their rate instead).
 */
void balance_dirty_pages_ratelimited(struct address_space *mapping)
{
	unsigned long dirty = global_node_page_state(NR_FILE_DIRTY) +
			      global_node_page_state(NR_WRITEBACK);
	unsigned long avail = global_zone_page_state(NR_FREE_PAGES) +
			      global_node_page_state(NR_FILE_PAGES);
	struct writeback_control wbc = {
		.nr_to_write = 64, .sync_mode = WB_SYNC_NONE,
		.range_start = 0, .range_end = LLONG_MAX,
	};

	if (dirty * 100 <= avail * dirty_ratio)
		return;
	if (mapping->a_ops && mapping->a_ops->writepage)
		write_cache_pages(mapping, &wbc);
}

static int writeback_init(void)
{
	if (!kthread_run(flusher_thread, NULL, "writeback"))
		pr_err("writeback: no flusher thread; dirty data is written only by sync\n");
	return 0;
}
late_initcall(writeback_init);
