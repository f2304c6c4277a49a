/*
 * The log keeps the disk consistent across a crash. A "crash" here is
 * pgfs_log's test hook: the commit stops at a chosen point as if the
 * machine died there, the file system is torn down without writing
 * anything more (writeback of an aborted file system writes nothing),
 * every cached block of the disk is forgotten, and the disk is mounted
 * again, which replays the log.
 *
 * File data is not logged (ordered mode): what a transaction promises is
 * its metadata, and that the data of every block it gave a file was on
 * the disk before it committed. So the crash tests append: the new
 * blocks and the new size are the transaction, the data rides with it.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

#define FILE_BYTES 3000		/* fits one transaction */

static int log_init(struct kunit *test)
{
	struct pgfs_test_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return -ENOMEM;
	test->priv = fs;
	return ptfs_setup(fs, 0, 1024, 64);
}

static void log_exit(struct kunit *test)
{
	ptfs_teardown(test->priv);
	kfree(test->priv);
}

static struct inode *make_file(struct kunit *test, struct pgfs_test_fs *fs, const char *name, uint seed)
{
	struct inode *f = NULL;
	u8 buf[FILE_BYTES];

	if (ptfs_create(ptfs_root(fs), name, &f))
		return NULL;
	ptfs_fill(buf, 0, FILE_BYTES, seed);
	if (pgfs_write(f, false, buf, 0, FILE_BYTES) != FILE_BYTES) {
		iput(f);
		return NULL;
	}
	return f;
}

/* Append FILE_BYTES of pattern seed to f in one transaction that "crashes" at point. */
static ssize_t crash_append(struct pgfs_test_fs *fs, struct inode *f, uint seed,
			    enum pgfs_crash_point point)
{
	u8 buf[FILE_BYTES];

	ptfs_fill(buf, FILE_BYTES, FILE_BYTES, seed);
	ptfs_sbi(fs)->log.crash_point = point;
	return pgfs_write(f, false, buf, FILE_BYTES, FILE_BYTES);
}

/* Does the file hold seed's pattern in [FILE_BYTES, 2 * FILE_BYTES), and end there? */
static size_t appended_matches(struct pgfs_test_fs *fs, const char *name, uint seed)
{
	struct inode *f = ptfs_lookup(ptfs_root(fs), name);
	u8 buf[FILE_BYTES];
	size_t bad;

	if (IS_ERR(f))
		return FILE_BYTES;
	bad = f->i_size == 2 * FILE_BYTES &&
	      pgfs_read(f, false, buf, FILE_BYTES, FILE_BYTES) == FILE_BYTES ?
		ptfs_check(buf, FILE_BYTES, FILE_BYTES, seed) : FILE_BYTES;
	iput(f);
	return bad;
}

static size_t file_matches(struct pgfs_test_fs *fs, const char *name, uint seed)
{
	struct inode *f = ptfs_lookup(ptfs_root(fs), name);
	u8 buf[FILE_BYTES];
	size_t bad;

	if (IS_ERR(f))
		return FILE_BYTES;
	bad = pgfs_read(f, false, buf, 0, FILE_BYTES) == FILE_BYTES ?
		ptfs_check(buf, 0, FILE_BYTES, seed) : FILE_BYTES;
	iput(f);
	return bad;
}

static u32 log_header_n(struct pgfs_test_fs *fs)
{
	struct superblock s;
	struct logheader *lh = kmalloc(BSIZE, GFP_KERNEL);
	u32 n = ~0U;

	if (!lh)
		return n;
	if (!blkdev_rw(fs->bdev, REQ_OP_READ, BSIZE, lh, BSIZE)) {
		memcpy(&s, lh, sizeof(s));
		if (!blkdev_rw(fs->bdev, REQ_OP_READ, (u64)s.logstart * BSIZE, lh, BSIZE))
			n = lh->n;
	}
	kfree(lh);
	return n;
}

static void pgfs_committed_transaction_survives_crash(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = make_file(test, fs, "c", 1);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, pgfs_sync_fs(fs->sb), 0);
	KUNIT_EXPECT_EQ(test, crash_append(fs, f, 2, PGFS_CRASH_AFTER_COMMIT), FILE_BYTES);
	KUNIT_EXPECT_TRUE(test, ptfs_sbi(fs)->log.aborted);
	KUNIT_EXPECT_EQ(test, pgfs_sync_fs(fs->sb), -EIO);
	/* The file system stops taking changes after the "crash". */
	KUNIT_EXPECT_EQ(test, ptfs_create(ptfs_root(fs), "late", NULL), -EIO);
	iput(f);
	ptfs_umount(fs);
	/* The header on disk holds the transaction; the metadata is not home yet. */
	KUNIT_EXPECT_GT(test, log_header_n(fs), 0);

	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);	/* replays the log */
	KUNIT_EXPECT_EQ(test, log_header_n(fs), 0);
	KUNIT_EXPECT_EQ(test, file_matches(fs, "c", 1), 0);
	/* The new blocks' data went out before the commit (ordered data). */
	KUNIT_EXPECT_EQ(test, appended_matches(fs, "c", 2), 0);
	/* Replayed blocks went home: a second mount without the log agrees. */
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	KUNIT_EXPECT_EQ(test, appended_matches(fs, "c", 2), 0);
}

