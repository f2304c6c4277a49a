/*
 * /proc through the VFS, as a program sees it: open, read, write, list,
 * and the errors. Skipped when /proc is not mounted (no root disk).
 */
#include "kunit/test.h"
#include "fs/proc/tests/proc_test.h"
#include "fs.h"
#include "fcntl.h"
#include "sysctl.h"
#include "mm/internal.h"
#include "printk.h"
#include "err.h"

static bool proc_mounted(void)
{
	struct inode *inode = namei("/proc/meminfo");

	if (IS_ERR(inode))
		return false;
	iput(inode);
	return true;
}

#define SKIP_UNLESS_MOUNTED(test) \
	do { if (!proc_mounted()) kunit_skip(test, "/proc is not mounted"); } while (0)

/* Reads the whole file in small pieces; returns the length or -errno. */
static long read_file(const char *path, char *buf, size_t size, size_t piece)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	long total = 0, n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while ((size_t)total < size - 1 &&
	       (n = kernel_read(f, buf + total, min(piece, size - 1 - total), NULL)) > 0)
		total += n;
	buf[total] = '\0';
	fput(f);
	return n < 0 ? n : total;
}

static void proc_vfs_read_meminfo_in_pieces(struct kunit *test)
{
	char *buf;
	long n;

	SKIP_UNLESS_MOUNTED(test);
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = read_file("/proc/meminfo", buf, PAGE_SIZE, 7);	/* odd pieces: f_pos must carry on */
	KUNIT_EXPECT_GT(test, n, 27 * 30);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "MemTotal:", 9), 0);
	KUNIT_EXPECT_EQ(test, buf[n - 1], '\n');
	KUNIT_EXPECT_TRUE(test, str_contains(buf, "\nVmallocChunk:"));
	kfree(buf);
}

/* ls /proc: dirents with ".", the files, "self" and the running task's pid. */
static void proc_vfs_list_root(struct kunit *test)
{
	struct dirent de;
	struct file *f;
	bool dot = false, meminfo = false, self = false, me = false;
	char pid[12];

	SKIP_UNLESS_MOUNTED(test);
	snprintf(pid, sizeof(pid), "%d", current->pid);
	f = filp_open("/proc", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	while (kernel_read(f, &de, sizeof(de), NULL) == sizeof(de)) {
		char name[DIRSIZ + 1];

		memcpy(name, de.name, DIRSIZ);
		name[DIRSIZ] = '\0';
		KUNIT_EXPECT_NE(test, de.inum, 0);
		dot |= !strcmp(name, ".");
		meminfo |= !strcmp(name, "meminfo");
		self |= !strcmp(name, "self");
		me |= !strcmp(name, pid);
	}
	fput(f);
	KUNIT_EXPECT_TRUE(test, dot);
	KUNIT_EXPECT_TRUE(test, meminfo);
	KUNIT_EXPECT_TRUE(test, self);
	KUNIT_EXPECT_TRUE(test, me);
}

static void proc_vfs_pid_lookup(struct kunit *test)
{
	char path[32], *buf;
	long n;

	SKIP_UNLESS_MOUNTED(test);
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	snprintf(path, sizeof(path), "/proc/%d/status", current->pid);
	n = read_file(path, buf, PAGE_SIZE, 64);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "Name:\t", 6), 0);
	n = read_file("/proc/self/stat", buf, PAGE_SIZE, 64);
	KUNIT_EXPECT_GT(test, n, 0);
	snprintf(path, sizeof(path), "%d (", current->pid);
	KUNIT_EXPECT_EQ(test, strncmp(buf, path, strlen(path)), 0);
	KUNIT_EXPECT_EQ(test, read_file("/proc/self/comm", buf, PAGE_SIZE, 64),
			(long)strlen(current->comm) + 1);
	KUNIT_EXPECT_EQ(test, read_file("/proc/self/cmdline", buf, PAGE_SIZE, 64),
			current->mm ? (long)(current->mm->arg_end - current->mm->arg_start) : 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(namei("/proc/32768")), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(namei("/proc/0")), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(namei("/proc/12abc")), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(namei("/proc/self/nothing")), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(namei("/proc/nothing")), -ENOENT);
	kfree(buf);
}

/* Read-only files refuse writers; a sysctl takes a write and refuses a bad one. */
static void proc_vfs_writes(struct kunit *test)
{
	int old = watermark_scale_factor;
	struct file *f;
	char buf[32];

	SKIP_UNLESS_MOUNTED(test);
	KUNIT_EXPECT_EQ(test, PTR_ERR(filp_open("/proc/meminfo", O_WRONLY, 0)), -EACCES);
	KUNIT_EXPECT_EQ(test, PTR_ERR(filp_open("/proc/self/status", O_RDWR, 0)), -EACCES);
	f = filp_open("/proc/sys/vm/watermark_scale_factor", O_WRONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_write(f, "77\n", 3, NULL), 3);
	fput(f);
	KUNIT_EXPECT_EQ(test, watermark_scale_factor, 77);
	KUNIT_EXPECT_EQ(test, read_file("/proc/sys/vm/watermark_scale_factor", buf, sizeof(buf), 16), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "77\n"), 0);
	f = filp_open("/proc/sys/vm/watermark_scale_factor", O_WRONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_write(f, "0", 1, NULL), -EINVAL);
	fput(f);
	KUNIT_EXPECT_EQ(test, watermark_scale_factor, 77);
	watermark_scale_factor = old;
	setup_per_zone_wmarks();
}

static struct kunit_case proc_vfs_cases[] = {
	KUNIT_CASE(proc_vfs_read_meminfo_in_pieces),
	KUNIT_CASE(proc_vfs_list_root),
	KUNIT_CASE(proc_vfs_pid_lookup),
	KUNIT_CASE(proc_vfs_writes),
	{}
};

static struct kunit_suite proc_vfs_suite = {
	.name = "proc_vfs",
	.test_cases = proc_vfs_cases,
};
kunit_test_suite(proc_vfs_suite);
