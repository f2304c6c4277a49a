/*
 * Tests of the line discipline (kernel/drivers/tty/n_tty.c) on a tty of
 * their own whose echo goes to a buffer: line editing, end of file, and
 * a reader that sleeps until a line is finished or it is killed.
 */
#include "kunit/test.h"
#include "drivers/tty/tty.h"
#include "sched.h"
#include "sched/internal.h"	/* signal_wake_up: kill_pid() spares kernel threads */
#include "timer.h"
#include "errno.h"
#include "string.h"

static struct tty_struct tty;
static char echoed[512];
static unsigned int nechoed;

static void capture_echo(struct tty_struct *t, char c)
{
	if (nechoed < sizeof(echoed) - 1)
		echoed[nechoed++] = c;
	echoed[nechoed] = '\0';
}

static int n_tty_test_init(struct kunit *test)
{
	n_tty_init(&tty, capture_echo);
	nechoed = 0;
	echoed[0] = '\0';
	return 0;
}

static void type(const char *s)
{
	while (*s)
		n_tty_receive_char(&tty, *s++);
}

/* Reads one line into a NUL-terminated string; returns the count. */
static ssize_t read_line(char *buf, size_t n)
{
	ssize_t r = n_tty_read_line(&tty, buf, n);

	buf[r > 0 ? r : 0] = '\0';
	return r;
}

static void n_tty_cooks_a_line(struct kunit *test)
{
	char buf[64];

	type("ls -l\r");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 6);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "ls -l\n"), 0);
	KUNIT_EXPECT_EQ(test, strcmp(echoed, "ls -l\n"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), -EAGAIN);
}

static void n_tty_unfinished_line_is_not_readable(struct kunit *test)
{
	char buf[64];

	type("abc");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), -EAGAIN);
	type("\n");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 4);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "abc\n"), 0);
}

static void n_tty_erase_removes_last_char(struct kunit *test)
{
	char buf[64];

	type("abx\x7f" "c\by\b\b" "d\n");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "ad\n"), 0);
	/* Each erase takes the character off the screen: back, blank, back. */
	KUNIT_EXPECT_EQ(test, strcmp(echoed, "abx\b \bc\b \by\b \b\b \bd\n"), 0);
}

/* Erasing stops at the start of the line: a finished line is not editable. */
static void n_tty_erase_stops_at_line_start(struct kunit *test)
{
	char buf[64];

	type("a\n\x7f\x7f" "b\n");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 2);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "a\n"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 2);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "b\n"), 0);
}

static void n_tty_kill_erases_the_line(struct kunit *test)
{
	char buf[64];

	type("rm -rf /\x15" "ls\n");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "ls\n"), 0);
}

/* Control characters echo as ^X and take two columns to erase. */
static void n_tty_echoes_control_chars(struct kunit *test)
{
	char buf[64];

	type("a\x01\x7f\n");
	KUNIT_EXPECT_EQ(test, strcmp(echoed, "a^A\b \b\b \b\n"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 2);
}

static void n_tty_eof_on_empty_line_reads_zero(struct kunit *test)
{
	char buf[64];

	type("\x04");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), -EAGAIN);
	KUNIT_EXPECT_EQ(test, nechoed, 0);
	/* After text, ^D hands over the text without a newline; the next read is EOF. */
	type("ab\x04");
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 2);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "ab"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 0);
}

static void n_tty_short_reads_take_the_rest_later(struct kunit *test)
{
	char buf[64];

	type("hello\nx\n");
	KUNIT_EXPECT_EQ(test, read_line(buf, 3), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "hel"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 3);
	KUNIT_EXPECT_EQ(test, strcmp(buf, "lo\n"), 0);
	KUNIT_EXPECT_EQ(test, read_line(buf, sizeof(buf) - 1), 2);
}

/* A full buffer ends the line; what does not fit is dropped, not overwritten. */
static char bigbuf[N_TTY_BUF_SIZE + 1];

static void n_tty_full_buffer_drops_input(struct kunit *test)
{
	char *buf = bigbuf;
	int bad = 0;

	for (int i = 0; i < N_TTY_BUF_SIZE + 50; i++)
		n_tty_receive_char(&tty, 'a' + i % 26);
	KUNIT_EXPECT_EQ(test, n_tty_read_line(&tty, buf, sizeof(bigbuf)), N_TTY_BUF_SIZE);
	for (int i = 0; i < N_TTY_BUF_SIZE; i++)
		bad += buf[i] != 'a' + i % 26;
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, n_tty_read_line(&tty, buf, sizeof(bigbuf)), -EAGAIN);
	type("ok\n");
	KUNIT_EXPECT_EQ(test, n_tty_read_line(&tty, buf, sizeof(bigbuf)), 3);
}

