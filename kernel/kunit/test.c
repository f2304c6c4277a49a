/*
 * The test runner (Linux: lib/kunit/test.c, executor.c). Prints KTAP
 * version 1: a plan line with the number of suites, then each suite as a
 * nested, indented subtest with its own plan and one result per case.
 *
 * Every suite ends with one more case, <suite>_frees_all_pages: after the
 * suite, with per-CPU lists drained and empty slabs released, the number
 * of free pages must be what it was before. A test that leaks a page
 * fails here even if its own checks passed.
 */
#include "kunit/test.h"
#include "mm/swap.h"
#include "printk.h"
#include "init.h"
#include "string.h"
#include "errno.h"
#include "mm/vmstat.h"
#include "mm/gfp.h"
#include "mm/slab.h"

extern struct kunit_suite *const __kunit_suites_start[], *const __kunit_suites_end[];

static bool enable;
static char filter_glob[128];

static int early_kunit_enable(char *p)
{
	if (!strcmp(p, "1") || !*p)
		enable = true;
	else if (!strcmp(p, "0"))
		enable = false;
	else
		return -EINVAL;
	return 0;
}
early_param("kunit.enable", early_kunit_enable);

static int early_kunit_filter(char *p)
{
	if (!*p || strlen(p) >= sizeof(filter_glob))
		return -EINVAL;
	strlcpy(filter_glob, p, sizeof(filter_glob));
	enable = true;
	return 0;
}
early_param("kunit.filter_glob", early_kunit_filter);

bool kunit_enabled(void)
{
	return enable;
}

/* "suite" or "suite.case" globs, as Linux's kunit.filter_glob. */
static bool suite_selected(const char *suite)
{
	char s[128];
	char *dot;

	if (!filter_glob[0])
		return true;
	strlcpy(s, filter_glob, sizeof(s));
	dot = strchr(s, '.');
	if (dot)
		*dot = '\0';
	return glob_match(s, suite);
}

static bool case_selected(const char *name)
{
	const char *dot = strchr(filter_glob, '.');

	return !dot || glob_match(dot + 1, name);
}

void kunit_log(struct kunit *test, const char *fmt, ...)
{
	char buf[512];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	pr_raw("    # %s: %s\n", test->name, buf);
}

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
{
	char buf[768];
	__builtin_va_list ap;
	test->failed = true;
	__builtin_va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	__builtin_va_end(ap);
	/* The first line names the test; the rest are "# ..." lines already. */
	for (char *line = buf, *nl; line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (line == buf)
			pr_raw("    # %s: %s\n", test->name, line);
		else
			pr_raw("    %s\n", line);
	}
}

void kunit_mark_skipped(struct kunit *test, const char *reason)
{
	test->skipped = true;
	test->skip_reason = reason;
}

/* Pages free in the buddy allocator once caches have given back what they can. */
static unsigned long settled_free_pages(void)
{
	lru_add_drain_all();	/* pages waiting in per-CPU LRU batches hold a reference */
	kmem_cache_shrink_all();
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static int count_cases(struct kunit_suite *suite)
{
	int n = 0;

	for (struct kunit_case *c = suite->test_cases; c->run_case; c++)
		n += case_selected(c->name);
	return n;
}

int kunit_run_suite(struct kunit_suite *suite, int index)
{
	int n = 0, failed = 0;
	unsigned long before, after;

	pr_raw("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", suite->name,
	       count_cases(suite) + 1);
	before = settled_free_pages();
	bool init_failed = suite->suite_init && suite->suite_init(suite);

	if (init_failed)
		pr_raw("    # %s: suite_init failed, no case runs\n", suite->name);
	for (struct kunit_case *c = suite->test_cases; c->run_case; c++) {
		struct kunit test = { .name = c->name };

		if (!case_selected(c->name))
			continue;
		if (init_failed) {
			test.failed = true;
		} else if (suite->init && suite->init(&test)) {
			kunit_fail(&test, __FILE__, __LINE__, "init failed");
		} else {
			c->run_case(&test);
			if (suite->exit)
				suite->exit(&test);
		}
		n++;
		if (test.skipped && !test.failed)
			pr_raw("    ok %d %s # SKIP %s\n", n, c->name, test.skip_reason);
		else
			pr_raw("    %s %d %s\n", test.failed ? "not ok" : "ok", n, c->name);
		failed += test.failed;
	}
	if (suite->suite_exit && !init_failed)
		suite->suite_exit(suite);
	after = settled_free_pages();
	if (after != before) {
		pr_raw("    # %s_frees_all_pages: %lu free pages before the suite, %lu after (%ld leaked)\n",
		       suite->name, before, after, (long)(before - after));
		failed++;
	}
	pr_raw("    %s %d %s_frees_all_pages\n", after == before ? "ok" : "not ok", n + 1, suite->name);
	pr_raw("%s %d %s\n", failed ? "not ok" : "ok", index, suite->name);
	return failed;
}

int kunit_run_all(void)
{
	int nsuites = 0, index = 0, failed = 0;

	for (struct kunit_suite *const *s = __kunit_suites_start; s < __kunit_suites_end; s++)
		if (suite_selected((*s)->name) && count_cases(*s))
			nsuites++;
	pr_raw("KTAP version 1\n1..%d\n", nsuites);
	for (struct kunit_suite *const *s = __kunit_suites_start; s < __kunit_suites_end; s++)
		if (suite_selected((*s)->name) && count_cases(*s))
			failed += kunit_run_suite(*s, ++index);
	pr_raw("# kunit: %d suite%s run, %d failure%s\n", nsuites, nsuites == 1 ? "" : "s",
	       failed, failed == 1 ? "" : "s");
	return failed;
}
