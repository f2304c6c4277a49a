/*
 * Tests of seq_file (kernel/fs/seq_file.c), the /proc tree
 * (generic.c) and the files that are not about memory (cpuinfo.c,
 * uptime.c, devices.c, mounts.c, interrupts.c, stat.c, fs.* sysctls).
 */
#include "kunit/test.h"
#include "fs/proc/tests/proc_test.h"
#include "mm/vmalloc.h"
#include "printk.h"
#include "smp.h"
#include "timer.h"
#include "sysctl.h"
#include "param.h"
#include "irq.h"
#include "kernel_stat.h"

#define BIG_LINES 20000		/* 11 bytes each: 220000 bytes, past kmalloc's range */

static int big_show_calls;

static int big_show(struct seq_file *m, void *v)
{
	(void)v;
	big_show_calls++;
	for (int i = 0; i < BIG_LINES; i++)
		seq_printf(m, "line %05d\n", i);
	return 0;
}

/* The buffer doubles until the whole file fits; the text is intact. */
static void seq_file_grows_buffer_for_large_file(struct kunit *test)
{
	struct seq_file m = { .show = big_show };

	big_show_calls = 0;
	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_EQ(test, m.count, BIG_LINES * 11);
	KUNIT_EXPECT_GT(test, m.size, m.count);
	KUNIT_EXPECT_GT(test, big_show_calls, 1);	/* it overflowed and was run again */
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(m.buf));
	KUNIT_EXPECT_EQ(test, memcmp(m.buf, "line 00000\n", 11), 0);
	KUNIT_EXPECT_EQ(test, memcmp(m.buf + 12345 * 11, "line 12345\n", 11), 0);
	KUNIT_EXPECT_EQ(test, memcmp(m.buf + (BIG_LINES - 1) * 11, "line 19999\n", 11), 0);
	KUNIT_EXPECT_EQ(test, m.buf[m.count], '\0');
	seq_release_buf(&m);
	KUNIT_EXPECT_NULL(test, m.buf);
}

static int small_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s %d", (const char *)v, 42);
	seq_putc(m, '\n');
	seq_puts(m, "end");
	return 0;
}

static void seq_file_small_file_in_one_page(struct kunit *test)
{
	struct seq_file m = { .show = small_show, .private = "answer" };

	KUNIT_ASSERT_EQ(test, seq_render(&m), 0);
	KUNIT_EXPECT_EQ(test, m.count, 13);
	KUNIT_EXPECT_EQ(test, strcmp(m.buf, "answer 42\nend"), 0);
	KUNIT_EXPECT_EQ(test, m.size, PAGE_SIZE);
	seq_release_buf(&m);
}

static int failing_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_puts(m, "partial");
	return -EIO;
}

static void seq_file_show_error_is_returned(struct kunit *test)
{
	struct seq_file m = { .show = failing_show };

	KUNIT_EXPECT_EQ(test, seq_render(&m), -EIO);
	KUNIT_EXPECT_NULL(test, m.buf);
	KUNIT_EXPECT_EQ(test, m.count, 0);
}

/* Printing past the end marks the buffer full instead of writing beyond it. */
static void seq_file_overflow_is_detected(struct kunit *test)
{
	char buf[9];
	struct seq_file m = { .buf = buf, .size = 8 };

	memset(buf, 'x', sizeof(buf));
	seq_puts(&m, "1234567");
	KUNIT_EXPECT_FALSE(test, seq_has_overflowed(&m));
	seq_putc(&m, '8');
	KUNIT_EXPECT_TRUE(test, seq_has_overflowed(&m));
	seq_printf(&m, "%d", 9);
	KUNIT_EXPECT_TRUE(test, seq_has_overflowed(&m));
	KUNIT_EXPECT_EQ(test, buf[8], 'x');
}

static int dummy_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_puts(m, "dummy\n");
	return 0;
}

