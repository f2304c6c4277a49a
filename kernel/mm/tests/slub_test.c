/*
 * Tests of SLUB and kmalloc (kernel/mm/slub.c, slab_common.c): sizes and
 * alignment, constructors, reuse, partial lists, destroy, NUMA placement,
 * many CPUs at once, and bad pointers given to kfree. The debugging
 * checks have their own suite (slub_debug_test.c).
 */
#include "kunit/test.h"
#include "mm/slab.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "atomic.h"
#include "smp.h"
#include "string.h"
#include "riscv.h"

#define SIZE_MAX (~(size_t)0)

static unsigned long nr_partial(struct kmem_cache *s)
{
	struct kmem_cache_node *n;
	unsigned long sum = 0;
	int nid;

	for_each_kmem_cache_node(s, nid, n)
		sum += n->nr_partial;
	return sum;
}

static unsigned long nr_slabs(struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	return si.num_slabs;
}

/* Was the last slab report about this, "<cache>: <what>"? */
static bool last_bug_is(const char *prefix)
{
	return strncmp(slab_last_bug, prefix, strlen(prefix)) == 0;
}

static struct page *slab_of(const void *p)
{
	return compound_head(virt_to_page(p));
}

static void slub_kmalloc_fits_every_size_up_to_8k(struct kunit *test)
{
	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		u8 *p = kmalloc(size, GFP_KERNEL);
		size_t ks = p ? ksize(p) : 0;
		/* A power-of-two cache aligns naturally, others to their largest power of two. */
		unsigned long align = ks & -ks;

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_GE(test, ks, size);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, ARCH_KMALLOC_MINALIGN));
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, align));
		memset(p, 0x5c, size);
		KUNIT_EXPECT_NULL(test, memchr_inv(p, 0x5c, size));
		kfree(p);
		if (test->failed) {
			kunit_info(test, "first failure at size %lu (ksize %lu, %p)", size, ks, p);
			return;
		}
	}
}

static void slub_kmalloc_just_over_a_boundary_takes_the_next_cache(struct kunit *test)
{
	static const struct { size_t size; const char *cache; } t[] = {
		{ 1, "kmalloc-8" }, { 8, "kmalloc-8" }, { 9, "kmalloc-16" },
		{ 17, "kmalloc-32" }, { 33, "kmalloc-64" }, { 65, "kmalloc-96" },
		{ 96, "kmalloc-96" }, { 97, "kmalloc-128" }, { 129, "kmalloc-192" },
		{ 192, "kmalloc-192" }, { 193, "kmalloc-256" }, { 257, "kmalloc-512" },
		{ 513, "kmalloc-1k" }, { 1025, "kmalloc-2k" }, { 2049, "kmalloc-4k" },
		{ 4097, "kmalloc-8k" }, { 8192, "kmalloc-8k" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(t); i++) {
		void *p = kmalloc(t[i].size, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_TRUE(test, PageSlab(slab_of(p)));
		KUNIT_EXPECT_EQ(test, strcmp(kmem_cache_name(slab_of(p)->slab_cache), t[i].cache), 0);
		if (strcmp(kmem_cache_name(slab_of(p)->slab_cache), t[i].cache))
			kunit_info(test, "kmalloc(%lu) came from %s", t[i].size,
				   kmem_cache_name(slab_of(p)->slab_cache));
		kfree(p);
	}
}

/* Many live objects of several sizes: each keeps its own bytes. */
static void slub_kmalloc_objects_do_not_overlap(struct kunit *test)
{
	static const size_t sizes[] = { 8, 24, 64, 100, 256, 1000, 3000, 8192 };
	enum { N = 64 };
	u8 **p = kcalloc(ARRAY_SIZE(sizes) * N, sizeof(*p), GFP_KERNEL);
	unsigned int i, k, bad = 0;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (k = 0; k < ARRAY_SIZE(sizes); k++)
		for (i = 0; i < N; i++) {
			p[k * N + i] = kmalloc(sizes[k], GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, p[k * N + i]);
			memset(p[k * N + i], (u8)(k * N + i), sizes[k]);
		}
	for (k = 0; k < ARRAY_SIZE(sizes); k++)
		for (i = 0; i < N; i++) {
			bad += memchr_inv(p[k * N + i], (u8)(k * N + i), sizes[k]) != NULL;
			kfree(p[k * N + i]);
		}
	KUNIT_EXPECT_EQ(test, bad, 0);
	kfree(p);
}

static void slub_kmalloc_above_8k_uses_compound_pages(struct kunit *test)
{
	unsigned long free_before = global_zone_page_state(NR_FREE_PAGES);
	unsigned long slab_before = global_node_page_state(NR_SLAB_UNRECLAIMABLE_B);
	u8 *p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	u8 *big = kmalloc(SZ_1M, GFP_KERNEL);
	struct page *page;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, big);
	page = virt_to_page(p);
	KUNIT_EXPECT_FALSE(test, PageSlab(page));
	KUNIT_EXPECT_TRUE(test, PageHead(page));
	KUNIT_EXPECT_EQ(test, compound_order(page), 2);
	KUNIT_EXPECT_EQ(test, ksize(p), 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, ksize(big), SZ_1M);
	KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, free_before - global_zone_page_state(NR_FREE_PAGES), 4 + 256);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_UNRECLAIMABLE_B) - slab_before,
			(4 + 256) * PAGE_SIZE);
	memset(p, 1, ksize(p));
	memset(big, 2, SZ_1M);
	kfree(p);
	kfree(big);
	KUNIT_EXPECT_EQ(test, global_zone_page_state(NR_FREE_PAGES), free_before);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_UNRECLAIMABLE_B), slab_before);
	KUNIT_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
}

