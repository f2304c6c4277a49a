/*
 * pgfs inode_operations: the directory operations the VFS calls by name
 * (Linux: fs/ext2/namei.c; xv6: create/sys_link/sys_unlink in
 * kernel/sysfile.c). Each change is one transaction; a directory is locked
 * before the inode it names. Link counts are Linux's: every directory entry
 * naming an inode counts, so a directory has 2 + its subdirectories ("."
 * and its entry in the parent, plus each child's "..").
 *
 * The VFS calls these with the directory's i_mutex held (and the victim's
 * for unlink, the old inode's for link), after checking that the name is
 * free (create, mkdir, link) or present (unlink); pgfs checks again, as
 * the disk is input too, and takes no inode lock of its own.
 *
 * References are dropped (iput) only after end_op: the last iput of an
 * unlinked inode frees it, in transactions of its own.
 */
#include "fs/pgfs/pgfs.h"
#include "err.h"
#include "errno.h"

static struct inode *pgfs_lookup(struct inode *dir, const char *name, int len)
{
	int inum;

	inum = pgfs_dirlookup(dir, name, len, NULL);
	if (inum < 0)
		return ERR_PTR(inum);
	if (inum == 0)
		return ERR_PTR(-ENOENT);
	return pgfs_iget(dir->i_sb, inum);
}

/*
 * A new inode linked into dir as name (inside an operation);
 * for a directory also "." and "..". Returns it referenced, or ERR_PTR;
 * the caller iputs a failure's leftovers after end_op.
 */
static struct inode *new_entry(struct inode *dir, const char *name, int len,
			       umode_t mode, dev_t rdev, struct inode **leftover)
{
	struct inode *inode;
	int err;

	*leftover = NULL;
	if (dir->i_nlink == 0)
		return ERR_PTR(-ENOENT);	/* dir was removed while we held it */
	err = pgfs_check_name(name, len);
	if (err)
		return ERR_PTR(err);
	err = pgfs_dirlookup(dir, name, len, NULL);
	if (err)
		return ERR_PTR(err > 0 ? -EEXIST : err);
	inode = pgfs_ialloc(dir->i_sb, mode);
	if (IS_ERR(inode))
		return inode;
	/* Not linked yet, so nobody else can reach it. */
	inode->i_rdev = S_ISCHR(mode) ? rdev : 0;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;
		err = pgfs_dirlink(inode, ".", 1, inode->i_ino);
		if (!err)
			err = pgfs_dirlink(inode, "..", 2, dir->i_ino);
	} else {
		inode->i_nlink = 1;
	}
	if (!err)
		err = pgfs_dirlink(dir, name, len, inode->i_ino);
	if (err)
		inode->i_nlink = 0;	/* the caller's iput frees it */
	pgfs_iupdate(inode);
	if (err) {
		*leftover = inode;
		return ERR_PTR(err);
	}
	if (S_ISDIR(mode)) {
		dir->i_nlink++;		/* the new "..": counted after the entry exists */
		pgfs_iupdate(dir);
	}
	return inode;
}

static int make_node(struct inode *dir, const char *name, int len, umode_t mode,
		     dev_t rdev, struct inode **res)
{
	struct pgfs_sb_info *sbi = PGFS_SB(dir->i_sb);
	struct inode *inode, *leftover;
	int err;

	err = begin_op(sbi);
	if (err)
		return err;
	inode = new_entry(dir, name, len, mode, rdev, &leftover);
	end_op(sbi);
	if (leftover)
		iput(leftover);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (res)
		*res = inode;
	else
		iput(inode);
	return 0;
}

/* A regular file or a device node; -EEXIST if the name is taken. */
static int pgfs_create(struct inode *dir, const char *name, int len, umode_t mode,
		       dev_t rdev, struct inode **res)
{
	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	if (!S_ISREG(mode) && !S_ISCHR(mode))
		return -EINVAL;
	return make_node(dir, name, len, mode, rdev, res);
}

static int pgfs_mkdir(struct inode *dir, const char *name, int len)
{
	return make_node(dir, name, len, S_IFDIR, 0, NULL);
}

static int pgfs_link(struct inode *old, struct inode *dir, const char *name, int len)
{
	struct pgfs_sb_info *sbi = PGFS_SB(dir->i_sb);
	int err;

	if (old->i_sb != dir->i_sb)
		return -EXDEV;
	if (S_ISDIR(old->i_mode))
		return -EPERM;		/* as in xv6 and Linux: no hard links to directories */
	err = begin_op(sbi);
	if (err)
		return err;
	if (old->i_nlink == 0 || old->i_nlink >= 0x7fff) {
		end_op(sbi);
		return old->i_nlink ? -EMLINK : -ENOENT;
	}
	/* One transaction: the count and the entry reach the disk together. */
	old->i_nlink++;
	pgfs_iupdate(old);
	err = dir->i_nlink ? pgfs_dirlink(dir, name, len, old->i_ino) : -ENOENT;
	if (err) {
		old->i_nlink--;
		pgfs_iupdate(old);
	}
	end_op(sbi);
	return err;
}

/* Remove the entry `name` (inside an operation); its inode is returned for iput. */
static int remove_entry(struct inode *dir, const char *name, int len, struct inode **victim)
{
	struct inode *inode;
	uint off;
	int inum, err;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return -EINVAL;
	inum = pgfs_dirlookup(dir, name, len, &off);
	if (inum <= 0)
		return inum ? inum : -ENOENT;
	if ((uint)inum == dir->i_ino)
		return -EIO;		/* a corrupt alias of dir itself */
	inode = pgfs_iget(dir->i_sb, inum);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	*victim = inode;
	if (S_ISDIR(inode->i_mode)) {
		err = pgfs_dir_is_empty(inode);
		if (err <= 0)
			return err ? err : -ENOTEMPTY;
	}
	err = pgfs_dir_unlink_at(dir, off);
	if (err)
		return err;
	if (S_ISDIR(inode->i_mode)) {
		dir->i_nlink--;		/* the child's ".." */
		pgfs_iupdate(dir);
		inode->i_nlink = 0;	/* its entry here and its "." */
	} else if (inode->i_nlink > 0) {
		inode->i_nlink--;
	}
	pgfs_iupdate(inode);
	return 0;
}

static int pgfs_unlink(struct inode *dir, const char *name, int len)
{
	struct pgfs_sb_info *sbi = PGFS_SB(dir->i_sb);
	struct inode *victim = NULL;
	int err;

	err = begin_op(sbi);
	if (err)
		return err;
	err = remove_entry(dir, name, len, &victim);
	end_op(sbi);
	if (victim)
		iput(victim);	/* the last reference frees it, outside our transaction */
	return err;
}

static int pgfs_truncate_op(struct inode *inode)
{
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	return pgfs_truncate(inode);
}

const struct inode_operations pgfs_dir_inode_operations = {
	.lookup = pgfs_lookup,
	.create = pgfs_create,
	.mkdir = pgfs_mkdir,
	.link = pgfs_link,
	.unlink = pgfs_unlink,
};

const struct inode_operations pgfs_file_inode_operations = {
	.truncate = pgfs_truncate_op,
};
