/*
 * Tests of the page cache (kernel/mm/filemap.c, page-writeback.c,
 * truncate.c) on a file of a pgfs RAM disk: adding, finding and deleting
 * pages, the DIRTY tag and the Dirty count that set_page_dirty keeps,
 * writeback clearing them, truncation dropping the pages past the end;
 * and shared anonymous memory (shmem), whose dirty pages are not file
 * data and must never move the Dirty count.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "mm/vmstat.h"
#include "mm/mman.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "err.h"
#include "errno.h"
#include "string.h"

struct pc_test {
	struct pgfs_test_fs fs;
	struct inode *inode;		/* an empty regular file */
};

static void pc_exit(struct kunit *test)
{
	struct pc_test *t = test->priv;

	if (t->inode)
		iput(t->inode);
	ptfs_teardown(&t->fs);
	kfree(t);
}

static int pc_init(struct kunit *test)
{
	struct pc_test *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int err;

	if (!t)
		return -ENOMEM;
	test->priv = t;
	err = ptfs_setup(&t->fs, 0, 1024, 32);
	if (!err)
		err = ptfs_create(ptfs_root(&t->fs), "cached", &t->inode);
	if (err)
		pc_exit(test);		/* the runner calls exit only after a case ran */
	return err;
}

/* A new locked page added to mapping at index, or NULL. The caller's reference stays. */
static struct page *add_page(struct address_space *mapping, pgoff_t index)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return NULL;
	__SetPageLocked(page);
	if (add_to_page_cache_lru(page, mapping, index, GFP_KERNEL)) {
		__ClearPageLocked(page);
		put_page(page);
		return NULL;
	}
	return page;
}

static unsigned long nr_dirty(void)
{
	return global_node_page_state(NR_FILE_DIRTY);
}

static void pagecache_add_find_delete(struct kunit *test)
{
	struct pc_test *t = test->priv;
	struct address_space *mapping = t->inode->i_mapping;
	struct page *page, *other, *found;
	int ref;

	page = add_page(mapping, 5);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 1UL);
	KUNIT_EXPECT_TRUE(test, page->mapping == mapping);
	KUNIT_EXPECT_EQ(test, page->index, 5UL);
	ref = page_ref_count(page);
	found = find_get_page(mapping, 5);
	KUNIT_EXPECT_TRUE(test, found == page);
	KUNIT_EXPECT_EQ(test, page_ref_count(page), ref + 1);
	if (found)
		put_page(found);
	KUNIT_EXPECT_NULL(test, find_get_page(mapping, 4));
	KUNIT_EXPECT_NULL(test, find_get_page(mapping, 6));
	/* A second page at the same index is refused and left alone. */
	other = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	__SetPageLocked(other);
	KUNIT_EXPECT_EQ(test, add_to_page_cache_lru(other, mapping, 5, GFP_KERNEL), -EEXIST);
	KUNIT_EXPECT_NULL(test, other->mapping);
	__ClearPageLocked(other);
	put_page(other);
	KUNIT_EXPECT_TRUE(test, find_get_page(mapping, 5) == page);
	put_page(page);		/* find_get_page's */

	delete_from_page_cache(page);
	KUNIT_EXPECT_NULL(test, page->mapping);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 0UL);
	KUNIT_EXPECT_NULL(test, find_get_page(mapping, 5));
	unlock_page(page);
	put_page(page);
}

/* set_page_dirty: PG_dirty, the DIRTY tag and one more Dirty page; deleting undoes all three. */
static void set_page_dirty_tags_and_counts(struct kunit *test)
{
	struct pc_test *t = test->priv;
	struct address_space *mapping = t->inode->i_mapping;
	unsigned long dirty0 = nr_dirty();
	struct page *page = add_page(mapping, 3);

	KUNIT_ASSERT_NOT_NULL(test, page);
	SetPageUptodate(page);
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&mapping->i_pages, 3, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_TRUE(test, set_page_dirty(page));
	KUNIT_EXPECT_TRUE(test, PageDirty(page));
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&mapping->i_pages, 3, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_TRUE(test, xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0 + 1);
	KUNIT_EXPECT_FALSE(test, set_page_dirty(page));		/* already dirty */
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0 + 1);
	delete_from_page_cache(page);
	KUNIT_EXPECT_FALSE(test, PageDirty(page));
	KUNIT_EXPECT_FALSE(test, xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0);
	unlock_page(page);
	put_page(page);
}

/*
 * write() over a file's blocks dirties its pages; writeback cleans them,
 * tags and count alike. (The first write, which gives the file its
 * blocks, is written back by its own commit: pgfs orders new blocks' data
 * before the metadata that points at them.)
 */
