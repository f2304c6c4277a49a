/*
 * Tests of open files and descriptor tables (kernel/fs/open.c, file.c,
 * file_table.c, read_write.c, stat.c, char_dev.c): lowest-free fds and
 * EMFILE, dup and fork's dup_fd sharing files, ->release at the last
 * fput only, open's flag and type checks, O_CREATE and O_TRUNC, reads at
 * the file position, fstat, device nodes, and the system calls' argument
 * checks (bad fds, negative counts, kernel pointers passed as user ones).
 */
#include "fs/tests/testfs.h"
#include "sched.h"
#include "fcntl.h"
#include "stat.h"
#include "string.h"
#include "syscalls.h"
#include "errno.h"
#include "err.h"

static int released, opened_minor;

static int count_release(struct inode *inode, struct file *file)
{
	released++;
	return 0;
}

static const struct file_operations counting_fops = {
	.release = count_release,
};

static struct file *dummy_file(void)
{
	return alloc_file(NULL, O_RDWR, &counting_fops);
}

static void fd_install_takes_the_lowest_free_slot(struct kunit *test)
{
	struct tfs_env env;
	struct file *f;
	int i, fd;

	if (!tfs_enter(test, &env))
		return;
	released = 0;
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, fd_install_new(dummy_file()), i);
	KUNIT_EXPECT_EQ(test, close_fd(1), 0);
	KUNIT_EXPECT_EQ(test, released, 1);
	KUNIT_EXPECT_EQ(test, close_fd(1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_close(-1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_close(NOFILE), -EBADF);
	KUNIT_EXPECT_EQ(test, fd_install_new(dummy_file()), 1);
	for (fd = 3; fd < NOFILE; fd++)
		KUNIT_EXPECT_EQ(test, fd_install_new(dummy_file()), fd);
	f = dummy_file();
	KUNIT_EXPECT_EQ(test, fd_install_new(f), -EMFILE);
	fput(f);
	KUNIT_EXPECT_EQ(test, do_dup(0), -EMFILE);
	tfs_leave(test, &env);
	KUNIT_EXPECT_EQ(test, released, NOFILE + 2);
}

static void dup_shares_the_file_until_the_last_close(struct kunit *test)
{
	struct tfs_env env;
	struct file *f, *g;
	int fd, fd2;

	if (!tfs_enter(test, &env))
		return;
	released = 0;
	f = dummy_file();
	fd = fd_install_new(f);
	fd2 = do_dup(fd);
	KUNIT_EXPECT_EQ(test, fd2, fd + 1);
	g = fget(fd2);
	KUNIT_EXPECT_TRUE(test, g == f);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f->f_count), 3);
	fput(g);
	KUNIT_EXPECT_NULL(test, fget(-1));
	KUNIT_EXPECT_NULL(test, fget(NOFILE));
	KUNIT_EXPECT_NULL(test, fget(fd2 + 1));
	KUNIT_EXPECT_EQ(test, do_dup(fd2 + 1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_dup(-5), -EBADF);
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);
	KUNIT_EXPECT_EQ(test, released, 0);
	KUNIT_EXPECT_EQ(test, close_fd(fd2), 0);
	KUNIT_EXPECT_EQ(test, released, 1);
	tfs_leave(test, &env);
}

static void dup_fd_copies_the_table_and_shares_files(struct kunit *test)
{
	struct tfs_env env;
	struct files_struct *copy;
	struct file *f;
	int fd;

	if (!tfs_enter(test, &env))
		return;
	released = 0;
	f = dummy_file();
	fd = fd_install_new(f);
	copy = dup_fd(current->files);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_EXPECT_TRUE(test, copy->fd_array[fd] == f);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f->f_count), 2);
	/* The child's table is its own: closing there leaves ours alone. */
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);
	KUNIT_EXPECT_EQ(test, released, 0);
	KUNIT_EXPECT_NULL(test, current->files->fd_array[fd]);
	KUNIT_EXPECT_TRUE(test, copy->fd_array[fd] == f);
	put_files_struct(copy);
	KUNIT_EXPECT_EQ(test, released, 1);
	tfs_leave(test, &env);
}

static void fput_releases_at_the_last_reference(struct kunit *test)
{
	unsigned long before = get_nr_files();
	struct file *f = dummy_file();

	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	released = 0;
	KUNIT_EXPECT_EQ(test, get_nr_files(), before + 1);
	KUNIT_EXPECT_EQ(test, f->f_mode, FMODE_READ | FMODE_WRITE);
	get_file(f);
	get_file(f);
	fput(f);
	fput(f);
	KUNIT_EXPECT_EQ(test, released, 0);
	fput(f);
	KUNIT_EXPECT_EQ(test, released, 1);
	KUNIT_EXPECT_EQ(test, get_nr_files(), before);
}

