/*
 * /proc/devices (Linux: fs/proc/devices.c): the registered character
 * device majors and their names, which is how a program learns the
 * major to give mknod. Linux lists block device majors after them;
 * Pagoda's disks are found by name (blkdev_get_by_name), not by major.
 */
#include "fs/proc/internal.h"
#include "init.h"
#include "errno.h"

static int devinfo_show(struct seq_file *m, void *v)
{
	(void)v;
	seq_puts(m, "Character devices:\n");
	for (unsigned int major = 0; major < CHRDEV_MAJOR_MAX; major++) {
		const char *name = chrdev_name(major);

		if (name)
			seq_printf(m, "%3u %s\n", major, name);
	}
	seq_puts(m, "\nBlock devices:\n");
	return 0;
}

static int proc_devices_init(void)
{
	return proc_create_single("devices", 0444, NULL, devinfo_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_devices_init);
