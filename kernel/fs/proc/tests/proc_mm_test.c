/*
 * Tests of the memory-manager files of /proc: each is rendered through
 * its show() and checked against the structures it reports, in Linux's
 * layout (meminfo.c, kernel/mm/vmstat.c, slabinfo.c, vmallocinfo.c).
 */
#include "kunit/test.h"
#include "fs/proc/tests/proc_test.h"
#include "mm/internal.h"
#include "mm/vmstat.h"
#include "mm/vmalloc.h"
#include "printk.h"

static const char *const meminfo_names[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
	"Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
	"Inactive(file)", "Unevictable", "Mlocked", "SwapTotal", "SwapFree", "Dirty",
	"Writeback", "AnonPages", "Mapped", "Shmem", "KReclaimable", "Slab",
	"SReclaimable", "SUnreclaim", "KernelStack", "PageTables", "CommitLimit",
	"Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk",
};

/*
 * Every line: the name and colon in 16 columns, the value right-aligned
 * to column 24 (wider values push " kB" right, as VmallocTotal does on
 * Linux too), then " kB".
 */
static void meminfo_has_linux_fields_in_order_and_aligned(struct kunit *test)
{
	struct seq_file m;
	const char *l;

	KUNIT_ASSERT_EQ(test, proc_render("meminfo", &m), 0);
	l = m.buf;
	for (unsigned int i = 0; i < ARRAY_SIZE(meminfo_names); i++) {
		size_t n = strlen(meminfo_names[i]), len, digits = 0;

		KUNIT_ASSERT_NOT_NULL(test, l);
		if (memcmp(l, meminfo_names[i], n) || l[n] != ':')
			kunit_fail(test, __FILE__, __LINE__, "line %u is not %s: %.30s",
				   i, meminfo_names[i], l);
		len = line_len(l);
		KUNIT_ASSERT_GE(test, len, 27);
		KUNIT_EXPECT_EQ(test, memcmp(l + len - 3, " kB", 3), 0);
		while (digits < len - 3 && l[len - 4 - digits] >= '0' && l[len - 4 - digits] <= '9')
			digits++;
		KUNIT_EXPECT_GE(test, digits, 1);
		KUNIT_EXPECT_EQ(test, len, max(27UL, 16 + digits + 3));
		KUNIT_EXPECT_TRUE(test, l[len - 4 - digits] == ' ');
		l = next_line(&m, l);
	}
	KUNIT_EXPECT_NULL(test, l);
	seq_release_buf(&m);
}

static void meminfo_values_match_the_counters(struct kunit *test)
{
	unsigned long before, after, v, total, avail, slab, srec, sunrec;
	struct seq_file m;

	before = global_zone_page_state(NR_FREE_PAGES);
	KUNIT_ASSERT_EQ(test, proc_render("meminfo", &m), 0);
	after = global_zone_page_state(NR_FREE_PAGES);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "MemFree:", &v));
	/* Other CPUs are quiet during tests; a few pages of slack for the buffer. */
	KUNIT_EXPECT_GE(test, v, min(before, after) * 4 - 64 * 4);
	KUNIT_EXPECT_LE(test, v, max(before, after) * 4 + 64 * 4);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "MemTotal:", &total));
	KUNIT_EXPECT_EQ(test, total, totalram_pages() * 4);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "MemAvailable:", &avail));
	KUNIT_EXPECT_LE(test, avail, total);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "Slab:", &slab));
	KUNIT_ASSERT_TRUE(test, line_value(&m, "SReclaimable:", &srec));
	KUNIT_ASSERT_TRUE(test, line_value(&m, "SUnreclaim:", &sunrec));
	KUNIT_EXPECT_EQ(test, slab, srec + sunrec);
	KUNIT_EXPECT_GT(test, sunrec, 0);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "VmallocTotal:", &v));
	KUNIT_EXPECT_EQ(test, v, (VMALLOC_END - VMALLOC_START) >> 10);
	seq_release_buf(&m);
}

static int nr_populated_zones(void)
{
	struct zone *zone;
	int n = 0;

	for_each_populated_zone(zone)
		n++;
	return n;
}

