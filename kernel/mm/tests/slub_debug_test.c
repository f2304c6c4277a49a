/*
 * Tests of SLUB's debugging (kernel/mm/slub_debug.c). Each test makes its
 * own cache with SLAB_* debug flags, so none needs slub_debug= on the
 * command line; each damages an object on purpose and checks that the
 * damage is reported (slab_error_count, slab_last_bug), repaired, and
 * that the cache goes on working.
 */
#include "kunit/test.h"
#include "mm/slab.h"
#include "mm/mm.h"
#include "kallsyms.h"
#include "errno.h"
#include "string.h"

#define ALL_CHECKS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static bool last_bug_is(const char *text)
{
	return strcmp(slab_last_bug, text) == 0;
}

static unsigned long active_objs(struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	return si.active_objs;
}

static void slub_debug_double_free_is_reported_and_not_repeated(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-dfree", 64, 0, ALL_CHECKS, NULL);
	void *a, *b, *c, *x[3];
	unsigned long errors;

	KUNIT_ASSERT_NOT_NULL(test, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);		/* b is now second on the freelist */
	errors = slab_error_count;
	kmem_cache_free(s, b);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	KUNIT_EXPECT_TRUE(test, last_bug_is("slub-debug-dfree: Object already free"));
	/* The freelist holds a and b once each: three allocations, three objects. */
	for (int i = 0; i < 3; i++) {
		x[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, x[i]);
		KUNIT_EXPECT_TRUE(test, x[i] != c);
	}
	KUNIT_EXPECT_TRUE(test, x[0] != x[1] && x[1] != x[2] && x[0] != x[2]);
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, x[i]);
	kmem_cache_free(s, c);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	kmem_cache_destroy(s);
}

static void slub_debug_poison_fills_free_and_new_objects(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-poison", 100, 0, SLAB_POISON, NULL);
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	/* Uninitialised memory reads as poison, so its use stands out. */
	KUNIT_EXPECT_NULL(test, memchr_inv(p, POISON_FREE, 99));
	KUNIT_EXPECT_EQ(test, p[99], POISON_END);
	memset(p, 0, 100);
	kmem_cache_free(s, p);
	KUNIT_EXPECT_NULL(test, memchr_inv(p, POISON_FREE, 99));
	KUNIT_EXPECT_EQ(test, p[99], POISON_END);
	kmem_cache_destroy(s);
}

static void slub_debug_write_after_free_is_found_by_validation(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-uaf", 64, 0,
						 SLAB_POISON | SLAB_CONSISTENCY_CHECKS, NULL);
	unsigned long errors;
	u8 *p, *q;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	kmem_cache_free(s, p);
	errors = slab_error_count;
	p[10] = 0x12;				/* the bug */
	KUNIT_EXPECT_GT(test, validate_slab_cache(s), 0);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	KUNIT_EXPECT_TRUE(test, last_bug_is("slub-debug-uaf: Poison overwritten"));
	KUNIT_EXPECT_EQ(test, p[10], POISON_FREE);	/* repaired */
	validate_slab_cache(s);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	q = kmem_cache_alloc(s, GFP_KERNEL);	/* and the cache works on */
	KUNIT_ASSERT_NOT_NULL(test, q);
	kmem_cache_free(s, q);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	kmem_cache_destroy(s);
}

/*
 * One byte past the end, and one before the start. As in Linux the object
 * is not freed ("Object at ... not freed"); the red zone is repaired, so
 * freeing it again works.
 */
static void slub_debug_redzone_overflow_is_caught_at_free(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-rz", 40, 0,
						 SLAB_RED_ZONE | SLAB_CONSISTENCY_CHECKS, NULL);
	unsigned long errors;
	u8 *p, *q;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_EXPECT_EQ(test, p[40], SLUB_RED_ACTIVE);
	KUNIT_EXPECT_EQ(test, p[-1], SLUB_RED_ACTIVE);
	errors = slab_error_count;
	p[40] = 0;				/* the overflow */
	kmem_cache_free(s, p);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	KUNIT_EXPECT_TRUE(test, last_bug_is("slub-debug-rz: Right Redzone overwritten"));
	KUNIT_EXPECT_EQ(test, p[40], SLUB_RED_ACTIVE);
	KUNIT_EXPECT_EQ(test, active_objs(s), 2);
	q[-1] = 0;				/* the underflow */
	kmem_cache_free(s, q);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 2);
	KUNIT_EXPECT_TRUE(test, last_bug_is("slub-debug-rz: Left Redzone overwritten"));
	kmem_cache_free(s, p);
	kmem_cache_free(s, q);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 2);
	KUNIT_EXPECT_EQ(test, active_objs(s), 0);
	kmem_cache_destroy(s);
}

