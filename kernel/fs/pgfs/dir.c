/*
 * pgfs directories (Linux: fs/ext2/dir.c; xv6: dirlookup/dirlink in
 * kernel/fs.c). A directory is a file of struct dirent records (kernel/
 * fs.h): a 16-bit inode number, 0 for a free slot, and a name of up to
 * DIRSIZ bytes, NUL-padded (not terminated when it is DIRSIZ long). Every
 * directory starts with "." and "..". The caller holds the directory's
 * i_mutex (or it is new); functions that change it run inside an operation.
 *
 * ext2 keeps variable-length records and ext4 adds a hashed B-tree index
 * (htree) for big directories; pgfs searches linearly, as xv6 does.
 */
#include "fs/pgfs/pgfs.h"
#include "errno.h"
#include "string.h"

#define DIRENTS_PER_BLOCK (BSIZE / sizeof(struct dirent))

int pgfs_check_name(const char *name, int len)
{
	int i;

	if (len <= 0)
		return -ENOENT;
	if (len > DIRSIZ)
		return -ENAMETOOLONG;
	for (i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\0')
			return -EINVAL;
	return 0;
}

static bool name_matches(const struct dirent *de, const char *name, int len)
{
	return len <= DIRSIZ && memcmp(de->name, name, len) == 0 &&
	       (len == DIRSIZ || de->name[len] == '\0');
}

/*
 * Call fn on each entry (free ones too) until it returns nonzero; that
 * value is returned, with the entry's byte offset in *poff. 0 at the end.
 */
static int for_each_dirent(struct inode *dir, uint *poff,
			   int (*fn)(const struct dirent *de, const void *arg), const void *arg)
{
	struct pgfs_sb_info *sbi = PGFS_SB(dir->i_sb);
	struct buffer_head *bh;
	uint off, b, e;
	int r;

	for (off = 0; off < dir->i_size; off += BSIZE) {
		r = pgfs_bmap(dir, off / BSIZE, false, &b);
		if (r)
			return r;
		if (!b)
			continue;	/* a hole reads as free entries */
		bh = bread(sbi->bdev, b);
		if (!bh)
			return -EIO;
		for (e = 0; e < DIRENTS_PER_BLOCK && (loff_t)(off + e * sizeof(struct dirent)) < dir->i_size; e++) {
			r = fn((struct dirent *)bh->b_data + e, arg);
			if (r) {
				brelse(bh);
				if (poff)
					*poff = off + e * sizeof(struct dirent);
				return r;
			}
		}
		brelse(bh);
	}
	return 0;
}

struct name_arg {
	const char *name;
	int len;
};

static int match_name(const struct dirent *de, const void *arg)
{
	const struct name_arg *na = arg;

	return de->inum && name_matches(de, na->name, na->len) ? de->inum : 0;
}

/* Inode number of name in dir (> 0), 0 if absent, or -errno. */
int pgfs_dirlookup(struct inode *dir, const char *name, int len, uint *poff)
{
	struct name_arg na = { name, len };

	if (len <= 0 || len > DIRSIZ)
		return 0;
	return for_each_dirent(dir, poff, match_name, &na);
}

static int free_slot(const struct dirent *de, const void *arg)
{
	return de->inum == 0;
}

/* Add (name, inum) to dir: -EEXIST if the name is there, -ENOSPC if dir cannot grow. */
int pgfs_dirlink(struct inode *dir, const char *name, int len, uint inum)
{
	struct dirent de;
	uint off;
	int r;

	r = pgfs_check_name(name, len);
	if (r)
		return r;
	r = pgfs_dirlookup(dir, name, len, NULL);
	if (r)
		return r > 0 ? -EEXIST : r;
	r = for_each_dirent(dir, &off, free_slot, NULL);
	if (r < 0)
		return r;
	if (r == 0)
		off = dir->i_size;	/* no free slot: append */
	memset(&de, 0, sizeof(de));
	de.inum = inum;
	memcpy(de.name, name, len);
	r = pgfs_writei(dir, false, &de, off, sizeof(de));
	if (r < 0)
		return r;
	return r == sizeof(de) ? 0 : -ENOSPC;
}

/* Clear the entry at byte offset off. */
int pgfs_dir_unlink_at(struct inode *dir, uint off)
{
	struct dirent de;
	ssize_t r;

	memset(&de, 0, sizeof(de));
	r = pgfs_writei(dir, false, &de, off, sizeof(de));
	if (r < 0)
		return r;
	return r == sizeof(de) ? 0 : -EIO;
}

static int other_entry(const struct dirent *de, const void *arg)
{
	return de->inum && !name_matches(de, ".", 1) && !name_matches(de, "..", 2);
}

/* 1 if dir holds nothing but "." and "..", 0 if it does, or -errno. */
int pgfs_dir_is_empty(struct inode *dir)
{
	int r = for_each_dirent(dir, NULL, other_entry, NULL);

	return r < 0 ? r : !r;
}
