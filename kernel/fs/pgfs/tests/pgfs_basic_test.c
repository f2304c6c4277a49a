/*
 * pgfs on a RAM disk: mounting, files, directories, links, device nodes,
 * and the checks that keep a bad disk or a bad name from doing harm.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

#define DISK_BLOCKS 2048

static int basic_init(struct kunit *test)
{
	struct pgfs_test_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return -ENOMEM;
	test->priv = fs;
	return ptfs_setup(fs, 0, DISK_BLOCKS, 128);
}

static void basic_exit(struct kunit *test)
{
	ptfs_teardown(test->priv);
	kfree(test->priv);
}

static void pgfs_mounts_fresh_file_system(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs), *dot;

	KUNIT_EXPECT_TRUE(test, S_ISDIR(root->i_mode));
	KUNIT_EXPECT_EQ(test, root->i_ino, ROOTINO);
	KUNIT_EXPECT_EQ(test, root->i_nlink, 2);
	dot = ptfs_lookup(root, "..");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dot));
	KUNIT_EXPECT_TRUE(test, dot == root);	/* one struct inode per inode */
	iput(dot);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptfs_lookup(root, "nothing")), -ENOENT);
}

/* Write a changed copy of the super block straight to the disk and try to mount. */
static int mount_with(struct pgfs_test_fs *fs, const struct superblock *s)
{
	char *buf = kzalloc(BSIZE, GFP_KERNEL);
	int err = -ENOMEM;

	if (buf) {
		memcpy(buf, s, sizeof(*s));
		err = blkdev_rw(fs->bdev, REQ_OP_WRITE, BSIZE, buf, BSIZE);
		kfree(buf);
	}
	invalidate_bdev(fs->bdev);
	return err ? err : ptfs_mount(fs);
}

static void pgfs_rejects_bad_super_block(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct superblock good, bad;

	good = *(struct superblock *)&ptfs_sbi(fs)->sb;
	ptfs_umount(fs);

	bad = good;
	bad.magic = 0x10203040;		/* xv6's */
	KUNIT_EXPECT_EQ(test, mount_with(fs, &bad), -EINVAL);
	bad = good;
	bad.size = DISK_BLOCKS * 2;	/* bigger than the disk */
	KUNIT_EXPECT_EQ(test, mount_with(fs, &bad), -EINVAL);
	bad = good;
	bad.nlog = 3;			/* too small for one operation */
	KUNIT_EXPECT_EQ(test, mount_with(fs, &bad), -EINVAL);
	bad = good;
	bad.bmapstart = good.inodestart;	/* overlaps the inode table */
	KUNIT_EXPECT_EQ(test, mount_with(fs, &bad), -EINVAL);
	bad = good;
	bad.ninodes = 0;
	KUNIT_EXPECT_EQ(test, mount_with(fs, &bad), -EINVAL);
	KUNIT_EXPECT_NULL(test, fs->sb);
	KUNIT_EXPECT_EQ(test, mount_with(fs, &good), 0);
}

static void pgfs_file_written_reads_back(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs), *f = NULL, *again;
	long free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	u8 *buf = kmalloc(5000, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, ptfs_create(root, "hello", &f), 0);
	KUNIT_EXPECT_TRUE(test, S_ISREG(f->i_mode));
	KUNIT_EXPECT_EQ(test, f->i_nlink, 1);
	ptfs_fill(buf, 0, 5000, 1);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, buf, 0, 5000), 5000);
	KUNIT_EXPECT_EQ(test, f->i_size, 5000);
	memset(buf, 0, 5000);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 0, 5000), 5000);
	KUNIT_EXPECT_EQ(test, ptfs_check(buf, 0, 5000, 1), 0);
	/* Short read at the end, nothing past it. */
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 4990, 100), 10);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 5000, 100), 0);
	KUNIT_EXPECT_EQ(test, ptfs_check(buf, 4990, 10, 1), 0);

	again = ptfs_lookup(root, "hello");
	KUNIT_EXPECT_TRUE(test, again == f);
	if (!IS_ERR(again))
		iput(again);
	KUNIT_EXPECT_EQ(test, ptfs_create(root, "hello", NULL), -EEXIST);
	iput(f);

	/* After a remount the data comes from the disk. */
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	f = ptfs_lookup(ptfs_root(fs), "hello");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	memset(buf, 0, 5000);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 0, 5000), 5000);
	KUNIT_EXPECT_EQ(test, ptfs_check(buf, 0, 5000, 1), 0);
	iput(f);

	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "hello"), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptfs_lookup(ptfs_root(fs), "hello")), -ENOENT);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
	kfree(buf);
}

