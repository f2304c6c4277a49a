/*
 * In-kernel unit tests in the manner of KUnit (Linux: include/kunit/test.h).
 *
 *     static void buddy_merges_freed_buddies(struct kunit *test)
 *     {
 *             KUNIT_EXPECT_EQ(test, nr_free_after, nr_free_before);
 *     }
 *     static struct kunit_case buddy_cases[] = {
 *             KUNIT_CASE(buddy_merges_freed_buddies),
 *             {}
 *     };
 *     static struct kunit_suite buddy_suite = { .name = "buddy", .test_cases = buddy_cases };
 *     kunit_test_suite(buddy_suite);
 *
 * Results are printed as KTAP. EXPECT records a failure and goes on;
 * ASSERT also returns from the test function, so use it only there
 * (Linux aborts the test's kthread instead). Boot with kunit.enable=1,
 * and kunit.filter_glob=SUITE[.CASE] to choose.
 */
#ifndef _KUNIT_TEST_H
#define _KUNIT_TEST_H

#include "types.h"

struct kunit {
	const char *name;
	bool failed;
	bool skipped;
	const char *skip_reason;
	void *priv;		/* for the suite's init/exit */
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
};

struct kunit_suite {
	const char *name;
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }

#define kunit_test_suite(suite)						\
	static struct kunit_suite *const __kunit_suite_##suite		\
	__used __section(".kunit_test_suites") __aligned(8) = &suite

bool kunit_enabled(void);
/* Runs every selected suite; returns the number of failed cases. */
int kunit_run_all(void);
/* Runs one suite now (used by tests of the framework itself). */
int kunit_run_suite(struct kunit_suite *suite, int index);

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void kunit_log(struct kunit *test, const char *fmt, ...) __printf(2, 3);
void kunit_mark_skipped(struct kunit *test, const char *reason);

#define kunit_info(test, ...) kunit_log(test, __VA_ARGS__)

#define KUNIT_BINARY_CHECK(test, ret, a, op, b, kind)				\
	do {									\
		long __a = (long)(a), __b = (long)(b);				\
		if (!(__a op __b)) {						\
			kunit_fail(test, __FILE__, __LINE__,			\
				   "%s FAILED at %s:%d\n# Expected %s %s %s, but\n"	\
				   "#     %s == %ld (%#lx)\n#     %s == %ld (%#lx)",	\
				   kind, __FILE__, __LINE__, #a, #op, #b,	\
				   #a, __a, __a, #b, __b, __b);		\
			ret;							\
		}								\
	} while (0)

#define KUNIT_BOOL_CHECK(test, ret, cond, want, kind)				\
	do {									\
		if ((bool)(cond) != (bool)(want)) {					\
			kunit_fail(test, __FILE__, __LINE__,			\
				   "%s FAILED at %s:%d\n# Expected %s to be %s", \
				   kind, __FILE__, __LINE__, #cond,		\
				   (want) ? "true" : "false");			\
			ret;							\
		}								\
	} while (0)

#define KUNIT_EXPECT_EQ(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, ==, b, "EXPECTATION")
#define KUNIT_EXPECT_NE(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, !=, b, "EXPECTATION")
#define KUNIT_EXPECT_LT(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, <, b, "EXPECTATION")
#define KUNIT_EXPECT_LE(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, <=, b, "EXPECTATION")
#define KUNIT_EXPECT_GT(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, >, b, "EXPECTATION")
#define KUNIT_EXPECT_GE(t, a, b) KUNIT_BINARY_CHECK(t, (void)0, a, >=, b, "EXPECTATION")
#define KUNIT_EXPECT_TRUE(t, c) KUNIT_BOOL_CHECK(t, (void)0, c, true, "EXPECTATION")
#define KUNIT_EXPECT_FALSE(t, c) KUNIT_BOOL_CHECK(t, (void)0, c, false, "EXPECTATION")
#define KUNIT_EXPECT_NULL(t, p) KUNIT_BOOL_CHECK(t, (void)0, (p) == NULL, true, "EXPECTATION")
#define KUNIT_EXPECT_NOT_NULL(t, p) KUNIT_BOOL_CHECK(t, (void)0, (p) != NULL, true, "EXPECTATION")

#define KUNIT_ASSERT_EQ(t, a, b) KUNIT_BINARY_CHECK(t, return, a, ==, b, "ASSERTION")
#define KUNIT_ASSERT_NE(t, a, b) KUNIT_BINARY_CHECK(t, return, a, !=, b, "ASSERTION")
#define KUNIT_ASSERT_LT(t, a, b) KUNIT_BINARY_CHECK(t, return, a, <, b, "ASSERTION")
#define KUNIT_ASSERT_LE(t, a, b) KUNIT_BINARY_CHECK(t, return, a, <=, b, "ASSERTION")
#define KUNIT_ASSERT_GT(t, a, b) KUNIT_BINARY_CHECK(t, return, a, >, b, "ASSERTION")
#define KUNIT_ASSERT_GE(t, a, b) KUNIT_BINARY_CHECK(t, return, a, >=, b, "ASSERTION")
#define KUNIT_ASSERT_TRUE(t, c) KUNIT_BOOL_CHECK(t, return, c, true, "ASSERTION")
#define KUNIT_ASSERT_FALSE(t, c) KUNIT_BOOL_CHECK(t, return, c, false, "ASSERTION")
#define KUNIT_ASSERT_NOT_NULL(t, p) KUNIT_BOOL_CHECK(t, return, (p) != NULL, true, "ASSERTION")

#define kunit_skip(t, reason) do { kunit_mark_skipped(t, reason); return; } while (0)

#endif
