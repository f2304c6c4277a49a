/*
 * Tests of the XArray (kernel/lib/xarray.c): loads, stores and erases at
 * small and huge indices, a random run against a plain array, marks and
 * marked searches, ranges, the tree growing and shrinking, value
 * entries, a store that runs out of memory, and no node left behind.
 * After changes, xa_check() (xarray_check.h) walks the whole tree.
 */
#include "kunit/test.h"
#include "mm/pagemap.h"
#include "lib/tests/test_rand.h"
#include "lib/tests/xarray_check.h"
#include "xarray.h"
#include "mm/slab.h"
#include "mm/gfp.h"
#include "errno.h"

#define NOWARN (GFP_KERNEL | __GFP_NOWARN)

static void xarray_empty_array(struct kunit *test)
{
	struct xarray xa;
	unsigned long index = 0, n = 0;
	void *entry;

	xa_init(&xa);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 0));
	KUNIT_EXPECT_NULL(test, xa_load(&xa, ~0UL));
	KUNIT_EXPECT_NULL(test, xa_erase(&xa, 7));
	KUNIT_EXPECT_NULL(test, xa_find(&xa, &index, ~0UL, XA_PRESENT));
	xa_set_mark(&xa, 0, XA_MARK_0);		/* nothing there: no effect */
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 0, XA_MARK_0));
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_0));
	xa_for_each(&xa, index, entry)
		n++;
	KUNIT_EXPECT_EQ(test, n, 0UL);
	xa_destroy(&xa);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
}

static void xarray_store_load_erase_at_small_and_huge_indices(struct kunit *test)
{
	static const unsigned long idx[] = {
		0, 1, 63, 64, 4095, 1UL << 20, (1UL << 32) + 5, ~0UL >> 1, ~0UL - 1, ~0UL,
	};
	unsigned long before = nodes_in_use();
	struct xarray xa;

	xa_init(&xa);
	for (unsigned int i = 0; i < ARRAY_SIZE(idx); i++) {
		KUNIT_EXPECT_NULL(test, xa_store(&xa, idx[i], test_ptr(i), NOWARN));
		xa_check(test, &xa, i + 1, NULL);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(idx); i++) {
		KUNIT_EXPECT_TRUE(test, xa_load(&xa, idx[i]) == test_ptr(i));
		if (idx[i] > 1 && idx[i] - 1 != idx[i - 1])
			KUNIT_EXPECT_NULL(test, xa_load(&xa, idx[i] - 1));
	}
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 2));
	KUNIT_EXPECT_NULL(test, xa_load(&xa, 1UL << 40));
	for (unsigned int i = 0; i < ARRAY_SIZE(idx); i++) {
		KUNIT_EXPECT_TRUE(test, xa_erase(&xa, idx[i]) == test_ptr(i));
		KUNIT_EXPECT_NULL(test, xa_load(&xa, idx[i]));
		xa_check(test, &xa, ARRAY_SIZE(idx) - i - 1, NULL);
	}
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
}

static void xarray_overwrite_returns_the_old_entry(struct kunit *test)
{
	struct xarray xa;
	void *old;

	xa_init(&xa);
	KUNIT_EXPECT_NULL(test, xa_store(&xa, 5, test_ptr(1), NOWARN));
	KUNIT_EXPECT_TRUE(test, xa_store(&xa, 5, test_ptr(2), NOWARN) == test_ptr(1));
	KUNIT_EXPECT_TRUE(test, xa_load(&xa, 5) == test_ptr(2));
	/* Storing NULL is erasing. */
	KUNIT_EXPECT_TRUE(test, xa_store(&xa, 5, NULL, NOWARN) == test_ptr(2));
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	/* An internal entry is refused, and nothing changes. */
	KUNIT_EXPECT_NULL(test, xa_store(&xa, 9, test_ptr(3), NOWARN));
	old = xa_store(&xa, 9, xa_mk_internal(1), NOWARN);
	KUNIT_EXPECT_TRUE(test, xa_is_err(old));
	KUNIT_EXPECT_EQ(test, xa_err(old), -EINVAL);
	KUNIT_EXPECT_EQ(test, xa_err(test_ptr(3)), 0);
	KUNIT_EXPECT_TRUE(test, xa_load(&xa, 9) == test_ptr(3));
	KUNIT_EXPECT_TRUE(test, xa_erase(&xa, 9) == test_ptr(3));
	KUNIT_EXPECT_NULL(test, xa_erase(&xa, 9));
	xa_check(test, &xa, 0, NULL);
}