static void slub_kmalloc_zero_gives_zero_size_ptr(struct kunit *test)
{
	unsigned long errors = slab_error_count;

	KUNIT_EXPECT_EQ(test, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, ksize(ZERO_SIZE_PTR), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors);
}

static void slub_kzalloc_zeroes_a_dirty_object(struct kunit *test)
{
	u8 *p = kmalloc(200, GFP_KERNEL), *q, *big;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 200);
	kfree(p);
	q = kzalloc(200, GFP_KERNEL);	/* most likely p again */
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_NULL(test, memchr_inv(q, 0, 200));
	big = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_NULL(test, memchr_inv(big, 0, 3 * PAGE_SIZE));
	kfree(q);
	kfree(big);
}

static void slub_kcalloc_overflow_returns_null(struct kunit *test)
{
	u8 *p;

	KUNIT_EXPECT_NULL(test, kcalloc(SIZE_MAX / 2 + 1, 2, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kcalloc(1UL << 32, 1UL << 32, GFP_KERNEL));
	p = kcalloc(10, 24, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_GE(test, ksize(p), 240);
	KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, 240));
	kfree(p);
}

static void check_cache_alignment(struct kunit *test, unsigned int size, unsigned int align,
				  unsigned int flags, unsigned long want)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-align", size, align, flags, NULL);
	void *p[40];

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 40; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_TRUE(test, IS_ALIGNED((unsigned long)p[i], want));
	}
	for (int i = 0; i < 40; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

static void slub_cache_objects_are_aligned(struct kunit *test)
{
	static const unsigned int aligns[] = { 8, 16, 64, 128, 256 };

	for (unsigned int i = 0; i < ARRAY_SIZE(aligns); i++)
		check_cache_alignment(test, 40, aligns[i], 0, aligns[i]);
	/* A cache line each, but small objects share one in halves, quarters. */
	check_cache_alignment(test, 100, 0, SLAB_HWCACHE_ALIGN, L1_CACHE_BYTES);
	check_cache_alignment(test, 20, 0, SLAB_HWCACHE_ALIGN, L1_CACHE_BYTES / 2);
	KUNIT_EXPECT_NULL(test, kmem_cache_create("slub-test-align", 40, 24, 0, NULL));
}

static atomic_t ctor_calls;

static void test_ctor(void *object)
{
	*(u32 *)object = 0xc0ffee;
	atomic_inc(&ctor_calls);
}

static void slub_ctor_runs_once_per_object_when_slab_is_made(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-ctor", 64, 0, 0, test_ctor);
	unsigned int per_slab;
	void **p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	per_slab = s->oo.objects;
	p = kcalloc(per_slab + 1, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	atomic_set(&ctor_calls, 0);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p[0]);
	/* The whole first slab was constructed at once. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctor_calls), per_slab);
	KUNIT_EXPECT_EQ(test, *(u32 *)p[0], 0xc0ffee);
	kmem_cache_free(s, p[0]);
	p[0] = kmem_cache_alloc(s, GFP_KERNEL);	/* reuse: no constructor */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctor_calls), per_slab);
	for (unsigned int i = 1; i <= per_slab; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_EQ(test, *(u32 *)p[i], 0xc0ffee);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctor_calls), 2 * per_slab);
	for (unsigned int i = 0; i <= per_slab; i++)
		kmem_cache_free(s, p[i]);
	kfree(p);
	kmem_cache_destroy(s);
}