/* Entries are created, found, refused when the name is bad or taken, and removed. */
static void proc_tree_create_lookup_remove(struct kunit *test)
{
	struct proc_dir_entry *d = proc_mkdir("proc_test_dir", NULL), *f, *found;

	KUNIT_ASSERT_NOT_NULL(test, d);
	f = proc_create_single("f", 0444, d, dummy_show);
	KUNIT_EXPECT_NOT_NULL(test, f);
	KUNIT_EXPECT_NULL(test, proc_create_single("f", 0444, d, dummy_show));
	KUNIT_EXPECT_NULL(test, proc_create_single("a/b", 0444, d, dummy_show));
	KUNIT_EXPECT_NULL(test, proc_create_single("", 0444, d, dummy_show));
	KUNIT_EXPECT_NULL(test, proc_create_single("..", 0444, d, dummy_show));
	KUNIT_EXPECT_NULL(test, proc_mkdir("x", f));	/* a file is no parent */
	found = pde_subdir_find(d, "f", 1);
	KUNIT_EXPECT_TRUE(test, found == f);
	if (found)
		pde_put(found);
	KUNIT_EXPECT_NULL(test, pde_subdir_find(d, "g", 1));
	KUNIT_EXPECT_EQ(test, remove_proc_entry("proc_test_dir", NULL), -ENOTEMPTY);
	KUNIT_EXPECT_EQ(test, remove_proc_entry("f", d), 0);
	KUNIT_EXPECT_EQ(test, remove_proc_entry("f", d), -ENOENT);
	KUNIT_EXPECT_EQ(test, remove_proc_entry("proc_test_dir", NULL), 0);
	KUNIT_EXPECT_NULL(test, pde_subdir_find(&proc_root, "proc_test_dir", 13));
}

/* A directory lists ".", ".." and its children as xv6 dirents. */
static void proc_tree_lists_dirents(struct kunit *test)
{
	struct proc_dir_entry *d = proc_mkdir("proc_test_ls", NULL);
	struct proc_dirents ents;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_EXPECT_NOT_NULL(test, proc_create_single("one", 0444, d, dummy_show));
	KUNIT_EXPECT_NOT_NULL(test, proc_create_single("two", 0444, d, dummy_show));
	KUNIT_ASSERT_EQ(test, proc_dirents_init(&ents, 8), 0);
	proc_dirents_subdir(&ents, d);
	KUNIT_EXPECT_EQ(test, ents.nr, 4);
	KUNIT_EXPECT_EQ(test, strcmp(ents.ents[0].name, "."), 0);
	KUNIT_EXPECT_EQ(test, strcmp(ents.ents[1].name, ".."), 0);
	KUNIT_EXPECT_EQ(test, strcmp(ents.ents[2].name, "one"), 0);
	KUNIT_EXPECT_EQ(test, strcmp(ents.ents[3].name, "two"), 0);
	KUNIT_EXPECT_EQ(test, ents.ents[0].inum, (ushort)d->low_ino);
	KUNIT_EXPECT_EQ(test, ents.ents[1].inum, PROC_ROOT_INO);
	for (int i = 0; i < ents.nr; i++)
		KUNIT_EXPECT_NE(test, ents.ents[i].inum, 0);
	kfree(ents.ents);
	remove_proc_entry("one", d);
	remove_proc_entry("two", d);
	remove_proc_entry("proc_test_ls", NULL);
}

/* Every file this issue adds is in /proc. */
static void proc_root_has_the_standard_files(struct kunit *test)
{
	static const char *const names[] = {
		"meminfo", "zoneinfo", "buddyinfo", "pagetypeinfo", "vmstat", "slabinfo",
		"vmallocinfo", "cpuinfo", "uptime", "sys", "devices", "mounts", "interrupts",
		"stat",
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++) {
		struct proc_dir_entry *de = pde_subdir_find(&proc_root, names[i], strlen(names[i]));

		if (!de)
			kunit_fail(test, __FILE__, __LINE__, "/proc/%s is missing", names[i]);
		else
			pde_put(de);
	}
}

/* One block per online CPU, with its hart id, the DT's ISA and sv48. */
static void cpuinfo_one_block_per_cpu(struct kunit *test)
{
	struct seq_file m;
	const char *l;
	char want[32];

	KUNIT_ASSERT_EQ(test, proc_render("cpuinfo", &m), 0);
	KUNIT_EXPECT_EQ(test, count_lines(&m, "processor\t: "), num_online_cpus());
	KUNIT_EXPECT_EQ(test, count_lines(&m, "mmu\t\t: sv48\n"), num_online_cpus());
	KUNIT_EXPECT_EQ(test, count_lines(&m, "isa\t\t: rv64"), num_online_cpus());
	snprintf(want, sizeof(want), "hart\t\t: %lu\n", cpuid_to_hartid_map[0]);
	l = find_line(&m, "processor\t: 0\n");
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_TRUE(test, find_line_from(&m, l, want) == next_line(&m, l));
	seq_release_buf(&m);
}

