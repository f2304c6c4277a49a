/*
 * pgfs's write-ahead log (Linux: fs/jbd2/transaction.c, commit.c,
 * recovery.c; xv6: kernel/log.c).
 *
 * Every change to the disk is part of an operation:
 *
 *     begin_op(sbi);            Linux: jbd2_journal_start(journal, credits)
 *     bh = bread(...);          (jbd2_journal_get_write_access)
 *     ... change bh->b_data ...
 *     log_write(sbi, bh);       Linux: jbd2_journal_dirty_metadata(handle, bh)
 *     brelse(bh);
 *     end_op(sbi);              Linux: jbd2_journal_stop(handle)
 *
 * log_write only records the block number and pins the buffer; nothing
 * goes to its home location yet. When the last outstanding operation
 * ends, commit() writes every recorded block to the log area, then the
 * header with their home numbers (the commit point: one block write, so it
 * happens or not), then copies the blocks home and clears the header. A
 * crash before the header leaves no trace; a crash after it is repaired at
 * mount by replaying the log. Operations that overlap in time share one
 * commit (group commit), and a block changed by several of them is logged
 * once (absorption).
 *
 * begin_op reserves MAXOPBLOCKS log blocks, so every operation must dirty
 * at most that many distinct blocks (file.c splits big writes; truncation
 * frees in steps).
 *
 * File data does not go through the log (ext4's data=ordered mode): a
 * regular file's pages are written straight to their blocks by
 * writeback. What the log must guarantee is that a block never appears
 * in a committed file before its data is on the disk, or a crash would
 * show whatever the block held before. So an operation that allocates a
 * data block puts its inode on the transaction's ordered list
 * (pgfs_log_add_ordered), and commit() writes those inodes' dirty pages
 * and waits for them before it writes the log (jbd2:
 * journal_submit_data_buffers). A block freed in a transaction is struck
 * from it (log_forget, jbd2's revoke), so a metadata block freed and
 * reused for data is not overwritten by its old contents at install.
 *
 * jbd2 also: logs into a circular journal so commits need not wait for
 * installation (checkpointing happens later), commits from a kernel thread
 * (kjournald2) on a timer, takes per-handle credits, writes revoke
 * records so recovery skips freed blocks, checksums, and orders writes
 * with cache flushes (REQ_PREFLUSH|REQ_FUA). Pagoda commits synchronously
 * and relies on the disk doing its writes in order, which holds when QEMU
 * is killed but not on a real power cut.
 */
#include "fs/pgfs/pgfs.h"
#include "sched.h"
#include "printk.h"
#include "panic.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

/* The log area is read and written directly, never through the buffer cache. */
static int log_rw(struct pgfs_log *log, enum req_op op, uint i, void *buf)
{
	return blkdev_rw(log->bdev, op, (u64)(log->start + i) * BSIZE, buf, BSIZE);
}

static int write_head(struct pgfs_log *log, struct logheader *hdr, uint n)
{
	uint i;

	memset(hdr, 0, BSIZE);
	hdr->n = n;
	for (i = 0; i < n; i++)
		hdr->block[i] = log->block[i];
	return log_rw(log, REQ_OP_WRITE, 0, hdr);
}

/*
 * Copy each block of the transaction into the log area (log blocks
 * 1..n): gathered into one buffer and written with one request, as the
 * log blocks are consecutive on the disk (jbd2 submits them as a batch).
 */
static int write_log(struct pgfs_log *log)
{
	uint i;
	int err = 0;

	for (i = 0; i < log->n && !err; i++) {
		struct buffer_head *bh = log->bh[i];

		/* A reader may hold it; no operation can be changing it now. */
		mutex_lock(&bh->b_lock);
		if (log->gather)
			memcpy(log->gather + (size_t)i * BSIZE, bh->b_data, BSIZE);
		else
			err = log_rw(log, REQ_OP_WRITE, i + 1, bh->b_data);
		mutex_unlock(&bh->b_lock);
	}
	if (log->gather && log->n)
		err = blkdev_rw(log->bdev, REQ_OP_WRITE, (u64)(log->start + 1) * BSIZE,
				log->gather, log->n * BSIZE);
	return err;
}

