/*
 * Tests of the boot command-line parser (kernel/params.c): known
 * parameters take effect, unknown and malformed ones are counted and
 * ignored, and nothing the parser is given can crash it.
 */
#include "kunit/test.h"
#include "init.h"
#include "printk.h"
#include "string.h"
#include "boot.h"
#include "devicetree.h"
#include "mm/internal.h"

static char saved_cmdline[COMMAND_LINE_SIZE];

static int save(struct kunit *test)
{
	strlcpy(saved_cmdline, boot_command_line, sizeof(saved_cmdline));
	test->priv = (void *)(long)console_loglevel;
	return 0;
}

static void restore(struct kunit *test)
{
	console_loglevel = (int)(long)test->priv;
	strlcpy(boot_command_line, saved_cmdline, sizeof(saved_cmdline));
}

static void params_known_parameter_takes_effect(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_early_param("loglevel=3"), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 3);
}

static void params_unknown_parameter_is_ignored(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_early_param("no_such_thing=1 loglevel=5 bogus"), 2);
	KUNIT_EXPECT_EQ(test, console_loglevel, 5);
}

static void params_malformed_value_is_ignored(struct kunit *test)
{
	phys_addr_t limit = memory_limit;
	int mfk = user_min_free_kbytes;

	console_loglevel = 6;
	KUNIT_EXPECT_EQ(test, parse_early_param("loglevel=abc mem=12Q mem= min_free_kbytes=-5 "
						"movablecore=200% numa=maybe page_poison=2"), 7);
	KUNIT_EXPECT_EQ(test, console_loglevel, 6);
	KUNIT_EXPECT_EQ(test, memory_limit, limit);
	KUNIT_EXPECT_EQ(test, user_min_free_kbytes, mfk);
}

static void params_odd_input_does_not_crash(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, parse_early_param(""), 0);
	KUNIT_EXPECT_EQ(test, parse_early_param("     "), 0);
	KUNIT_EXPECT_EQ(test, parse_early_param("="), 1);
	KUNIT_EXPECT_EQ(test, parse_early_param("\"unterminated quote"), 1);
	KUNIT_EXPECT_EQ(test, parse_early_param("loglevel=\"4\""), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 4);
	KUNIT_EXPECT_EQ(test, parse_early_param("\"loglevel=3\""), 0);
	KUNIT_EXPECT_EQ(test, console_loglevel, 3);
	KUNIT_EXPECT_EQ(test, parse_early_param("loglevel=4 ===== ====x"), 2);
}

static void params_memparse_suffixes(struct kunit *test)
{
	char *end;

	KUNIT_EXPECT_EQ(test, memparse("64M", &end), 64UL << 20);
	KUNIT_EXPECT_EQ(test, *end, '\0');
	KUNIT_EXPECT_EQ(test, memparse("2G", NULL), 2UL << 30);
	KUNIT_EXPECT_EQ(test, memparse("512k", NULL), 512UL << 10);
	KUNIT_EXPECT_EQ(test, memparse("0x1000", NULL), 0x1000);
	KUNIT_EXPECT_EQ(test, memparse("25%", &end), 25);
	KUNIT_EXPECT_EQ(test, *end, '%');
}

static struct kunit_case params_cases[] = {
	KUNIT_CASE(params_known_parameter_takes_effect),
	KUNIT_CASE(params_unknown_parameter_is_ignored),
	KUNIT_CASE(params_malformed_value_is_ignored),
	KUNIT_CASE(params_odd_input_does_not_crash),
	KUNIT_CASE(params_memparse_suffixes),
	{}
};

static struct kunit_suite params_suite = {
	.name = "params",
	.init = save,
	.exit = restore,
	.test_cases = params_cases,
};
kunit_test_suite(params_suite);
