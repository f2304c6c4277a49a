/*
 * Tests of pipes (kernel/fs/pipe.c): bytes come out in the order they went
 * in, across the ring's wrap-around; a read sees end of file once every
 * writer is gone, a write with no reader fails with -EPIPE, a killed task
 * gets -EINTR instead of sleeping, and a reader and a writer on two tasks
 * pass more than a ring's worth through, each sleeping for the other.
 */
#include "fs/tests/testfs.h"
#include "sched.h"
#include "completion.h"
#include "string.h"
#include "errno.h"
#include "err.h"
#include "mm/slab.h"

static void pipe_keeps_data_in_order(struct kunit *test)
{
	unsigned long before = get_nr_files();
	struct file *p[2];
	char buf[32];

	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	KUNIT_EXPECT_EQ(test, get_nr_files(), before + 2);
	KUNIT_EXPECT_EQ(test, p[0]->f_mode, FMODE_READ);
	KUNIT_EXPECT_EQ(test, p[1]->f_mode, FMODE_WRITE);
	KUNIT_EXPECT_NULL(test, p[0]->f_inode);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "hello", 5, NULL), 5);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], " pipe", 5, NULL), 5);
	memset(buf, 0, sizeof(buf));
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, 3, NULL), 3);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf + 3, sizeof(buf), NULL), 7);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "hello pipe"), 0);
	/* The ends are one-way. */
	KUNIT_EXPECT_EQ(test, kernel_read(p[1], buf, 1, NULL), -EBADF);
	KUNIT_EXPECT_EQ(test, kernel_write(p[0], buf, 1, NULL), -EBADF);
	fput(p[0]);
	fput(p[1]);
	KUNIT_EXPECT_EQ(test, get_nr_files(), before);
}

static void pipe_reads_eof_once_writers_are_gone(struct kunit *test)
{
	struct file *p[2], *w2;
	char buf[8];

	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	w2 = get_file(p[1]);		/* a dup()ed write end */
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "abc", 3, NULL), 3);
	fput(p[1]);
	KUNIT_EXPECT_EQ(test, kernel_write(w2, "d", 1, NULL), 1);
	fput(w2);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf), NULL), 4);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf), NULL), 0);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, sizeof(buf), NULL), 0);
	fput(p[0]);
}

static void pipe_write_without_readers_is_epipe(struct kunit *test)
{
	struct file *p[2];

	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	fput(p[0]);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], "x", 1, NULL), -EPIPE);
	fput(p[1]);
}

static void pipe_wraps_around_the_ring(struct kunit *test)
{
	char *in = kmalloc(PIPE_SIZE, GFP_KERNEL), *out = kmalloc(PIPE_SIZE, GFP_KERNEL);
	size_t chunk = PIPE_SIZE / 4 * 3;	/* never a divisor: the ring wraps mid-copy */
	struct file *p[2];
	int round, i;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	for (round = 0; round < 6; round++) {
		for (i = 0; i < (int)chunk; i++)
			in[i] = (char)(i * 7 + round);
		KUNIT_EXPECT_EQ(test, kernel_write(p[1], in, chunk, NULL), chunk);
		memset(out, 0, chunk);
		KUNIT_EXPECT_EQ(test, kernel_read(p[0], out, chunk, NULL), chunk);
		KUNIT_EXPECT_EQ(test, memcmp(in, out, chunk), 0);
	}
	/* A full ring takes exactly PIPE_SIZE bytes. */
	memset(in, 'z', PIPE_SIZE);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], in, PIPE_SIZE, NULL), PIPE_SIZE);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], out, PIPE_SIZE, NULL), PIPE_SIZE);
	KUNIT_EXPECT_EQ(test, memcmp(in, out, PIPE_SIZE), 0);
	fput(p[0]);
	fput(p[1]);
	kfree(in);
	kfree(out);
}

