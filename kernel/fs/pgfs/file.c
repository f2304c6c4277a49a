/*
 * Reading and writing pgfs files (Linux: fs/ext2/file.c; xv6: readi/writei
 * in kernel/fs.c and filewrite in file.c).
 *
 * A regular file's data goes through the page cache (mm/filemap.c, with
 * pgfs's page operations in aops.c): read() copies from cached pages,
 * write() into them, and writeback puts them on the disk later. A big
 * write is cut into pieces, each its own transaction that logs at most
 * MAXOPBLOCKS metadata blocks (the inode, indirect blocks, bitmap blocks
 * for the blocks it allocates); a full disk ends the write early (a short
 * count, or -ENOSPC if nothing was written).
 * A directory's contents go through the buffer cache and the log, as all
 * metadata does (pgfs_readi, pgfs_writei).
 */
#include "fs/pgfs/pgfs.h"
#include "errno.h"
#include "string.h"

#define MAXFILE_BYTES ((loff_t)MAXFILE * BSIZE)

static int copy_out(bool user, void *dst, const void *src, size_t n)
{
	if (user)
		return copy_to_user((void __user *)dst, src, n) ? -EFAULT : 0;
	memcpy(dst, src, n);
	return 0;
}

static int zero_out(bool user, void *dst, size_t n)
{
	if (user)
		return clear_user((void __user *)dst, n) ? -EFAULT : 0;
	memset(dst, 0, n);
	return 0;
}

ssize_t pgfs_readi(struct inode *inode, bool user, void *dst, loff_t off, size_t n)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	struct buffer_head *bh;
	size_t done = 0, m;
	uint b;
	int err = 0;

	if (off < 0)
		return -EINVAL;
	if (off >= inode->i_size)
		return 0;
	n = min(n, (size_t)(inode->i_size - off));
	while (done < n && !err) {
		m = min(n - done, (size_t)(BSIZE - off % BSIZE));
		err = pgfs_bmap(inode, off / BSIZE, false, &b);
		if (err)
			break;
		if (!b) {
			err = zero_out(user, (char *)dst + done, m);	/* a hole */
		} else {
			bh = bread(sbi->bdev, b);
			if (!bh) {
				err = -EIO;
				break;
			}
			err = copy_out(user, (char *)dst + done, bh->b_data + off % BSIZE, m);
			brelse(bh);
		}
		if (!err) {
			done += m;
			off += m;
		}
	}
	return done ? (ssize_t)done : err;
}

ssize_t pgfs_writei(struct inode *inode, bool user, const void *src, loff_t off, size_t n)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	struct buffer_head *bh;
	size_t done = 0, m, left;
	uint b;
	int err = 0;

	if (off < 0 || off + n > MAXFILE_BYTES)
		return -EFBIG;
	while (done < n) {
		m = min(n - done, (size_t)(BSIZE - off % BSIZE));
		err = pgfs_bmap(inode, off / BSIZE, true, &b);
		if (err)
			break;
		bh = bread(sbi->bdev, b);
		if (!bh) {
			err = -EIO;
			break;
		}
		if (user)
			left = copy_from_user(bh->b_data + off % BSIZE,
					      (const void __user *)((const char *)src + done), m);
		else
			left = (memcpy(bh->b_data + off % BSIZE, (const char *)src + done, m), 0);
		/* What was copied is in the buffer either way: log it. */
		log_write(sbi, bh);
		brelse(bh);
		done += m - left;
		off += m - left;
		if (left) {
			err = -EFAULT;
			break;
		}
	}
	if (off > inode->i_size)
		inode->i_size = off;
	/* bmap may have allocated blocks even when nothing was copied. */
	pgfs_iupdate(inode);
	return done ? (ssize_t)done : err;
}

/*
 * Worst-case distinct blocks a transaction logs writing file blocks
 * [first, first + nb): the inode, the indirect blocks on the way (new
 * ones are zeroed through the log) and, for every block it might
 * allocate, a bitmap block (there are only nbitmap of those). The data
 * blocks themselves are written by the page cache, not logged.
 */
static uint write_credits(struct pgfs_sb_info *sbi, u64 first, uint nb)
{
	const u64 dstart = NDIRECT + NINDIRECT;
	u64 last = first + nb - 1, lo, hi;
	uint ind = 0;

	if (first < dstart && last >= NDIRECT)
		ind++;				/* the singly indirect block */
	if (last >= dstart) {
		lo = max(first, dstart) - dstart;
		hi = last - dstart;
		ind += 1 + (hi / NINDIRECT - lo / NINDIRECT + 1);
	}
	return 1 + ind + min(nb + ind, sbi->nbitmap);
}

/* Bytes from off that one transaction may write. */
static size_t op_bytes(struct pgfs_sb_info *sbi, loff_t off, size_t n)
{
	uint nb = 64;

	while (nb > 1 && write_credits(sbi, off / BSIZE, nb) > MAXOPBLOCKS)
		nb--;
	return min(n, (size_t)nb * BSIZE - off % BSIZE);
}