static void open_checks_flags_and_file_types(struct kunit *test)
{
	struct tfs_env env;
	long fd;

	if (!tfs_enter(test, &env))
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("d"), 0);
	fd = do_sys_open("f", O_CREATE | O_WRONLY);
	KUNIT_EXPECT_EQ(test, fd, 0);
	KUNIT_EXPECT_EQ(test, do_sys_open("f", O_ACCMODE), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_sys_open("f", O_RDONLY | 0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, do_sys_open("d", O_WRONLY), -EISDIR);
	KUNIT_EXPECT_EQ(test, do_sys_open("d", O_RDWR), -EISDIR);
	KUNIT_EXPECT_EQ(test, do_sys_open("d", O_CREATE | O_RDONLY), -EISDIR);
	KUNIT_EXPECT_EQ(test, do_sys_open(".", O_CREATE | O_RDONLY), -EISDIR);
	KUNIT_EXPECT_EQ(test, do_sys_open("nope", O_RDONLY), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_sys_open("nope/x", O_CREATE | O_RDWR), -ENOENT);
	KUNIT_EXPECT_EQ(test, do_sys_open("f/x", O_CREATE | O_RDWR), -ENOTDIR);
	KUNIT_EXPECT_EQ(test, do_sys_open("d", O_RDONLY), 1);
	tfs_leave(test, &env);
}

static void open_create_write_read_and_truncate(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct file *w, *r;
	struct stat st;
	char buf[16];
	long fd;

	if (!sb)
		return;
	fd = do_sys_open("f", O_CREATE | O_WRONLY);
	KUNIT_ASSERT_GE(test, fd, 0);
	w = fget(fd);
	KUNIT_EXPECT_EQ(test, kernel_write(w, "hello", 5, NULL), 5);
	KUNIT_EXPECT_EQ(test, kernel_write(w, " vfs", 4, NULL), 4);
	KUNIT_EXPECT_EQ(test, w->f_pos, 9);
	KUNIT_EXPECT_EQ(test, kernel_read(w, buf, 1, NULL), -EBADF);

	/* O_CREATE of an existing file opens it, contents kept. */
	fd = do_sys_open("f", O_CREATE | O_RDONLY);
	KUNIT_ASSERT_GE(test, fd, 0);
	r = fget(fd);
	KUNIT_EXPECT_TRUE(test, r->f_inode == w->f_inode);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, kernel_read(r, buf, 5, NULL), 5);
	KUNIT_EXPECT_EQ(test, kernel_read(r, buf + 5, sizeof(buf) - 5, NULL), 4);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "hello vfs", 10), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(r, buf, sizeof(buf), NULL), 0);
	KUNIT_EXPECT_EQ(test, kernel_write(r, "x", 1, NULL), -EBADF);

	KUNIT_EXPECT_EQ(test, vfs_fstat(fd, &st), 0);
	KUNIT_EXPECT_EQ(test, st.type, T_FILE);
	KUNIT_EXPECT_EQ(test, st.size, 9);
	KUNIT_EXPECT_EQ(test, st.nlink, 1);
	KUNIT_EXPECT_EQ(test, st.ino, r->f_inode->i_ino);
	KUNIT_EXPECT_EQ(test, st.dev, sb->s_dev);
	KUNIT_EXPECT_EQ(test, vfs_fstat(NOFILE - 1, &st), -EBADF);

	KUNIT_EXPECT_GE(test, do_sys_open("f", O_TRUNC | O_WRONLY), 0);
	KUNIT_EXPECT_EQ(test, r->f_inode->i_size, 0);
	KUNIT_EXPECT_EQ(test, vfs_fstat(fd, &st), 0);
	KUNIT_EXPECT_EQ(test, st.size, 0);
	fput(r);
	fput(w);
	tfs_leave(test, &env);
}

static void directories_read_as_dirents(struct kunit *test)
{
	struct tfs_env env;
	struct dirent de[TFS_NDIRENT];
	struct file *dir;
	struct stat st;
	long fd, n;
	int i, found = 0;

	if (!tfs_enter(test, &env))
		return;
	KUNIT_ASSERT_EQ(test, do_mkdirat("sub"), 0);
	KUNIT_ASSERT_EQ(test, do_mknodat("dev", S_IFCHR, MKDEV(1, 1)), 0);
	fd = do_sys_open(".", O_RDONLY);
	KUNIT_ASSERT_GE(test, fd, 0);
	dir = fget(fd);
	n = kernel_read(dir, de, sizeof(de), NULL);
	KUNIT_EXPECT_EQ(test, n, sizeof(de));
	for (i = 0; i < n / (long)sizeof(de[0]); i++)
		if (de[i].inum && (!strcmp(de[i].name, "sub") || !strcmp(de[i].name, "dev")))
			found++;
	KUNIT_EXPECT_EQ(test, found, 2);
	KUNIT_EXPECT_EQ(test, vfs_fstat(fd, &st), 0);
	KUNIT_EXPECT_EQ(test, st.type, T_DIR);
	KUNIT_EXPECT_EQ(test, st.nlink, 3);
	fput(dir);
	tfs_leave(test, &env);
}

static int dev_open(struct inode *inode, struct file *file)
{
	opened_minor = MINOR(inode->i_rdev);
	return 0;
}

static const struct file_operations dev_fops = {
	.open = dev_open,
	.release = count_release,
};

