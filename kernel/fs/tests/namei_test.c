/*
 * Tests of path lookup and of the calls that change directories
 * (kernel/fs/namei.c, namespace.c): absolute and relative walks, "." and
 * "..", crossing mount points both ways, the errors, and mkdir, mknod,
 * link and unlink with xv6's semantics. All on the in-memory vfstest.
 */
#include "fs/tests/testfs.h"
#include "sched.h"
#include "fcntl.h"
#include "string.h"
#include "errno.h"
#include "err.h"

#define EXPECT_ERR(test, expr, err) KUNIT_EXPECT_EQ(test, PTR_ERR(expr), err)

/*
 * Whether path names `want` (which the caller holds: an inode nobody holds
 * is freed at once, so comparing with a dropped pointer proves nothing).
 */
static bool names(const char *path, struct inode *want)
{
	struct inode *inode = namei(path);

	if (IS_ERR(inode))
		return false;
	iput(inode);
	return inode == want;
}

static bool exists(const char *path)
{
	struct inode *inode = namei(path);

	iput(IS_ERR(inode) ? NULL : inode);
	return !IS_ERR(inode);
}

/* A field of the inode at path, read while holding it; -1 if none. */
#define INODE_FIELD(path, field) ({					\
	struct inode *__i = namei(path);				\
	long __v = IS_ERR(__i) ? -1 : (long)__i->field;			\
	iput(IS_ERR(__i) ? NULL : __i);					\
	__v; })

static int make_file(const char *path)
{
	long fd = do_sys_open(path, O_CREATE | O_RDWR);

	if (fd < 0)
		return fd;
	return close_fd(fd);
}

static void namei_walks_relative_and_absolute_paths(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *f, *g, *b;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("a"), 0);
	KUNIT_ASSERT_EQ(test, do_mkdirat("a/b"), 0);
	KUNIT_ASSERT_EQ(test, make_file("a/b/f"), 0);

	f = namei("a/b/f");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	b = namei("a/b");
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_TRUE(test, S_ISREG(f->i_mode));
	KUNIT_EXPECT_TRUE(test, S_ISDIR(b->i_mode));
	/* The same file by every spelling is the same struct inode. */
	g = vfs_path_lookup(sb->s_root, NULL, "/a/b/f", 0, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, g == f);
	if (!IS_ERR(g))
		iput(g);
	KUNIT_EXPECT_TRUE(test, names("./a//b///f", f));
	KUNIT_EXPECT_TRUE(test, names("a/b/../b/./f", f));
	KUNIT_EXPECT_TRUE(test, names("a/b/../../a/b/f", f));
	KUNIT_EXPECT_TRUE(test, names("a/b/", b));
	KUNIT_EXPECT_TRUE(test, names(".", sb->s_root));

	/* chdir moves the start of relative paths. */
	KUNIT_EXPECT_EQ(test, do_chdir("a/b"), 0);
	KUNIT_EXPECT_TRUE(test, current->cwd == b);
	KUNIT_EXPECT_TRUE(test, names("f", f));
	KUNIT_EXPECT_TRUE(test, names("../b/f", f));
	KUNIT_EXPECT_TRUE(test, names("../..", sb->s_root));
	KUNIT_EXPECT_EQ(test, do_chdir("f"), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, do_chdir("nope"), -ENOENT);
	KUNIT_EXPECT_TRUE(test, current->cwd == b);
	iput(f);
	iput(b);
	tfs_leave(test, &env);
}

static void namei_dotdot_stops_at_the_root(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *inode;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("d"), 0);
	inode = vfs_path_lookup(sb->s_root, NULL, "/../../d/../..", 0, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, inode == sb->s_root);
	if (!IS_ERR(inode))
		iput(inode);
	inode = vfs_path_lookup(sb->s_root, NULL, "/", 0, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, inode == sb->s_root);
	if (!IS_ERR(inode))
		iput(inode);
	tfs_leave(test, &env);
}

static void namei_reports_errors(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	char name[DIRSIZ + 2];

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, make_file("f"), 0);
	EXPECT_ERR(test, namei("nope"), -ENOENT);
	EXPECT_ERR(test, namei("nope/f"), -ENOENT);
	EXPECT_ERR(test, namei(""), -ENOENT);
	EXPECT_ERR(test, namei("f/x"), -ENOTDIR);
	EXPECT_ERR(test, namei("f/"), -ENOTDIR);
	EXPECT_ERR(test, namei("f/.."), -ENOTDIR);

	/* DIRSIZ characters is a name; one more is too long, even if the walk would fail anyway. */
	memset(name, 'n', DIRSIZ);
	name[DIRSIZ] = '\0';
	EXPECT_ERR(test, namei(name), -ENOENT);
	KUNIT_EXPECT_EQ(test, make_file(name), 0);
	KUNIT_EXPECT_TRUE(test, exists(name));
	name[DIRSIZ] = 'n';
	name[DIRSIZ + 1] = '\0';
	EXPECT_ERR(test, namei(name), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, make_file(name), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, do_mkdirat(name), -ENAMETOOLONG);
	tfs_leave(test, &env);
}

