/*
 * Kernel tunables under /proc/sys (Linux: include/linux/sysctl.h).
 *
 * A subsystem describes its knobs in a table and registers it under a
 * directory:
 *
 *     static struct ctl_table vm_table[] = {
 *             { .procname = "min_free_kbytes", .data = &min_free_kbytes,
 *               .maxlen = sizeof(int), .mode = 0644,
 *               .proc_handler = min_free_kbytes_sysctl_handler,
 *               .extra1 = SYSCTL_ZERO },
 *             { }
 *     };
 *     register_sysctl("vm", vm_table);      -> /proc/sys/vm/min_free_kbytes
 *
 * A handler converts between text and the variable. It is called with a
 * kernel buffer: for a read it fills `buffer` (*lenp bytes of room) and
 * sets *lenp to the length; for a write it parses *lenp bytes. A write
 * that fails changes nothing. Writes are serialised (proc_sysctl.c).
 */
#ifndef _KERNEL_SYSCTL_H
#define _KERNEL_SYSCTL_H

#include "types.h"
#include "fs/vfs.h"

struct ctl_table;

typedef int proc_handler(const struct ctl_table *table, int write, void *buffer,
			 size_t *lenp, loff_t *ppos);

struct ctl_table {
	const char *procname;		/* file name; NULL ends the table */
	void *data;
	int maxlen;			/* bytes of data */
	umode_t mode;
	proc_handler *proc_handler;
	void *extra1, *extra2;		/* proc_dointvec_minmax: &min, &max */
};

/* Shared bounds for extra1/extra2 (Linux: sysctl_vals). */
extern const int sysctl_vals[];
#define SYSCTL_ZERO	((void *)&sysctl_vals[0])
#define SYSCTL_ONE	((void *)&sysctl_vals[1])
#define SYSCTL_INT_MAX	((void *)&sysctl_vals[2])

/*
 * An int, or an array of maxlen / sizeof(int) ints. Read: the values
 * separated by tabs, then a newline. Write: one or more decimal values
 * separated by white space, at most one per int (fewer set a prefix, as
 * in Linux); anything else is -EINVAL. _minmax checks each against
 * *extra1 and *extra2 (if set).
 */
int proc_dointvec(const struct ctl_table *table, int write, void *buffer,
		  size_t *lenp, loff_t *ppos);
int proc_dointvec_minmax(const struct ctl_table *table, int write, void *buffer,
			 size_t *lenp, loff_t *ppos);

/* Creates /proc/sys/<path>/<procname> for each entry; 0 or -errno. */
int register_sysctl(const char *path, struct ctl_table *table);

/*
 * Pagoda: run a table's handler on a kernel buffer under the sysctl
 * lock, as a read() or write() of its file does. Returns the bytes read
 * (at most count - 1, NUL-terminated) or written, or -errno.
 */
ssize_t proc_sys_call_handler(const struct ctl_table *table, int write, char *kbuf,
			      size_t count);
/* The registered entry /proc/sys/<dir>/<name>, or NULL (for tests). */
const struct ctl_table *sysctl_find(const char *dir, const char *name);

#endif