static void slub_debug_invalid_pointer_is_not_freed(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-ptr", 64, 0, ALL_CHECKS, NULL);
	unsigned long errors;
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	errors = slab_error_count;
	kmem_cache_free(s, p + 8);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	KUNIT_EXPECT_EQ(test, strncmp(slab_last_bug, "slub-debug-ptr: Invalid object pointer", 38), 0);
	KUNIT_EXPECT_EQ(test, active_objs(s), 1);
	kmem_cache_free(s, p);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	kmem_cache_destroy(s);
}

/* Where the tracked callers should point: not inlined, so they have names. */
static noinline void *slub_debug_alloc_here(struct kmem_cache *s)
{
	void *p = kmem_cache_alloc(s, GFP_KERNEL);

	barrier();			/* keep the call from being a tail call */
	return p;
}

static noinline void slub_debug_free_here(struct kmem_cache *s, void *p)
{
	kmem_cache_free(s, p);
	barrier();
}

static bool addr_in_function(void *addr, const char *name)
{
	unsigned long size, offset;
	const char *sym = kallsyms_lookup((unsigned long)addr, &size, &offset);

	return sym && strcmp(sym, name) == 0;
}

static void slub_debug_store_user_records_last_callers(struct kunit *test)
{
	struct kmem_cache *s = kmem_cache_create("slub-debug-user", 64, 0,
						 SLAB_STORE_USER | SLAB_CONSISTENCY_CHECKS, NULL);
	struct kmem_obj_info kp;
	unsigned long errors;
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, s);
	p = slub_debug_alloc_here(s);
	KUNIT_ASSERT_NOT_NULL(test, p);
	__kmem_obj_info(&kp, p + 5, virt_to_page(p));
	KUNIT_EXPECT_EQ(test, kp.kp_objp, p);
	KUNIT_EXPECT_EQ(test, kp.kp_slab_cache, s);
	KUNIT_EXPECT_TRUE(test, addr_in_function(kp.kp_ret, "slub_debug_alloc_here"));
	KUNIT_EXPECT_NULL(test, kp.kp_free_ret);
	slub_debug_free_here(s, p);
	__kmem_obj_info(&kp, p, virt_to_page(p));
	KUNIT_EXPECT_TRUE(test, addr_in_function(kp.kp_free_ret, "slub_debug_free_here"));
	KUNIT_EXPECT_TRUE(test, kmem_dump_obj(p));
	/* A report prints them: "INFO: Allocated in slub_debug_alloc_here+0x..." */
	errors = slab_error_count;
	slub_debug_free_here(s, p);
	KUNIT_EXPECT_EQ(test, slab_error_count, errors + 1);
	kmem_cache_destroy(s);
}

static void slub_debug_param_parses_linux_syntax(struct kunit *test)
{
	const char *slabs;
	unsigned int flags;

	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("", &flags, &slabs), 0);
	KUNIT_EXPECT_EQ(test, flags, SLAB_DEBUG_FLAGS);
	KUNIT_EXPECT_NULL(test, slabs);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("FZ", &flags, &slabs), 0);
	KUNIT_EXPECT_EQ(test, flags, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("pu,kmalloc-64,dentry", &flags, &slabs), 0);
	KUNIT_EXPECT_EQ(test, flags, SLAB_POISON | SLAB_STORE_USER);
	KUNIT_ASSERT_NOT_NULL(test, slabs);
	KUNIT_EXPECT_EQ(test, strcmp(slabs, "kmalloc-64,dentry"), 0);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags(",kmalloc-8", &flags, &slabs), 0);
	KUNIT_EXPECT_EQ(test, flags, SLAB_DEBUG_FLAGS);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("-", &flags, &slabs), 0);
	KUNIT_EXPECT_EQ(test, flags, 0);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("FQ", &flags, &slabs), -EINVAL);
	KUNIT_EXPECT_EQ(test, parse_slub_debug_flags("F,", &flags, &slabs), -EINVAL);
}

static struct kunit_case slub_debug_cases[] = {
	KUNIT_CASE(slub_debug_double_free_is_reported_and_not_repeated),
	KUNIT_CASE(slub_debug_poison_fills_free_and_new_objects),
	KUNIT_CASE(slub_debug_write_after_free_is_found_by_validation),
	KUNIT_CASE(slub_debug_redzone_overflow_is_caught_at_free),
	KUNIT_CASE(slub_debug_invalid_pointer_is_not_freed),
	KUNIT_CASE(slub_debug_store_user_records_last_callers),
	KUNIT_CASE(slub_debug_param_parses_linux_syntax),
	{}
};

static struct kunit_suite slub_debug_suite = {
	.name = "slub_debug",
	.test_cases = slub_debug_cases,
};
kunit_test_suite(slub_debug_suite);