static void nameiparent_gives_the_directory_and_last_name(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *dir;
	const char *name;
	int len;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("a"), 0);
	dir = nameiparent("a//new", &name, &len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(dir));
	KUNIT_EXPECT_TRUE(test, names("a", dir));
	KUNIT_EXPECT_EQ(test, len, 3);
	KUNIT_EXPECT_EQ(test, memcmp(name, "new", 3), 0);
	iput(dir);
	EXPECT_ERR(test, nameiparent("nope/new", &name, &len), -ENOENT);
	tfs_leave(test, &env);
}

static void namei_crosses_mount_points_both_ways(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env), *sb2;
	struct inode *mnt, *f;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("mnt"), 0);
	sb2 = tfs_mount();
	KUNIT_ASSERT_FALSE(test, IS_ERR(sb2));
	mnt = namei("mnt");
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, attach_mount(sb2, mnt, "none", "/mnt"), 0);

	KUNIT_EXPECT_TRUE(test, names("mnt", sb2->s_root));
	KUNIT_EXPECT_EQ(test, do_mkdirat("mnt/sub"), 0);
	KUNIT_EXPECT_TRUE(test, INODE_FIELD("mnt/sub", i_sb) == (long)sb2);
	KUNIT_EXPECT_TRUE(test, names("mnt/..", sb->s_root));
	KUNIT_EXPECT_TRUE(test, names("mnt/sub/../..", sb->s_root));
	KUNIT_EXPECT_TRUE(test, INODE_FIELD("mnt/sub/../../mnt/sub", i_sb) == (long)sb2);
	/* The covered directory cannot go, nor be mounted on twice. */
	KUNIT_EXPECT_EQ(test, do_unlinkat("mnt"), -EBUSY);
	KUNIT_EXPECT_EQ(test, attach_mount(sb2, mnt, "none", "/mnt"), -EBUSY);
	/* Links stay inside one file system. */
	KUNIT_EXPECT_EQ(test, make_file("f"), 0);
	KUNIT_EXPECT_EQ(test, do_linkat("f", "mnt/f"), -EXDEV);

	/* From inside the mount, ".." leads out. */
	f = namei("f");
	KUNIT_EXPECT_EQ(test, do_chdir("mnt/sub"), 0);
	KUNIT_EXPECT_TRUE(test, names("../../f", f));
	KUNIT_EXPECT_EQ(test, do_chdir("../.."), 0);
	KUNIT_EXPECT_TRUE(test, current->cwd == sb->s_root);
	iput(IS_ERR(f) ? NULL : f);

	KUNIT_EXPECT_EQ(test, do_unlinkat("mnt/sub"), 0);
	KUNIT_EXPECT_EQ(test, detach_mount(sb2), 0);
	KUNIT_EXPECT_FALSE(test, names("mnt", sb2->s_root));
	KUNIT_EXPECT_TRUE(test, INODE_FIELD("mnt", i_sb) == (long)sb);
	KUNIT_EXPECT_EQ(test, tfs_unmount(sb2), 0);
	tfs_leave(test, &env);
}

static void mkdir_and_mknod_refuse_existing_names(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *root;

	if (!sb)
		return;
	root = get_fs_root();
	KUNIT_EXPECT_EQ(test, do_mkdirat("d"), 0);
	KUNIT_EXPECT_EQ(test, do_mkdirat("d"), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_mkdirat("d/."), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_mkdirat("d/.."), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_mkdirat("/"), root ? -EEXIST : -ENOENT);	/* no root mounted: ENOENT */
	KUNIT_EXPECT_EQ(test, do_mkdirat("nope/d"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_mknodat("d", S_IFCHR, MKDEV(1, 0)), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_mknodat("d/dev", S_IFCHR, MKDEV(1, 2)), 0);
	KUNIT_EXPECT_TRUE(test, S_ISCHR(INODE_FIELD("d/dev", i_mode)));
	KUNIT_EXPECT_EQ(test, INODE_FIELD("d/dev", i_rdev), MKDEV(1, 2));
	KUNIT_EXPECT_EQ(test, INODE_FIELD("d", i_nlink), 2);
	KUNIT_EXPECT_EQ(test, sb->s_root->i_nlink, 3);
	iput(root);
	tfs_leave(test, &env);
}

static void unlink_removes_files_and_empty_directories(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("d"), 0);
	KUNIT_ASSERT_EQ(test, make_file("d/f"), 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d"), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/."), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/.."), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/nope"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/f/x"), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/f"), 0);
	KUNIT_EXPECT_FALSE(test, exists("d/f"));
	KUNIT_EXPECT_EQ(test, do_unlinkat("d"), 0);
	KUNIT_EXPECT_FALSE(test, exists("d"));
	KUNIT_EXPECT_EQ(test, sb->s_root->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, TFS(sb)->evicted, 2);
	tfs_leave(test, &env);
}