#define NR_KEYS 512

/*
 * Thousands of random stores, erases, loads and mark changes, each
 * checked against a plain array of NR_KEYS slots whose indices spread
 * from 0 to ULONG_MAX (random gaps from 1 to 2^40).
 */
static void xarray_matches_a_plain_array(struct kunit *test)
{
	unsigned long *keys = kcalloc(NR_KEYS, sizeof(*keys), GFP_KERNEL);
	void **model = kcalloc(NR_KEYS, sizeof(*model), GFP_KERNEL);
	u8 *marks = kcalloc(NR_KEYS, 1, GFP_KERNEL);	/* bit m: mark m */
	unsigned long before = nodes_in_use(), index;
	long present = 0, i, n;
	u64 seed = 0x1badcafe;
	struct xarray xa;
	void *entry;

	KUNIT_ASSERT_TRUE(test, keys && model && marks);
	for (i = 1; i < NR_KEYS - 1; i++)
		keys[i] = keys[i - 1] + 1 + test_rand(&seed) % (1UL << (test_rand(&seed) % 41));
	keys[NR_KEYS - 1] = ~0UL;
	xa_init(&xa);
	for (int op = 1; op <= 6000 && !test->failed; op++) {
		u64 r = test_rand(&seed);
		xa_mark_t m = (r >> 8) % XA_MAX_MARKS;

		i = (r >> 16) % NR_KEYS;
		switch (r % 8) {
		case 0: case 1: case 2:
			entry = (r & 0x800) ? xa_mk_value(r >> 24) : test_ptr(r >> 24);
			KUNIT_EXPECT_TRUE(test, xa_store(&xa, keys[i], entry, NOWARN) == model[i]);
			present += !model[i];
			model[i] = entry;
			break;
		case 3:
			KUNIT_EXPECT_TRUE(test, xa_erase(&xa, keys[i]) == model[i]);
			present -= !!model[i];
			model[i] = NULL;
			marks[i] = 0;
			break;
		case 4:
			KUNIT_EXPECT_TRUE(test, xa_load(&xa, keys[i]) == model[i]);
			break;
		case 5:
			xa_set_mark(&xa, keys[i], m);
			if (model[i])
				marks[i] |= BIT(m);
			break;
		case 6:
			xa_clear_mark(&xa, keys[i], m);
			marks[i] &= ~BIT(m);
			break;
		case 7:
			KUNIT_EXPECT_EQ(test, xa_get_mark(&xa, keys[i], m), !!(marks[i] & BIT(m)));
			break;
		}
		if (op % 200 == 0)
			xa_check(test, &xa, present, NULL);
	}
	/* Every entry in order, then every marked entry in order, and no others. */
	i = 0;
	xa_for_each(&xa, index, entry) {
		while (i < NR_KEYS && !model[i])
			i++;
		KUNIT_ASSERT_LT(test, i, NR_KEYS);
		KUNIT_EXPECT_EQ(test, index, keys[i]);
		KUNIT_EXPECT_TRUE(test, entry == model[i]);
		i++;
	}
	while (i < NR_KEYS && !model[i])
		i++;
	KUNIT_EXPECT_EQ(test, i, NR_KEYS);
	for (xa_mark_t m = 0; m < XA_MAX_MARKS; m++) {
		i = 0;
		n = 0;
		xa_for_each_marked(&xa, index, entry, m) {
			while (i < NR_KEYS && !(marks[i] & BIT(m)))
				i++;
			KUNIT_ASSERT_LT(test, i, NR_KEYS);
			KUNIT_EXPECT_EQ(test, index, keys[i]);
			i++;
			n++;
		}
		while (i < NR_KEYS && !(marks[i] & BIT(m)))
			i++;
		KUNIT_EXPECT_EQ(test, i, NR_KEYS);
		kunit_info(test, "mark %u: %ld of %ld entries", m, n, present);
	}
	xa_destroy(&xa);
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
	kfree(keys);
	kfree(model);
	kfree(marks);
}