/* "Node 0, zone    DMA32" then 11 counts, one line per populated zone, in order. */
static void buddyinfo_one_line_per_populated_zone(struct kunit *test)
{
	const char *f[20], *l;
	struct seq_file m;
	struct zone *zone;
	char head[40];

	KUNIT_ASSERT_EQ(test, proc_render("buddyinfo", &m), 0);
	KUNIT_EXPECT_EQ(test, count_lines(&m, "Node "), nr_populated_zones());
	l = m.buf;
	for_each_populated_zone(zone) {
		KUNIT_ASSERT_NOT_NULL(test, l);
		snprintf(head, sizeof(head), "Node %d, zone %8s ", zone->node, zone->name);
		KUNIT_EXPECT_EQ(test, memcmp(l, head, strlen(head)), 0);
		KUNIT_EXPECT_EQ(test, split_fields(l, f, 20), 4 + NR_PAGE_ORDERS);
		l = next_line(&m, l);
	}
	seq_release_buf(&m);
}

/* The watermarks printed are the zone's, and every zone of every node is listed. */
static void zoneinfo_shows_each_zone_with_watermarks(struct kunit *test)
{
	struct seq_file m;
	char head[40];
	int nid;

	KUNIT_ASSERT_EQ(test, proc_render("zoneinfo", &m), 0);
	KUNIT_EXPECT_EQ(test, count_lines(&m, "Node "), nr_online_nodes * MAX_NR_ZONES);
	for_each_online_node(nid) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &NODE_DATA(nid)->node_zones[i];
			const char *l, *w;
			unsigned long v;

			snprintf(head, sizeof(head), "Node %d, zone %8s\n", nid, zone->name);
			l = find_line(&m, head);
			KUNIT_ASSERT_NOT_NULL(test, l);
			w = find_line_from(&m, l, "        min      ");
			KUNIT_ASSERT_NOT_NULL(test, w);
			v = simple_strtoul(w + 17, NULL, 10);
			KUNIT_EXPECT_EQ(test, v, min_wmark_pages(zone));
			w = find_line_from(&m, l, "        low      ");
			KUNIT_ASSERT_NOT_NULL(test, w);
			KUNIT_EXPECT_EQ(test, simple_strtoul(w + 17, NULL, 10), low_wmark_pages(zone));
			w = find_line_from(&m, l, "        high     ");
			KUNIT_ASSERT_NOT_NULL(test, w);
			KUNIT_EXPECT_EQ(test, simple_strtoul(w + 17, NULL, 10), high_wmark_pages(zone));
			w = find_line_from(&m, l, "        managed  ");
			KUNIT_ASSERT_NOT_NULL(test, w);
			KUNIT_EXPECT_EQ(test, simple_strtoul(w + 17, NULL, 10), zone_managed_pages(zone));
			KUNIT_EXPECT_NOT_NULL(test, find_line_from(&m, l, "        protection: ("));
		}
	}
	KUNIT_EXPECT_EQ(test, count_lines(&m, "  pagesets"), nr_populated_zones());
	seq_release_buf(&m);
}

/* "name value" lines with Linux's names; the counters only go up. */
static void vmstat_has_linux_names(struct kunit *test)
{
	static const char *const names[] = {
		"nr_free_pages ", "nr_zone_inactive_anon ", "nr_slab_unreclaimable ",
		"nr_kernel_stack ", "pgalloc_dma32 ", "pgalloc_normal ", "pgalloc_movable ",
		"pgfree ",
	};
	unsigned long pgfree = sum_vm_event(PGFREE), v;
	const char *f[4];
	struct seq_file m;

	KUNIT_ASSERT_EQ(test, proc_render("vmstat", &m), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_EQ(test, count_lines(&m, names[i]), 1);
	for (const char *l = m.buf; l; l = next_line(&m, l))
		KUNIT_EXPECT_EQ(test, split_fields(l, f, 4), 2);
	KUNIT_ASSERT_TRUE(test, line_value(&m, "pgfree ", &v));
	KUNIT_EXPECT_GE(test, v, pgfree);
	KUNIT_EXPECT_EQ(test, count_lines(&m, ""), NR_VM_ZONE_STAT_ITEMS + NR_VM_NODE_STAT_ITEMS +
			NR_VM_EVENT_ITEMS);
	seq_release_buf(&m);
}

/* Free counts by type and order, then pageblocks by type that add up to the zone. */
static void pagetypeinfo_counts_blocks_per_zone(struct kunit *test)
{
	const char *f[20], *l;
	struct seq_file m;
	struct zone *zone;
	char head[40];

	KUNIT_ASSERT_EQ(test, proc_render("pagetypeinfo", &m), 0);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "Page block order: 9\n"));
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "Pages per block:  512\n"));
	KUNIT_EXPECT_EQ(test, count_lines(&m, "Node "),
			nr_populated_zones() * (MIGRATE_TYPES + 1));
	l = find_line(&m, "Number of blocks type ");
	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_EQ(test, split_fields(l, f, 20), 4 + MIGRATE_TYPES);
	for_each_populated_zone(zone) {
		unsigned long sum = 0, max_blocks = zone->spanned_pages / pageblock_nr_pages + 2;
		int n;

		snprintf(head, sizeof(head), "Node %d, zone %8s ", zone->node, zone->name);
		l = find_line_from(&m, find_line(&m, "Number of blocks type "), head);
		KUNIT_ASSERT_NOT_NULL(test, l);
		n = split_fields(l, f, 20);
		KUNIT_EXPECT_EQ(test, n, 4 + MIGRATE_TYPES);
		for (int i = 4; i < n && i < 20; i++)
			sum += simple_strtoul(f[i], NULL, 10);
		KUNIT_EXPECT_GT(test, sum, 0);
		KUNIT_EXPECT_LE(test, sum, max_blocks);
	}
	seq_release_buf(&m);
}