static void pgfs_uncommitted_transaction_leaves_no_trace(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = make_file(test, fs, "u", 3), *g;
	long free0;

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, pgfs_sync_fs(fs->sb), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_EXPECT_EQ(test, crash_append(fs, f, 4, PGFS_CRASH_BEFORE_COMMIT), FILE_BYTES);
	iput(f);
	ptfs_umount(fs);
	KUNIT_EXPECT_EQ(test, log_header_n(fs), 0);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	/* The old contents and the old size; the blocks it took are free again. */
	KUNIT_EXPECT_EQ(test, file_matches(fs, "u", 3), 0);
	g = ptfs_lookup(ptfs_root(fs), "u");
	KUNIT_ASSERT_FALSE(test, IS_ERR(g));
	KUNIT_EXPECT_EQ(test, g->i_size, FILE_BYTES);
	iput(g);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);

	/* A create that never committed: no name, no inode, no block. */
	ptfs_sbi(fs)->log.crash_point = PGFS_CRASH_BEFORE_COMMIT;
	KUNIT_EXPECT_EQ(test, ptfs_mkdir(ptfs_root(fs), "ghost"), 0);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ptfs_lookup(ptfs_root(fs), "ghost")), -ENOENT);
	KUNIT_EXPECT_EQ(test, ptfs_root(fs)->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
}

/* After an abort, writeback writes nothing: the disk stays as the log left it. */
static void pgfs_aborted_log_stops_writeback(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = make_file(test, fs, "w", 6);
	u8 buf[FILE_BYTES];

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, pgfs_sync_fs(fs->sb), 0);
	ptfs_fill(buf, 0, FILE_BYTES, 7);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, buf, 0, FILE_BYTES), FILE_BYTES);
	pgfs_log_abort(ptfs_sbi(fs));
	KUNIT_EXPECT_EQ(test, filemap_write_and_wait(f->i_mapping), -EIO);
	iput(f);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	KUNIT_EXPECT_EQ(test, file_matches(fs, "w", 6), 0);
}

/*
 * A metadata block freed in a transaction leaves it (revoked): were it
 * still logged, installing it would overwrite the file data a reuse put
 * there.
 */
static void pgfs_freed_block_leaves_the_transaction(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct pgfs_sb_info *sbi = ptfs_sbi(fs);
	uint b = sbi->datastart + 60;
	struct buffer_head *bh;

	KUNIT_ASSERT_EQ(test, begin_op(sbi), 0);
	bh = bread(fs->bdev, b);
	KUNIT_ASSERT_NOT_NULL(test, bh);
	memset(bh->b_data, 0x5a, BSIZE);
	log_write(sbi, bh);
	brelse(bh);
	KUNIT_EXPECT_EQ(test, sbi->log.n, 1);
	log_forget(sbi, b);
	KUNIT_EXPECT_EQ(test, sbi->log.n, 0);
	end_op(sbi);
}

/* Group commit: one block changed by several operations is logged once. */
static void pgfs_log_absorbs_repeated_writes(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct pgfs_sb_info *sbi = ptfs_sbi(fs);
	struct buffer_head *bh;
	int i;

	KUNIT_ASSERT_EQ(test, begin_op(sbi), 0);
	KUNIT_ASSERT_EQ(test, begin_op(sbi), 0);	/* a second, overlapping operation */
	for (i = 0; i < 5; i++) {
		bh = bread(fs->bdev, sbi->datastart + 50);
		KUNIT_ASSERT_NOT_NULL(test, bh);
		bh->b_data[i] = 'x';
		log_write(sbi, bh);
		brelse(bh);
	}
	KUNIT_EXPECT_EQ(test, sbi->log.n, 1);
	end_op(sbi);
	KUNIT_EXPECT_EQ(test, sbi->log.n, 1);		/* not committed: one still open */
	end_op(sbi);
	KUNIT_EXPECT_EQ(test, sbi->log.n, 0);
	/* The block reached its home. */
	invalidate_bdev(fs->bdev);
	bh = bread(fs->bdev, sbi->datastart + 50);
	KUNIT_ASSERT_NOT_NULL(test, bh);
	KUNIT_EXPECT_EQ(test, memcmp(bh->b_data, "xxxxx", 5), 0);
	brelse(bh);
}