static void xarray_marks_set_clear_and_follow_the_entry(struct kunit *test)
{
	struct xarray xa;
	unsigned long index;
	void *entry;
	int n = 0;

	xa_init(&xa);
	/* Index 0 alone lives in xa_head: its marks are the root's. */
	xa_store(&xa, 0, test_ptr(0), NOWARN);
	xa_set_mark(&xa, 0, XA_MARK_1);
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&xa, 0, XA_MARK_1));
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 0, XA_MARK_0));
	for (unsigned long i = 1; i < 3000; i++)
		xa_store(&xa, i * 7, test_ptr(i), NOWARN);
	/* Index 0's mark survived it moving down into a node. */
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&xa, 0, XA_MARK_1));
	xa_clear_mark(&xa, 0, XA_MARK_1);
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_1));
	xa_set_mark(&xa, 700, XA_MARK_0);
	xa_set_mark(&xa, 14000, XA_MARK_0);
	xa_set_mark(&xa, 14000, XA_MARK_2);
	xa_set_mark(&xa, 701, XA_MARK_0);		/* no entry there: ignored */
	xa_check(test, &xa, 3000, NULL);
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 701, XA_MARK_0));
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 707, XA_MARK_0));
	xa_for_each_marked(&xa, index, entry, XA_MARK_0) {
		KUNIT_EXPECT_TRUE(test, index == 700 || index == 14000);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 2);
	/* Overwriting keeps the marks; erasing drops them, and storing again does not bring them back. */
	xa_store(&xa, 700, test_ptr(5000), NOWARN);
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&xa, 700, XA_MARK_0));
	xa_erase(&xa, 14000);
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_2));
	xa_store(&xa, 14000, test_ptr(1), NOWARN);
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 14000, XA_MARK_0));
	xa_clear_mark(&xa, 700, XA_MARK_0);
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_0));
	index = 0;
	KUNIT_EXPECT_NULL(test, xa_find(&xa, &index, ~0UL, XA_MARK_0));
	xa_check(test, &xa, 3000, NULL);
	xa_destroy(&xa);
}

/*
 * A few marked entries among 4096 unmarked ones, one per leaf node. The
 * marked walk skips a subtree whose summary bit is clear, so those
 * summaries must be exact (xa_check), and the walk must find exactly
 * the marked entries, in order.
 */
static void xarray_marked_search_finds_only_marked(struct kunit *test)
{
	unsigned long before = nodes_in_use(), index, nodes;
	static const unsigned long marked[] = { 3, 64 * 64 * 5 + 1, 1UL << 30, 1UL << 31 };
	struct xarray xa;
	void *entry;
	int n = 0;

	xa_init(&xa);
	for (unsigned long i = 0; i < 4096; i++)
		xa_store(&xa, i * 64, test_ptr(i), NOWARN);	/* one per leaf node */
	for (unsigned int i = 0; i < ARRAY_SIZE(marked); i++) {
		xa_store(&xa, marked[i], test_ptr(i), NOWARN);
		xa_set_mark(&xa, marked[i], XA_MARK_0);
	}
	KUNIT_ASSERT_TRUE(test, xa_check(test, &xa, 4096 + ARRAY_SIZE(marked), &nodes));
	kunit_info(test, "%lu nodes, height %d", nodes, xa_height(&xa));
	xa_for_each_marked(&xa, index, entry, XA_MARK_0) {
		KUNIT_ASSERT_LT(test, n, (int)ARRAY_SIZE(marked));
		KUNIT_EXPECT_EQ(test, index, marked[n]);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, (int)ARRAY_SIZE(marked));
	xa_destroy(&xa);
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
}