static void slub_free_then_alloc_reuses_object(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-lifo", 48, 0, 0, NULL);
	void *p, *q;

	KUNIT_ASSERT_NOT_NULL(test, s);
	if (kmem_cache_debug(s)) {
		kmem_cache_destroy(s);
		kunit_skip(test, "slub_debug is on: no per-CPU freelist");
	}
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, q);
	kmem_cache_free(s, p);
	/* This CPU's freelist is last in, first out. */
	KUNIT_EXPECT_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), p);
	KUNIT_EXPECT_EQ(test, kmem_cache_alloc(s, GFP_KERNEL), q);
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	kmem_cache_destroy(s);
}

/*
 * Fill more slabs than min_partial; free one object in each of three full
 * slabs, which puts them on the partial list, and allocation comes back
 * to them before making a new slab. Freeing everything leaves at most
 * min_partial empty slabs (and this CPU's), and shrinking none.
 */
static void slub_partial_slabs_are_used_and_emptied(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-partial", 256, 0, 0, NULL);
	unsigned int per_slab, nr;
	void **p, *again[3];

	KUNIT_ASSERT_NOT_NULL(test, s);
	per_slab = s->oo.objects;
	nr = (s->min_partial + 3) * per_slab;
	p = kcalloc(nr, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (unsigned int i = 0; i < nr; i++) {
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
	}
	KUNIT_EXPECT_EQ(test, nr_slabs(s), s->min_partial + 3);
	KUNIT_EXPECT_EQ(test, nr_partial(s), 0);
	KUNIT_EXPECT_TRUE(test, slab_of(p[0]) != slab_of(p[per_slab]));
	for (unsigned int k = 0; k < 3; k++)
		kmem_cache_free(s, p[k * per_slab]);
	KUNIT_EXPECT_EQ(test, nr_partial(s), 3);
	for (unsigned int k = 0; k < 3; k++) {
		again[k] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_EXPECT_TRUE(test, again[k] == p[0] || again[k] == p[per_slab] ||
				  again[k] == p[2 * per_slab]);
	}
	KUNIT_EXPECT_EQ(test, nr_slabs(s), s->min_partial + 3);
	for (unsigned int k = 0; k < 3; k++)
		p[k * per_slab] = again[k];
	for (unsigned int i = 0; i < nr; i++)
		kmem_cache_free(s, p[i]);
	KUNIT_EXPECT_LE(test, nr_slabs(s), s->min_partial + 1);
	KUNIT_EXPECT_EQ(test, kmem_cache_shrink(s), 0);
	KUNIT_EXPECT_EQ(test, nr_slabs(s), 0);
	kfree(p);
	kmem_cache_destroy(s);
}

static void slub_destroy_with_live_objects_reports_and_keeps_cache(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-destroy", 96, 0, 0, NULL);
	unsigned long errors;
	void *p[4];

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int i = 0; i < 3; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	errors = slab_error_count;
	kmem_cache_destroy(s);		/* "Slab cache still has objects" */
	KUNIT_EXPECT_GT(test, slab_error_count, errors);
	KUNIT_EXPECT_TRUE(test, last_bug_is("slub-test-destroy: Objects remaining"));
	/* Still a working cache. */
	p[3] = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p[3]);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(s, p[i]);
	errors = slab_error_count;
	kmem_cache_destroy(s);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors);
}

static void slub_slab_pages_are_counted_in_node_stats(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-stat", 512, 0, 0, NULL);
	struct kmem_cache *r = kmem_cache_create("slub-test-reclaim", 512, 0,
						 SLAB_RECLAIM_ACCOUNT, NULL);
	unsigned long unrec, rec;
	void *p, *q;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, r);
	unrec = global_node_page_state(NR_SLAB_UNRECLAIMABLE_B);
	rec = global_node_page_state(NR_SLAB_RECLAIMABLE_B);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(r, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_UNRECLAIMABLE_B) - unrec,
			PAGE_SIZE << s->oo.order);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_RECLAIMABLE_B) - rec,
			PAGE_SIZE << r->oo.order);
	kmem_cache_free(s, p);
	kmem_cache_free(r, q);
	kmem_cache_shrink(s);
	kmem_cache_shrink(r);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_UNRECLAIMABLE_B), unrec);
	KUNIT_EXPECT_EQ(test, global_node_page_state(NR_SLAB_RECLAIMABLE_B), rec);
	kmem_cache_destroy(s);
	kmem_cache_destroy(r);
}

