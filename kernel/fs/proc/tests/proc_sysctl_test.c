/*
 * Tests of /proc/sys/vm (kernel/sysctl.c, proc_sysctl.c): reads print
 * the variables, good writes take effect on the zones at once, and bad
 * writes are refused with -EINVAL leaving everything as it was.
 */
#include "kunit/test.h"
#include "fs/proc/tests/proc_test.h"
#include "sysctl.h"
#include "mm/internal.h"
#include "printk.h"

/* Everything a vm sysctl write may change. */
struct vm_snapshot {
	int min_free_kbytes, user_min_free_kbytes, watermark_scale_factor;
	int ratio[MAX_NR_ZONES];
	unsigned long wmark[MAX_NUMNODES][MAX_NR_ZONES][NR_WMARK];
	long reserve[MAX_NUMNODES][MAX_NR_ZONES][MAX_NR_ZONES];
};

static void vm_snapshot(struct vm_snapshot *s)
{
	int nid;

	memset(s, 0, sizeof(*s));
	s->min_free_kbytes = min_free_kbytes;
	s->user_min_free_kbytes = user_min_free_kbytes;
	s->watermark_scale_factor = watermark_scale_factor;
	memcpy(s->ratio, sysctl_lowmem_reserve_ratio, sizeof(s->ratio));
	for_each_online_node(nid)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[z];

			memcpy(s->wmark[nid][z], zone->_watermark, sizeof(zone->_watermark));
			memcpy(s->reserve[nid][z], zone->lowmem_reserve, sizeof(zone->lowmem_reserve));
		}
}

/* Puts the variables back and recomputes, so each test leaves the zones as it found them. */
static void vm_restore(const struct vm_snapshot *s)
{
	min_free_kbytes = s->min_free_kbytes;
	user_min_free_kbytes = s->user_min_free_kbytes;
	watermark_scale_factor = s->watermark_scale_factor;
	memcpy(sysctl_lowmem_reserve_ratio, s->ratio, sizeof(s->ratio));
	setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
}

static ssize_t vm_write(struct kunit *test, const char *name, const char *text)
{
	const struct ctl_table *t = sysctl_find("vm", name);
	char buf[64];

	KUNIT_EXPECT_NOT_NULL(test, t);
	if (!t)
		return -ENOENT;
	strlcpy(buf, text, sizeof(buf));
	return proc_sys_call_handler(t, 1, buf, strlen(text));
}

static ssize_t vm_read(struct kunit *test, const char *name, char *buf, size_t size)
{
	const struct ctl_table *t = sysctl_find("vm", name);

	KUNIT_EXPECT_NOT_NULL(test, t);
	return t ? proc_sys_call_handler(t, 0, buf, size) : -ENOENT;
}

static void sysctl_vm_reads_print_the_values(struct kunit *test)
{
	char buf[64], want[64];

	KUNIT_EXPECT_EQ(test, vm_read(test, "min_free_kbytes", buf, sizeof(buf)),
			snprintf(want, sizeof(want), "%d\n", min_free_kbytes));
	KUNIT_EXPECT_EQ(test, strcmp(buf, want), 0);
	KUNIT_EXPECT_EQ(test, vm_read(test, "watermark_scale_factor", buf, sizeof(buf)),
			snprintf(want, sizeof(want), "%d\n", watermark_scale_factor));
	KUNIT_EXPECT_EQ(test, strcmp(buf, want), 0);
	snprintf(want, sizeof(want), "%d\t%d\t%d\n", sysctl_lowmem_reserve_ratio[0],
		 sysctl_lowmem_reserve_ratio[1], sysctl_lowmem_reserve_ratio[2]);
	KUNIT_EXPECT_EQ(test, vm_read(test, "lowmem_reserve_ratio", buf, sizeof(buf)),
			(ssize_t)strlen(want));
	KUNIT_EXPECT_EQ(test, strcmp(buf, want), 0);
	KUNIT_EXPECT_NULL(test, sysctl_find("vm", "no_such_knob"));
}

