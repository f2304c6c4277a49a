/*
 * usertests: fork bombs, wait, orphans, kill, and faulting processes.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * counterpart is LTP's testcases/kernel/syscalls, a directory per call.
 */

/* Fork until fork fails; every child waits on a pipe, then all are reaped. */
static void fork_until_failure(int *count)
{
	int p[2], n = 0, pid;
	char c;

	EXPECT_OK(pipe(p));
	for (;;) {
		pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			close(p[1]);
			read(p[0], &c, 1);	/* until the parent closes its end */
			exit(0);
		}
		n++;
	}
	check(errno == EAGAIN || errno == ENOMEM, "fork failed with %s", strerror(errno));
	close(p[1]);
	close(p[0]);
	for (int i = 0; i < n; i++) {
		int status;
		check(wait(&status) > 0, "wait for child %d of %d: %s", i, n, strerror(errno));
		check(status == 0, "a bomb child exited %d", status);
	}
	EXPECT_ERR(wait(0), ECHILD);
	*count = n;
}

/* Every process forks up to 4 children, each of which does the same, to
 * a depth of 4 (340 processes: more than NPROC), stopping at the first
 * failed fork; then each reaps its own. */
static void __attribute__((noreturn)) bomb(int depth)
{
	for (int n = 0; depth < 4 && n < 4; n++) {
		int pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			depth++;
			n = -1;
		}
	}
	while (wait(0) > 0)
		;
	exit(0);
}

static void fork_bomb(void)
{
	int first, second, pid;

	fork_until_failure(&first);
	check(first >= 20, "only %d forks before the first failure", first);
	pid = xfork();
	if (pid == 0)
		bomb(0);
	check(wait_for(pid) == 0, "the recursive bomb");
	/* Every slot came back (but for a late orphan of an earlier test). */
	fork_until_failure(&second);
	check(second >= first - 2, "%d forks after the recursive bomb, %d before", second, first);
}

static void wait_semantics(void)
{
	int pids[10], status, seen = 0;

	EXPECT_ERR(wait(&status), ECHILD);
	for (int i = 0; i < 10; i++) {
		pids[i] = xfork();
		if (pids[i] == 0) {
			sleep(i % 3);
			exit(i + 1);
		}
	}
	for (int n = 0; n < 10; n++) {
		int pid = wait(&status), i;
		for (i = 0; i < 10 && pids[i] != pid; i++)
			;
		check(i < 10, "wait returned %d, not one of the children", pid);
		check(!(seen & (1 << i)), "wait returned child %d twice", pid);
		check(status == i + 1, "child %d exit status %d, expected %d", pid, status, i + 1);
		seen |= 1 << i;
	}
	EXPECT_ERR(wait(&status), ECHILD);
	/* wait(0): no status wanted. */
	if (xfork() == 0)
		exit(5);
	check(wait(0) > 0, "wait(0): %s", strerror(errno));
	/* Only children are waited for, not grandchildren. */
	int pid = xfork();
	if (pid == 0) {
		if (fork() == 0) {
			sleep(30);
			exit(0);
		}
		exit(0);
	}
	check(wait_for(pid) == 0, "the middle process");
	EXPECT_ERR(wait(0), ECHILD);
}

/* The parent's pid, from /proc/PID/status (there is no getppid). */
static int ppid_of(int pid)
{
	char path[32], text[1024];
	const char *v;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (proc_read(path, text, sizeof(text)) < 0)
		return -1;
	v = proc_field(text, "PPid");
	return v ? (int)proc_number(v, 0) : -2;
}

static void orphans(void)
{
	int p[2], pid, gpids[10];

	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		for (int i = 0; i < 10; i++) {
			int g = fork();
			if (g == 0) {
				sleep(50);
				exit(0);
			}
			write(p[1], &g, sizeof(g));
		}
		exit(0);	/* the grandchildren become orphans */
	}
	close(p[1]);
	check(wait_for(pid) == 0, "the orphans' parent");
	for (int i = 0; i < 10; i++)
		check(read(p[0], &gpids[i], sizeof(int)) == sizeof(int), "grandchild pids");
	close(p[0]);
	for (int i = 0; i < 10; i++) {
		int pp = ppid_of(gpids[i]);
		check(pp == 1 || pp == -1, "orphan %d has parent %d, not init", gpids[i], pp);
	}
	EXPECT_ERR(wait(0), ECHILD);	/* they are not ours */
	/* init reaps them when they exit: then their pids are free. */
	for (int i = 0; i < 10; i++) {
		int t0 = uptime();
		while (kill(gpids[i]) == 0 && uptime() - t0 < 300)
			sleep(5);
		EXPECT_ERR(kill(gpids[i]), ESRCH);
	}
}

static void kill_and_time(int pid, const char *what)
{
	int t0 = uptime();

	EXPECT_OK(kill(pid));
	expect_killed(pid, what);
	check(uptime() - t0 < KILLED_SETTLE, "%s: wait took %d ticks after kill",
	      what, uptime() - t0);
}