static void device_nodes_open_their_driver(struct kunit *test)
{
	static int major;
	struct tfs_env env;
	struct stat st;
	struct file *f;
	long fd;

	if (!major)
		major = register_chrdev(0, "vfstest", &dev_fops);
	KUNIT_ASSERT_GT(test, major, 0);
	KUNIT_EXPECT_EQ(test, register_chrdev(major, "again", &dev_fops), -EBUSY);
	KUNIT_EXPECT_EQ(test, register_chrdev(CHRDEV_MAJOR_MAX, "big", &dev_fops), -EINVAL);
	KUNIT_EXPECT_EQ(test, strcmp(chrdev_name(major), "vfstest"), 0);
	KUNIT_EXPECT_NULL(test, chrdev_name(CHRDEV_MAJOR_MAX));
	if (!tfs_enter(test, &env))
		return;
	released = 0;
	KUNIT_ASSERT_EQ(test, do_mknodat("tty", S_IFCHR, MKDEV(major, 3)), 0);
	KUNIT_ASSERT_EQ(test, do_mknodat("nodev", S_IFCHR, MKDEV(CHRDEV_MAJOR_MAX + 1, 0)), 0);
	fd = do_sys_open("tty", O_RDWR);
	KUNIT_ASSERT_GE(test, fd, 0);
	f = fget(fd);
	KUNIT_EXPECT_TRUE(test, f->f_op == &dev_fops);
	KUNIT_EXPECT_EQ(test, opened_minor, 3);
	KUNIT_EXPECT_EQ(test, vfs_fstat(fd, &st), 0);
	KUNIT_EXPECT_EQ(test, st.type, T_DEVICE);
	fput(f);
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);
	KUNIT_EXPECT_EQ(test, released, 1);
	KUNIT_EXPECT_EQ(test, do_sys_open("nodev", O_RDWR), -ENXIO);
	KUNIT_EXPECT_EQ(test, released, 1);	/* a failed open is never released */
	tfs_leave(test, &env);
}

/* A kernel address, which every user-pointer argument must refuse. */
#define KPTR(p) ((void __user *)(p))

static void syscalls_check_their_arguments(struct kunit *test)
{
	struct tfs_env env;
	char kbuf[8] = "f";
	long rfd, wfd;

	if (!tfs_enter(test, &env))
		return;
	wfd = do_sys_open("f", O_CREATE | O_WRONLY);
	rfd = do_sys_open("f", O_RDONLY);
	KUNIT_ASSERT_EQ(test, wfd, 0);
	KUNIT_ASSERT_EQ(test, rfd, 1);
	KUNIT_EXPECT_EQ(test, sys_read(-1, KPTR(0x1000), 1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_read(5, KPTR(0x1000), 1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_read(rfd, KPTR(0x1000), -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_write(wfd, KPTR(0x1000), -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, sys_read(wfd, KPTR(0x1000), 1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_write(rfd, KPTR(0x1000), 1), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_read(rfd, KPTR(kbuf), 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_write(wfd, KPTR(kbuf), 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_read(rfd, KPTR(0x1000), 0), 0);
	/* Even for 0 bytes a kernel address is refused, as in Linux. */
	KUNIT_EXPECT_EQ(test, sys_read(rfd, KPTR(kbuf), 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_write(wfd, KPTR(kbuf), 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_read(rfd, NULL, 0), 0);	/* NULL is a user address */
	KUNIT_EXPECT_EQ(test, sys_read(wfd, KPTR(kbuf), 0), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_fstat(rfd, KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_fstat(7, KPTR(0x1000)), -EBADF);
	KUNIT_EXPECT_EQ(test, sys_open(KPTR(kbuf), O_RDONLY), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_mkdir(KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_unlink(KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_chdir(KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_link(KPTR(kbuf), KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_mknod(KPTR(kbuf), 1, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, sys_mknod(KPTR(0x1000), -1, 1), -EINVAL);
	/* A failed pipe() leaves no descriptors behind. */
	KUNIT_EXPECT_EQ(test, sys_pipe(KPTR(kbuf)), -EFAULT);
	KUNIT_EXPECT_NULL(test, current->files->fd_array[2]);
	KUNIT_EXPECT_NULL(test, current->files->fd_array[3]);
	tfs_leave(test, &env);
}

static struct kunit_case file_cases[] = {
	KUNIT_CASE(fd_install_takes_the_lowest_free_slot),
	KUNIT_CASE(dup_shares_the_file_until_the_last_close),
	KUNIT_CASE(dup_fd_copies_the_table_and_shares_files),
	KUNIT_CASE(fput_releases_at_the_last_reference),
	KUNIT_CASE(open_checks_flags_and_file_types),
	KUNIT_CASE(open_create_write_read_and_truncate),
	KUNIT_CASE(directories_read_as_dirents),
	KUNIT_CASE(device_nodes_open_their_driver),
	KUNIT_CASE(syscalls_check_their_arguments),
	{}
};

static struct kunit_suite file_suite = {
	.name = "vfs_file",
	.test_cases = file_cases,
};
kunit_test_suite(file_suite);
