/*
 * Big files and full disks: a file reaching into the doubly indirect
 * block reads back byte for byte, truncation returns every block, a full
 * disk gives a short write and then -ENOSPC, and unlinking gives back
 * every block the file held.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "err.h"
#include "errno.h"
#include "printk.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

#define CHUNK 65536

static int big_init(struct kunit *test)
{
	struct pgfs_test_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	test->priv = fs;
	return fs ? 0 : -ENOMEM;
}

static void big_exit(struct kunit *test)
{
	ptfs_teardown(test->priv);
	kfree(test->priv);
}

/* Write `size` bytes of pattern `seed` in CHUNK pieces; bytes written. */
static long write_pattern(struct inode *f, u8 *buf, u64 size, uint seed)
{
	u64 off;
	ssize_t r = 0;

	for (off = 0; off < size; off += r) {
		size_t n = min((u64)CHUNK, size - off);

		ptfs_fill(buf, off, n, seed);
		r = pgfs_write(f, false, buf, off, n);
		if (r <= 0)
			return r < 0 && off == 0 ? r : (long)off;
	}
	return off;
}

static size_t check_pattern(struct inode *f, u8 *buf, u64 size, uint seed)
{
	u64 off;
	size_t bad = 0;

	for (off = 0; off < size; off += CHUNK) {
		size_t n = min((u64)CHUNK, size - off);

		if (pgfs_read(f, false, buf, off, n) != (ssize_t)n)
			return n;
		bad += ptfs_check(buf, off, n, seed);
	}
	return bad;
}

static void pgfs_doubly_indirect_file_reads_back(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	const u64 size = 5 * SZ_1M + 123;	/* well past the 267 KiB the single block reaches */
	struct inode *f = NULL;
	u8 *buf = kmalloc(CHUNK, GFP_KERNEL);
	long free0;
	uint b;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 0, 8192, 64), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "big", &f), 0);
	KUNIT_EXPECT_EQ(test, write_pattern(f, buf, size, 7), (long)size);
	KUNIT_EXPECT_EQ(test, f->i_size, size);
	mutex_lock(&f->i_mutex);
	KUNIT_EXPECT_NE(test, PGFS_I(f)->addrs[NDIRECT + 1], 0);
	KUNIT_EXPECT_EQ(test, pgfs_bmap(f, NDIRECT + NINDIRECT + 3 * NINDIRECT + 5, false, &b), 0);
	KUNIT_EXPECT_NE(test, b, 0);
	mutex_unlock(&f->i_mutex);
	iput(f);

	/* From the disk, after a remount. */
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	f = ptfs_lookup(ptfs_root(fs), "big");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	KUNIT_EXPECT_EQ(test, f->i_size, size);
	KUNIT_EXPECT_EQ(test, check_pattern(f, buf, size, 7), 0);
	/* data, the singly and doubly indirect blocks, and the second-level ones */
	KUNIT_EXPECT_EQ(test, free0 - pgfs_count_free_blocks(ptfs_sbi(fs)),
			(long)(DIV_ROUND_UP(size, BSIZE) + 2 +
			       DIV_ROUND_UP(DIV_ROUND_UP(size, BSIZE) - NDIRECT - NINDIRECT, NINDIRECT)));
	iput(f);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "big"), 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
	kfree(buf);
}

static void pgfs_truncate_frees_every_block(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = NULL;
	u8 *buf = kmalloc(CHUNK, GFP_KERNEL);
	unsigned long commits;
	long free0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 0, 4096, 64), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "t", &f), 0);
	commits = ptfs_sbi(fs)->log.commits;
	KUNIT_EXPECT_EQ(test, ptfs_truncate(f), 0);	/* empty: not even a transaction */
	KUNIT_EXPECT_EQ(test, ptfs_sbi(fs)->log.commits, commits);
	KUNIT_EXPECT_EQ(test, write_pattern(f, buf, 600 * 1024, 3), 600 * 1024);
	KUNIT_EXPECT_EQ(test, ptfs_truncate(f), 0);
	KUNIT_EXPECT_EQ(test, f->i_size, 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 0, 10), 0);
	/* The file works again after it. */
	KUNIT_EXPECT_EQ(test, write_pattern(f, buf, 3000, 4), 3000);
	KUNIT_EXPECT_EQ(test, check_pattern(f, buf, 3000, 4), 0);
	iput(f);
	kfree(buf);
}