/* An inode unlinked but still open when the machine stopped is freed at mount. */
static void pgfs_orphan_is_freed_at_mount(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	long free_blocks = pgfs_count_free_blocks(ptfs_sbi(fs));
	long free_inodes = pgfs_count_free_inodes(ptfs_sbi(fs));
	struct inode *f = make_file(test, fs, "o", 5);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "o"), 0);
	KUNIT_EXPECT_EQ(test, f->i_nlink, 0);
	/* The "crash": no more transactions, so the last iput cannot free it. */
	pgfs_log_abort(ptfs_sbi(fs));
	iput(f);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free_blocks);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(ptfs_sbi(fs)), free_inodes);
}

/*
 * An unlinked file is freed at its last iput even while its transaction
 * is still open (another operation holds it): the ordered list, which
 * has its new data block, holds no reference. Before, many harts
 * creating and unlinking kept commits far apart and ran out of inodes.
 */
static void pgfs_unlinked_file_freed_before_commit(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct pgfs_sb_info *sbi = ptfs_sbi(fs);
	long free_blocks = pgfs_count_free_blocks(sbi);
	long free_inodes = pgfs_count_free_inodes(sbi);
	unsigned long commits = sbi->log.commits;
	struct inode *f;

	KUNIT_ASSERT_EQ(test, begin_op(sbi), 0);	/* keeps the transaction open */
	f = make_file(test, fs, "u", 3);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_FALSE(test, list_empty(&PGFS_I(f)->i_ordered));
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "u"), 0);
	iput(f);
	KUNIT_EXPECT_EQ(test, sbi->log.commits, commits);	/* nothing committed yet */
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(sbi), free_inodes);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(sbi), free_blocks);
	end_op(sbi);
	KUNIT_EXPECT_EQ(test, sbi->log.commits, commits + 1);
	KUNIT_EXPECT_TRUE(test, list_empty(&sbi->log.ordered));
}

/* A log header that cannot be right refuses the mount instead of replaying garbage. */
static void pgfs_corrupt_log_header_refuses_mount(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct logheader *lh = kzalloc(BSIZE, GFP_KERNEL);
	u64 at = (u64)ptfs_sbi(fs)->sb.logstart * BSIZE;
	uint logstart = ptfs_sbi(fs)->sb.logstart;

	KUNIT_ASSERT_NOT_NULL(test, lh);
	ptfs_umount(fs);
	lh->n = 1000;				/* more than the log holds */
	KUNIT_EXPECT_EQ(test, blkdev_rw(fs->bdev, REQ_OP_WRITE, at, lh, BSIZE), 0);
	KUNIT_EXPECT_EQ(test, ptfs_mount(fs), -EINVAL);
	lh->n = 1;
	lh->block[0] = logstart;		/* "install" over the log itself */
	KUNIT_EXPECT_EQ(test, blkdev_rw(fs->bdev, REQ_OP_WRITE, at, lh, BSIZE), 0);
	KUNIT_EXPECT_EQ(test, ptfs_mount(fs), -EINVAL);
	lh->n = 0;
	KUNIT_EXPECT_EQ(test, blkdev_rw(fs->bdev, REQ_OP_WRITE, at, lh, BSIZE), 0);
	KUNIT_EXPECT_EQ(test, ptfs_mount(fs), 0);
	kfree(lh);
}

static struct kunit_case pgfs_log_cases[] = {
	KUNIT_CASE(pgfs_committed_transaction_survives_crash),
	KUNIT_CASE(pgfs_uncommitted_transaction_leaves_no_trace),
	KUNIT_CASE(pgfs_aborted_log_stops_writeback),
	KUNIT_CASE(pgfs_freed_block_leaves_the_transaction),
	KUNIT_CASE(pgfs_log_absorbs_repeated_writes),
	KUNIT_CASE(pgfs_orphan_is_freed_at_mount),
	KUNIT_CASE(pgfs_unlinked_file_freed_before_commit),
	KUNIT_CASE(pgfs_corrupt_log_header_refuses_mount),
	{}
};

static struct kunit_suite pgfs_log_suite = {
	.name = "pgfs_log",
	.init = log_init,
	.exit = log_exit,
	.test_cases = pgfs_log_cases,
};
kunit_test_suite(pgfs_log_suite);
