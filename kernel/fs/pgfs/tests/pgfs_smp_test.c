/*
 * pgfs on every hart at once: one kernel thread per CPU creates files in
 * a shared directory and in its own, writes them in uneven pieces while
 * the others do the same (group commit), and reads them back; the file
 * system must hold every byte and lose no block.
 */
#include "fs/pgfs/tests/pgfs_test.h"
#include "sched.h"
#include "smp.h"
#include "completion.h"
#include "printk.h"
#include "err.h"
#include "errno.h"
#include "string.h"
#include "mm/slab.h"
#include "mm/gfp.h"

#define MAX_WRITERS 8
#define FILES_EACH 3
#define FILE_BYTES (40 * 1024 + 17)

struct writer {
	struct pgfs_test_fs *fs;
	struct inode *dir;		/* shared directory */
	int id;
	int errors;
	const char *first_error;	/* what went wrong first, for the report */
	long first_value;
	struct completion done;
};

/* Count an error, remembering the first: which step, and what it returned. */
static void churn_error(struct writer *w, const char *step, long value)
{
	if (!w->errors++) {
		w->first_error = step;
		w->first_value = value;
	}
}

static int write_one(struct writer *w, struct inode *dir, const char *name, uint seed, u8 *buf)
{
	struct inode *f = NULL;
	size_t off = 0, n;
	int bad = 0;

	if (ptfs_create(dir, name, &f))
		return 1;
	ptfs_fill(buf, 0, FILE_BYTES, seed);
	while (off < FILE_BYTES) {
		n = min((size_t)FILE_BYTES - off, (size_t)(1000 + 700 * (seed % 5) + off % 3000));
		if (pgfs_write(f, false, buf + off, off, n) != (ssize_t)n)
			bad++;
		off += n;
	}
	memset(buf, 0, FILE_BYTES);
	if (pgfs_read(f, false, buf, 0, FILE_BYTES) != FILE_BYTES ||
	    ptfs_check(buf, 0, FILE_BYTES, seed))
		bad++;
	iput(f);
	return bad;
}

static int writer_thread(void *arg)
{
	struct writer *w = arg;
	u8 *buf = kmalloc(FILE_BYTES, GFP_KERNEL);
	struct inode *own;
	char name[16];
	int i;

	if (!buf) {
		w->errors++;
		goto out;
	}
	snprintf(name, sizeof(name), "dir%d", w->id);
	if (ptfs_mkdir(ptfs_root(w->fs), name)) {
		w->errors++;
		goto out;
	}
	own = ptfs_lookup(ptfs_root(w->fs), name);
	if (IS_ERR(own)) {
		w->errors++;
		goto out;
	}
	for (i = 0; i < FILES_EACH; i++) {
		snprintf(name, sizeof(name), "s%d_%d", w->id, i);
		w->errors += write_one(w, w->dir, name, w->id * 10 + i, buf);
		snprintf(name, sizeof(name), "o%d", i);
		w->errors += write_one(w, own, name, w->id * 10 + i + 100, buf);
	}
	iput(own);
out:
	kfree(buf);
	complete(&w->done);
	return 0;
}

static void pgfs_concurrent_writers_on_every_hart(struct kunit *test)
{
	struct pgfs_test_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	struct writer *w = kcalloc(MAX_WRITERS, sizeof(*w), GFP_KERNEL);
	int n = clamp(num_online_cpus(), 2, MAX_WRITERS), i, code;
	struct inode *shared, *f;
	u8 *buf = kmalloc(FILE_BYTES, GFP_KERNEL);
	char name[16];
	long free0;

	KUNIT_ASSERT_TRUE(test, fs && w && buf);
	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 1, 8192, 256), 0);
	free0 = pgfs_count_free_blocks(ptfs_sbi(fs));
	KUNIT_ASSERT_EQ(test, ptfs_mkdir(ptfs_root(fs), "shared"), 0);
	shared = ptfs_lookup(ptfs_root(fs), "shared");
	KUNIT_ASSERT_FALSE(test, IS_ERR(shared));

	for (i = 0; i < n; i++) {
		w[i] = (struct writer){ .fs = fs, .dir = shared, .id = i };
		init_completion(&w[i].done);
		KUNIT_ASSERT_NOT_NULL(test, kernel_thread(writer_thread, &w[i], "pgfs_writer"));
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
		if (w[i].errors)
			kunit_info(test, "churn %d: first error in %s: %ld", i,
				   w[i].first_error, w[i].first_value);
	}
	while (kernel_wait(&code) > 0)
		;
	KUNIT_EXPECT_GT(test, ptfs_sbi(fs)->log.commits, 0);
	KUNIT_EXPECT_EQ(test, shared->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, ptfs_root(fs)->i_nlink, 3 + n);

	/* Everything is on the disk, after a remount, and comes off it cleanly. */
	iput(shared);
	ptfs_umount(fs);
	KUNIT_ASSERT_EQ(test, ptfs_mount(fs), 0);
	shared = ptfs_lookup(ptfs_root(fs), "shared");
	KUNIT_ASSERT_FALSE(test, IS_ERR(shared));
	for (i = 0; i < n * FILES_EACH; i++) {
		snprintf(name, sizeof(name), "s%d_%d", i / FILES_EACH, i % FILES_EACH);
		f = ptfs_lookup(shared, name);
		KUNIT_EXPECT_FALSE(test, IS_ERR(f));
		if (IS_ERR(f))
			continue;
		KUNIT_EXPECT_EQ(test, pgfs_read(f, false, buf, 0, FILE_BYTES), FILE_BYTES);
		KUNIT_EXPECT_EQ(test, ptfs_check(buf, 0, FILE_BYTES, (i / FILES_EACH) * 10 + i % FILES_EACH), 0);
		iput(f);
		KUNIT_EXPECT_EQ(test, ptfs_unlink(shared, name), 0);
	}
	for (i = 0; i < n; i++) {
		struct inode *own;
		int j;

		snprintf(name, sizeof(name), "dir%d", i);
		own = ptfs_lookup(ptfs_root(fs), name);
		KUNIT_EXPECT_FALSE(test, IS_ERR(own));
		if (IS_ERR(own))
			continue;
		for (j = 0; j < FILES_EACH; j++) {
			snprintf(name, sizeof(name), "o%d", j);
			KUNIT_EXPECT_EQ(test, ptfs_unlink(own, name), 0);
		}
		iput(own);
		snprintf(name, sizeof(name), "dir%d", i);
		KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), name), 0);
	}
	iput(shared);
	KUNIT_EXPECT_EQ(test, ptfs_unlink(ptfs_root(fs), "shared"), 0);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free0);
	KUNIT_EXPECT_EQ(test, ptfs_root(fs)->i_nlink, 2);
	ptfs_teardown(fs);
	kfree(buf);
	kfree(w);
	kfree(fs);
}