static void slub_kmalloc_node_allocates_on_that_node(struct kunit *test)
{
	struct kmem_cache *s;
	enum { N = 200 };
	void *p[N];

	if (nr_online_nodes < 2)
		kunit_skip(test, "needs 2 nodes");
	s = kmem_cache_create("slub-test-node", 128, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		void *small = kmalloc_node(64, GFP_KERNEL, nid);
		void *large = kmalloc_node(5 * PAGE_SIZE, GFP_KERNEL, nid);

		KUNIT_ASSERT_NOT_NULL(test, small);
		KUNIT_ASSERT_NOT_NULL(test, large);
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(small)), nid);
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(large)), nid);
		kfree(small);
		kfree(large);
		/* More than a slab's worth, so new slabs too come from nid. */
		for (int i = 0; i < N; i++) {
			p[i] = kmem_cache_alloc_node(s, GFP_KERNEL, nid);
			KUNIT_ASSERT_NOT_NULL(test, p[i]);
			KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(p[i])), nid);
		}
		for (int i = 0; i < N; i++)
			kmem_cache_free(s, p[i]);
	}
	kmem_cache_destroy(s);
}

/* ---- every CPU at once ------------------------------------------------- */

enum { STRESS_ROUNDS = 20, STRESS_OBJS = 200 };

struct stress {
	atomic_t errors;
	atomic_t arrived;
	int ncpus;
	u8 **objs[NR_CPUS];	/* each CPU's batch, freed by the next CPU */
};

static size_t stress_size(int i)
{
	return 8 + (i * 37) % 1500;
}

static u8 stress_byte(int cpu, int i)
{
	return (u8)(cpu * 64 + i);
}

/* Runs as a cross-CPU call, which must not sleep: GFP_NOWAIT, no reclaim. */
static void stress_alloc_batch(struct stress *st, int cpu, u8 **objs)
{
	for (int i = 0; i < STRESS_OBJS; i++) {
		objs[i] = kmalloc(stress_size(i), GFP_NOWAIT);
		if (!objs[i]) {
			atomic_inc(&st->errors);
			continue;
		}
		memset(objs[i], stress_byte(cpu, i), stress_size(i));
	}
}

static void stress_check_and_free(struct stress *st, int cpu, u8 **objs)
{
	for (int i = 0; i < STRESS_OBJS; i++) {
		if (objs[i] && memchr_inv(objs[i], stress_byte(cpu, i), stress_size(i)))
			atomic_inc(&st->errors);
		kfree(objs[i]);
	}
}

static void stress_cpu(void *info)
{
	struct stress *st = info;
	int cpu = smp_processor_id();
	u8 *local[STRESS_OBJS];

	/* Allocate and free on this CPU, checking nobody else wrote our bytes. */
	for (int round = 0; round < STRESS_ROUNDS; round++) {
		stress_alloc_batch(st, cpu, local);
		stress_check_and_free(st, cpu, local);
	}
	/* Then free another CPU's objects: frees to slabs this CPU does not own. */
	stress_alloc_batch(st, cpu, st->objs[cpu]);
	mb();			/* our batch is written before we say so */
	atomic_inc(&st->arrived);
	while (atomic_read(&st->arrived) < st->ncpus)
		cpu_relax();
	mb();
	/* The next online CPU's batch (our own if we are alone). */
	for (int other = (cpu + 1) % NR_CPUS; ; other = (other + 1) % NR_CPUS) {
		if (st->objs[other]) {
			stress_check_and_free(st, other, st->objs[other]);
			break;
		}
	}
}

static void slub_all_cpus_alloc_and_free_at_once(struct kunit *test)
{
	struct stress *st = kzalloc(sizeof(*st), GFP_KERNEL);
	unsigned long online = cpu_online_mask();

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->ncpus = num_online_cpus();
	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(online & (1UL << cpu)))
			continue;
		st->objs[cpu] = kcalloc(STRESS_OBJS, sizeof(u8 *), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, st->objs[cpu]);
	}
	on_each_cpu(stress_cpu, st);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->errors), 0);
	kunit_info(test, "%d CPUs, %d objects each", st->ncpus,
		   STRESS_ROUNDS * STRESS_OBJS + STRESS_OBJS);
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		kfree(st->objs[cpu]);
	kfree(st);
}

/* ---- bad pointers ------------------------------------------------------ */

