/*
 * Sysctl value handlers and the vm.* and fs.* tables (Linux:
 * kernel/sysctl.c for proc_dointvec*, mm/page_alloc.c for the vm
 * handlers, fs/file_table.c and fs/inode.c for the fs ones; Pagoda keeps
 * the tables here so the memory manager's files stay about memory).
 *
 * A write is parsed completely into a scratch array and checked before
 * anything is stored, so a bad value leaves the old one in place (Linux
 * stores each value as it parses it).
 */
#include "sysctl.h"
#include "mm/internal.h"
#include "init.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "param.h"
#include "fs/vfs.h"
#include "mm/swap.h"
#include "mm/pagemap.h"
#include "sched.h"

const int sysctl_vals[] = { 0, 1, 0x7fffffff };

#define SYSCTL_MAX_INTS 8

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One decimal int with optional sign at *p, which must end at space or end. */
static int parse_int(const char **p, const char *end, int *val)
{
	const char *s = *p;
	bool neg = false;
	long v = 0;

	if (s < end && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (s == end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (*s - '0');
		if (v > 0x80000000L)
			return -EINVAL;
	}
	if (s < end && !is_space(*s))
		return -EINVAL;
	v = neg ? -v : v;
	if (v > 0x7fffffffL)
		return -EINVAL;
	*val = (int)v;
	*p = s;
	return 0;
}

/* Parses up to max ints from (buf, len); the number parsed or -EINVAL. */
static int parse_int_vector(const char *buf, size_t len, int *vals, int max)
{
	const char *p = buf, *end = buf + len;
	int n = 0;

	for (;;) {
		while (p < end && is_space(*p))
			p++;
		if (p == end || !*p)
			break;
		if (n == max || parse_int(&p, end, &vals[n]))
			return -EINVAL;
		n++;
	}
	/* Only a terminating NUL may follow (a C string written by the kernel). */
	while (p < end && !*p)
		p++;
	return n && p == end ? n : -EINVAL;
}

static int do_proc_dointvec(const struct ctl_table *table, int write, void *buffer,
			    size_t *lenp, const int *min, const int *max)
{
	int nr = table->maxlen / sizeof(int), vals[SYSCTL_MAX_INTS], n, i;
	int *data = table->data;
	size_t len = 0;

	if (!data || nr <= 0 || nr > SYSCTL_MAX_INTS)
		return -EINVAL;
	if (!write) {
		for (i = 0; i < nr; i++)
			len += snprintf((char *)buffer + min(len, *lenp), *lenp - min(len, *lenp),
					"%s%d", i ? "\t" : "", READ_ONCE(data[i]));
		len += snprintf((char *)buffer + min(len, *lenp), *lenp - min(len, *lenp), "\n");
		if (len >= *lenp)
			return -EINVAL;
		*lenp = len;
		return 0;
	}
	n = parse_int_vector(buffer, *lenp, vals, nr);
	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if ((min && vals[i] < *min) || (max && vals[i] > *max))
			return -EINVAL;
	for (i = 0; i < n; i++)
		WRITE_ONCE(data[i], vals[i]);
	return 0;
}

int proc_dointvec(const struct ctl_table *table, int write, void *buffer,
		  size_t *lenp, loff_t *ppos)
{
	(void)ppos;
	return do_proc_dointvec(table, write, buffer, lenp, NULL, NULL);
}

int proc_dointvec_minmax(const struct ctl_table *table, int write, void *buffer,
			 size_t *lenp, loff_t *ppos)
{
	(void)ppos;
	return do_proc_dointvec(table, write, buffer, lenp, table->extra1, table->extra2);
}

/* ---- vm.* ------------------------------------------------------------------ */

/*
 * A new minimum is the user's from now on (calculate_min_free_kbytes keeps
 * it). More than all of RAM (MemTotal) is refused: no zone could keep that
 * much free, and no allocation would succeed again, not even the fork of a
 * shell to write the old value back. (A value close to MemTotal does as
 * much harm; the bound stops only the impossible ones.)
 */
static int min_free_kbytes_sysctl_handler(const struct ctl_table *table, int write,
					  void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table t = *table;
	int ram_kb = min(totalram_pages() << (PAGE_SHIFT - 10), 0x7fffffffUL), err;

	t.extra2 = &ram_kb;	/* Linux bounds min_free_kbytes only below */
	err = proc_dointvec_minmax(&t, write, buffer, lenp, ppos);
	if (err || !write)
		return err;
	user_min_free_kbytes = min_free_kbytes;
	setup_per_zone_wmarks();
	return 0;
}

static int watermark_scale_factor_sysctl_handler(const struct ctl_table *table, int write,
						 void *buffer, size_t *lenp, loff_t *ppos)
{
	int err = proc_dointvec_minmax(table, write, buffer, lenp, ppos);

	if (err || !write)
		return err;
	setup_per_zone_wmarks();
	return 0;
}

/* Ratio 0 switches a zone's reserve off (Linux turns any ratio below 1 into 0). */
static int lowmem_reserve_ratio_sysctl_handler(const struct ctl_table *table, int write,
					       void *buffer, size_t *lenp, loff_t *ppos)
{
	int err = proc_dointvec_minmax(table, write, buffer, lenp, ppos);

	if (err || !write)
		return err;
	setup_per_zone_lowmem_reserve();
	return 0;
}

static const int watermark_scale_factor_max = 3000;

/*
 * Writing 1 frees the clean page cache, 2 the unused inodes, 3 both
 * (Linux: fs/drop_caches.c). Dirty pages stay: `sync` first to drop them too.
 */
static int sysctl_drop_caches;
static const int drop_caches_max = 3;

static int drop_caches_sysctl_handler(const struct ctl_table *table, int write, void *buffer,
				      size_t *lenp, loff_t *ppos)
{
	int err = proc_dointvec_minmax(table, write, buffer, lenp, ppos);

	if (err || !write)
		return err;
	pr_info("%s (%d): drop_caches: %d\n", current->comm, current->pid, sysctl_drop_caches);
	drop_caches(sysctl_drop_caches);
	return 0;
}

static const int swappiness_max = 200;

static struct ctl_table vm_table[] = {
	{
		.procname = "min_free_kbytes",
		.data = &min_free_kbytes,
		.maxlen = sizeof(min_free_kbytes),
		.mode = 0644,
		.proc_handler = min_free_kbytes_sysctl_handler,
		.extra1 = SYSCTL_ZERO,		/* extra2: MemTotal, set by the handler */
	},
	{
		.procname = "watermark_scale_factor",
		.data = &watermark_scale_factor,
		.maxlen = sizeof(watermark_scale_factor),
		.mode = 0644,
		.proc_handler = watermark_scale_factor_sysctl_handler,
		.extra1 = SYSCTL_ONE,
		.extra2 = (void *)&watermark_scale_factor_max,
	},
	{
		.procname = "lowmem_reserve_ratio",
		.data = &sysctl_lowmem_reserve_ratio,
		.maxlen = sizeof(sysctl_lowmem_reserve_ratio),
		.mode = 0644,
		.proc_handler = lowmem_reserve_ratio_sysctl_handler,
		.extra1 = SYSCTL_ZERO,
	},
	{
		.procname = "drop_caches",
		.data = &sysctl_drop_caches,
		.maxlen = sizeof(int),
		.mode = 0200,
		.proc_handler = drop_caches_sysctl_handler,
		.extra1 = SYSCTL_ONE,
		.extra2 = (void *)&drop_caches_max,
	},
	{
		/* How hard reclaim goes for anonymous pages (swap) against file pages. */
		.procname = "swappiness",
		.data = &vm_swappiness,
		.maxlen = sizeof(vm_swappiness),
		.mode = 0644,
		.proc_handler = proc_dointvec_minmax,
		.extra1 = SYSCTL_ZERO,
		.extra2 = (void *)&swappiness_max,
	},
	{
		.procname = "dirty_writeback_centisecs",
		.data = &dirty_writeback_interval,
		.maxlen = sizeof(dirty_writeback_interval),
		.mode = 0644,
		.proc_handler = proc_dointvec_minmax,
		.extra1 = SYSCTL_ONE,		/* Linux takes 0 as "no periodic writeback" */
	},
	{
		.procname = "dirty_expire_centisecs",
		.data = &dirty_expire_interval,
		.maxlen = sizeof(dirty_expire_interval),
		.mode = 0644,
		.proc_handler = proc_dointvec_minmax,
		.extra1 = SYSCTL_ZERO,
	},
	{ }
};

/* ---- fs.* (Linux: fs/file_table.c, fs/inode.c) ---------------------------- */

/* "allocated  free  max": Pagoda frees a struct file at once, so free is 0. */
static int proc_nr_files(const struct ctl_table *table, int write, void *buffer,
			 size_t *lenp, loff_t *ppos)
{
	size_t len;

	(void)table, (void)ppos;
	if (write)
		return -EACCES;
	len = snprintf(buffer, *lenp, "%lu\t0\t%d\n", get_nr_files(), NFILE);
	if (len >= *lenp)
		return -EINVAL;
	*lenp = len;
	return 0;
}

/* "in memory  unused": unused inodes are kept for their cached pages. */
static int proc_nr_inodes(const struct ctl_table *table, int write, void *buffer,
			  size_t *lenp, loff_t *ppos)
{
	size_t len;

	(void)table, (void)ppos;
	if (write)
		return -EACCES;
	len = snprintf(buffer, *lenp, "%lu\t%lu\n", get_nr_inodes(), get_nr_inodes_unused());
	if (len >= *lenp)
		return -EINVAL;
	*lenp = len;
	return 0;
}

static struct ctl_table fs_table[] = {
	{ .procname = "file-nr", .mode = 0444, .proc_handler = proc_nr_files },
	{ .procname = "inode-nr", .mode = 0444, .proc_handler = proc_nr_inodes },
	{ }
};

static int sysctl_init(void)
{
	int err = register_sysctl("vm", vm_table);

	return err ? err : register_sysctl("fs", fs_table);
}
fs_initcall(sysctl_init);
