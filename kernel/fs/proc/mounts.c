/*
 * /proc/mounts (Linux: fs/proc_namespace.c, show_vfsmnt): one line per
 * mount, oldest first, in fstab's format: device, mount point, type,
 * options, and the two fields fstab has for dump and fsck order.
 */
#include "fs/proc/internal.h"
#include "init.h"
#include "errno.h"

static void show_vfsmnt(struct vfsmount *mnt, void *arg)
{
	struct seq_file *m = arg;

	/* Linux escapes spaces and tabs in names (\040); Pagoda's names have none. */
	seq_printf(m, "%s %s %s rw 0 0\n", mnt->mnt_devname, mnt->mnt_dirname,
		   mnt->mnt_sb->s_type->name);
}

static int mounts_show(struct seq_file *m, void *v)
{
	(void)v;
	iterate_mounts(show_vfsmnt, m);
	return 0;
}

static int proc_mounts_init(void)
{
	return proc_create_single("mounts", 0444, NULL, mounts_show) ? 0 : -ENOMEM;
}
fs_initcall(proc_mounts_init);