static void xarray_find_in_ranges(struct kunit *test)
{
	static const unsigned long idx[] = { 10, 20, 30, 1000, 1UL << 40, ~0UL };
	unsigned long index, seen[8];
	struct xarray xa;
	void *entry;
	int n;

	xa_init(&xa);
	for (unsigned int i = 0; i < ARRAY_SIZE(idx); i++)
		xa_store(&xa, idx[i], test_ptr(i), NOWARN);
	index = 0;
	KUNIT_EXPECT_NULL(test, xa_find(&xa, &index, 9, XA_PRESENT));
	KUNIT_EXPECT_EQ(test, index, 0UL);		/* unchanged when nothing is found */
	KUNIT_EXPECT_TRUE(test, xa_find(&xa, &index, 10, XA_PRESENT) == test_ptr(0));
	KUNIT_EXPECT_EQ(test, index, 10UL);
	KUNIT_EXPECT_TRUE(test, xa_find_after(&xa, &index, ~0UL, XA_PRESENT) == test_ptr(1));
	KUNIT_EXPECT_EQ(test, index, 20UL);
	index = 21;
	KUNIT_EXPECT_NULL(test, xa_find(&xa, &index, 29, XA_PRESENT));
	index = 31;
	KUNIT_EXPECT_TRUE(test, xa_find(&xa, &index, ~0UL, XA_PRESENT) == test_ptr(3));
	KUNIT_EXPECT_EQ(test, index, 1000UL);
	index = 50;
	KUNIT_EXPECT_NULL(test, xa_find(&xa, &index, 40, XA_PRESENT));	/* max below start */
	n = 0;
	xa_for_each_range(&xa, index, entry, 15, 1000)
		seen[n++] = index;
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, seen[0], 20UL);
	KUNIT_EXPECT_EQ(test, seen[2], 1000UL);
	n = 0;
	xa_for_each_start(&xa, index, entry, 1001)
		seen[n++] = index;
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, seen[0], 1UL << 40);
	KUNIT_EXPECT_EQ(test, seen[1], ~0UL);		/* the loop ends after the last index */
	index = ~0UL;
	KUNIT_EXPECT_NULL(test, xa_find_after(&xa, &index, ~0UL, XA_PRESENT));
	xa_destroy(&xa);
}

/* Height follows the largest index, up and down, and nodes go as it shrinks. */
static void xarray_grows_and_shrinks(struct kunit *test)
{
	static const struct { unsigned long index; int height; } steps[] = {
		{ 1, 1 }, { 64, 2 }, { 4096, 3 }, { 1UL << 30, 6 }, { ~0UL, 11 },
	};
	unsigned long before = nodes_in_use(), nodes;
	struct xarray xa;
	int i, n = ARRAY_SIZE(steps);

	xa_init(&xa);
	xa_store(&xa, 0, test_ptr(0), NOWARN);
	KUNIT_EXPECT_EQ(test, xa_height(&xa), 0);
	KUNIT_EXPECT_TRUE(test, xa.xa_head == test_ptr(0));	/* index 0 alone needs no node */
	for (i = 0; i < n; i++) {
		xa_store(&xa, steps[i].index, test_ptr(i + 1), NOWARN);
		KUNIT_EXPECT_EQ(test, xa_height(&xa), steps[i].height);
		xa_check(test, &xa, i + 2, &nodes);
		KUNIT_EXPECT_EQ(test, nodes_in_use() - before, nodes);
	}
	for (i = n - 1; i >= 0; i--) {
		xa_erase(&xa, steps[i].index);
		KUNIT_EXPECT_EQ(test, xa_height(&xa), i ? steps[i - 1].height : 0);
		xa_check(test, &xa, i + 1, &nodes);
		KUNIT_EXPECT_EQ(test, nodes_in_use() - before, nodes);
	}
	KUNIT_EXPECT_TRUE(test, xa.xa_head == test_ptr(0));
	/* A lone large index: a tall tree with one entry, all freed by one erase. */
	xa_erase(&xa, 0);
	xa_store(&xa, 5000, test_ptr(9), NOWARN);
	KUNIT_EXPECT_EQ(test, xa_height(&xa), 3);
	xa_erase(&xa, 5000);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
}

