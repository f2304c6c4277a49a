/*
 * "vfstest": the in-memory file system the VFS tests run on (see testfs.h).
 * It answers the VFS the way a disk file system does: inodes through
 * iget_locked, names and link counts in its own "disk" table, the file
 * freed in ->evict_inode once the last link and reference are gone.
 */
#include "fs/tests/testfs.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "mm/slab.h"

static const struct inode_operations tfs_dir_iops, tfs_file_iops;
static const struct file_operations tfs_file_fops, tfs_dir_fops;

static struct tfs_dinode *DI(struct inode *inode)
{
	return &TFS(inode->i_sb)->d[inode->i_ino];
}

struct inode *tfs_iget(struct super_block *sb, unsigned long ino)
{
	struct inode *inode;
	struct tfs_dinode *d;

	if (ino >= TFS_NINODES)
		return ERR_PTR(-EIO);
	inode = iget_locked(sb, ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(inode->i_state & I_NEW))
		return inode;
	d = &TFS(sb)->d[ino];
	if (!d->mode) {
		iget_failed(inode);
		return ERR_PTR(-ENOENT);
	}
	inode->i_mode = d->mode;
	inode->i_nlink = d->nlink;
	inode->i_rdev = d->rdev;
	inode->i_size = d->size;
	if (S_ISDIR(d->mode)) {
		inode->i_op = &tfs_dir_iops;
		inode->i_fop = &tfs_dir_fops;
	} else {
		inode->i_op = &tfs_file_iops;
		inode->i_fop = &tfs_file_fops;
	}
	unlock_new_inode(inode);
	return inode;
}

static struct tfs_dirent *find_dirent(struct tfs_dinode *dir, const char *name, int len)
{
	int i;

	for (i = 0; i < TFS_NDIRENT; i++)
		if (dir->ents[i].len == len && !memcmp(dir->ents[i].name, name, len))
			return &dir->ents[i];
	return NULL;
}

static struct inode *tfs_lookup(struct inode *dir, const char *name, int len)
{
	struct tfs_dirent *de;

	if (len == 2 && !memcmp(name, "..", 2))
		return tfs_iget(dir->i_sb, DI(dir)->parent);
	de = find_dirent(DI(dir), name, len);
	return de ? tfs_iget(dir->i_sb, de->ino) : ERR_PTR(-ENOENT);
}

static int add_dirent(struct inode *dir, const char *name, int len, unsigned long ino)
{
	struct tfs_dirent *de = find_dirent(DI(dir), "", 0);

	if (!de)
		return -ENOSPC;
	memcpy(de->name, name, len);
	de->len = len;
	de->ino = ino;
	return 0;
}

static long alloc_dinode(struct super_block *sb, umode_t mode, dev_t rdev, unsigned long parent)
{
	struct tfs_info *info = TFS(sb);
	unsigned long ino;

	for (ino = TFS_ROOTINO; ino < TFS_NINODES; ino++) {
		if (!info->d[ino].mode) {
			memset(&info->d[ino], 0, sizeof(info->d[ino]));
			info->d[ino].mode = mode;
			info->d[ino].nlink = 1;
			info->d[ino].rdev = rdev;
			info->d[ino].parent = parent;
			info->allocated++;
			return ino;
		}
	}
	return -ENOSPC;
}

static int tfs_create(struct inode *dir, const char *name, int len, umode_t mode,
		      dev_t rdev, struct inode **res)
{
	long ino = alloc_dinode(dir->i_sb, mode, rdev, 0);
	int err;

	if (ino < 0)
		return ino;
	err = add_dirent(dir, name, len, ino);
	if (err) {
		TFS(dir->i_sb)->d[ino].mode = 0;
		return err;
	}
	*res = tfs_iget(dir->i_sb, ino);
	return IS_ERR(*res) ? PTR_ERR(*res) : 0;
}

static int tfs_mkdir(struct inode *dir, const char *name, int len)
{
	long ino = alloc_dinode(dir->i_sb, S_IFDIR, 0, dir->i_ino);
	int err;

	if (ino < 0)
		return ino;
	err = add_dirent(dir, name, len, ino);
	if (err) {
		TFS(dir->i_sb)->d[ino].mode = 0;
		return err;
	}
	TFS(dir->i_sb)->d[ino].nlink = 2;	/* its name and its "." */
	DI(dir)->nlink++;			/* its ".." */
	dir->i_nlink++;
	return 0;
}

static int tfs_link(struct inode *old, struct inode *dir, const char *name, int len)
{
	int err = add_dirent(dir, name, len, old->i_ino);

	if (err)
		return err;
	DI(old)->nlink++;
	old->i_nlink++;
	return 0;
}

static bool dir_empty(struct tfs_dinode *d)
{
	int i;

	for (i = 0; i < TFS_NDIRENT; i++)
		if (d->ents[i].len)
			return false;
	return true;
}

/* The VFS holds the victim's reference and i_mutex: ilookup finds it. */
static int tfs_unlink(struct inode *dir, const char *name, int len)
{
	struct tfs_dirent *de = find_dirent(DI(dir), name, len);
	struct tfs_dinode *vd;
	struct inode *victim;

	if (!de)
		return -ENOENT;
	vd = &TFS(dir->i_sb)->d[de->ino];
	if (S_ISDIR(vd->mode) && !dir_empty(vd))
		return -ENOTEMPTY;
	victim = ilookup(dir->i_sb, de->ino);
	if (S_ISDIR(vd->mode)) {
		vd->nlink = 0;
		DI(dir)->nlink--;
		dir->i_nlink--;
	} else {
		vd->nlink--;
	}
	if (victim) {
		victim->i_nlink = vd->nlink;
		iput(victim);
	}
	de->len = 0;
	return 0;
}

