/*
 * Mounts (Linux: fs/namespace.c).
 *
 * The mount table is a short array of (covered directory -> mounted root)
 * pairs. The path walk asks lookup_mnt() after each step down, to go from
 * a covered directory to the root on top of it, and mountpoint_of() when
 * ".." is taken at a file system's root, to come back down. Both inodes
 * of an entry hold a reference, so the inode cache keeps them and pointer
 * comparison identifies them. Linux keys mounts by (vfsmount, dentry) in
 * a hash table, has one table per mount namespace, and can unmount.
 */
#include "fs/internal.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "printk.h"

#define NMOUNT 16

static struct vfsmount mounts[NMOUNT];	/* in use when mnt_sb != NULL */
static DEFINE_SPINLOCK(mount_lock);	/* mounts[] and root_inode */
static struct inode *root_inode;	/* Linux: current->fs->root, one for all */

/*
 * Linux: vfs_caches_init (dentry, inode and file caches, the root mount
 * tree). Pagoda's tables are all static and its objects come from kmalloc,
 * so there is nothing to set up; the function stays for vfs.h's callers.
 */
void vfs_init(void)
{
}

struct inode *get_fs_root(void)
{
	struct inode *root;

	spin_lock(&mount_lock);
	root = root_inode;
	if (root)
		ihold(root);
	spin_unlock(&mount_lock);
	return root;
}

struct inode *lookup_mnt(struct inode *dir)
{
	struct inode *root = NULL;
	int i;

	spin_lock(&mount_lock);
	for (i = NMOUNT - 1; i >= 0; i--) {	/* the newest of stacked mounts wins */
		if (mounts[i].mnt_sb && mounts[i].mnt_mountpoint == dir) {
			root = mounts[i].mnt_root;
			ihold(root);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return root;
}

struct inode *mountpoint_of(struct inode *root)
{
	struct inode *dir = NULL;
	int i;

	spin_lock(&mount_lock);
	for (i = 0; i < NMOUNT; i++) {
		if (mounts[i].mnt_sb && mounts[i].mnt_root == root) {
			dir = mounts[i].mnt_mountpoint;
			if (dir)
				ihold(dir);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return dir;
}

void iterate_mounts(void (*fn)(struct vfsmount *mnt, void *arg), void *arg)
{
	int i;

	spin_lock(&mount_lock);
	for (i = 0; i < NMOUNT; i++)
		if (mounts[i].mnt_sb)
			fn(&mounts[i], arg);
	spin_unlock(&mount_lock);
}

/* Takes over the caller's reference to dir (NULL: mount as /). */
int attach_mount(struct super_block *sb, struct inode *dir, const char *dev_name,
		 const char *dir_name)
{
	struct vfsmount *mnt = NULL;
	int i, err = 0;

	spin_lock(&mount_lock);
	for (i = 0; i < NMOUNT; i++) {
		if (!mounts[i].mnt_sb && !mnt)
			mnt = &mounts[i];
		else if (mounts[i].mnt_sb && dir && mounts[i].mnt_mountpoint == dir)
			err = -EBUSY;
	}
	if (!dir && root_inode)
		err = -EBUSY;
	if (!mnt && !err)
		err = -ENOMEM;
	if (!err) {
		mnt->mnt_sb = sb;
		mnt->mnt_root = sb->s_root;
		mnt->mnt_mountpoint = dir;
		strlcpy(mnt->mnt_devname, dev_name ? dev_name : sb->s_type->name,
			sizeof(mnt->mnt_devname));
		strlcpy(mnt->mnt_dirname, dir_name, sizeof(mnt->mnt_dirname));
		if (!dir) {
			ihold(sb->s_root);
			root_inode = sb->s_root;
		}
	}
	spin_unlock(&mount_lock);
	return err;
}

int detach_mount(struct super_block *sb)
{
	struct inode *dir = NULL;
	int i, err = -EINVAL;

	spin_lock(&mount_lock);
	for (i = 0; i < NMOUNT; i++) {
		if (mounts[i].mnt_sb == sb && mounts[i].mnt_mountpoint) {
			dir = mounts[i].mnt_mountpoint;
			memset(&mounts[i], 0, sizeof(mounts[i]));
			err = 0;
			break;
		}
	}
	spin_unlock(&mount_lock);
	iput(dir);
	return err;
}

int do_mount(const char *dev_name, const char *dir_name, const char *type)
{
	struct super_block *sb;
	struct inode *dir;
	int err;

	if (!dir_name || !type)
		return -EINVAL;
	dir = namei(dir_name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (!S_ISDIR(dir->i_mode)) {
		iput(dir);
		return -ENOTDIR;
	}
	sb = vfs_get_super(type, dev_name);
	if (IS_ERR(sb)) {
		iput(dir);
		return PTR_ERR(sb);
	}
	err = attach_mount(sb, dir, dev_name, dir_name);
	if (err) {
		iput(dir);
		kill_super(sb);
		return err;
	}
	pr_info("vfs: mounted %s (%s) on %s\n", dev_name ? dev_name : "none", type, dir_name);
	return 0;
}

int mount_root(const char *dev_name, const char *type)
{
	struct super_block *sb;
	int err;

	if (!type)
		return -EINVAL;
	sb = vfs_get_super(type, dev_name);
	if (IS_ERR(sb)) {
		pr_err("vfs: cannot mount root %s (%s): %ld\n", dev_name ? dev_name : "none",
		       type, PTR_ERR(sb));
		return PTR_ERR(sb);
	}
	err = attach_mount(sb, NULL, dev_name, "/");
	if (err) {
		kill_super(sb);
		return err;
	}
	pr_info("vfs: mounted root %s (%s)\n", dev_name ? dev_name : "none", type);
	return 0;
}
