/*
 * Tests of the inode cache (kernel/fs/inode.c): one struct inode per file
 * however often it is looked up, references counted, a failed fill
 * leaving nothing behind, and the last iput evicting only unlinked files.
 * These need no task: they call the cache directly.
 */
#include "fs/tests/testfs.h"
#include "errno.h"
#include "err.h"

static void iget_returns_the_cached_inode(struct kunit *test)
{
	struct super_block *sb = tfs_mount();
	struct inode *a, *b;
	int count;

	KUNIT_ASSERT_FALSE(test, IS_ERR(sb));
	count = atomic_read(&sb->s_root->i_count);
	a = tfs_iget(sb, TFS_ROOTINO);
	b = ilookup(sb, TFS_ROOTINO);
	KUNIT_EXPECT_TRUE(test, a == sb->s_root);
	KUNIT_EXPECT_TRUE(test, b == sb->s_root);
	KUNIT_EXPECT_EQ(test, atomic_read(&sb->s_root->i_count), count + 2);
	iput(a);
	iput(b);
	KUNIT_EXPECT_EQ(test, atomic_read(&sb->s_root->i_count), count);
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb), 0);
}

static void ilookup_finds_only_inodes_in_use(struct kunit *test)
{
	struct super_block *sb = tfs_mount();
	struct tfs_info *info;
	struct inode *inode;
	unsigned long before = get_nr_inodes();

	KUNIT_ASSERT_FALSE(test, IS_ERR(sb));
	info = TFS(sb);
	info->d[5].mode = S_IFREG;
	info->d[5].nlink = 1;
	KUNIT_EXPECT_NULL(test, ilookup(sb, 5));
	inode = tfs_iget(sb, 5);
	KUNIT_ASSERT_FALSE(test, IS_ERR(inode));
	KUNIT_EXPECT_EQ(test, get_nr_inodes(), before + 1);
	KUNIT_EXPECT_TRUE(test, ilookup(sb, 5) == inode);
	iput(inode);
	iput(inode);
	/* Pagoda frees at the last iput: nothing cached, nothing evicted (still linked). */
	KUNIT_EXPECT_NULL(test, ilookup(sb, 5));
	KUNIT_EXPECT_EQ(test, info->evicted, 0);
	KUNIT_EXPECT_EQ(test, info->destroyed, 1);
	KUNIT_EXPECT_EQ(test, info->d[5].mode, S_IFREG);
	KUNIT_EXPECT_EQ(test, get_nr_inodes(), before);
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb), 0);
}

static void last_iput_evicts_an_unlinked_inode(struct kunit *test)
{
	struct super_block *sb = tfs_mount();
	struct tfs_info *info;
	struct inode *inode;

	KUNIT_ASSERT_FALSE(test, IS_ERR(sb));
	info = TFS(sb);
	info->d[7].mode = S_IFREG;
	info->d[7].nlink = 1;
	inode = tfs_iget(sb, 7);
	KUNIT_ASSERT_FALSE(test, IS_ERR(inode));
	ihold(inode);
	inode->i_nlink = 0;
	iput(inode);
	KUNIT_EXPECT_EQ(test, info->evicted, 0);
	iput(inode);
	KUNIT_EXPECT_EQ(test, info->evicted, 1);
	KUNIT_EXPECT_EQ(test, info->destroyed, 1);
	KUNIT_EXPECT_EQ(test, info->d[7].mode, 0);
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb), 0);
}

static void failed_fill_leaves_nothing_cached(struct kunit *test)
{
	struct super_block *sb = tfs_mount();
	unsigned long before = get_nr_inodes();
	struct inode *inode;

	KUNIT_ASSERT_FALSE(test, IS_ERR(sb));
	inode = tfs_iget(sb, 9);		/* a free dinode: iget_failed */
	KUNIT_EXPECT_EQ(test, PTR_ERR(inode), -ENOENT);
	KUNIT_EXPECT_NULL(test, ilookup(sb, 9));
	KUNIT_EXPECT_EQ(test, get_nr_inodes(), before);
	KUNIT_EXPECT_EQ(test, TFS(sb)->evicted, 0);
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb), 0);
}

static void inodes_of_two_super_blocks_are_distinct(struct kunit *test)
{
	struct super_block *a = tfs_mount(), *b = tfs_mount();

	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_TRUE(test, a->s_root != b->s_root);
	KUNIT_EXPECT_EQ(test, a->s_root->i_ino, b->s_root->i_ino);
	KUNIT_EXPECT_NE(test, a->s_dev, b->s_dev);
	KUNIT_EXPECT_EQ(test, MAJOR(a->s_dev), 0);	/* anonymous: no block device */
	KUNIT_EXPECT_EQ(test, tfs_unmount(a), 0);
	KUNIT_EXPECT_EQ(test, tfs_unmount(b), 0);
}

static void mounting_unknown_types_fails(struct kunit *test)
{
	struct super_block *sb = tfs_mount();	/* registers vfstest */

	KUNIT_ASSERT_FALSE(test, IS_ERR(sb));
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vfs_get_super("no-such-fs", NULL)), -ENODEV);
	KUNIT_EXPECT_EQ(test, PTR_ERR(vfs_get_super("vfstest", "no-such-disk")), -ENXIO);
	KUNIT_EXPECT_EQ(test, do_mount(NULL, "/", NULL), -EINVAL);
}

static void sync_all_syncs_every_super_block(struct kunit *test)
{
	struct super_block *a = tfs_mount(), *b = tfs_mount();

	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	sys_sync_all();
	KUNIT_EXPECT_EQ(test, TFS(a)->synced, 1);
	KUNIT_EXPECT_EQ(test, TFS(b)->synced, 1);
	KUNIT_EXPECT_EQ(test, tfs_unmount(a), 0);
	sys_sync_all();
	KUNIT_EXPECT_EQ(test, TFS(b)->synced, 2);
	KUNIT_EXPECT_EQ(test, tfs_unmount(b), 0);
}

static struct kunit_case inode_cases[] = {
	KUNIT_CASE(iget_returns_the_cached_inode),
	KUNIT_CASE(ilookup_finds_only_inodes_in_use),
	KUNIT_CASE(last_iput_evicts_an_unlinked_inode),
	KUNIT_CASE(failed_fill_leaves_nothing_cached),
	KUNIT_CASE(inodes_of_two_super_blocks_are_distinct),
	KUNIT_CASE(mounting_unknown_types_fails),
	KUNIT_CASE(sync_all_syncs_every_super_block),
	{}
};

static struct kunit_suite inode_suite = {
	.name = "vfs_inode",
	.test_cases = inode_cases,
};
kunit_test_suite(inode_suite);
