/*
 * Tests of memblock (kernel/mm/memblock.c). memblock has retired by the
 * time tests run, so each test swaps in scratch region arrays and puts
 * the real ones back at the end; addresses are made up and never touched.
 */
#include "kunit/test.h"
#include "mm/memblock.h"
#include "string.h"

static struct memblock saved;
static struct memblock_region mem_r[INIT_MEMBLOCK_REGIONS], res_r[INIT_MEMBLOCK_REGIONS];

static int use_scratch(struct kunit *test)
{
	saved = memblock;
	memset(mem_r, 0, sizeof(mem_r));
	memset(res_r, 0, sizeof(res_r));
	memblock.memory = (struct memblock_type){ 0, INIT_MEMBLOCK_REGIONS, 0, mem_r, "memory" };
	memblock.reserved = (struct memblock_type){ 0, INIT_MEMBLOCK_REGIONS, 0, res_r, "reserved" };
	memblock.current_limit = ~0UL;
	return 0;
}

static void restore(struct kunit *test)
{
	memblock = saved;
}

#define M(x) ((phys_addr_t)(x) << 20)

static void memblock_add_merges_neighbours(struct kunit *test)
{
	memblock_add(M(256), M(64));
	memblock_add(M(320), M(64));	/* touches the first: merged */
	memblock_add(M(512), M(64));	/* a gap: separate */
	KUNIT_EXPECT_EQ(test, memblock.memory.cnt, 2);
	KUNIT_EXPECT_EQ(test, mem_r[0].base, M(256));
	KUNIT_EXPECT_EQ(test, mem_r[0].size, M(128));
	KUNIT_EXPECT_EQ(test, memblock_phys_mem_size(), M(192));
	KUNIT_EXPECT_EQ(test, memblock_start_of_DRAM(), M(256));
	KUNIT_EXPECT_EQ(test, memblock_end_of_DRAM(), M(576));
}

static void memblock_add_overlap_counts_once(struct kunit *test)
{
	memblock_add(M(256), M(64));
	memblock_add(M(288), M(64));
	KUNIT_EXPECT_EQ(test, memblock.memory.cnt, 1);
	KUNIT_EXPECT_EQ(test, memblock_phys_mem_size(), M(96));
}

static void memblock_different_nodes_do_not_merge(struct kunit *test)
{
	memblock_add_node(M(256), M(64), 0);
	memblock_add_node(M(320), M(64), 1);
	KUNIT_EXPECT_EQ(test, memblock.memory.cnt, 2);
	KUNIT_EXPECT_EQ(test, mem_r[1].nid, 1);
}

static void memblock_remove_splits_region(struct kunit *test)
{
	memblock_add(M(256), M(256));
	memblock_remove(M(300), M(10));
	KUNIT_EXPECT_EQ(test, memblock.memory.cnt, 2);
	KUNIT_EXPECT_EQ(test, mem_r[0].size, M(44));
	KUNIT_EXPECT_EQ(test, mem_r[1].base, M(310));
	KUNIT_EXPECT_EQ(test, memblock_phys_mem_size(), M(246));
}

static void memblock_free_ranges_skip_reserved(struct kunit *test)
{
	phys_addr_t s, e, total = 0;
	int n = 0;
	u64 i;

	memblock_add(M(256), M(256));
	memblock_reserve(M(256), M(2));
	memblock_reserve(M(300), M(8));
	for_each_free_mem_range(i, &s, &e, NULL) {
		KUNIT_EXPECT_FALSE(test, memblock_is_reserved(s));
		total += e - s;
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, total, M(246));
}

static void memblock_alloc_is_top_down_and_aligned(struct kunit *test)
{
	phys_addr_t a, b;

	memblock_add(M(256), M(16));
	memblock_reserve(M(271), M(1));		/* the top MiB is taken */
	a = memblock_phys_alloc(4096, 4096);
	b = memblock_phys_alloc(M(2), M(2));
	KUNIT_EXPECT_EQ(test, a, M(271) - 4096);
	KUNIT_EXPECT_EQ(test, b, M(268));	/* highest 2 MiB-aligned fit */
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(a));
	KUNIT_EXPECT_TRUE(test, memblock_is_reserved(b));
	KUNIT_EXPECT_EQ(test, memblock_reserved_size(), M(3) + 4096);
}

static void memblock_alloc_fails_cleanly_when_full(struct kunit *test)
{
	memblock_add(M(256), M(4));
	memblock_reserve(M(256), M(3));
	KUNIT_EXPECT_EQ(test, memblock_phys_alloc(M(2), 4096), 0);
	KUNIT_EXPECT_NE(test, memblock_phys_alloc(M(1), 4096), 0);
	KUNIT_EXPECT_EQ(test, memblock_phys_alloc(4096, 4096), 0);
}

static void memblock_alloc_respects_node(struct kunit *test)
{
	memblock_add_node(M(256), M(64), 0);
	memblock_add_node(M(320), M(64), 1);
	KUNIT_EXPECT_LT(test, memblock_phys_alloc_range(4096, 4096, 0, ~0UL, 0), M(320));
	KUNIT_EXPECT_GE(test, memblock_phys_alloc_range(4096, 4096, 0, ~0UL, 1), M(320));
}

static void memblock_nomap_is_not_free_or_mapped(struct kunit *test)
{
	phys_addr_t s, e;
	u64 i;

	memblock_add(M(256), M(16));
	memblock_mark_nomap(M(256), M(1));
	KUNIT_EXPECT_TRUE(test, memblock_is_memory(M(256)));
	KUNIT_EXPECT_FALSE(test, memblock_is_map_memory(M(256)));
	KUNIT_EXPECT_TRUE(test, memblock_is_map_memory(M(257)));
	for_each_free_mem_range(i, &s, &e, NULL)
		KUNIT_EXPECT_GE(test, s, M(257));
}

static void memblock_memory_limit_trims_top(struct kunit *test)
{
	memblock_add(M(256), M(64));
	memblock_add(M(512), M(64));
	memblock_enforce_memory_limit(M(96));
	KUNIT_EXPECT_EQ(test, memblock_phys_mem_size(), M(96));
	KUNIT_EXPECT_EQ(test, memblock_end_of_DRAM(), M(544));
}

static struct kunit_case memblock_cases[] = {
	KUNIT_CASE(memblock_add_merges_neighbours),
	KUNIT_CASE(memblock_add_overlap_counts_once),
	KUNIT_CASE(memblock_different_nodes_do_not_merge),
	KUNIT_CASE(memblock_remove_splits_region),
	KUNIT_CASE(memblock_free_ranges_skip_reserved),
	KUNIT_CASE(memblock_alloc_is_top_down_and_aligned),
	KUNIT_CASE(memblock_alloc_fails_cleanly_when_full),
	KUNIT_CASE(memblock_alloc_respects_node),
	KUNIT_CASE(memblock_nomap_is_not_free_or_mapped),
	KUNIT_CASE(memblock_memory_limit_trims_top),
	{}
};

static struct kunit_suite memblock_suite = {
	.name = "memblock",
	.init = use_scratch,
	.exit = restore,
	.test_cases = memblock_cases,
};
kunit_test_suite(memblock_suite);