/* The pieces of one write() share one transaction while the log has room. */
static void pgfs_one_write_is_one_commit(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = NULL;
	unsigned long commits;
	u8 *buf = kmalloc(24 * 1024, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "w", &f), 0);
	ptfs_fill(buf, 0, 24 * 1024, 5);
	commits = ptfs_sbi(fs)->log.commits;
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, buf, 0, 24 * 1024), 24 * 1024);
	KUNIT_EXPECT_EQ(test, ptfs_sbi(fs)->log.commits, commits + 1);
	KUNIT_EXPECT_EQ(test, ptfs_sbi(fs)->log.n, 0);	/* committed and installed */
	memset(buf, 0, 24 * 1024);
	iput(f);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	f = ptfs_lookup(ptfs_root(fs), "w");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 0, 24 * 1024), 24 * 1024);
	KUNIT_EXPECT_EQ(test, ptfs_check(buf, 0, 24 * 1024, 5), 0);
	iput(f);
	kfree(buf);
}

static void pgfs_directories_nest_and_count_links(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs), *d, *up, *f = NULL;
	long inodes0 = pgfs_count_free_inodes(ptfs_sbi(fs));

	KUNIT_ASSERT_EQ(test, ptfs_mkdir(root, "d"), 0);
	KUNIT_EXPECT_EQ(test, ptfs_mkdir(root, "d"), -EEXIST);
	KUNIT_EXPECT_EQ(test, root->i_nlink, 3);	/* ".", "..", d's ".." */
	d = ptfs_lookup(root, "d");
	KUNIT_ASSERT_FALSE(test, IS_ERR(d));
	KUNIT_EXPECT_TRUE(test, S_ISDIR(d->i_mode));
	KUNIT_EXPECT_EQ(test, d->i_nlink, 2);
	up = ptfs_lookup(d, "..");
	KUNIT_EXPECT_TRUE(test, up == root);
	if (!IS_ERR(up))
		iput(up);

	KUNIT_EXPECT_EQ(test, ptfs_mkdir(d, "e"), 0);
	KUNIT_EXPECT_EQ(test, ptfs_create(d, "f", &f), 0);
	KUNIT_EXPECT_EQ(test, d->i_nlink, 3);
	if (f)
		iput(f);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(root, "d"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(d, "e"), 0);
	KUNIT_EXPECT_EQ(test, d->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(d, "f"), 0);
	iput(d);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(root, "d"), 0);
	KUNIT_EXPECT_EQ(test, root->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(ptfs_sbi(fs)), inodes0);
}

static void pgfs_hard_links_share_an_inode(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs), *a = NULL, *b, *d;
	char buf[4] = { 0 };

	KUNIT_ASSERT_EQ(test, ptfs_create(root, "a", &a), 0);
	KUNIT_EXPECT_EQ(test, pgfs_write(a, false, "abc", 0, 3), 3);
	KUNIT_EXPECT_EQ(test, ptfs_link(a, root, "b"), 0);
	KUNIT_EXPECT_EQ(test, a->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, ptfs_link(a, root, "b"), -EEXIST);
	KUNIT_EXPECT_EQ(test, a->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(root, "a"), 0);
	KUNIT_EXPECT_EQ(test, a->i_nlink, 1);
	b = ptfs_lookup(root, "b");
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_TRUE(test, a == b);
	KUNIT_EXPECT_EQ(test, pgfs_read(b, false, buf, 0, 3), 3);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "abc", 3), 0);
	iput(b);
	iput(a);
	/* No hard links to directories. */
	KUNIT_ASSERT_EQ(test, ptfs_mkdir(root, "dir"), 0);
	d = ptfs_lookup(root, "dir");
	KUNIT_ASSERT_FALSE(test, IS_ERR(d));
	KUNIT_EXPECT_EQ(test, ptfs_link(d, root, "dir2"), -EPERM);
	iput(d);
}

static void pgfs_device_node_keeps_its_numbers(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *dev = NULL;

	KUNIT_ASSERT_EQ(test, ptfs_mknod(ptfs_root(fs), "console", MKDEV(1, 3), &dev), 0);
	KUNIT_EXPECT_TRUE(test, S_ISCHR(dev->i_mode));
	iput(dev);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	dev = ptfs_lookup(ptfs_root(fs), "console");
	KUNIT_ASSERT_FALSE(test, IS_ERR(dev));
	KUNIT_EXPECT_TRUE(test, S_ISCHR(dev->i_mode));
	KUNIT_EXPECT_EQ(test, MAJOR(dev->i_rdev), 1);
	KUNIT_EXPECT_EQ(test, MINOR(dev->i_rdev), 3);
	iput(dev);
}