static void writeback_cleans_written_pages(struct kunit *test)
{
	struct pc_test *t = test->priv;
	struct address_space *mapping = t->inode->i_mapping;
	u8 *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	unsigned long dirty0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	ptfs_fill(buf, 0, 3 * PAGE_SIZE, 7);
	KUNIT_ASSERT_EQ(test, pgfs_write(t->inode, false, buf, 0, 3 * PAGE_SIZE), (long)(3 * PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, filemap_write_and_wait(mapping), 0);
	dirty0 = nr_dirty();
	ptfs_fill(buf, 0, 3 * PAGE_SIZE, 8);
	KUNIT_ASSERT_EQ(test, pgfs_write(t->inode, false, buf, 0, 3 * PAGE_SIZE), (long)(3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 3UL);
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0 + 3);
	for (pgoff_t i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, xa_get_mark(&mapping->i_pages, i, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_EQ(test, filemap_write_and_wait(mapping), 0);
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0);
	KUNIT_EXPECT_FALSE(test, xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY));
	KUNIT_EXPECT_FALSE(test, xa_marked(&mapping->i_pages, PAGECACHE_TAG_WRITEBACK));
	/* Clean pages can be dropped, and read back from the disk as last written. */
	KUNIT_EXPECT_EQ(test, invalidate_mapping_pages(mapping, 0, ~0UL), 3UL);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 0UL);
	memset(buf, 0, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, pgfs_read(t->inode, false, buf, 0, 3 * PAGE_SIZE), (long)(3 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, ptfs_check(buf, 0, 3 * PAGE_SIZE, 8), 0UL);
	kfree(buf);
}

/* truncate_inode_pages(lstart) drops the pages wholly past lstart and no others. */
static void truncate_drops_pages_past_the_end(struct kunit *test)
{
	struct pc_test *t = test->priv;
	struct address_space *mapping = t->inode->i_mapping;
	struct page *pages[8];
	int i;

	for (i = 0; i < 8; i++) {
		pages[i] = add_page(mapping, i);
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
		SetPageUptodate(pages[i]);
		unlock_page(pages[i]);
	}
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 8UL);
	truncate_inode_pages(mapping, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 3UL);
	for (i = 0; i < 8; i++) {
		struct page *p = find_get_page(mapping, i);

		KUNIT_EXPECT_TRUE(test, i < 3 ? p == pages[i] : p == NULL);
		KUNIT_EXPECT_TRUE(test, i < 3 ? pages[i]->mapping == mapping : !pages[i]->mapping);
		if (p)
			put_page(p);
	}
	/* A partial page stays, its tail zeroed. */
	memset(page_address(pages[1]), 0x5a, PAGE_SIZE);
	truncate_inode_pages(mapping, PAGE_SIZE + 100);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 2UL);
	KUNIT_EXPECT_EQ(test, ((u8 *)page_address(pages[1]))[99], 0x5a);
	KUNIT_EXPECT_EQ(test, ((u8 *)page_address(pages[1]))[100], 0);
	truncate_inode_pages(mapping, 0);
	KUNIT_EXPECT_EQ(test, mapping->nrpages, 0UL);
	lru_add_drain_all();
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_NULL(test, pages[i]->mapping);
		KUNIT_EXPECT_EQ(test, page_ref_count(pages[i]), 1);	/* ours alone */
		put_page(pages[i]);
	}
}

/*
 * Shared anonymous memory (shmem) is dirtied by every store, but it is not
 * file data waiting for writeback: when it goes, the Dirty count must be
 * what it was before.
 */
static void shmem_pages_leave_dirty_count_alone(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long dirty0 = nr_dirty();
	long addr;
	char c = 1;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	mmap_write_lock(mm);
	addr = do_mmap(mm, NULL, 0x400000, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0);
	mmap_write_unlock(mm);
	KUNIT_EXPECT_EQ(test, addr, 0x400000L);
	for (int i = 0; i < 4 && addr > 0; i++)
		KUNIT_EXPECT_EQ(test, access_remote_vm(mm, addr + i * PAGE_SIZE, &c, 1, true), 1);
	KUNIT_EXPECT_EQ(test, nr_dirty(), dirty0);
	mmput(mm);		/* the last user: the shmem inode and its pages go */
	KUNIT_EXPECT_EQ(test, (long)nr_dirty(), (long)dirty0);
}

static struct kunit_case pc_cases[] = {
	KUNIT_CASE(pagecache_add_find_delete),
	KUNIT_CASE(set_page_dirty_tags_and_counts),
	KUNIT_CASE(writeback_cleans_written_pages),
	KUNIT_CASE(truncate_drops_pages_past_the_end),
	KUNIT_CASE(shmem_pages_leave_dirty_count_alone),
	{}
};

static struct kunit_suite pc_suite = {
	.name = "vm_pagecache",
	.init = pc_init,
	.exit = pc_exit,
	.test_cases = pc_cases,
};
kunit_test_suite(pc_suite);
