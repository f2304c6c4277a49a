/*
 * File system types and super blocks (Linux: fs/filesystems.c, fs/super.c).
 *
 * A file system registers a struct file_system_type by name; mounting
 * makes a super block for it and asks its fill_super() to read the disk
 * and find the root inode. Each mount gets its own super block (Linux
 * shares one between mounts of the same device, and calls ->kill_sb on
 * umount; Pagoda has no umount).
 */
#include "fs/internal.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "printk.h"
#include "mm/slab.h"

static LIST_HEAD(file_systems);
static LIST_HEAD(super_blocks);
static DEFINE_SPINLOCK(file_systems_lock);	/* file_systems, anon_dev */
static DEFINE_MUTEX(sb_lock);			/* super_blocks: a mutex, as ->sync_fs sleeps */
static unsigned int anon_dev;			/* Linux: get_anon_bdev(), major 0 */

static struct file_system_type *find_filesystem(const char *name)
{
	struct file_system_type *fs;

	list_for_each_entry(fs, &file_systems, fs_list)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

int register_filesystem(struct file_system_type *fs)
{
	int err = 0;

	if (!fs || !fs->name || !fs->fill_super)
		return -EINVAL;
	spin_lock(&file_systems_lock);
	if (find_filesystem(fs->name))
		err = -EBUSY;
	else
		list_add_tail(&fs->fs_list, &file_systems);
	spin_unlock(&file_systems_lock);
	return err;
}

int unregister_filesystem(struct file_system_type *fs)
{
	int err = -EINVAL;

	spin_lock(&file_systems_lock);
	if (find_filesystem(fs->name) == fs) {
		list_del(&fs->fs_list);
		err = 0;
	}
	spin_unlock(&file_systems_lock);
	return err;
}

static struct super_block *alloc_super(struct file_system_type *type, struct block_device *bdev)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_type = type;
	sb->s_bdev = bdev;
	INIT_LIST_HEAD(&sb->s_inodes);
	INIT_LIST_HEAD(&sb->s_list);
	spin_lock(&file_systems_lock);
	sb->s_dev = bdev ? bdev->bd_dev : MKDEV(0, ++anon_dev);
	spin_unlock(&file_systems_lock);
	return sb;
}

struct super_block *vfs_get_super(const char *type_name, const char *dev_name)
{
	struct file_system_type *type;
	struct block_device *bdev = NULL;
	struct super_block *sb;
	int err;

	spin_lock(&file_systems_lock);
	type = find_filesystem(type_name);
	spin_unlock(&file_systems_lock);
	if (!type)
		return ERR_PTR(-ENODEV);
	if (dev_name) {
		bdev = blkdev_get_by_name(dev_name);
		if (!bdev)
			return ERR_PTR(-ENXIO);
	}
	sb = alloc_super(type, bdev);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	err = type->fill_super(sb, bdev);
	if (!err && (!sb->s_root || !S_ISDIR(sb->s_root->i_mode)))
		err = -EINVAL;
	if (err) {
		pr_err("vfs: %s on %s: fill_super failed (%d)\n", type_name,
		       dev_name ? dev_name : "none", err);
		kill_super(sb);
		return ERR_PTR(err);
	}
	mutex_lock(&sb_lock);
	list_add_tail(&sb->s_list, &super_blocks);
	mutex_unlock(&sb_lock);
	return sb;
}

void kill_super(struct super_block *sb)
{
	mutex_lock(&sb_lock);
	if (!list_empty(&sb->s_list))
		list_del_init(&sb->s_list);
	mutex_unlock(&sb_lock);
	iput(sb->s_root);
	sb->s_root = NULL;
	evict_inodes(sb);
	/* Freeing it under a live inode would corrupt memory: leak it instead. */
	if (!list_empty(&sb->s_inodes)) {
		pr_warn("vfs: %s super block has inodes in use, not freed\n", sb->s_type->name);
		return;
	}
	kfree(sb);
}

/* Call fn for each mounted super block, in mount order (Linux: iterate_supers). */
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg)
{
	struct super_block *sb;

	mutex_lock(&sb_lock);
	list_for_each_entry(sb, &super_blocks, s_list)
		fn(sb, arg);
	mutex_unlock(&sb_lock);
}

/* Linux: ksys_sync: the page cache of every file first, then each file system. */
void sys_sync_all(void)
{
	struct super_block *sb;
	int err;

	sync_all_mappings();
	mutex_lock(&sb_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		if (!sb->s_op || !sb->s_op->sync_fs)
			continue;
		err = sb->s_op->sync_fs(sb);
		if (err)
			pr_err("vfs: sync of %s failed (%d)\n", sb->s_type->name, err);
	}
	mutex_unlock(&sb_lock);
}