static void xarray_value_entries(struct kunit *test)
{
	static const unsigned long v[] = { 0, 1, 12345, ~0UL >> 1 };
	struct xarray xa;

	xa_init(&xa);
	for (unsigned int i = 0; i < ARRAY_SIZE(v); i++) {
		void *e = xa_mk_value(v[i]);

		KUNIT_EXPECT_TRUE(test, xa_is_value(e));
		KUNIT_EXPECT_FALSE(test, xa_is_internal(e));
		KUNIT_EXPECT_EQ(test, xa_to_value(e), v[i]);
		KUNIT_EXPECT_NULL(test, xa_store(&xa, i, e, NOWARN));
	}
	KUNIT_EXPECT_FALSE(test, xa_is_value(test_ptr(1)));
	xa_store(&xa, 10, test_ptr(1), NOWARN);
	for (unsigned int i = 0; i < ARRAY_SIZE(v); i++)
		KUNIT_EXPECT_EQ(test, xa_to_value(xa_load(&xa, i)), v[i]);
	KUNIT_EXPECT_EQ(test, xa_to_node(xa.xa_head)->nr_values, ARRAY_SIZE(v));
	xa_store(&xa, 1, test_ptr(2), NOWARN);		/* a value replaced by a pointer */
	KUNIT_EXPECT_EQ(test, xa_to_node(xa.xa_head)->nr_values, ARRAY_SIZE(v) - 1);
	xa_check(test, &xa, ARRAY_SIZE(v) + 1, NULL);
	xa_destroy(&xa);
}

/* The caller holds xa_lock across several steps; GFP_NOWAIT allocates under it. */
static void xarray_locked_variants(struct kunit *test)
{
	struct xarray xa;
	unsigned long flags;

	xa_init(&xa);
	xa_lock_irqsave(&xa, flags);
	KUNIT_EXPECT_NULL(test, __xa_store(&xa, 100, test_ptr(1), GFP_NOWAIT | __GFP_NOWARN));
	KUNIT_EXPECT_TRUE(test, __xa_load(&xa, 100) == test_ptr(1));
	__xa_set_mark(&xa, 100, XA_MARK_0);
	__xa_clear_mark(&xa, 100, XA_MARK_0);
	__xa_set_mark(&xa, 100, XA_MARK_1);
	KUNIT_EXPECT_TRUE(test, spin_is_locked(&xa.xa_lock));
	xa_unlock_irqrestore(&xa, flags);
	KUNIT_EXPECT_FALSE(test, xa_get_mark(&xa, 100, XA_MARK_0));
	KUNIT_EXPECT_TRUE(test, xa_get_mark(&xa, 100, XA_MARK_1));
	xa_lock(&xa);
	KUNIT_EXPECT_TRUE(test, __xa_erase(&xa, 100) == test_ptr(1));
	xa_unlock(&xa);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_1));
}

/*
 * Take every block the page allocator will give, chained through their
 * first words. GFP_ATOMIC goes deepest into the reserves, so afterwards
 * neither GFP_KERNEL nor GFP_NOWAIT finds anything. Movable, because an
 * unmovable request would take over the movable pageblocks as it went,
 * and leave none for the suites after this one.
 */
#define HOARD (GFP_ATOMIC | __GFP_MOVABLE | __GFP_NOWARN)

static unsigned long hoard_pages(unsigned long **head)
{
	unsigned long n = 0, *p;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--)
		while ((p = (unsigned long *)__get_free_pages(HOARD, order)) != NULL) {
			p[0] = (unsigned long)*head;
			p[1] = order;
			*head = p;
			n++;
		}
	return n;
}