/* "up.cc idle.cc\n", and the uptime goes forward. */
static void uptime_has_two_times(struct kunit *test)
{
	struct seq_file m;
	const char *f[4];
	unsigned long up;
	char *end;

	KUNIT_ASSERT_EQ(test, proc_render("uptime", &m), 0);
	KUNIT_EXPECT_EQ(test, split_fields(m.buf, f, 4), 2);
	up = simple_strtoul(m.buf, &end, 10);
	KUNIT_EXPECT_EQ(test, *end, '.');
	KUNIT_EXPECT_TRUE(test, end[1] >= '0' && end[1] <= '9' && end[2] >= '0' && end[2] <= '9');
	KUNIT_EXPECT_EQ(test, end[3], ' ');
	KUNIT_EXPECT_EQ(test, m.buf[m.count - 1], '\n');
	KUNIT_EXPECT_LE(test, up, ktime_get_ns() / 1000000000);
	seq_release_buf(&m);
}

/* Each registered character major, "%3u name". */
static void devices_lists_char_majors(struct kunit *test)
{
	struct seq_file m;
	char want[40];

	KUNIT_ASSERT_EQ(test, proc_render("devices", &m), 0);
	KUNIT_EXPECT_TRUE(test, m.buf == find_line(&m, "Character devices:\n"));
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "Block devices:\n"));
	for (unsigned int major = 0; major < CHRDEV_MAJOR_MAX; major++) {
		if (!chrdev_name(major))
			continue;
		snprintf(want, sizeof(want), "%3u %s\n", major, chrdev_name(major));
		KUNIT_EXPECT_NOT_NULL(test, find_line(&m, want));
	}
	seq_release_buf(&m);
}

static void count_mount(struct vfsmount *mnt, void *arg)
{
	(void)mnt;
	(*(int *)arg)++;
}

/* One fstab-style line of six fields per mount. */
static void mounts_one_line_per_mount(struct kunit *test)
{
	struct seq_file m;
	const char *f[8];
	int n = 0;

	iterate_mounts(count_mount, &n);
	KUNIT_ASSERT_EQ(test, proc_render("mounts", &m), 0);
	KUNIT_EXPECT_EQ(test, m.count ? count_lines(&m, "") : 0, n);
	for (const char *l = m.count ? m.buf : NULL; l; l = next_line(&m, l))
		KUNIT_EXPECT_EQ(test, split_fields(l, f, 8), 6);
	seq_release_buf(&m);
}

