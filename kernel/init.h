/*
 * Boot command-line parameters (Linux: include/linux/init.h early_param,
 * kernel/params.c). A file registers a handler with
 *
 *     early_param("mem", early_mem);
 *
 * and parse_early_param() calls it with the text after "mem=". A handler
 * returns 0, or a negative errno if the value is malformed; then the
 * parameter is reported and ignored.
 */
#ifndef _KERNEL_INIT_H
#define _KERNEL_INIT_H

#include "types.h"

struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *val);
};

#define early_param(name, fn)						\
	static const struct obs_kernel_param __setup_##fn		\
	__used __section(".init.setup") __aligned(8) = { name, fn }

/* Parses `cmdline` (copied; the original is left alone). Returns the number of errors. */
int parse_early_param(const char *cmdline);
/* The command line the kernel booted with. */
extern char boot_command_line[];

#endif