static unsigned long hoard_nodes(void **head)
{
	unsigned long n = 0;
	void **p;

	while ((p = kmem_cache_alloc(radix_tree_node_cachep, HOARD)) != NULL) {
		*p = *head;
		*head = p;
		n++;
	}
	return n;
}

/*
 * Pagoda has no fault injection (Linux: failslab, fail_page_alloc), so
 * run the allocator dry: hold every free page and every free node
 * object, then store. The checks wait until memory is back, since
 * reporting a failure may itself need memory.
 */
static void xarray_store_without_memory_changes_nothing(struct kunit *test)
{
	unsigned long *pages = NULL, before = nodes_in_use(), nr_pages = 0, nr_nodes = 0, got, n;
	void *nodes = NULL, *head, *err_kernel, *err_nowait, *err_grow, *big, *two, *zero;
	struct xarray xa, xb;

	xa_init(&xa);
	xa_init(&xb);
	xa_store(&xa, 0, test_ptr(0), NOWARN);
	xa_store(&xa, 1, test_ptr(1), NOWARN);
	xa_store(&xb, 0, test_ptr(0), NOWARN);	/* in xa_head: a store at 5 needs a node */
	head = xa.xa_head;
	do {	/* until a pass after draining every cache finds nothing */
		kmem_cache_shrink(radix_tree_node_cachep);
		drain_all_pages(NULL);
		got = hoard_pages(&pages);
		nr_pages += got;
		n = hoard_nodes(&nodes);
		nr_nodes += n;
		got += n;
	} while (got);
	err_kernel = xa_store(&xa, 1UL << 20, test_ptr(2), NOWARN);	/* allocates unlocked */
	err_nowait = xa_store(&xa, 1UL << 20, test_ptr(2), GFP_NOWAIT | __GFP_NOWARN);	/* under the lock */
	err_grow = xa_store(&xb, 5, test_ptr(5), NOWARN);
	big = xa_load(&xa, 1UL << 20);
	two = xa_store(&xa, 2, test_ptr(3), NOWARN);		/* an existing node: no memory needed */
	zero = xa_store(&xa, 0, test_ptr(4), NOWARN);
	while (nodes) {
		void *next = *(void **)nodes;

		kmem_cache_free(radix_tree_node_cachep, nodes);
		nodes = next;
	}
	while (pages) {
		unsigned long *p = pages;

		pages = (unsigned long *)p[0];
		free_pages((unsigned long)p, p[1]);
	}
	kunit_info(test, "held %lu blocks of pages and %lu nodes", nr_pages, nr_nodes);
	KUNIT_EXPECT_EQ(test, xa_err(err_kernel), -ENOMEM);
	KUNIT_EXPECT_EQ(test, xa_err(err_nowait), -ENOMEM);
	KUNIT_EXPECT_EQ(test, xa_err(err_grow), -ENOMEM);
	KUNIT_EXPECT_TRUE(test, xa.xa_head == head);
	KUNIT_EXPECT_TRUE(test, xb.xa_head == test_ptr(0));
	KUNIT_EXPECT_NULL(test, big);
	KUNIT_EXPECT_NULL(test, two);
	KUNIT_EXPECT_TRUE(test, zero == test_ptr(0));
	KUNIT_EXPECT_TRUE(test, xa_load(&xa, 1) == test_ptr(1));
	xa_check(test, &xa, 3, NULL);
	/* With memory back, the same store works. */
	KUNIT_EXPECT_NULL(test, xa_store(&xa, 1UL << 20, test_ptr(2), NOWARN));
	KUNIT_EXPECT_NULL(test, xa_store(&xb, 5, test_ptr(5), NOWARN));
	xa_check(test, &xa, 4, NULL);
	xa_destroy(&xa);
	xa_destroy(&xb);
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
}