static void slub_kfree_of_a_pointer_kmalloc_never_returned_is_ignored(struct kunit *test)
{
	u8 *p = kmalloc(64, GFP_KERNEL), *big = kmalloc(5 * PAGE_SIZE, GFP_KERNEL);
	struct page *page = alloc_page(GFP_KERNEL), *comp = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);
	unsigned long errors = slab_error_count;
	int on_stack;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, comp);
	kfree(p + 8);				/* inside an object */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	kfree(&on_stack);			/* a stack address */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 2);
	kfree((void *)(VMALLOC_START + PAGE_SIZE));	/* nothing mapped there */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 3);
	kfree(page_address(page));		/* a page, not from kmalloc */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 4);
	kfree(page_address(comp));		/* compound, but too small for kmalloc */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 5);
	kfree(big + PAGE_SIZE);			/* inside a large kmalloc */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 6);
	/* Nothing was freed: the real frees still work. */
	memset(p, 0x11, 64);
	kfree(p);
	kfree(big);
	__free_page(page);
	__free_pages(comp, 1);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 6);
}

/* Even without debugging, freeing the object just freed is caught. */
static void slub_double_free_of_last_freed_object_is_caught(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-double", 32, 0, 0, NULL);
	unsigned long errors;
	void *p, *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	errors = slab_error_count;
	kmem_cache_free(s, p);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, a != b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

/*
 * What an interrupt handler sees if it interrupts this CPU's fast path:
 * c->lock held. Alloc and free must go to the node lists, not wait.
 */
static void slub_busy_cpu_slab_uses_the_node_lists(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-test-busy", 64, 0, 0, NULL);
	struct kmem_cache_cpu *c;
	unsigned long flags, errors;
	void *warm, *p[3];
	bool locked;

	KUNIT_ASSERT_NOT_NULL(test, s);
	warm = kmem_cache_alloc(s, GFP_KERNEL);	/* this CPU now has an active slab */
	KUNIT_ASSERT_NOT_NULL(test, warm);
	errors = slab_error_count;
	local_irq_save(flags);		/* stay on this CPU, and no real interrupt */
	c = &s->cpu_slab[smp_processor_id()];
	locked = spin_trylock(&c->lock);
	if (!locked)
		local_irq_restore(flags);
	KUNIT_ASSERT_TRUE(test, locked);	/* nobody else holds it */
	for (int i = 0; i < 3; i++)
		p[i] = kmem_cache_alloc(s, GFP_ATOMIC);
	kmem_cache_free(s, warm);	/* its slab is this CPU's: to the slab's freelist */
	kmem_cache_free(s, p[0]);
	spin_unlock(&c->lock);
	local_irq_restore(flags);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_NOT_NULL(test, p[i]);
	KUNIT_EXPECT_TRUE(test, p[1] != p[2] && p[1] != warm && p[2] != warm);
	kmem_cache_free(s, p[1]);
	kmem_cache_free(s, p[2]);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors);
	kmem_cache_destroy(s);		/* reports if any object was lost */
	KUNIT_EXPECT_EQ(test, slab_error_count, errors);
}

static struct kunit_case slub_cases[] = {
	KUNIT_CASE(slub_kmalloc_fits_every_size_up_to_8k),
	KUNIT_CASE(slub_kmalloc_just_over_a_boundary_takes_the_next_cache),
	KUNIT_CASE(slub_kmalloc_objects_do_not_overlap),
	KUNIT_CASE(slub_kmalloc_above_8k_uses_compound_pages),
	KUNIT_CASE(slub_kmalloc_zero_gives_zero_size_ptr),
	KUNIT_CASE(slub_kzalloc_zeroes_a_dirty_object),
	KUNIT_CASE(slub_kcalloc_overflow_returns_null),
	KUNIT_CASE(slub_cache_objects_are_aligned),
	KUNIT_CASE(slub_ctor_runs_once_per_object_when_slab_is_made),
	KUNIT_CASE(slub_free_then_alloc_reuses_object),
	KUNIT_CASE(slub_partial_slabs_are_used_and_emptied),
	KUNIT_CASE(slub_destroy_with_live_objects_reports_and_keeps_cache),
	KUNIT_CASE(slub_slab_pages_are_counted_in_node_stats),
	KUNIT_CASE(slub_kmalloc_node_allocates_on_that_node),
	KUNIT_CASE(slub_all_cpus_alloc_and_free_at_once),
	KUNIT_CASE(slub_kfree_of_a_pointer_kmalloc_never_returned_is_ignored),
	KUNIT_CASE(slub_double_free_of_last_freed_object_is_caught),
	KUNIT_CASE(slub_busy_cpu_slab_uses_the_node_lists),
	{}
};

static struct kunit_suite slub_suite = {
	.name = "slub",
	.test_cases = slub_cases,
};
kunit_test_suite(slub_suite);
