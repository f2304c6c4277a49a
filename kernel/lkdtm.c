/*
 * The Linux Kernel Dump Test Module, in miniature (Linux:
 * drivers/misc/lkdtm/): `lkdtm=NAME` on the command line makes pid 1
 * commit one kernel bug on purpose, so the tests can check that the
 * kernel reports it properly (an oops with registers and a backtrace, or
 * a stack-overflow report) instead of hanging. Linux also triggers them
 * through debugfs at run time.
 */
#include "lkdtm.h"
#include "init.h"
#include "printk.h"
#include "string.h"
#include "errno.h"

static char lkdtm_type[32];

static int lkdtm_param(char *val)
{
	if (strcmp(val, "EXHAUST_STACK") && strcmp(val, "ACCESS_NULL") &&
	    strcmp(val, "WRITE_KERN"))
		return -EINVAL;
	strlcpy(lkdtm_type, val, sizeof(lkdtm_type));
	return 0;
}
early_param("lkdtm", lkdtm_param);

static volatile int recurse_limit = 1 << 30;	/* volatile: the compiler cannot prove it infinite */

/* Recursion the compiler cannot turn into a loop: each frame keeps a buffer live. */
static noinline int recurse(int depth, volatile char *prev)
{
	volatile char buf[256];

	buf[0] = depth;
	buf[255] = prev ? prev[0] : 0;
	if (depth >= recurse_limit)
		return buf[0];
	return recurse(depth + 1, buf) + buf[255];
}

void lkdtm_boot(void)
{
	extern char _stext[];

	if (!lkdtm_type[0])
		return;
	pr_crit("lkdtm: Performing direct entry %s\n", lkdtm_type);
	if (!strcmp(lkdtm_type, "EXHAUST_STACK"))
		recurse(0, NULL);
	else if (!strcmp(lkdtm_type, "ACCESS_NULL"))
		pr_info("lkdtm: read %lx\n", *(volatile unsigned long *)0);
	else if (!strcmp(lkdtm_type, "WRITE_KERN"))
		*(volatile char *)_stext = 0;	/* kernel text is read-only */
	pr_err("lkdtm: %s did not crash the kernel\n", lkdtm_type);
}