static void xarray_destroy_frees_every_node(struct kunit *test)
{
	unsigned long before = nodes_in_use(), nodes, index;
	u64 seed = 42;
	struct xarray xa;
	long added = 0;

	xa_init(&xa);
	/* Random indices of every magnitude, a few of them repeated. */
	for (int i = 0; i < 5000; i++)
		added += !xa_store(&xa, test_rand(&seed) >> (test_rand(&seed) % 64), test_ptr(i), NOWARN);
	index = 0;
	KUNIT_ASSERT_NOT_NULL(test, xa_find(&xa, &index, ~0UL, XA_PRESENT));
	xa_set_mark(&xa, index, XA_MARK_2);
	KUNIT_EXPECT_TRUE(test, xa_marked(&xa, XA_MARK_2));
	KUNIT_ASSERT_TRUE(test, xa_check(test, &xa, added, &nodes));
	KUNIT_EXPECT_EQ(test, nodes_in_use() - before, nodes);
	KUNIT_EXPECT_GT(test, nodes_in_use() - before, 100UL);
	xa_destroy(&xa);
	KUNIT_EXPECT_TRUE(test, xa_empty(&xa));
	KUNIT_EXPECT_FALSE(test, xa_marked(&xa, XA_MARK_2));
	KUNIT_EXPECT_EQ(test, nodes_in_use(), before);
}

/*
 * An array set up with XA_FLAGS_LOCK_IRQ (the page cache's, the swap cache's)
 * is locked with interrupts off, since writeback completion takes its
 * lock in the disk's interrupt; a store that must allocate drops the
 * lock, and with it turns interrupts back on, to allocate. A plain
 * array leaves interrupts alone.
 */
static void xarray_irq_lock_turns_interrupts_off(struct kunit *test)
{
	struct xarray xa, plain;

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	xa_init_flags(&xa, XA_FLAGS_LOCK_IRQ);
	xa_lock(&xa);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	/* Blocking gfp, many nodes: allocated with the lock dropped, then retaken. */
	KUNIT_EXPECT_NULL(test, __xa_store(&xa, 1UL << 40, test_ptr(2), GFP_KERNEL));
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	xa_unlock(&xa);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, xa_load(&xa, 1UL << 40) == test_ptr(2));
	xa_destroy(&xa);
	xa_init(&plain);
	xa_lock(&plain);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	xa_unlock(&plain);
}

/* A file's page cache is such an array. */
static void xarray_page_cache_locks_with_interrupts_off(struct kunit *test)
{
	struct address_space mapping;

	address_space_init(&mapping, NULL, NULL);
	KUNIT_EXPECT_TRUE(test, mapping.i_pages.xa_lock_irq);
	xa_lock(&mapping.i_pages);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	xa_unlock(&mapping.i_pages);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
}

static struct kunit_case xarray_cases[] = {
	KUNIT_CASE(xarray_empty_array),
	KUNIT_CASE(xarray_store_load_erase_at_small_and_huge_indices),
	KUNIT_CASE(xarray_overwrite_returns_the_old_entry),
	KUNIT_CASE(xarray_matches_a_plain_array),
	KUNIT_CASE(xarray_marks_set_clear_and_follow_the_entry),
	KUNIT_CASE(xarray_marked_search_finds_only_marked),
	KUNIT_CASE(xarray_find_in_ranges),
	KUNIT_CASE(xarray_grows_and_shrinks),
	KUNIT_CASE(xarray_value_entries),
	KUNIT_CASE(xarray_locked_variants),
	KUNIT_CASE(xarray_store_without_memory_changes_nothing),
	KUNIT_CASE(xarray_destroy_frees_every_node),
	KUNIT_CASE(xarray_irq_lock_turns_interrupts_off),
	KUNIT_CASE(xarray_page_cache_locks_with_interrupts_off),
	{}
};

static struct kunit_suite xarray_suite = {
	.name = "xarray",
	.test_cases = xarray_cases,
};
kunit_test_suite(xarray_suite);
