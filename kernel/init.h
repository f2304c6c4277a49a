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

/*
 * Initcalls (Linux: include/linux/init.h): a subsystem or driver registers
 * its setup function with one of these and kernel_init() calls them all,
 * level by level, in process context (they may sleep). Within a level the
 * order is link order. A nonzero return is reported, and boot goes on.
 */
typedef int (*initcall_t)(void);

#define __define_initcall(fn, level)					\
	static const initcall_t __initcall_##fn##level			\
	__used __section(".initcall" #level ".init") __aligned(8) = fn

#define core_initcall(fn)	__define_initcall(fn, 1)	/* locking, scheduler helpers */
#define arch_initcall(fn)	__define_initcall(fn, 3)	/* interrupt controller */
#define subsys_initcall(fn)	__define_initcall(fn, 4)	/* block layer, VFS */
#define fs_initcall(fn)		__define_initcall(fn, 5)	/* file system types */
#define device_initcall(fn)	__define_initcall(fn, 6)	/* drivers: console, disks */
#define late_initcall(fn)	__define_initcall(fn, 7)

void do_initcalls(void);

/* Parses `cmdline` (copied; the original is left alone). Returns the number of errors. */
int parse_early_param(const char *cmdline);
/* The command line the kernel booted with. */
extern char boot_command_line[];

#endif
