/*
 * Tests of the scheduler and the primitives built on it: kernel threads
 * run and are reaped, sleep/wakeup hands work back and forth, a mutex
 * excludes across harts, a completion wakes its waiter, a kill wakes an
 * interruptible sleeper, and runnable tasks spread over the harts.
 */
#include "kunit/test.h"
#include "sched.h"
#include "sched/internal.h"
#include "mutex.h"
#include "completion.h"
#include "errno.h"
#include "riscv.h"
#include "timer.h"

/* Reap every child the test made; returns how many. */
static int reap_all(void)
{
	int code, n = 0;

	while (kernel_wait(&code) > 0)
		n++;
	return n;
}

static int return_42(void *arg)
{
	return 42;
}

static void sched_kthread_runs_and_is_reaped(struct kunit *test)
{
	struct task_struct *p = kernel_thread(return_42, NULL, "t42");
	int code = 0, pid;

	KUNIT_ASSERT_TRUE(test, p != NULL);
	pid = p->pid;
	KUNIT_EXPECT_EQ(test, kernel_wait(&code), pid);
	KUNIT_EXPECT_EQ(test, code, 42);
	KUNIT_EXPECT_EQ(test, kernel_wait(&code), -ECHILD);
}

struct pingpong {
	spinlock_t lock;
	int turn;		/* 0: ping's turn, 1: pong's */
	int rounds;
};

static int pong(void *arg)
{
	struct pingpong *pp = arg;
	unsigned long flags;

	spin_lock_irqsave(&pp->lock, flags);
	for (int i = 0; i < pp->rounds; i++) {
		while (pp->turn != 1)
			sleep(&pp->turn, &pp->lock);
		pp->turn = 0;
		wakeup(&pp->turn);
	}
	spin_unlock_irqrestore(&pp->lock, flags);
	return 0;
}

static void sched_sleep_wakeup_pingpong(struct kunit *test)
{
	struct pingpong pp = { .turn = 0, .rounds = 500 };
	unsigned long flags;
	int code;

	spin_lock_init(&pp.lock, "pingpong");
	KUNIT_ASSERT_TRUE(test, kernel_thread(pong, &pp, "pong") != NULL);
	spin_lock_irqsave(&pp.lock, flags);
	for (int i = 0; i < pp.rounds; i++) {
		while (pp.turn != 0)
			sleep(&pp.turn, &pp.lock);
		pp.turn = 1;
		wakeup(&pp.turn);
	}
	while (pp.turn != 0)
		sleep(&pp.turn, &pp.lock);
	spin_unlock_irqrestore(&pp.lock, flags);
	KUNIT_EXPECT_GT(test, kernel_wait(&code), 0);
	KUNIT_EXPECT_EQ(test, code, 0);
}

struct counter {
	struct mutex lock;
	volatile long value;
	unsigned long cpus_seen;
};

static int count_under_mutex(void *arg)
{
	struct counter *c = arg;

	for (int i = 0; i < 2000; i++) {
		mutex_lock(&c->lock);
		/* Read-modify-write with a yield inside: only the mutex keeps it exact. */
		long v = c->value;

		if (i % 97 == 0)
			yield();
		c->value = v + 1;
		__atomic_fetch_or(&c->cpus_seen, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
		mutex_unlock(&c->lock);
	}
	return 0;
}

static void sched_mutex_excludes_across_harts(struct kunit *test)
{
	struct counter c = { .value = 0 };

	mutex_init(&c.lock, "test");
	for (int i = 0; i < 4; i++)
		KUNIT_ASSERT_TRUE(test, kernel_thread(count_under_mutex, &c, "mutexer") != NULL);
	KUNIT_EXPECT_EQ(test, reap_all(), 4);
	KUNIT_EXPECT_EQ(test, c.value, 4 * 2000);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c.lock));
}

static int completer(void *arg)
{
	unsigned long end = jiffies + 2;

	while ((long)(jiffies - end) < 0)	/* make the waiter really sleep first */
		yield();
	complete(arg);
	return 0;
}

static void sched_completion_wakes_waiter(struct kunit *test)
{
	struct completion done;

	init_completion(&done);
	KUNIT_ASSERT_TRUE(test, kernel_thread(completer, &done, "completer") != NULL);
	wait_for_completion(&done);
	KUNIT_EXPECT_EQ(test, done.done, 0u);
	KUNIT_EXPECT_EQ(test, reap_all(), 1);
}

static DEFINE_SPINLOCK(never_lock);
static int never_flag;

