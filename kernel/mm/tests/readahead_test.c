/*
 * Tests of readahead (kernel/mm/readahead.c) on a 64-page file of a pgfs
 * RAM disk, read with filemap_read and a readahead state of the case's
 * own: a sequential read leaves the pages after it in the cache, and
 * reading on through the window starts the next, larger one; a read that
 * jumps reads only what it asked for. Each case starts with the file's
 * data on the disk and none of it cached.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "mm/pagemap.h"
#include "mm/gfp.h"
#include "mm/slab.h"
#include "errno.h"

#define FILE_PAGES 64
#define SEED 3

struct ra_test {
	struct pgfs_test_fs fs;
	struct inode *inode;
	struct file_ra_state ra;
	u8 *buf;
};

static void ra_exit(struct kunit *test)
{
	struct ra_test *t = test->priv;

	if (t->inode)
		iput(t->inode);
	ptfs_teardown(&t->fs);
	kfree(t->buf);
	kfree(t);
}

static int ra_init(struct kunit *test)
{
	struct ra_test *t = kzalloc(sizeof(*t), GFP_KERNEL);
	ssize_t n = 0;
	int err;

	if (!t)
		return -ENOMEM;
	test->priv = t;
	t->buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	err = t->buf ? ptfs_setup(&t->fs, 0, 1024, 32) : -ENOMEM;
	if (!err)
		err = ptfs_create(ptfs_root(&t->fs), "ahead", &t->inode);
	for (int i = 0; i < FILE_PAGES && !err; i++) {
		ptfs_fill(t->buf, (u64)i * PAGE_SIZE, PAGE_SIZE, SEED);
		n = pgfs_write(t->inode, false, t->buf, (loff_t)i * PAGE_SIZE, PAGE_SIZE);
		if (n != PAGE_SIZE)
			err = n < 0 ? n : -EIO;
	}
	if (!err)
		err = filemap_write_and_wait(t->inode->i_mapping);
	if (!err && invalidate_mapping_pages(t->inode->i_mapping, 0, ~0UL) != FILE_PAGES)
		err = -EBUSY;
	file_ra_state_init(&t->ra);
	if (err)
		ra_exit(test);		/* the runner calls exit only after a case ran */
	return err;
}

static bool cached(struct ra_test *t, pgoff_t index)
{
	struct page *page = find_get_page(t->inode->i_mapping, index);

	if (page)
		put_page(page);
	return page != NULL;
}

/* Read page `index` whole through the page cache, as read() would; checks its bytes. */
static void read_page(struct kunit *test, pgoff_t index)
{
	struct ra_test *t = test->priv;
	loff_t pos = (loff_t)index * PAGE_SIZE;

	KUNIT_EXPECT_EQ(test, filemap_read(t->inode->i_mapping, &t->ra, (char __user *)t->buf,
					   PAGE_SIZE, &pos, true), (long)PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ptfs_check(t->buf, (u64)index * PAGE_SIZE, PAGE_SIZE, SEED), 0UL);
}

static void sequential_read_reads_ahead(struct kunit *test)
{
	struct ra_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, t->inode->i_mapping->nrpages, 0UL);
	read_page(test, 0);
	/* A window beyond the page asked for, not the whole file. */
	KUNIT_EXPECT_TRUE(test, cached(t, 1));
	KUNIT_EXPECT_TRUE(test, cached(t, 2));
	KUNIT_EXPECT_LT(test, t->inode->i_mapping->nrpages, (unsigned long)FILE_PAGES / 2);
	KUNIT_EXPECT_FALSE(test, cached(t, FILE_PAGES - 1));
}

/* Reading on through the window: the next window is read before it is reached. */
static void reading_on_starts_next_window(struct kunit *test)
{
	struct ra_test *t = test->priv;
	unsigned long first;

	read_page(test, 0);
	first = t->inode->i_mapping->nrpages;
	for (pgoff_t i = 1; i < first; i++)
		read_page(test, i);
	KUNIT_EXPECT_GT(test, t->inode->i_mapping->nrpages, first);
	KUNIT_EXPECT_TRUE(test, cached(t, first));
	KUNIT_EXPECT_TRUE(test, cached(t, first + 1));
	KUNIT_EXPECT_FALSE(test, cached(t, FILE_PAGES - 1));
	/* To the end: every page right, none past the end of the file. */
	for (pgoff_t i = first; i < FILE_PAGES; i++)
		read_page(test, i);
	KUNIT_EXPECT_EQ(test, t->inode->i_mapping->nrpages, (unsigned long)FILE_PAGES);
}

/* A jump is random access: only the page asked for is read. */
static void random_read_reads_only_the_page(struct kunit *test)
{
	struct ra_test *t = test->priv;

	read_page(test, 0);
	read_page(test, 40);
	KUNIT_EXPECT_TRUE(test, cached(t, 40));
	KUNIT_EXPECT_FALSE(test, cached(t, 41));
	KUNIT_EXPECT_FALSE(test, cached(t, 39));
}

static struct kunit_case ra_cases[] = {
	KUNIT_CASE(sequential_read_reads_ahead),
	KUNIT_CASE(reading_on_starts_next_window),
	KUNIT_CASE(random_read_reads_only_the_page),
	{}
};

static struct kunit_suite ra_suite = {
	.name = "vm_readahead",
	.init = ra_init,
	.exit = ra_exit,
	.test_cases = ra_cases,
};
kunit_test_suite(ra_suite);