/* A cache of our own shows up with its objects and slot size. */
static void slabinfo_lists_a_new_cache(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("proc_test_obj", 200, 0, 0, NULL);
	const char *f[20], *l;
	struct seq_file m;
	void *obj[3];

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 3; i++)
		obj[i] = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, proc_render("slabinfo", &m), 0);
	KUNIT_EXPECT_EQ(test, memcmp(m.buf, "slabinfo - version: 2.1\n", 24), 0);
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "# name            <active_objs> <num_objs>"));
	l = find_line(&m, "proc_test_obj ");
	KUNIT_EXPECT_NOT_NULL(test, l);
	if (l) {
		KUNIT_EXPECT_EQ(test, split_fields(l, f, 20), 16);
		KUNIT_EXPECT_GE(test, simple_strtoul(f[1], NULL, 10), 3);
		KUNIT_EXPECT_GE(test, simple_strtoul(f[2], NULL, 10), simple_strtoul(f[1], NULL, 10));
		KUNIT_EXPECT_EQ(test, simple_strtoul(f[3], NULL, 10), s->size);
		KUNIT_EXPECT_EQ(test, memcmp(f[6], ": tunables", 10), 0);
	}
	KUNIT_EXPECT_NOT_NULL(test, find_line(&m, "kmalloc-64 "));
	seq_release_buf(&m);
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, obj[i]);
	kmem_cache_destroy(s);
}

/* A vmalloc area is listed at its address with its size, caller, pages and kind. */
static void vmallocinfo_lists_a_new_area(struct kunit *test)
{
	void *p = vmalloc(3 * PAGE_SIZE);
	struct seq_file m;
	const char *l;
	char head[64];

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, proc_render("vmallocinfo", &m), 0);
	snprintf(head, sizeof(head), "0x%016lx-0x%016lx %7lu ", (unsigned long)p,
		 (unsigned long)p + 4 * PAGE_SIZE, 4 * PAGE_SIZE);
	l = find_line(&m, head);
	KUNIT_EXPECT_NOT_NULL(test, l);
	if (l) {
		char line[200];
		size_t n = min(line_len(l), sizeof(line) - 1);

		memcpy(line, l, n);
		line[n] = '\0';
		KUNIT_EXPECT_TRUE(test, str_contains(line, " pages=3 "));
		KUNIT_EXPECT_TRUE(test, str_contains(line, " vmalloc"));
		KUNIT_EXPECT_TRUE(test, str_contains(line, "vmallocinfo_lists_a_new_area"));
	}
	seq_release_buf(&m);
	vfree(p);
}

static struct kunit_case proc_mm_cases[] = {
	KUNIT_CASE(meminfo_has_linux_fields_in_order_and_aligned),
	KUNIT_CASE(meminfo_values_match_the_counters),
	KUNIT_CASE(buddyinfo_one_line_per_populated_zone),
	KUNIT_CASE(zoneinfo_shows_each_zone_with_watermarks),
	KUNIT_CASE(vmstat_has_linux_names),
	KUNIT_CASE(pagetypeinfo_counts_blocks_per_zone),
	KUNIT_CASE(slabinfo_lists_a_new_cache),
	KUNIT_CASE(vmallocinfo_lists_a_new_area),
	{}
};

static struct kunit_suite proc_mm_suite = {
	.name = "proc_mm",
	.test_cases = proc_mm_cases,
};
kunit_test_suite(proc_mm_suite);