static void kill_sleeping(void)
{
	int pid, p[2];
	char c;

	pid = xfork();
	if (pid == 0) {
		sleep(1000);
		exit(0);
	}
	sleep(5);
	kill_and_time(pid, "a process in sleep()");

	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		read(p[0], &c, 1);
		exit(0);
	}
	sleep(5);
	kill_and_time(pid, "a process in a pipe read");
	close(p[0]);
	close(p[1]);

	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		for (;;)		/* nobody reads: the pipe fills, write sleeps */
			write(p[1], buf, sizeof(buf));
	}
	sleep(5);
	kill_and_time(pid, "a process in a pipe write");
	close(p[0]);
	close(p[1]);

	pid = xfork();
	if (pid == 0) {
		read(0, &c, 1);		/* the console: nobody types */
		exit(0);
	}
	sleep(5);
	kill_and_time(pid, "a process reading the console");

	pid = xfork();
	if (pid == 0) {
		if (fork() == 0) {
			sleep(50);	/* outlives its parent; init reaps it */
			exit(0);
		}
		wait(0);
		exit(0);
	}
	sleep(5);
	kill_and_time(pid, "a process in wait()");

	pid = xfork();
	if (pid == 0) {
		kill(getpid());
		sleep(50);		/* dies on the way back to user space */
		exit(0);
	}
	expect_killed(pid, "a process that killed itself");
	EXPECT_ERR(kill(99999), ESRCH);
	EXPECT_ERR2(kill(-5), ESRCH, EINVAL);
}

static void kill_running(void)
{
	int pids[6];

	for (int i = 0; i < 6; i++) {
		pids[i] = xfork();
		if (pids[i] == 0)
			for (volatile int spin = 0;; spin++)
				;
	}
	sleep(5);
	for (int i = 0; i < 6; i++)
		EXPECT_OK(kill(pids[i]));
	int t0 = uptime();
	for (int i = 0; i < 6; i++) {
		int status;
		check(wait(&status) > 0, "wait for a killed spinner: %s", strerror(errno));
		check(status != 0, "a killed spinner exited 0");
	}
	check(uptime() - t0 < KILLED_SETTLE, "killing 6 spinners took %d ticks", uptime() - t0);
}

/* Child processes that do something illegal must be killed, and only them. */
static void wild_store(void)
{
	static const uint64 addrs[] = { 0, 8, KERNBASE, KERNBASE + 0x200000, TRAMPOLINE,
					0xffffffffffffffffUL & ~7UL, USER_STACK_TOP,
					0x8000000000000000UL };
	int pid;

	for (int i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		pid = xfork();
		if (pid == 0) {
			*(volatile uint64 *)addrs[i] = 0xdead;
			exit(0);
		}
		expect_killed(pid, "a store to a bad address");
		pid = xfork();
		if (pid == 0) {
			(void)*(volatile uint64 *)addrs[i];
			exit(0);
		}
		expect_killed(pid, "a load from a bad address");
	}
	pid = xfork();
	if (pid == 0) {
		*(volatile uint64 *)hole_addr() = 1;
		exit(0);
	}
	expect_killed(pid, "a store above the heap");
	pid = xfork();
	if (pid == 0) {
		*(volatile uint *)wild_store = 0;	/* text is read-only */
		exit(0);
	}
	expect_killed(pid, "a store into the program's text");
	pid = xfork();
	if (pid == 0) {
		((void (*)(void))KERNBASE)();
		exit(0);
	}
	expect_killed(pid, "a jump into the kernel");
	pid = xfork();
	if (pid == 0) {
		asm volatile(".word 0");	/* an illegal instruction */
		exit(0);
	}
	expect_killed(pid, "an illegal instruction");
	/* A bad system call number is an error, not a crime. */
	check(raw_syscall(999, 0, 0, 0) == -ENOSYS, "syscall 999 did not return -ENOSYS");
	check(raw_syscall(-1, 0, 0, 0) == -ENOSYS, "syscall -1 did not return -ENOSYS");
	check(raw_syscall(NR_syscalls, 0, 0, 0) == -ENOSYS, "syscall NR_syscalls");
	/* And we, the parent, carry on. */
	pid = xfork();
	if (pid == 0)
		exit(4);
	check(wait_for(pid) == 4, "fork after the crashes");
}

static void sleep_uptime(void)
{
	int t0 = uptime(), t1;

	check(sleep(10) == 0, "sleep(10): %s", strerror(errno));
	t1 = uptime();
	check(t1 - t0 >= 10 && t1 - t0 < 100, "sleep(10) took %d ticks", t1 - t0);
	check(sleep(0) == 0, "sleep(0)");
	t0 = uptime();
	int r = sleep(-1);
	check(r == 0 || (r == -1 && errno == EINVAL), "sleep(-1) returned %d", r);
	check(uptime() - t0 < 10, "sleep(-1) slept");
	check(getpid() > 1, "getpid() = %d", getpid());
}

#define SMP_WORKERS 4
#define SMP_ROUNDS 50

/* Forks, exits, waits and pipe writes on every hart at once: each worker
 * forks SMP_ROUNDS children that each write 10 bytes into one shared pipe. */
static void smp_fork_pipe(void)
{
	int p[2], total = 0, n;

	EXPECT_OK(pipe(p));
	for (int w = 0; w < SMP_WORKERS; w++) {
		if (xfork() != 0)
			continue;
		close(p[0]);
		for (int r = 0; r < SMP_ROUNDS; r++) {
			int pid = fork();
			if (pid < 0)
				exit(1);
			if (pid == 0)
				exit(write(p[1], "0123456789", 10) == 10 ? 0 : 1);
			int status;
			if (wait(&status) != pid || status != 0)
				exit(2);
		}
		exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		total += n;
	close(p[0]);
	for (int w = 0; w < SMP_WORKERS; w++) {
		int status;
		check(wait(&status) > 0, "wait: %s", strerror(errno));
		check(status == 0, "a worker failed (%d)", status);
	}
	check(total == SMP_WORKERS * SMP_ROUNDS * 10, "%d bytes through the pipe, expected %d",
	      total, SMP_WORKERS * SMP_ROUNDS * 10);
}