static void pgfs_directory_reads_as_dirents(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs);
	struct dirent de[4];

	KUNIT_ASSERT_EQ(test, ptfs_mkdir(root, "abcdefghijklmnopqrstuvwxyz0123"), 0);	/* DIRSIZ bytes */
	KUNIT_EXPECT_EQ(test, pgfs_read(root, false, de, 0, sizeof(de)), 3 * sizeof(struct dirent));
	KUNIT_EXPECT_EQ(test, de[0].inum, ROOTINO);
	KUNIT_EXPECT_EQ(test, strcmp(de[0].name, "."), 0);
	KUNIT_EXPECT_EQ(test, strcmp(de[1].name, ".."), 0);
	KUNIT_EXPECT_EQ(test, memcmp(de[2].name, "abcdefghijklmnopqrstuvwxyz0123", DIRSIZ), 0);
	KUNIT_EXPECT_EQ(test, root->i_fop->write(NULL, NULL, 1, NULL), -EISDIR);
}

static void pgfs_bad_names_are_refused(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs);

	KUNIT_EXPECT_EQ(test, ptfs_create(root, "abcdefghijklmnopqrstuvwxyz01234", NULL), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, ptfs_mkdir(root, "a/b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(root, "nothing"), -ENOENT);
	mutex_lock(&root->i_mutex);
	KUNIT_EXPECT_EQ(test, root->i_op->unlink(root, ".", 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, root->i_op->unlink(root, "..", 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, root->i_op->create(root, "x", 1, S_IFDIR, 0, NULL), -EINVAL);
	mutex_unlock(&root->i_mutex);
	KUNIT_EXPECT_EQ(test, root->i_nlink, 2);
}

/* A directory entry naming a free inode is corruption: -EIO, no panic. */
static void pgfs_corrupt_entry_gives_eio(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *root = ptfs_root(fs);
	struct dirent de = { .inum = 77, .name = "ghost" };

	KUNIT_ASSERT_EQ(test, begin_op(ptfs_sbi(fs)), 0);
	mutex_lock(&root->i_mutex);
	KUNIT_EXPECT_EQ(test, pgfs_writei(root, false, &de, root->i_size, sizeof(de)), sizeof(de));
	mutex_unlock(&root->i_mutex);
	end_op(ptfs_sbi(fs));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptfs_lookup(root, "ghost")), -EIO);
	de.inum = 60000;	/* beyond the inode table */
	KUNIT_ASSERT_EQ(test, begin_op(ptfs_sbi(fs)), 0);
	mutex_lock(&root->i_mutex);
	KUNIT_EXPECT_EQ(test, pgfs_writei(root, false, &de, root->i_size - sizeof(de), sizeof(de)), sizeof(de));
	mutex_unlock(&root->i_mutex);
	end_op(ptfs_sbi(fs));
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptfs_lookup(root, "ghost")), -EIO);
}

/* Unmounting under an open inode refuses rather than free what it uses. */
static void pgfs_unmount_with_inode_in_use_is_refused(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct super_block *sb = fs->sb;
	struct inode *f = NULL;

	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "busy", &f), 0);
	KUNIT_EXPECT_EQ(test, pgfs_kill_sb(sb), -EBUSY);
	KUNIT_EXPECT_NOT_NULL(test, sb->s_fs_info);
	iput(f);
	KUNIT_EXPECT_EQ(test, pgfs_kill_sb(sb), 0);
	KUNIT_EXPECT_NULL(test, sb->s_fs_info);
	kfree(sb);
	fs->sb = NULL;
}

static struct kunit_case pgfs_basic_cases[] = {
	KUNIT_CASE(pgfs_mounts_fresh_file_system),
	KUNIT_CASE(pgfs_rejects_bad_super_block),
	KUNIT_CASE(pgfs_file_written_reads_back),
	KUNIT_CASE(pgfs_one_write_is_one_commit),
	KUNIT_CASE(pgfs_directories_nest_and_count_links),
	KUNIT_CASE(pgfs_hard_links_share_an_inode),
	KUNIT_CASE(pgfs_device_node_keeps_its_numbers),
	KUNIT_CASE(pgfs_directory_reads_as_dirents),
	KUNIT_CASE(pgfs_bad_names_are_refused),
	KUNIT_CASE(pgfs_corrupt_entry_gives_eio),
	KUNIT_CASE(pgfs_unmount_with_inode_in_use_is_refused),
	{}
};

static struct kunit_suite pgfs_basic_suite = {
	.name = "pgfs",
	.init = basic_init,
	.exit = basic_exit,
	.test_cases = pgfs_basic_cases,
};
kunit_test_suite(pgfs_basic_suite);
