/*
 * Path names to inodes, and the system calls that change directories
 * (Linux: fs/namei.c).
 *
 * The walk starts at the root ("/...") or at current->cwd, and takes one
 * component at a time: "." stays, ".." goes up (down out of a mounted file
 * system first if we are at its root), anything else asks the directory's
 * ->lookup and then steps onto whatever is mounted there. Linux finds most
 * components in the dentry cache without calling the file system at all.
 *
 * Lock order (outermost first):
 *   1. file->f_pos_lock (read/write of regular files and directories)
 *   2. inode->i_mutex: a parent directory before its child; a directory
 *      before a non-directory (link takes the new parent, then the old
 *      inode). The walk holds at most one i_mutex at a time, and ->lookup
 *      of ".." never locks the parent, so no cycle can form.
 *   3. pipe->mutex (pipe->lock is a spinlock, below)
 *   4. the file system's own locks (log, buffer cache), taken inside 2.
 *   5. sb_lock (a mutex: sys_sync_all holds it across ->sync_fs)
 *   6. spinlocks: files->file_lock, inode_hash_lock, mount_lock,
 *      file_systems_lock, chrdevs_lock, pipe->lock. Innermost: nothing
 *      is taken or slept on while one is held.
 */
#include "fs/internal.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "fs.h"

int getname(const char __user *upath, char *buf)
{
	long len = strncpy_from_user(buf, upath, MAXPATH);

	if (len < 0)
		return -EFAULT;
	if (len >= MAXPATH)
		return -ENAMETOOLONG;
	return 0;
}

static bool is_dot(const char *name, int len)
{
	return len == 1 && name[0] == '.';
}