static void pipe_gives_eintr_to_a_killed_task(struct kunit *test)
{
	struct task_struct *task = current;
	struct file *p[2];
	char *buf;

	if (!task)
		kunit_skip(test, "needs a task (the scheduler)");
	buf = kzalloc(PIPE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	WRITE_ONCE(task->killed, true);
	KUNIT_EXPECT_EQ(test, kernel_read(p[0], buf, 1, NULL), -EINTR);	/* empty */
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, PIPE_SIZE, NULL), PIPE_SIZE);
	KUNIT_EXPECT_EQ(test, kernel_write(p[1], buf, 1, NULL), -EINTR);	/* full */
	WRITE_ONCE(task->killed, false);
	fput(p[0]);
	fput(p[1]);
	kfree(buf);
}

#define BIG (PIPE_SIZE * 3 + 123)

struct writer_arg {
	struct file *w;
	char *data;
	ssize_t written;
	struct completion done;
};

static int pipe_writer(void *p)
{
	struct writer_arg *a = p;

	a->written = kernel_write(a->w, a->data, BIG, NULL);
	fput(a->w);			/* the last writer: the reader sees EOF */
	complete(&a->done);
	return 0;
}

static void pipe_passes_data_between_tasks(struct kunit *test)
{
	struct writer_arg a;
	struct file *p[2];
	char *out;
	size_t got = 0;
	ssize_t n;
	int i, code;

	if (!current)
		kunit_skip(test, "needs a task (the scheduler)");
	a.data = kmalloc(BIG, GFP_KERNEL);
	out = kzalloc(BIG, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a.data);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < BIG; i++)
		a.data[i] = (char)(i % 251);
	KUNIT_ASSERT_EQ(test, create_pipe_files(p), 0);
	a.w = p[1];
	init_completion(&a.done);
	if (!kernel_thread(pipe_writer, &a, "pipe-writer")) {
		fput(p[0]);
		fput(p[1]);
		kfree(a.data);
		kfree(out);
		KUNIT_ASSERT_TRUE(test, false);
	}
	/* Reads return what is there; the writer sleeps while the ring is full. */
	while ((n = kernel_read(p[0], out + got, BIG - got + 1, NULL)) > 0)
		got += n;
	KUNIT_EXPECT_EQ(test, n, 0);
	KUNIT_EXPECT_EQ(test, got, BIG);
	KUNIT_EXPECT_EQ(test, memcmp(a.data, out, BIG), 0);
	wait_for_completion(&a.done);
	KUNIT_EXPECT_EQ(test, a.written, BIG);
	KUNIT_EXPECT_GT(test, kernel_wait(&code), 0);
	fput(p[0]);
	kfree(a.data);
	kfree(out);
}

static void pipe_syscall_installs_two_descriptors(struct kunit *test)
{
	struct tfs_env env;
	unsigned long before;
	struct file *f;
	int fds[2];

	if (!tfs_enter(test, &env))
		return;
	before = get_nr_files();
	KUNIT_ASSERT_EQ(test, do_pipe(fds), 0);
	KUNIT_EXPECT_EQ(test, fds[0], 0);
	KUNIT_EXPECT_EQ(test, fds[1], 1);
	f = fget(fds[0]);
	KUNIT_EXPECT_EQ(test, f->f_mode, FMODE_READ);
	fput(f);
	KUNIT_EXPECT_EQ(test, close_fd(fds[1]), 0);
	KUNIT_EXPECT_EQ(test, close_fd(fds[0]), 0);
	KUNIT_EXPECT_EQ(test, get_nr_files(), before);
	tfs_leave(test, &env);
}

static struct kunit_case pipe_cases[] = {
	KUNIT_CASE(pipe_keeps_data_in_order),
	KUNIT_CASE(pipe_reads_eof_once_writers_are_gone),
	KUNIT_CASE(pipe_write_without_readers_is_epipe),
	KUNIT_CASE(pipe_wraps_around_the_ring),
	KUNIT_CASE(pipe_gives_eintr_to_a_killed_task),
	KUNIT_CASE(pipe_passes_data_between_tasks),
	KUNIT_CASE(pipe_syscall_installs_two_descriptors),
	{}
};

static struct kunit_suite pipe_suite = {
	.name = "vfs_pipe",
	.test_cases = pipe_cases,
};
kunit_test_suite(pipe_suite);
