/*
 * usertests: sbrk, running out of memory, and fork's copy of memory.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * counterpart is LTP's testcases/kernel/syscalls, a directory per call.
 */

static void sbrk_basic(void)
{
	char *a = sbrk(0), *b, *c;

	b = sbrk(10 * PGSIZE);
	check(b == a, "sbrk returned %p, the old break was %p", b, a);
	check(sbrk(0) == a + 10 * PGSIZE, "the break did not move by 10 pages");
	for (int i = 0; i < 10 * PGSIZE; i++)
		check(b[i] == 0, "new heap memory not zeroed at +%d", i);
	memset(b, 0x5a, 10 * PGSIZE);
	c = sbrk(1);		/* unaligned growth */
	check(c == a + 10 * PGSIZE, "sbrk(1)");
	c[0] = 1;
	c = sbrk(4095);
	c[4094] = 2;
	check(sbrk(-(10 * PGSIZE + 4096)) == a + 10 * PGSIZE + 4096, "shrink return");
	check(sbrk(0) == a, "the break did not come back");
	/* Grown again: fresh zeroes, not the old bytes. */
	b = sbrk(PGSIZE);
	check(b[0] == 0 && b[100] == 0, "regrown heap not zeroed (old data 0x%x)", b[0]);
	sbrk(-PGSIZE);
	/* Below the start of the heap: refused, the break unchanged. */
	EXPECT_ERR2(sbrk(-(int)((uint64)a + PGSIZE)), ENOMEM, EINVAL);
	check(sbrk(0) == a, "a refused shrink moved the break");
}

static void sbrk_huge(void)
{
	char *a = sbrk(0);
	long r;

	EXPECT_ERR(sbrk(0x7fffffff), ENOMEM);
	r = raw_syscall(SYS_sbrk, 1L << 46, 0, 0);	/* all of user space */
	check(r == -ENOMEM, "sbrk(2^46) returned %ld", r);
	r = raw_syscall(SYS_sbrk, 1L << 62, 0, 0);
	check(r == -ENOMEM || r == -EINVAL, "sbrk(2^62) returned %ld", r);
	r = raw_syscall(SYS_sbrk, -(1L << 62), 0, 0);
	check(r == -ENOMEM || r == -EINVAL, "sbrk(-2^62) returned %ld", r);
	r = raw_syscall(SYS_sbrk, (long)0x8000000000000000UL, 0, 0);
	check(r == -ENOMEM || r == -EINVAL, "sbrk(LONG_MIN) returned %ld", r);
	check(sbrk(0) == a, "a refused sbrk moved the break");
	/* And the process lives on, with a heap that still grows. */
	char *p = sbrk(PGSIZE);
	check(p == a, "sbrk(4096) after the refusals: %s", strerror(errno));
	p[0] = 1;
}

static void sbrk_shrink(void)
{
	char *a = sbrk(0);
	int pid;

	sbrk(20 * PGSIZE);
	memset(a, 1, 20 * PGSIZE);
	sbrk(-20 * PGSIZE);
	pid = xfork();
	if (pid == 0) {
		/* The pages are gone: touching them is a fault. */
		((volatile char *)a)[5 * PGSIZE] = 2;
		exit(0);
	}
	expect_killed(pid, "a store into the heap after shrinking it");
	/* The same in the process that shrank (the fork copied nothing wrong). */
	pid = xfork();
	if (pid == 0) {
		(void)((volatile char *)a)[0];
		exit(0);
	}
	expect_killed(pid, "a load from the shrunk heap");
}

/* Grow the heap a MiB at a time, touching each page, until sbrk fails;
 * returns the MiB reached. A kernel that overcommits may kill us instead. */
static int eat_memory(void)
{
	int mib = 0;
	char *p;

	while ((p = sbrk(1 << 20)) != SBRK_ERROR) {
		for (int i = 0; i < (1 << 20); i += PGSIZE)
			p[i] = 1;
		mib++;
	}
	check(errno == ENOMEM, "sbrk failed with %s, expected ENOMEM", strerror(errno));
	return mib;
}

static void sbrk_oom(void)
{
	int pid = xfork(), status;

	if (pid == 0) {
		int mib = eat_memory();
		/* Give a little back: the process is usable again. */
		sbrk(-(4 << 20));
		check(mib >= 16, "out of memory after only %d MiB", mib);
		exit(0);
	}
	status = wait_for(pid);
	check(status != FAILED_STATUS, "the memory eater failed");
	/* Whatever happened to it, its memory is free: a second round fits. */
	pid = xfork();
	if (pid == 0) {
		eat_memory();
		exit(0);
	}
	status = wait_for(pid);
	check(status != FAILED_STATUS, "the second memory eater failed");
}

/* With memory exhausted, fork and exec must fail cleanly (or succeed). */
static void oom_fork_exec(void)
{
	int pid = xfork();

	if (pid == 0) {
		char *argv[] = { "usertests", "-argc", 0 };
		int child, status;

		eat_memory();
		child = fork();
		if (child == 0)
			exit(0);
		if (child < 0)
			check(errno == ENOMEM || errno == EAGAIN,
			      "fork out of memory: %s", strerror(errno));
		else
			check(wait(&status) == child, "wait for the oom fork");
		exec("/usertests", argv);	/* exits 1 (wrong argc) if it runs */
		check(errno == ENOMEM || errno == E2BIG || errno == EAGAIN,
		      "exec out of memory: %s", strerror(errno));
		exit(0);
	}
	int status = wait_for(pid);
	check(status != FAILED_STATUS, "out-of-memory fork/exec");
	/* And the system recovered: a fork works. */
	pid = xfork();
	if (pid == 0)
		exit(3);
	check(wait_for(pid) == 3, "fork after the memory exhaustion");
}

static void fork_memory(void)
{
	static int global = 41;
	char *heap = sbrk(PGSIZE);
	int pid;

	heap[100] = 'p';
	pid = xfork();
	if (pid == 0) {
		if (global != 41 || heap[100] != 'p')
			exit(1);
		global = 1;
		heap[100] = 'c';
		exit(0);
	}
	check(wait_for(pid) == 0, "the child did not see the parent's memory");
	check(global == 41 && heap[100] == 'p', "the child's writes reached the parent");
}

/* Each call takes a frame of over 512 bytes, which the compiler cannot
 * fold away: the volatile array is used after the recursive call. */
static int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	pad[511] = 1;
	if (n == 0)
		return 0;
	return recurse(n - 1) + pad[0] + pad[511] - (char)n;
}

/* Recursion within the stack works; without end, the process is killed
 * (Pagoda's stack does not grow; Linux's grows to its rlimit, then the
 * same SIGSEGV), and nothing else is hurt. */
static void stack_overflow(void)
{
	int pid = xfork();

	if (pid == 0)
		exit(recurse(40) == 40 ? 0 : 1);	/* about 20 KiB deep */
	check(wait_for(pid) == 0, "a 20 KiB recursion went wrong");
	pid = xfork();
	if (pid == 0) {
		recurse(1 << 22);			/* about 2 GiB deep */
		exit(0);
	}
	expect_killed(pid, "an endless recursion");
	pid = xfork();
	if (pid == 0)
		exit(recurse(40) == 40 ? 0 : 1);
	check(wait_for(pid) == 0, "a recursion after the overflow went wrong");
}