static bool is_dotdot(const char *name, int len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

/* Skip slashes; set *name to the next component and return its length (0 at the end). */
static int next_component(const char **p, const char **name)
{
	const char *s = *p;
	int len = 0;

	while (*s == '/')
		s++;
	*name = s;
	while (s[len] && s[len] != '/')
		len++;
	*p = s + len;
	return len;
}

/* Linux: follow_mount. Consumes the reference to inode. */
struct inode *follow_mount(struct inode *inode)
{
	struct inode *root;

	while ((root = lookup_mnt(inode)) != NULL) {
		iput(inode);
		inode = root;
	}
	return inode;
}

/*
 * ->lookup with dir->i_mutex held by the caller; never NULL. A removed
 * directory has no names left (Linux: the IS_DEADDIR check of
 * __lookup_slow): its entries on disk, ".." among them, may name inodes
 * that have since been freed and reused.
 */
struct inode *lookup_locked(struct inode *dir, const char *name, int len)
{
	struct inode *inode;

	if (!dir->i_op || !dir->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	if (IS_DEADDIR(dir))
		return ERR_PTR(-ENOENT);
	inode = dir->i_op->lookup(dir, name, len);
	return inode ? inode : ERR_PTR(-ENOENT);
}

static struct inode *lookup_one(struct inode *dir, const char *name, int len)
{
	struct inode *inode;

	mutex_lock(&dir->i_mutex);
	inode = lookup_locked(dir, name, len);
	mutex_unlock(&dir->i_mutex);
	return inode;
}

/*
 * Linux: follow_dotdot. At the walk's root ".." stays; at the root of a
 * mounted file system it first steps back to the directory it covers.
 * Consumes the reference to dir. ".." of a removed directory is -ENOENT
 * (lookup_locked); Linux still finds the old parent through the dentry's
 * d_parent, which Pagoda, having no dentries, does not keep.
 */
static struct inode *follow_dotdot(struct inode *root, struct inode *dir)
{
	struct inode *parent;

	for (;;) {
		if (dir == root || dir != dir->i_sb->s_root)
			break;
		parent = mountpoint_of(dir);
		if (!parent)
			return dir;	/* a root mounted nowhere (yet) */
		iput(dir);
		dir = parent;
	}
	if (dir == root)
		return dir;
	parent = lookup_one(dir, "..", 2);
	iput(dir);
	return parent;
}

/* One step from dir (consumed) to the component; ERR_PTR on failure. */
static struct inode *walk_component(struct inode *root, struct inode *dir,
				    const char *name, int len)
{
	struct inode *child;

	if (!S_ISDIR(dir->i_mode)) {
		iput(dir);
		return ERR_PTR(-ENOTDIR);
	}
	if (is_dot(name, len))
		return dir;
	if (is_dotdot(name, len))
		return follow_dotdot(root, dir);
	child = lookup_one(dir, name, len);
	iput(dir);
	if (IS_ERR(child))
		return child;
	return follow_mount(child);
}

static struct inode *path_start(struct inode *root, struct inode *cwd, const char *path)
{
	struct task_struct *task = current;

	if (*path != '/') {
		if (!cwd && task)
			cwd = task->cwd;
		if (cwd) {
			ihold(cwd);
			return cwd;
		}
	}
	if (root) {
		ihold(root);
		return root;
	}
	root = get_fs_root();
	return root ? root : ERR_PTR(-ENOENT);
}

struct inode *vfs_path_lookup(struct inode *root, struct inode *cwd, const char *path,
			      unsigned int flags, const char **last, int *last_len)
{
	struct inode *inode, *walk_root = root ? root : get_fs_root();
	const char *p = path, *name, *next;
	int len, next_len;

	if (!*path) {
		inode = ERR_PTR(-ENOENT);
		goto out;
	}
	inode = path_start(root, cwd, path);
	len = next_component(&p, &name);
	if (IS_ERR(inode) || len == 0) {	/* "/" itself: no parent to give */
		if ((flags & LOOKUP_PARENT) && !IS_ERR(inode)) {
			iput(inode);
			inode = ERR_PTR(-EEXIST);
		}
		goto out;
	}
	for (;;) {
		if (len > DIRSIZ) {
			iput(inode);
			inode = ERR_PTR(-ENAMETOOLONG);
			goto out;
		}
		next_len = next_component(&p, &next);
		if ((flags & LOOKUP_PARENT) && next_len == 0) {
			if (!S_ISDIR(inode->i_mode)) {
				iput(inode);
				inode = ERR_PTR(-ENOTDIR);
			}
			*last = name;
			*last_len = len;
			goto out;
		}
		inode = walk_component(walk_root, inode, name, len);
		if (IS_ERR(inode) || next_len == 0)
			break;
		name = next;
		len = next_len;
	}
	/* "file/" names a directory, so a file there is ENOTDIR. */
	if (!IS_ERR(inode) && path[strlen(path) - 1] == '/' && !S_ISDIR(inode->i_mode)) {
		iput(inode);
		inode = ERR_PTR(-ENOTDIR);
	}
out:
	if (!root)
		iput(walk_root);
	return inode;
}

struct inode *namei(const char *path)
{
	return vfs_path_lookup(NULL, NULL, path, 0, NULL, NULL);
}

struct inode *nameiparent(const char *path, const char **name, int *len)
{
	return vfs_path_lookup(NULL, NULL, path, LOOKUP_PARENT, name, len);
}

/*
 * Linux: filename_create. The parent of path, locked, with the last
 * component in *name and *len, which must not exist yet.
 */
static struct inode *create_begin(const char *path, const char **name, int *len)
{
	struct inode *dir, *child;
	int err = 0;

	dir = nameiparent(path, name, len);
	if (IS_ERR(dir))
		return dir;
	if (is_dot(*name, *len) || is_dotdot(*name, *len)) {
		iput(dir);
		return ERR_PTR(-EEXIST);
	}
	mutex_lock(&dir->i_mutex);
	child = lookup_locked(dir, *name, *len);
	if (!IS_ERR(child)) {
		iput(child);
		err = -EEXIST;
	} else if (PTR_ERR(child) != -ENOENT) {
		err = PTR_ERR(child);
	} else if (IS_DEADDIR(dir)) {
		err = -ENOENT;		/* Linux: may_create */
	}
	if (err) {
		mutex_unlock(&dir->i_mutex);
		iput(dir);
		return ERR_PTR(err);
	}
	return dir;
}

static void create_end(struct inode *dir)
{
	mutex_unlock(&dir->i_mutex);
	iput(dir);
}

int do_mknodat(const char *path, umode_t mode, dev_t dev)
{
	struct inode *dir, *inode;
	const char *name;
	int len, err;

	dir = create_begin(path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = -EPERM;
	if (dir->i_op->create)
		err = dir->i_op->create(dir, name, len, mode, dev, &inode);
	if (!err)
		iput(inode);
	create_end(dir);
	return err;
}

int do_mkdirat(const char *path)
{
	struct inode *dir;
	const char *name;
	int len, err;

	dir = create_begin(path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, name, len) : -EPERM;
	create_end(dir);
	return err;
}

/* xv6's unlink: a file or an empty directory (the fs says -ENOTEMPTY). */
int do_unlinkat(const char *path)
{
	struct inode *dir, *victim, *covering;
	const char *name;
	int len, err;

	dir = nameiparent(path, &name, &len);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	if (is_dot(name, len) || is_dotdot(name, len)) {
		iput(dir);
		return -EINVAL;
	}
	mutex_lock(&dir->i_mutex);
	victim = lookup_locked(dir, name, len);
	if (IS_ERR(victim)) {
		err = PTR_ERR(victim);
		goto out_dir;
	}
	covering = lookup_mnt(victim);
	if (covering || victim == dir) {
		iput(covering);
		err = -EBUSY;
		goto out_victim;
	}
	mutex_lock(&victim->i_mutex);
	err = dir->i_op->unlink ? dir->i_op->unlink(dir, name, len) : -EPERM;
	if (!err && S_ISDIR(victim->i_mode))
		victim->i_flags |= S_DEAD;	/* Linux: vfs_rmdir */
	mutex_unlock(&victim->i_mutex);
out_victim:
	iput(victim);
out_dir:
	mutex_unlock(&dir->i_mutex);
	iput(dir);
	return err;
}

int do_linkat(const char *oldpath, const char *newpath)
{
	struct inode *old, *dir;
	const char *name;
	int len, err;

	old = namei(oldpath);
	if (IS_ERR(old))
		return PTR_ERR(old);
	if (S_ISDIR(old->i_mode)) {
		iput(old);
		return -EPERM;
	}
	dir = create_begin(newpath, &name, &len);
	if (IS_ERR(dir)) {
		iput(old);
		return PTR_ERR(dir);
	}
	err = -EXDEV;
	if (old->i_sb == dir->i_sb) {
		mutex_lock(&old->i_mutex);
		if (old->i_nlink == 0)
			err = -ENOENT;	/* unlinked while we looked */
		else
			err = dir->i_op->link ? dir->i_op->link(old, dir, name, len) : -EPERM;
		mutex_unlock(&old->i_mutex);
	}
	create_end(dir);
	iput(old);
	return err;
}

long sys_mknod(const char __user *upath, short major, short minor)
{
	char path[MAXPATH];
	int err;

	if (major < 0 || minor < 0)
		return -EINVAL;
	err = getname(upath, path);
	if (err)
		return err;
	return do_mknodat(path, S_IFCHR, MKDEV((unsigned int)major, (unsigned int)minor));
}

long sys_mkdir(const char __user *upath)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : do_mkdirat(path);
}

long sys_unlink(const char __user *upath)
{
	char path[MAXPATH];
	int err = getname(upath, path);

	return err ? err : do_unlinkat(path);
}

long sys_link(const char __user *uold, const char __user *unew)
{
	char oldpath[MAXPATH], newpath[MAXPATH];
	int err;

	err = getname(uold, oldpath);
	if (!err)
		err = getname(unew, newpath);
	return err ? err : do_linkat(oldpath, newpath);
}