/* Sum of the min watermarks of the zones min_free_kbytes is shared among. */
static unsigned long sum_min_wmarks(int *nzones)
{
	unsigned long sum = 0;
	struct zone *zone;

	*nzones = 0;
	for_each_populated_zone(zone)
		if (zone_idx(zone) != ZONE_MOVABLE) {
			sum += zone->_watermark[WMARK_MIN];
			(*nzones)++;
		}
	return sum;
}

static void sysctl_min_free_kbytes_moves_watermarks(struct kunit *test)
{
	struct vm_snapshot s;
	unsigned long sum;
	char text[16];
	int n, want = min_free_kbytes * 2;

	vm_snapshot(&s);
	snprintf(text, sizeof(text), "%d\n", want);
	KUNIT_EXPECT_EQ(test, vm_write(test, "min_free_kbytes", text), (ssize_t)strlen(text));
	KUNIT_EXPECT_EQ(test, min_free_kbytes, want);
	KUNIT_EXPECT_EQ(test, user_min_free_kbytes, want);
	/* Shared in proportion to size, each share rounded down. */
	sum = sum_min_wmarks(&n);
	KUNIT_EXPECT_LE(test, sum, (unsigned long)want / 4);
	KUNIT_EXPECT_GE(test, sum + n, (unsigned long)want / 4);
	vm_restore(&s);
}

/* The largest populated zone, whose gaps show the scale factor best. */
static struct zone *largest_zone(void)
{
	struct zone *zone, *best = NULL;

	for_each_populated_zone(zone)
		if (!best || zone_managed_pages(zone) > zone_managed_pages(best))
			best = zone;
	return best;
}

static void sysctl_watermark_scale_factor_widens_gaps(struct kunit *test)
{
	struct zone *zone = largest_zone();
	unsigned long gap, want;
	struct vm_snapshot s;

	vm_snapshot(&s);
	KUNIT_EXPECT_EQ(test, vm_write(test, "watermark_scale_factor", "1000"), 4);
	KUNIT_EXPECT_EQ(test, watermark_scale_factor, 1000);
	gap = zone->_watermark[WMARK_LOW] - zone->_watermark[WMARK_MIN];
	want = zone_managed_pages(zone) / 10;	/* 1000 / 10000 of the zone */
	KUNIT_EXPECT_GE(test, gap, want);
	KUNIT_EXPECT_LE(test, gap, max(want, zone->_watermark[WMARK_MIN] / 4) + 1);
	KUNIT_EXPECT_EQ(test, zone->_watermark[WMARK_HIGH] - zone->_watermark[WMARK_LOW], gap);
	vm_restore(&s);
}

/* Zone 0's protection against zone j is the managed pages above it, up to j, over its ratio. */
static void sysctl_lowmem_reserve_ratio_changes_protection(struct kunit *test)
{
	pg_data_t *pgdat = NODE_DATA(0);
	struct vm_snapshot s;
	unsigned long upper = 0;
	int ratio = 4;
	char text[32];

	vm_snapshot(&s);
	snprintf(text, sizeof(text), "%d %d", ratio, sysctl_lowmem_reserve_ratio[1]);
	KUNIT_EXPECT_EQ(test, vm_write(test, "lowmem_reserve_ratio", text), (ssize_t)strlen(text));
	KUNIT_EXPECT_EQ(test, sysctl_lowmem_reserve_ratio[0], ratio);
	KUNIT_EXPECT_EQ(test, sysctl_lowmem_reserve_ratio[2], s.ratio[2]);	/* a prefix only */
	for (int j = 1; j < MAX_NR_ZONES; j++) {
		struct zone *zone0 = &pgdat->node_zones[0];

		upper += zone_managed_pages(&pgdat->node_zones[j]);
		if (!managed_zone(zone0) || !managed_zone(&pgdat->node_zones[j]))
			KUNIT_EXPECT_EQ(test, zone0->lowmem_reserve[j], 0);
		else
			KUNIT_EXPECT_EQ(test, zone0->lowmem_reserve[j], upper / ratio);
	}
	vm_restore(&s);
}