static int unthrottled;

static void count_unthrottle(struct tty_struct *t)
{
	unthrottled++;
}

/* The driver stops taking input when the buffer is full; reading restarts it. */
static void n_tty_read_unthrottles_a_full_buffer(struct kunit *test)
{
	tty.unthrottle = count_unthrottle;
	unthrottled = 0;
	for (int i = 0; i < N_TTY_BUF_SIZE; i++)
		n_tty_receive_char(&tty, 'x');
	KUNIT_EXPECT_EQ(test, n_tty_room(&tty), 0u);
	tty.throttled = true;		/* what the UART driver does at room 0 */
	KUNIT_EXPECT_EQ(test, n_tty_read_line(&tty, bigbuf, 100), 100);
	KUNIT_EXPECT_EQ(test, unthrottled, 1);
	KUNIT_EXPECT_FALSE(test, tty.throttled);
	KUNIT_EXPECT_EQ(test, n_tty_room(&tty), 100u);
	KUNIT_EXPECT_EQ(test, n_tty_read_line(&tty, bigbuf, 100), 100);
	KUNIT_EXPECT_EQ(test, unthrottled, 1);	/* not throttled any more: no second call */
}

static int reader(void *arg)
{
	char buf[16];

	return n_tty_read(&tty, buf, sizeof(buf));
}

static void wait_until_sleeping(struct task_struct *p)
{
	unsigned long end = jiffies + 50;

	while (READ_ONCE(p->__state) != TASK_INTERRUPTIBLE && (long)(jiffies - end) < 0)
		yield();
}

static void n_tty_read_sleeps_until_a_line(struct kunit *test)
{
	struct task_struct *p;
	int code = -1, pid;

	if (!current)
		kunit_skip(test, "needs the scheduler");
	p = kernel_thread(reader, NULL, "ttyreader");
	KUNIT_ASSERT_NOT_NULL(test, p);
	pid = p->pid;		/* p is freed once reaped */
	wait_until_sleeping(p);
	KUNIT_EXPECT_EQ(test, p->__state, TASK_INTERRUPTIBLE);
	type("hi");
	KUNIT_EXPECT_EQ(test, p->__state, TASK_INTERRUPTIBLE);	/* not a line yet */
	type("\n");
	KUNIT_EXPECT_EQ(test, kernel_wait(&code), pid);
	KUNIT_EXPECT_EQ(test, code, 3);
}

static void n_tty_read_is_interrupted_by_kill(struct kunit *test)
{
	struct task_struct *p;
	int code = 0, pid;

	if (!current)
		kunit_skip(test, "needs the scheduler");
	p = kernel_thread(reader, NULL, "ttyreader");
	KUNIT_ASSERT_NOT_NULL(test, p);
	pid = p->pid;
	wait_until_sleeping(p);
	signal_wake_up(p);
	KUNIT_EXPECT_EQ(test, kernel_wait(&code), pid);
	KUNIT_EXPECT_EQ(test, code, -EINTR);
}

static struct kunit_case n_tty_cases[] = {
	KUNIT_CASE(n_tty_cooks_a_line),
	KUNIT_CASE(n_tty_unfinished_line_is_not_readable),
	KUNIT_CASE(n_tty_erase_removes_last_char),
	KUNIT_CASE(n_tty_erase_stops_at_line_start),
	KUNIT_CASE(n_tty_kill_erases_the_line),
	KUNIT_CASE(n_tty_echoes_control_chars),
	KUNIT_CASE(n_tty_eof_on_empty_line_reads_zero),
	KUNIT_CASE(n_tty_short_reads_take_the_rest_later),
	KUNIT_CASE(n_tty_full_buffer_drops_input),
	KUNIT_CASE(n_tty_read_unthrottles_a_full_buffer),
	KUNIT_CASE(n_tty_read_sleeps_until_a_line),
	KUNIT_CASE(n_tty_read_is_interrupted_by_kill),
	{}
};

static struct kunit_suite n_tty_suite = {
	.name = "n_tty",
	.init = n_tty_test_init,
	.test_cases = n_tty_cases,
};
kunit_test_suite(n_tty_suite);