/*
 * The operation for the next piece of a write. While the previous piece's
 * operation is still open, the next one starts before it ends, so the
 * transaction is not committed in between: one write() becomes one commit
 * as long as the log has room (jbd2 lets a transaction gather many
 * handles the same way). Otherwise the previous one ends (and commits)
 * and we wait for room.
 */
static int next_op(struct pgfs_sb_info *sbi, bool *open)
{
	int err;

	if (*open && begin_op_nowait(sbi) == 0) {
		end_op(sbi);
		return 0;
	}
	if (*open)
		end_op(sbi);
	*open = false;
	err = begin_op(sbi);
	if (!err)
		*open = true;
	return err;
}

/*
 * write() of a regular file: through the page cache, in pieces that each
 * fit one operation's log credits for the blocks they may allocate
 * (file data itself is not logged). Each piece copies into pages, then
 * logs the inode with its new size and blocks.
 */
static ssize_t pgfs_perform_write(struct inode *inode, bool user, const void *src, loff_t off,
				  size_t n)
{
	struct pgfs_sb_info *sbi = PGFS_SB(inode->i_sb);
	size_t done = 0, chunk;
	bool open = false;
	ssize_t r;
	int err = 0;

	while (done < n) {
		chunk = op_bytes(sbi, off + done, n - done);
		err = next_op(sbi, &open);
		if (err)
			break;
		r = generic_perform_write(inode->i_mapping, (const char __user *)src + done,
					  chunk, off + done, !user);
		pgfs_iupdate(inode);
		if (r < 0) {
			err = r;
			break;
		}
		done += r;
		if ((size_t)r < chunk)
			break;		/* disk full or a bad user address */
	}
	if (open)
		end_op(sbi);
	return done ? (ssize_t)done : err;
}

ssize_t pgfs_write(struct inode *inode, bool user, const void *src, loff_t off, size_t n)
{
	ssize_t r;

	if (off < 0)
		return -EINVAL;
	if (n && off >= MAXFILE_BYTES)
		return -EFBIG;
	n = min(n, (size_t)(MAXFILE_BYTES - off));	/* Linux writes up to the limit */
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	/* i_mutex before begin_op, the order the VFS's directory calls impose. */
	mutex_lock(&inode->i_mutex);
	r = pgfs_perform_write(inode, user, src, off, n);
	mutex_unlock(&inode->i_mutex);
	balance_dirty_pages_ratelimited(inode->i_mapping);
	return r;
}

/* A regular file through the page cache; a directory through the buffer cache. */
static ssize_t pgfs_read_ra(struct inode *inode, struct file_ra_state *ra, bool user, void *dst,
			    loff_t off, size_t n)
{
	ssize_t r;

	if (S_ISREG(inode->i_mode))
		return filemap_read(inode->i_mapping, ra, (char __user *)dst, n, &off, !user);
	mutex_lock(&inode->i_mutex);
	r = pgfs_readi(inode, user, dst, off, n);
	mutex_unlock(&inode->i_mutex);
	return r;
}

/* Reading by inode (tests): with a readahead state of its own. */
ssize_t pgfs_read(struct inode *inode, bool user, void *dst, loff_t off, size_t n)
{
	struct file_ra_state ra;

	file_ra_state_init(&ra);
	return pgfs_read_ra(inode, &ra, user, dst, off, n);
}

static ssize_t pgfs_file_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t r = pgfs_read_ra(file->f_inode, &file->f_ra, true, (void *)buf, *pos, count);

	if (r > 0)
		*pos += r;
	return r;
}

static ssize_t pgfs_file_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	ssize_t r = pgfs_write(file->f_inode, true, (const void *)buf, *pos, count);

	if (r > 0)
		*pos += r;
	return r;
}

static ssize_t pgfs_file_read_kernel(struct file *file, void *buf, size_t count, loff_t *pos)
{
	ssize_t r = pgfs_read_ra(file->f_inode, &file->f_ra, false, buf, *pos, count);

	if (r > 0)
		*pos += r;
	return r;
}

static ssize_t pgfs_file_write_kernel(struct file *file, const void *buf, size_t count, loff_t *pos)
{
	ssize_t r = pgfs_write(file->f_inode, false, buf, *pos, count);

	if (r > 0)
		*pos += r;
	return r;
}

/* Directories read as their raw struct dirent records, as in xv6. */
static ssize_t pgfs_dir_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	return -EISDIR;
}

const struct file_operations pgfs_file_operations = {
	.read = pgfs_file_read,
	.write = pgfs_file_write,
	.read_kernel = pgfs_file_read_kernel,
	.write_kernel = pgfs_file_write_kernel,
	.mmap = pgfs_file_mmap,
	.fsync = pgfs_fsync,
};

const struct file_operations pgfs_dir_operations = {
	.read = pgfs_file_read,
	.write = pgfs_dir_write,
	.read_kernel = pgfs_file_read_kernel,
	.fsync = pgfs_fsync,
};