static int tfs_truncate(struct inode *inode)
{
	DI(inode)->size = 0;
	inode->i_size = 0;
	return 0;
}

static void tfs_evict_inode(struct inode *inode)
{
	DI(inode)->mode = 0;
	TFS(inode->i_sb)->evicted++;
}

static void tfs_destroy_inode(struct inode *inode)
{
	TFS(inode->i_sb)->destroyed++;
	kfree(inode);
}

static ssize_t tfs_read_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	loff_t size = DI(inode)->size;
	size_t n;

	if (*pos >= size)
		return 0;
	n = min(count, (size_t)(size - *pos));
	memcpy(buf, DI(inode)->data + *pos, n);
	*pos += n;
	return n;
}

static ssize_t tfs_write_kernel(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	size_t n;

	if (*pos >= TFS_DATA)
		return -EFBIG;
	n = min(count, (size_t)(TFS_DATA - *pos));
	mutex_lock(&inode->i_mutex);
	memcpy(DI(inode)->data + *pos, buf, n);
	*pos += n;
	if (*pos > DI(inode)->size)
		DI(inode)->size = inode->i_size = *pos;
	mutex_unlock(&inode->i_mutex);
	return n;
}

static ssize_t tfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return -EFAULT;		/* the tests have no user memory */
}

static ssize_t tfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	return -EFAULT;
}

/* A directory reads as struct dirent records, one per name, from *pos. */
static ssize_t tfs_dir_read_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	struct tfs_dinode *d = DI(file->f_inode);
	struct dirent de;
	size_t done = 0;
	loff_t i;

	for (i = *pos / sizeof(de); i < TFS_NDIRENT && done + sizeof(de) <= count; i++) {
		memset(&de, 0, sizeof(de));
		if (d->ents[i].len) {
			de.inum = d->ents[i].ino;
			memcpy(de.name, d->ents[i].name, d->ents[i].len);
		}
		memcpy((char *)buf + done, &de, sizeof(de));
		done += sizeof(de);
	}
	*pos += done;
	return done;
}

static const struct inode_operations tfs_dir_iops = {
	.lookup = tfs_lookup,
	.create = tfs_create,
	.mkdir = tfs_mkdir,
	.link = tfs_link,
	.unlink = tfs_unlink,
};

static const struct inode_operations tfs_file_iops = {
	.truncate = tfs_truncate,
};

static const struct file_operations tfs_file_fops = {
	.read = tfs_read,
	.write = tfs_write,
	.read_kernel = tfs_read_kernel,
	.write_kernel = tfs_write_kernel,
};

static const struct file_operations tfs_dir_fops = {
	.read = tfs_read,
	.read_kernel = tfs_dir_read_kernel,
};

static int tfs_sync_fs(struct super_block *sb)
{
	TFS(sb)->synced++;
	return 0;
}

static const struct super_operations tfs_sops = {
	.evict_inode = tfs_evict_inode,
	.destroy_inode = tfs_destroy_inode,
	.sync_fs = tfs_sync_fs,
};

static int tfs_fill_super(struct super_block *sb, struct block_device *bdev)
{
	struct tfs_info *info = kzalloc(sizeof(*info), GFP_KERNEL);
	struct inode *root;

	if (!info)
		return -ENOMEM;
	info->d[TFS_ROOTINO].mode = S_IFDIR;
	info->d[TFS_ROOTINO].nlink = 2;
	info->d[TFS_ROOTINO].parent = TFS_ROOTINO;
	sb->s_fs_info = info;
	sb->s_op = &tfs_sops;
	root = tfs_iget(sb, TFS_ROOTINO);
	if (IS_ERR(root)) {
		kfree(info);
		return PTR_ERR(root);
	}
	sb->s_root = root;
	return 0;
}

static struct file_system_type tfs_type = {
	.name = "vfstest",
	.fill_super = tfs_fill_super,
};

struct super_block *tfs_mount(void)
{
	static bool registered;

	if (!registered) {
		int err = register_filesystem(&tfs_type);

		if (err)
			return ERR_PTR(err);
		registered = true;
	}
	return vfs_get_super("vfstest", NULL);
}

int tfs_unmount(struct super_block *sb)
{
	struct tfs_info *info = TFS(sb);
	struct inode *inode;
	int left = 0;

	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		if (inode != sb->s_root)
			left++;
	if (left)
		return left;	/* leak rather than free under a live inode */
	kill_super(sb);
	kfree(info);
	return 0;
}

struct super_block *tfs_enter(struct kunit *test, struct tfs_env *env)
{
	struct task_struct *task = current;

	memset(env, 0, sizeof(*env));
	if (!task) {
		kunit_mark_skipped(test, "needs a task (the scheduler)");
		return NULL;
	}
	env->sb = tfs_mount();
	if (IS_ERR(env->sb)) {
		kunit_fail(test, __FILE__, __LINE__, "vfstest mount failed: %ld", PTR_ERR(env->sb));
		env->sb = NULL;
		return NULL;
	}
	env->saved_files = task->files;
	env->saved_cwd = task->cwd;
	task->files = files_alloc();
	ihold(env->sb->s_root);
	task->cwd = env->sb->s_root;
	return env->sb;
}

void tfs_leave(struct kunit *test, struct tfs_env *env)
{
	struct task_struct *task = current;
	int left;

	if (!env->sb)
		return;
	put_files_struct(task->files);
	iput(task->cwd);
	task->files = env->saved_files;
	task->cwd = env->saved_cwd;
	left = tfs_unmount(env->sb);
	if (left)
		kunit_fail(test, __FILE__, __LINE__, "%d vfstest inodes still referenced", left);
}