/*
 * Create, write, unlink, over and over on every hart in one directory: the
 * inode numbers freed by one hart's eviction are reused by another's
 * creation at once, which the inode cache must keep apart (I_FREEING).
 */
#define CHURN_ROUNDS 40

static int churn_thread(void *arg)
{
	struct writer *w = arg;
	struct inode *f;
	char name[16];
	u8 data[700];
	int i;

	for (i = 0; i < CHURN_ROUNDS; i++) {
		long r;

		snprintf(name, sizeof(name), "c%d_%d", w->id, i % 3);
		f = NULL;
		r = ptfs_create(w->dir, name, &f);
		if (r) {
			churn_error(w, "create", r);
			continue;
		}
		ptfs_fill(data, 0, sizeof(data), w->id + i);
		r = pgfs_write(f, false, data, 0, sizeof(data));
		if (r != sizeof(data))
			churn_error(w, "write", r);
		r = pgfs_read(f, false, data, 0, sizeof(data));
		if (r != sizeof(data))
			churn_error(w, "read", r);
		else if (ptfs_check(data, 0, sizeof(data), w->id + i))
			churn_error(w, "data", 0);
		r = ptfs_unlink(w->dir, name);
		if (r)
			churn_error(w, "unlink", r);
		/* Still open: the data stays readable until this last put. */
		r = pgfs_read(f, false, data, 0, sizeof(data));
		if (r != sizeof(data))
			churn_error(w, "read after unlink", r);
		else if (ptfs_check(data, 0, sizeof(data), w->id + i))
			churn_error(w, "data after unlink", 0);
		iput(f);
	}
	complete(&w->done);
	return 0;
}

static void pgfs_create_unlink_churn_on_every_hart(struct kunit *test)
{
	struct pgfs_test_fs *fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	struct writer *w = kcalloc(MAX_WRITERS, sizeof(*w), GFP_KERNEL);
	int n = clamp(num_online_cpus(), 2, MAX_WRITERS), i, code;
	long free_blocks, free_inodes;

	KUNIT_ASSERT_TRUE(test, fs && w);
	KUNIT_ASSERT_EQ(test, ptfs_setup(fs, 1, 2048, 64), 0);
	free_blocks = pgfs_count_free_blocks(ptfs_sbi(fs));
	free_inodes = pgfs_count_free_inodes(ptfs_sbi(fs));
	for (i = 0; i < n; i++) {
		w[i] = (struct writer){ .fs = fs, .dir = ptfs_root(fs), .id = i };
		init_completion(&w[i].done);
		KUNIT_ASSERT_NOT_NULL(test, kernel_thread(churn_thread, &w[i], "pgfs_churn"));
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].errors, 0);
		if (w[i].errors)
			kunit_info(test, "churn %d: first error in %s: %ld", i,
				   w[i].first_error, w[i].first_value);
	}
	while (kernel_wait(&code) > 0)
		;
	KUNIT_EXPECT_EQ(test, pgfs_count_free_blocks(ptfs_sbi(fs)), free_blocks);
	KUNIT_EXPECT_EQ(test, pgfs_count_free_inodes(ptfs_sbi(fs)), free_inodes);
	KUNIT_EXPECT_EQ(test, ptfs_root(fs)->i_nlink, 2);
	ptfs_teardown(fs);
	kfree(w);
	kfree(fs);
}

static struct kunit_case pgfs_smp_cases[] = {
	KUNIT_CASE(pgfs_concurrent_writers_on_every_hart),
	KUNIT_CASE(pgfs_create_unlink_churn_on_every_hart),
	{}
};

static struct kunit_suite pgfs_smp_suite = {
	.name = "pgfs_smp",
	.test_cases = pgfs_smp_cases,
};
kunit_test_suite(pgfs_smp_suite);
