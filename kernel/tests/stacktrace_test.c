/*
 * Tests of backtraces (kernel/panic.c) and symbol lookup (kernel/kallsyms.c):
 * what an oops or bad_page() report prints must name the real callers.
 */
#include "kunit/test.h"
#include "panic.h"
#include "kallsyms.h"
#include "string.h"

static noinline unsigned int save_from_here(unsigned long *trace, unsigned int max)
{
	unsigned int n = stack_trace_save(trace, max);

	barrier();	/* keep this a real frame, not a tail call */
	return n;
}

static void stacktrace_names_the_callers(struct kunit *test)
{
	unsigned long trace[16], size, off;
	unsigned int n = save_from_here(trace, ARRAY_SIZE(trace));
	bool saw_test = false, saw_runner = false;

	KUNIT_ASSERT_GE(test, n, 3);
	for (unsigned int i = 0; i < n; i++) {
		const char *name = kallsyms_lookup(trace[i], &size, &off);

		KUNIT_EXPECT_NOT_NULL(test, name);
		saw_test |= name && !strcmp(name, "stacktrace_names_the_callers");
		saw_runner |= name && !strcmp(name, "kunit_run_suite");
	}
	KUNIT_EXPECT_TRUE(test, saw_test);
	KUNIT_EXPECT_TRUE(test, saw_runner);
}

static void stacktrace_stops_at_a_bad_frame_pointer(struct kunit *test)
{
	unsigned long trace[4];

	/* A frame pointer off this stack yields nothing, and no fault. */
	dump_backtrace(0xffff8f8000001000UL, 0);
	dump_backtrace(8, 0);
	KUNIT_EXPECT_LE(test, stack_trace_save(trace, 0), 0);
}

static void kallsyms_finds_function_and_offset(struct kunit *test)
{
	unsigned long size, off;
	char buf[96];
	const char *name = kallsyms_lookup((unsigned long)kunit_run_suite + 4, &size, &off);

	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_EQ(test, strcmp(name, "kunit_run_suite"), 0);
	KUNIT_EXPECT_EQ(test, off, 4);
	KUNIT_EXPECT_GT(test, size, 4);
	sprint_symbol(buf, sizeof(buf), (unsigned long)kunit_run_suite);
	KUNIT_EXPECT_EQ(test, strncmp(buf, "kunit_run_suite+0x0/", 20), 0);
	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0x1000, &size, &off));
}

static struct kunit_case stacktrace_cases[] = {
	KUNIT_CASE(stacktrace_names_the_callers),
	KUNIT_CASE(stacktrace_stops_at_a_bad_frame_pointer),
	KUNIT_CASE(kallsyms_finds_function_and_offset),
	{}
};

static struct kunit_suite stacktrace_suite = {
	.name = "stacktrace",
	.test_cases = stacktrace_cases,
};
kunit_test_suite(stacktrace_suite);
