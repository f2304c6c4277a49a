/*
 * The VFS with several tasks at once, on as many harts as there are:
 * racing mkdir and unlink of the same names make each name once and
 * remove it once (the parent's i_mutex makes check-then-act atomic), and
 * tasks that look up one file at the same moment all get the same struct
 * inode (the inode cache's I_NEW wait), whatever order they arrive in.
 */
#include "fs/tests/testfs.h"
#include "sched.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "fcntl.h"

#define NTASKS 4
#define NNAMES 6

struct race {
	struct inode *root;		/* the vfstest root each task starts in */
	atomic_t made, removed, arrived;
	struct inode *seen[NTASKS];
	atomic_t next_index;
};

/* Each task gets its own table and a cwd in vfstest; do_exit drops both. */
static void enter_testfs(struct race *r)
{
	current->files = files_alloc();
	ihold(r->root);
	current->cwd = r->root;
}

static int mkdir_unlink_racer(void *p)
{
	struct race *r = p;
	char name[8] = "dX";
	int i;

	enter_testfs(r);
	for (i = 0; i < NNAMES; i++) {
		name[1] = (char)('0' + i);
		if (do_mkdirat(name) == 0)
			atomic_inc(&r->made);
	}
	atomic_inc(&r->arrived);
	while (atomic_read(&r->arrived) < NTASKS)
		yield();
	for (i = 0; i < NNAMES; i++) {
		name[1] = (char)('0' + i);
		if (do_unlinkat(name) == 0)
			atomic_inc(&r->removed);
	}
	return 0;
}

static int lookup_racer(void *p)
{
	struct race *r = p;
	int me = atomic_inc_return(&r->next_index) - 1;
	struct inode *inode;

	enter_testfs(r);
	inode = namei("f");
	r->seen[me] = IS_ERR(inode) ? NULL : inode;
	atomic_inc(&r->arrived);
	while (atomic_read(&r->arrived) < NTASKS)	/* hold it until all have one */
		yield();
	if (!IS_ERR(inode))
		iput(inode);
	return 0;
}

static void run_racers(struct kunit *test, int (*fn)(void *), struct race *r)
{
	int i, code, started = 0;

	for (i = 0; i < NTASKS; i++)
		if (kernel_thread(fn, r, "vfs-racer"))
			started++;
	KUNIT_EXPECT_EQ(test, started, NTASKS);
	for (i = 0; i < started; i++)
		KUNIT_EXPECT_GT(test, kernel_wait(&code), 0);
}

static void racing_mkdir_and_unlink_act_once_per_name(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct race r;

	if (!sb)
		return;
	memset(&r, 0, sizeof(r));
	r.root = sb->s_root;
	run_racers(test, mkdir_unlink_racer, &r);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.made), NNAMES);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.removed), NNAMES);
	KUNIT_EXPECT_EQ(test, sb->s_root->i_nlink, 2);
	KUNIT_EXPECT_EQ(test, TFS(sb)->evicted, NNAMES);
	tfs_leave(test, &env);
}

static void racing_lookups_share_one_inode(struct kunit *test)
{
	struct tfs_env env;
	struct super_block *sb = tfs_enter(test, &env);
	struct race r;
	long fd;
	int i, round;

	if (!sb)
		return;
	fd = do_sys_open("f", O_CREATE | O_RDWR);
	KUNIT_ASSERT_GE(test, fd, 0);
	KUNIT_EXPECT_EQ(test, close_fd(fd), 0);	/* nobody holds f: each round reads it afresh */
	for (round = 0; round < 5; round++) {
		memset(&r, 0, sizeof(r));
		r.root = sb->s_root;
		run_racers(test, lookup_racer, &r);
		for (i = 0; i < NTASKS; i++) {
			KUNIT_EXPECT_NOT_NULL(test, r.seen[i]);
			KUNIT_EXPECT_TRUE(test, r.seen[i] == r.seen[0]);
		}
	}
	tfs_leave(test, &env);
}

static struct kunit_case smp_cases[] = {
	KUNIT_CASE(racing_mkdir_and_unlink_act_once_per_name),
	KUNIT_CASE(racing_lookups_share_one_inode),
	{}
};

static struct kunit_suite smp_suite = {
	.name = "vfs_smp",
	.test_cases = smp_cases,
};
kunit_test_suite(smp_suite);