static void link_shares_the_inode(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *f;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("d"), 0);
	KUNIT_ASSERT_EQ(test, make_file("f"), 0);
	KUNIT_EXPECT_EQ(test, do_linkat("f", "d/g"), 0);
	f = namei("f");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_TRUE(test, names("d/g", f));
	KUNIT_EXPECT_EQ(test, f->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, do_linkat("f", "d/g"), -EEXIST);
	KUNIT_EXPECT_EQ(test, do_linkat("d", "e"), -EPERM);
	KUNIT_EXPECT_EQ(test, do_linkat("nope", "e"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_linkat("f", "nope/e"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_unlinkat("f"), 0);
	KUNIT_EXPECT_EQ(test, f->i_nlink, 1);
	KUNIT_EXPECT_EQ(test, do_unlinkat("d/g"), 0);
	KUNIT_EXPECT_EQ(test, f->i_nlink, 0);
	/* Unlinked but still referenced: freed only at the last iput. */
	KUNIT_EXPECT_EQ(test, TFS(sb)->evicted, 0);
	iput(f);
	KUNIT_EXPECT_EQ(test, TFS(sb)->evicted, 1);
	tfs_leave(test, &env);
}

/*
 * The cwd removed, then its parent, whose inode number a new file takes:
 * the old ".." on disk now names that file. Nothing in the removed
 * directory can be looked up or created any more (-ENOENT), "." still
 * opens it, and reading it lists nothing (-ENOENT), as in Linux (whose
 * dentry cache alone still knows the old parent for "..").
 */
static void removed_directory_has_no_names(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct inode *b, *f;
	struct file *file;
	char de[32];
	long fd;

	if (!sb)
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("a"), 0);
	KUNIT_ASSERT_EQ(test, do_mkdirat("a/b"), 0);
	KUNIT_ASSERT_EQ(test, make_file("g"), 0);
	b = namei("a/b");
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_EQ(test, do_unlinkat("a/b"), 0);
	KUNIT_EXPECT_EQ(test, do_unlinkat("a"), 0);
	KUNIT_ASSERT_EQ(test, make_file("f"), 0);
	f = namei("f");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, TFS(sb)->d[b->i_ino].parent, f->i_ino);	/* the trap is set */
	iput(current->cwd);
	current->cwd = b;		/* our reference: as if we had chdir'ed there */

	EXPECT_ERR(test, namei(".."), -ENOENT);
	EXPECT_ERR(test, namei("../g"), -ENOENT);
	EXPECT_ERR(test, namei("x"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_chdir(".."), -ENOENT);
	KUNIT_EXPECT_EQ(test, make_file("x"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_mkdirat("x"), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_mknodat("x", S_IFCHR, MKDEV(1, 0)), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_unlinkat("x"), -ENOENT);
	KUNIT_EXPECT_EQ(test, TFS(sb)->allocated, 4);	/* a, b, g, f: nothing created */
	KUNIT_EXPECT_TRUE(test, names(".", b));
	fd = do_sys_open(".", O_RDONLY);
	KUNIT_EXPECT_GE(test, fd, 0);
	file = fd >= 0 ? fget(fd) : NULL;
	if (file) {
		KUNIT_EXPECT_EQ(test, kernel_read(file, de, sizeof(de), NULL), -ENOENT);
		fput(file);
	}
	if (fd >= 0)
		close_fd(fd);
	KUNIT_EXPECT_EQ(test, f->i_nlink, 1);
	iput(f);
	tfs_leave(test, &env);
}

static struct kunit_case namei_cases[] = {
	KUNIT_CASE(namei_walks_relative_and_absolute_paths),
	KUNIT_CASE(namei_dotdot_stops_at_the_root),
	KUNIT_CASE(namei_reports_errors),
	KUNIT_CASE(nameiparent_gives_the_directory_and_last_name),
	KUNIT_CASE(namei_crosses_mount_points_both_ways),
	KUNIT_CASE(mkdir_and_mknod_refuse_existing_names),
	KUNIT_CASE(unlink_removes_files_and_empty_directories),
	KUNIT_CASE(link_shares_the_inode),
	KUNIT_CASE(removed_directory_has_no_names),
	{}
};

static struct kunit_suite namei_suite = {
	.name = "vfs_namei",
	.test_cases = namei_cases,
};
kunit_test_suite(namei_suite);