static int sleep_until_killed(void *arg)
{
	unsigned long flags;

	spin_lock_irqsave(&never_lock, flags);
	while (!never_flag && !fatal_signal_pending(current))
		sleep(&never_flag, &never_lock);
	spin_unlock_irqrestore(&never_lock, flags);
	return fatal_signal_pending(current) ? -EINTR : 0;
}

static void sched_kill_wakes_interruptible_sleeper(struct kunit *test)
{
	struct task_struct *p = kernel_thread(sleep_until_killed, NULL, "sleeper");
	unsigned long end = jiffies + 2 * HZ;
	int code = 0, pid;

	KUNIT_ASSERT_TRUE(test, p != NULL);
	pid = p->pid;	/* p is freed by the wait below */
	/* Until it sleeps: on a loaded host its hart may not run for a while. */
	while (READ_ONCE(p->__state) != TASK_INTERRUPTIBLE && (long)(jiffies - end) < 0)
		yield();
	KUNIT_EXPECT_EQ(test, p->__state, TASK_INTERRUPTIBLE);
	signal_wake_up(p);
	KUNIT_EXPECT_EQ(test, kernel_wait(&code), pid);
	KUNIT_EXPECT_EQ(test, code, -EINTR);
}

/*
 * Spins until a spinner on another hart has been seen, or 2 s have gone.
 * Long, because on a loaded host a hart's thread may not run for a while;
 * a spinner that started late still marks its hart once.
 */
static int spin_a_while(void *arg)
{
	unsigned long *seen = arg, end = jiffies + 2 * HZ, all;

	do {
		all = __atomic_or_fetch(seen, 1UL << smp_processor_id(), __ATOMIC_RELAXED);
		cpu_relax();
	} while (!(all & (all - 1)) && (long)(jiffies - end) < 0);
	return 0;
}

static void sched_tasks_spread_over_harts(struct kunit *test)
{
	unsigned long seen = 0;
	int n = num_online_cpus();

	if (n < 2)
		kunit_skip(test, "one hart");
	for (int i = 0; i < n; i++)
		KUNIT_ASSERT_TRUE(test, kernel_thread(spin_a_while, &seen, "spinner") != NULL);
	KUNIT_EXPECT_EQ(test, reap_all(), n);
	/* Idle harts are woken by an IPI when work is queued: several run at once. */
	KUNIT_EXPECT_TRUE(test, seen & (seen - 1));	/* two bits or more */
}

/*
 * might_sleep() reports a caller that holds a spinlock (Linux's
 * "sleeping function called from invalid context") and is silent
 * otherwise; the count of spinlocks held goes back down on unlock.
 */
static DEFINE_SPINLOCK(might_sleep_lock);

static void sched_might_sleep_reports_a_held_spinlock(struct kunit *test)
{
	int reports = READ_ONCE(might_sleep_reports), held = this_cpu()->locks_held;

	might_sleep();
	KUNIT_EXPECT_EQ(test, READ_ONCE(might_sleep_reports), reports);
	spin_lock(&might_sleep_lock);
	KUNIT_EXPECT_EQ(test, this_cpu()->locks_held, held + 1);
	might_sleep();
	spin_unlock(&might_sleep_lock);
	KUNIT_EXPECT_EQ(test, this_cpu()->locks_held, held);
	KUNIT_EXPECT_EQ(test, READ_ONCE(might_sleep_reports), reports + 1);
	KUNIT_EXPECT_TRUE(test, spin_trylock(&might_sleep_lock));
	KUNIT_EXPECT_EQ(test, this_cpu()->locks_held, held + 1);
	spin_unlock(&might_sleep_lock);
	KUNIT_EXPECT_EQ(test, held, 0);		/* a test runs holding nothing */
	might_sleep_reports = reports;		/* the one we caused is not a bug */
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(sched_might_sleep_reports_a_held_spinlock),
	KUNIT_CASE(sched_kthread_runs_and_is_reaped),
	KUNIT_CASE(sched_sleep_wakeup_pingpong),
	KUNIT_CASE(sched_mutex_excludes_across_harts),
	KUNIT_CASE(sched_completion_wakes_waiter),
	KUNIT_CASE(sched_kill_wakes_interruptible_sleeper),
	KUNIT_CASE(sched_tasks_spread_over_harts),
	{}
};

static struct kunit_suite sched_suite = { .name = "sched", .test_cases = sched_cases };
kunit_test_suite(sched_suite);