/* Write blocks order[0..k-1] (consecutive home numbers) with one request. */
static int install_run(struct pgfs_log *log, const uint *order, uint k)
{
	uint j;

	for (j = 0; j < k; j++) {
		struct buffer_head *bh = log->bh[order[j]];

		mutex_lock(&bh->b_lock);
		memcpy(log->gather + (size_t)j * BSIZE, bh->b_data, BSIZE);
		bh->b_state &= ~BIT(BH_Dirty);
		mutex_unlock(&bh->b_lock);
	}
	return blkdev_rw(log->bdev, REQ_OP_WRITE, (u64)log->block[order[0]] * BSIZE,
			 log->gather, k * BSIZE);
}

/*
 * Write the pinned buffers home (Linux: jbd2's checkpoint) and unpin
 * them. Sorted by block number, runs of neighbours (a file's data, mostly)
 * go out as one request each.
 */
static int install_trans(struct pgfs_log *log)
{
	uint order[PGFS_LOG_MAX], i, j, k;
	int err = 0;

	for (i = 0; i < log->n; i++) {		/* insertion sort by home block */
		for (j = i; j > 0 && log->block[order[j - 1]] > log->block[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (i = 0; i < log->n && !err; i += k) {
		for (k = 1; i + k < log->n &&
		     log->block[order[i + k]] == log->block[order[i]] + k; k++)
			;
		if (log->gather) {
			err = install_run(log, order + i, k);
			continue;
		}
		for (j = 0; j < k && !err; j++) {
			struct buffer_head *bh = log->bh[order[i + j]];

			mutex_lock(&bh->b_lock);
			err = bwrite(bh);
			mutex_unlock(&bh->b_lock);
		}
	}
	for (i = 0; i < log->n; i++)
		put_bh(log->bh[i]);
	return err;
}

/* Forget the running transaction; the file system is read-only from now on. */
void pgfs_log_abort(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;
	uint i;

	for (i = 0; i < log->n; i++)
		put_bh(log->bh[i]);
	log->n = 0;
	log->aborted = true;
}

/*
 * Ordered data: write the dirty pages of every inode that got new blocks
 * in this transaction, and wait for them. No operation is open, so none
 * holds a page lock while waiting for the log.
 */
static int write_ordered_data(struct pgfs_log *log, struct list_head *done)
{
	struct pgfs_inode_info *pi;
	int err = 0, e;

	spin_lock(&log->lock);
	list_splice_init(&log->ordered, done);
	spin_unlock(&log->lock);
	list_for_each_entry(pi, done, i_ordered) {
		e = filemap_write_and_wait(pi->vfs_inode.i_mapping);
		if (e && !err)
			err = e;
	}
	return err;
}

/* Called with committing set and no operation outstanding. */
static void commit(struct pgfs_sb_info *sbi, struct logheader *hdr, struct list_head *ordered)
{
	struct pgfs_log *log = &sbi->log;
	int err;

	err = write_ordered_data(log, ordered);
	if (log->n == 0)
		return;
	if (!err)
		err = write_log(log);
	if (err || log->crash_point == PGFS_CRASH_BEFORE_COMMIT)
		goto abort;
	err = write_head(log, hdr, log->n);	/* the commit point */
	if (err || log->crash_point == PGFS_CRASH_AFTER_COMMIT)
		goto abort;
	err = install_trans(log);
	log->n = 0;
	if (!err)
		err = write_head(log, hdr, 0);
	log->commits++;
	if (!err)
		return;
	log->aborted = true;
	pr_err("pgfs: %s: I/O error %d installing the log; read-only\n", log->bdev->bd_name, err);
	return;
abort:
	if (err)
		pr_err("pgfs: %s: I/O error %d writing the log; read-only\n", log->bdev->bd_name, err);
	pgfs_log_abort(sbi);
}

/*
 * Start an operation if the log has room now; -EAGAIN if begin_op would
 * have to wait. A writer that still has an operation open uses it to
 * chain the next piece into the same transaction (see pgfs_write).
 */
int begin_op_nowait(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;
	int err = 0;

	spin_lock(&log->lock);
	if (log->aborted)
		err = -EIO;
	else if (log->committing || log->n + (log->outstanding + 1) * MAXOPBLOCKS > log->size)
		err = -EAGAIN;
	else
		log->outstanding++;
	spin_unlock(&log->lock);
	return err;
}

int begin_op(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;

	spin_lock(&log->lock);
	for (;;) {
		if (log->aborted) {
			spin_unlock(&log->lock);
			return -EIO;
		}
		/* Room for every outstanding operation's worst case, and ours. */
		if (!log->committing &&
		    log->n + (log->outstanding + 1) * MAXOPBLOCKS <= log->size)
			break;
		sleep_uninterruptible(log, &log->lock);
	}
	log->outstanding++;
	spin_unlock(&log->lock);
	return 0;
}

void end_op(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;
	struct pgfs_inode_info *pi, *tmp;
	bool do_commit = false;
	LIST_HEAD(ordered);

	spin_lock(&log->lock);
	BUG_ON(log->outstanding <= 0 || log->committing);
	log->outstanding--;
	if (log->outstanding == 0) {
		log->committing = true;
		do_commit = true;
	} else {
		/* Our reservation is free again: a waiting begin_op may fit. */
		wakeup(log);
	}
	spin_unlock(&log->lock);

	if (!do_commit)
		return;
	/* committing keeps every other operation out, so the header is ours. */
	commit(sbi, (struct logheader *)log->hdr, &ordered);
	spin_lock(&log->lock);
	list_for_each_entry_safe(pi, tmp, &ordered, i_ordered)
		list_del_init(&pi->i_ordered);
	log->committing = false;
	wakeup(log);	/* begin_op, and pgfs_log_release_ordered */
	spin_unlock(&log->lock);
}

/*
 * A regular file got a new data block in the running transaction: its
 * data must be written before the transaction commits. Inside an operation.
 */
void pgfs_log_add_ordered(struct pgfs_sb_info *sbi, struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	struct pgfs_log *log = &sbi->log;

	spin_lock(&log->lock);
	if (list_empty(&pi->i_ordered))
		list_add_tail(&pi->i_ordered, &log->ordered);
	spin_unlock(&log->lock);
}

/*
 * The inode leaves the cache: off the ordered list with it (Linux:
 * jbd2_journal_release_jbd_inode). The list holds no reference, so that
 * an unlinked file is freed at its last iput, not at the next commit:
 * with every hart creating and unlinking, commits are far apart, and
 * inodes kept for them ran the disk out of inodes. evict() has written
 * a linked file's pages or dropped an unlinked one's; if the committing
 * transaction is writing them, we wait for it.
 */
void pgfs_log_release_ordered(struct pgfs_sb_info *sbi, struct inode *inode)
{
	struct pgfs_inode_info *pi = PGFS_I(inode);
	struct pgfs_log *log = &sbi->log;

	spin_lock(&log->lock);
	while (!list_empty(&pi->i_ordered) && log->committing)
		sleep_uninterruptible(log, &log->lock);
	list_del_init(&pi->i_ordered);
	spin_unlock(&log->lock);
}

/* Block b was freed: strike it from the running transaction (jbd2_journal_forget). */
void log_forget(struct pgfs_sb_info *sbi, uint b)
{
	struct pgfs_log *log = &sbi->log;
	struct buffer_head *bh = NULL;

	spin_lock(&log->lock);
	for (uint i = 0; i < log->n; i++) {
		if (log->block[i] != b)
			continue;
		bh = log->bh[i];
		log->n--;
		log->block[i] = log->block[log->n];
		log->bh[i] = log->bh[log->n];
		break;
	}
	spin_unlock(&log->lock);
	if (bh)
		put_bh(bh);
}

/*
 * Wait until everything logged so far is committed (jbd2_log_force_commit
 * and jbd2_log_wait_commit): fsync and sync need their inode changes on
 * the disk, not just in the running transaction. 0 or -EIO.
 */
int pgfs_log_force(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;
	unsigned long target;
	int err = 0;

	spin_lock(&log->lock);
	target = log->commits + (log->n || log->outstanding ? 1 : 0);
	while (!log->aborted && log->commits < target &&
	       (log->n || log->outstanding || log->committing))
		sleep_uninterruptible(log, &log->lock);
	if (log->aborted)
		err = -EIO;
	spin_unlock(&log->lock);
	return err;
}

void log_write(struct pgfs_sb_info *sbi, struct buffer_head *bh)
{
	struct pgfs_log *log = &sbi->log;
	uint i;

	spin_lock(&log->lock);
	/* An operation larger than its reservation is a pgfs bug. */
	BUG_ON(log->outstanding < 1);
	for (i = 0; i < log->n; i++)
		if (log->block[i] == bh->b_blocknr)
			break;		/* absorbed: already in this transaction */
	if (i == log->n) {
		BUG_ON(log->n >= log->size);
		log->block[i] = bh->b_blocknr;
		log->bh[i] = bh;
		get_bh(bh);		/* pinned until installed */
		log->n++;
	}
	mark_buffer_dirty(bh);
	spin_unlock(&log->lock);
}

/* Replay a committed transaction left by a crash (Linux: jbd2_journal_recover). */
static int recover(struct pgfs_sb_info *sbi, struct logheader *hdr, char *tmp)
{
	struct pgfs_log *log = &sbi->log;
	struct buffer_head *bh;
	uint i;
	int err;

	err = log_rw(log, REQ_OP_READ, 0, hdr);
	if (err)
		return err;
	if (hdr->n == 0)
		return 0;
	if (hdr->n > sbi->sb.nlog - 1 || hdr->n > LOGHDR_MAX)
		return -EINVAL;
	for (i = 0; i < hdr->n; i++)
		if (hdr->block[i] < sbi->sb.logstart + sbi->sb.nlog || hdr->block[i] >= sbi->sb.size)
			return -EINVAL;
	pr_info("pgfs: %s: replaying %u logged blocks\n", log->bdev->bd_name, hdr->n);
	for (i = 0; i < hdr->n; i++) {
		err = log_rw(log, REQ_OP_READ, i + 1, tmp);
		if (err)
			return err;
		bh = __getblk(log->bdev, hdr->block[i]);
		if (!bh)
			return -EIO;
		memcpy(bh->b_data, tmp, BSIZE);
		err = bwrite(bh);
		brelse(bh);
		if (err)
			return err;
	}
	memset(hdr, 0, BSIZE);
	return log_rw(log, REQ_OP_WRITE, 0, hdr);
}

int pgfs_log_init(struct pgfs_sb_info *sbi)
{
	struct pgfs_log *log = &sbi->log;
	char *tmp;
	int err;

	spin_lock_init(&log->lock, "pgfs_log");
	INIT_LIST_HEAD(&log->ordered);
	log->bdev = sbi->bdev;
	log->start = sbi->sb.logstart;
	log->size = min((uint)PGFS_LOG_MAX, sbi->sb.nlog - 1);
	log->hdr = kmalloc(BSIZE, GFP_KERNEL);
	tmp = kmalloc(BSIZE, GFP_KERNEL);
	if (!log->hdr || !tmp) {
		kfree(tmp);
		kfree(log->hdr);
		log->hdr = NULL;
		return -ENOMEM;
	}
	err = recover(sbi, log->hdr, tmp);
	kfree(tmp);
	if (err) {
		kfree(log->hdr);
		log->hdr = NULL;
		return err;
	}
	/* Optional: without it each log block is its own request. */
	log->gather = kmalloc((size_t)log->size * BSIZE, GFP_KERNEL);
	return 0;
}

void pgfs_log_exit(struct pgfs_sb_info *sbi)
{
	kfree(sbi->log.hdr);
	kfree(sbi->log.gather);
	sbi->log.hdr = NULL;
	sbi->log.gather = NULL;
}