static void pgfs_full_disk_gives_enospc(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	struct inode *f = NULL, *g = NULL;
	u8 *buf = kmalloc(CHUNK, GFP_KERNEL);
	long free0, written;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* Under 267 data blocks: the file never needs the doubly indirect block. */
	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 0, 300, 32), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_ASSERT_LT(test, free0, NDIRECT + NINDIRECT);
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "fill", &f), 0);
	written = write_pattern(f, buf, 4 * SZ_1M, 9);
	/* Every free block but the singly indirect one holds data. */
	KUNIT_EXPECT_EQ(test, written, (free0 - 1) * BSIZE);
	KUNIT_EXPECT_EQ(test, f->i_size, written);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), 0);
	ptfs_fill(buf, written, 100, 9);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, buf, written, 100), -ENOSPC);
	KUNIT_EXPECT_EQ(test, check_pattern(f, buf, written, 9), 0);
	iput(f);

	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "fill"), 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
	/* And the space is usable again. */
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "again", &g), 0);
	KUNIT_EXPECT_EQ(test, write_pattern(g, buf, 20 * 1024, 2), 20 * 1024);
	iput(g);
	kfree(buf);
}

/*
 * The last byte a file can hold is MAXFILE * BSIZE - 1: a write ending
 * there works, one starting past it is -EFBIG, and one crossing it stops
 * at it (Linux's generic_write_check_limits). Sparse: only the last
 * block, the doubly indirect block and one block under it are allocated.
 */
static void pgfs_write_stops_at_maxfile(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	const loff_t max = (loff_t)MAXFILE * BSIZE;
	u8 data[2] = { 0xa5, 0x5a }, back[16];
	struct inode *f = NULL;
	long free0;

	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 0, 400, 32), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_ASSERT_EQ(test, ptfs_create(ptfs_root(fs), "edge", &f), 0);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, data, max - 2, 2), 2);
	KUNIT_EXPECT_EQ(test, f->i_size, max);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, data, max, 1), -EFBIG);
	KUNIT_EXPECT_EQ(test, pgfs_write(f, false, data + 1, max - 1, 2), 1);
	KUNIT_EXPECT_EQ(test, f->i_size, max);
	KUNIT_EXPECT_EQ(test, free0 - pgfs_count_free_blocks(ptfs_sbi(fs)), 3);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, back, max - 2, sizeof(back)), 2);
	KUNIT_EXPECT_EQ(test, back[0], 0xa5);
	KUNIT_EXPECT_EQ(test, back[1], 0x5a);
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, back, max, 1), 0);
	memset(back, 0xff, sizeof(back));
	KUNIT_EXPECT_EQ(test, pgfs_read(f, false, back, 0, sizeof(back)), (ssize_t)sizeof(back));
	KUNIT_EXPECT_EQ(test, memchr_inv(back, 0, sizeof(back)), NULL);	/* a hole */
	iput(f);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "edge"), 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
}

/* Creating files until the inode table is full: -ENOSPC, no leak. */
static void pgfs_out_of_inodes_gives_enospc(struct kunit *test)
{
	struct pgfs_test_fs *fs = test->priv;
	char name[8];
	int i, err = 0;
	long free0;

	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 0, 400, 32), 0);
	free0 = pgfs_count_free_inodes(ptfs_sbi(fs));
	KUNIT_EXPECT_EQ(test, free0, 32 - ROOTINO - 1);	/* 0 unused, 1 the root */
	for (i = 0; i < 40 && !err; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		err = ptfs_create(ptfs_root(fs), name, NULL);
	}
	KUNIT_EXPECT_EQ(test, err, -ENOSPC);
	KUNIT_EXPECT_EQ(test, i - 1, free0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(ptfs_sbi(fs)), 0);
	for (i = 0; i < free0; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), name), 0);
	}
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(ptfs_sbi(fs)), free0);
}

static struct kunit_case pgfs_big_cases[] = {
	KUNIT_CASE(pgfs_doubly_indirect_file_reads_back),
	KUNIT_CASE(pgfs_truncate_frees_every_block),
	KUNIT_CASE(pgfs_full_disk_gives_enospc),
	KUNIT_CASE(pgfs_write_stops_at_maxfile),
	KUNIT_CASE(pgfs_out_of_inodes_gives_enospc),
	{}
};

static struct kunit_suite pgfs_big_suite = {
	.name = "pgfs_big",
	.init = big_init,
	.exit = big_exit,
	.test_cases = pgfs_big_cases,
};
kunit_test_suite(pgfs_big_suite);