/* fs/file-nr and fs/inode-nr are read-only counts. */
static void sysctl_fs_counts(struct kunit *test)
{
	const struct ctl_table *t = sysctl_find("fs", "file-nr");
	char buf[64];
	const char *f[4];

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_GT(test, proc_sys_call_handler(t, 0, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, split_fields(buf, f, 4), 3);
	KUNIT_EXPECT_EQ(test, simple_strtoul(f[2], NULL, 10), NFILE);
	strlcpy(buf, "5", sizeof(buf));
	KUNIT_EXPECT_EQ(test, proc_sys_call_handler(t, 1, buf, 1), -EACCES);
	t = sysctl_find("fs", "inode-nr");
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_GT(test, proc_sys_call_handler(t, 0, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, split_fields(buf, f, 4), 2);
}

/* A CPU column each, a row per interrupt with a handler, with that CPU's counts. */
static void interrupts_one_row_per_handled_irq(struct kunit *test)
{
	const char *f[NR_CPUS + 4], *l;
	struct seq_file m;
	int rows = 0;
	char want[16];

	KUNIT_ASSERT_EQ(test, proc_render("interrupts", &m), 0);
	KUNIT_EXPECT_EQ(test, strncmp(m.buf, "           CPU0 ", 16), 0);
	KUNIT_EXPECT_EQ(test, split_fields(m.buf, f, NR_CPUS + 4), nr_cpu_ids);
	for (unsigned int irq = 1; irq < NR_IRQS; irq++) {
		if (!irq_name(irq))
			continue;
		rows++;
		snprintf(want, sizeof(want), "%3u: ", irq);
		l = find_line(&m, want);
		KUNIT_EXPECT_NOT_NULL(test, l);
		if (l)
			KUNIT_EXPECT_EQ(test, split_fields(l, f, NR_CPUS + 4), 2 + nr_cpu_ids);
	}
	KUNIT_EXPECT_EQ(test, count_lines(&m, ""), 1 + rows);
	seq_release_buf(&m);
}

#define STAT_SYSTEM_FIELD 3	/* "cpu  user nice system idle ..." */

/* Field `i` (0 is the name) of the line starting with prefix, or ~0UL. */
static unsigned long stat_field(struct seq_file *m, const char *prefix, int i)
{
	const char *l = find_line(m, prefix), *f[16];

	if (!l || split_fields(l, f, 16) <= i)
		return ~0UL;
	return simple_strtoul(f[i], NULL, 10);
}

/* Linux's lines in Linux's order; a busy kernel wait shows as system time. */
static void stat_counts_time_and_tasks(struct kunit *test)
{
	unsigned long system0, system1;
	struct seq_file m;
	const char *f[4];

	KUNIT_ASSERT_EQ(test, proc_render("stat", &m), 0);
	KUNIT_EXPECT_EQ(test, strncmp(m.buf, "cpu  ", 5), 0);
	KUNIT_EXPECT_EQ(test, split_fields(m.buf, f, 4), 1 + NR_STATS);
	KUNIT_EXPECT_EQ(test, count_lines(&m, "cpu"), 1 + num_online_cpus());
	KUNIT_EXPECT_EQ(test, split_fields(find_line(&m, "intr ") ?: "", f, 4), 2 + NR_IRQS);
	KUNIT_EXPECT_GT(test, stat_field(&m, "intr ", 1), 0);
	KUNIT_EXPECT_GT(test, stat_field(&m, "ctxt ", 1), 0);
	KUNIT_EXPECT_GT(test, stat_field(&m, "processes ", 1), 0);
	/* This test's own thread is running. */
	KUNIT_EXPECT_GE(test, stat_field(&m, "procs_running ", 1), 1);
	KUNIT_EXPECT_LT(test, stat_field(&m, "procs_blocked ", 1), NPROC);
	system0 = stat_field(&m, "cpu ", STAT_SYSTEM_FIELD);
	seq_release_buf(&m);
	/* Busy in the kernel until a tick lands (a loaded host may delay ticks). */
	for (int ms = 0; ms < 2000; ms += 10) {
		udelay(10000);
		KUNIT_ASSERT_EQ(test, proc_render("stat", &m), 0);
		system1 = stat_field(&m, "cpu ", STAT_SYSTEM_FIELD);
		seq_release_buf(&m);
		if (system1 != system0)
			break;
	}
	KUNIT_EXPECT_GT(test, system1, system0);
	KUNIT_EXPECT_NE(test, system1, ~0UL);
}

static struct kunit_case proc_generic_cases[] = {
	KUNIT_CASE(seq_file_grows_buffer_for_large_file),
	KUNIT_CASE(seq_file_small_file_in_one_page),
	KUNIT_CASE(seq_file_show_error_is_returned),
	KUNIT_CASE(seq_file_overflow_is_detected),
	KUNIT_CASE(proc_tree_create_lookup_remove),
	KUNIT_CASE(proc_tree_lists_dirents),
	KUNIT_CASE(proc_root_has_the_standard_files),
	KUNIT_CASE(cpuinfo_one_block_per_cpu),
	KUNIT_CASE(uptime_has_two_times),
	KUNIT_CASE(devices_lists_char_majors),
	KUNIT_CASE(mounts_one_line_per_mount),
	KUNIT_CASE(sysctl_fs_counts),
	KUNIT_CASE(interrupts_one_row_per_handled_irq),
	KUNIT_CASE(stat_counts_time_and_tasks),
	{}
};

static struct kunit_suite proc_generic_suite = {
	.name = "proc_generic",
	.test_cases = proc_generic_cases,
};
kunit_test_suite(proc_generic_suite);