/* Not a number, out of range, too many values, empty: -EINVAL, and nothing moves. */
static void sysctl_bad_writes_change_nothing(struct kunit *test)
{
	static const struct { const char *name, *text; } bad[] = {
		{ "min_free_kbytes", "abc" },
		{ "min_free_kbytes", "-1" },
		{ "min_free_kbytes", "12x" },
		{ "min_free_kbytes", "99999999999" },
		{ "min_free_kbytes", "1024 2048" },
		{ "min_free_kbytes", "   \n" },
		{ "min_free_kbytes", "2147483647" },	/* more than RAM: Linux takes it */
		{ "watermark_scale_factor", "0" },
		{ "watermark_scale_factor", "3001" },
		{ "watermark_scale_factor", "10.5" },
		{ "lowmem_reserve_ratio", "256 32 0 7" },
		{ "lowmem_reserve_ratio", "256 -1 0" },
		{ "lowmem_reserve_ratio", "256 thirty 0" },
	};
	struct vm_snapshot before, after;
	char over_ram[24];
	ssize_t r;

	vm_snapshot(&before);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		r = vm_write(test, bad[i].name, bad[i].text);
		if (r != -EINVAL)
			kunit_fail(test, __FILE__, __LINE__, "%s <- \"%s\" gave %ld, not -EINVAL",
				   bad[i].name, bad[i].text, (long)r);
	}
	/* One kB more than MemTotal. */
	snprintf(over_ram, sizeof(over_ram), "%lu", (totalram_pages() << (PAGE_SHIFT - 10)) + 1);
	r = vm_write(test, "min_free_kbytes", over_ram);
	if (r != -EINVAL)
		kunit_fail(test, __FILE__, __LINE__, "min_free_kbytes <- \"%s\" (MemTotal + 1) gave %ld, "
			   "not -EINVAL", over_ram, (long)r);
	vm_snapshot(&after);
	KUNIT_EXPECT_EQ(test, memcmp(&before, &after, sizeof(before)), 0);
	vm_restore(&before);	/* should one have been taken, the machine lives on */
}

/*
 * The edges of Linux's ranges are accepted, and min_free_kbytes up to all
 * of RAM (put back at once: nothing can be allocated meanwhile).
 */
static void sysctl_range_edges_are_accepted(struct kunit *test)
{
	struct vm_snapshot s;
	char ram[24];
	int len;

	vm_snapshot(&s);
	len = snprintf(ram, sizeof(ram), "%lu", totalram_pages() << (PAGE_SHIFT - 10));
	KUNIT_EXPECT_EQ(test, vm_write(test, "min_free_kbytes", ram), len);
	KUNIT_EXPECT_EQ(test, (unsigned long)min_free_kbytes, totalram_pages() << (PAGE_SHIFT - 10));
	vm_restore(&s);
	KUNIT_EXPECT_EQ(test, vm_write(test, "watermark_scale_factor", "1"), 1);
	KUNIT_EXPECT_EQ(test, watermark_scale_factor, 1);
	KUNIT_EXPECT_EQ(test, vm_write(test, "watermark_scale_factor", "3000\n"), 5);
	KUNIT_EXPECT_EQ(test, watermark_scale_factor, 3000);
	KUNIT_EXPECT_EQ(test, vm_write(test, "lowmem_reserve_ratio", "0\t0\t0\n"), 6);
	for (int nid = 0; nid < nr_online_nodes; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int j = 0; j < MAX_NR_ZONES; j++)
				KUNIT_EXPECT_EQ(test, NODE_DATA(nid)->node_zones[z].lowmem_reserve[j], 0);
	vm_restore(&s);
}

static struct kunit_case proc_sysctl_cases[] = {
	KUNIT_CASE(sysctl_vm_reads_print_the_values),
	KUNIT_CASE(sysctl_min_free_kbytes_moves_watermarks),
	KUNIT_CASE(sysctl_watermark_scale_factor_widens_gaps),
	KUNIT_CASE(sysctl_lowmem_reserve_ratio_changes_protection),
	KUNIT_CASE(sysctl_bad_writes_change_nothing),
	KUNIT_CASE(sysctl_range_edges_are_accepted),
	{}
};

static struct kunit_suite proc_sysctl_suite = {
	.name = "proc_sysctl",
	.test_cases = proc_sysctl_cases,
};
kunit_test_suite(proc_sysctl_suite);
