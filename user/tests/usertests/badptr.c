/*
 * usertests: bad pointers and huge lengths handed to system calls.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * counterpart is LTP's testcases/kernel/syscalls, a directory per call.
 */

/*
 * Addresses a system call must refuse with EFAULT: NULL and page 0, the
 * unmapped pages below the program, the kernel's linear map and text,
 * the very top of the address space, the first byte above user space,
 * non-canonical and beyond-Sv48 addresses.
 */
static const uint64 bad_addrs[] = {
	0, 1, 0x1000, USER_TEXT_START - 8, KERNBASE, KERNBASE + 0x1000000,
	TRAMPOLINE, TRAPFRAME, 0xffffffffffffffffUL, 0xfffffffffffff000UL,
	USER_STACK_TOP, 0x0000800000001000UL, 0x8000000000000000UL,
	0x0001000000000000UL,
};
#define NBAD (sizeof(bad_addrs) / sizeof(bad_addrs[0]))

/* Unmapped user addresses: far above the heap, below the stack. */
static uint64 hole_addr(void)
{
	return ((uint64)sbrk(0) + 64 * PGSIZE + PGSIZE - 1) & ~(uint64)(PGSIZE - 1);
}

/* A buffer whose first bytes are the top of the stack and whose rest
 * runs past the end of user space. */
#define PAST_TOP ((char *)(USER_STACK_TOP - 16))

static void badptr_read(void)
{
	int fd;

	put_file("ut.br", "0123456789", 10);
	fd = open("ut.br", O_RDONLY);
	check(fd >= 0, "open ut.br: %s", strerror(errno));
	for (int i = 0; i < NBAD; i++)
		EXPECT_ERR(read(fd, (void *)bad_addrs[i], 10), EFAULT);
	EXPECT_ERR(read(fd, (void *)hole_addr(), 10), EFAULT);
	EXPECT_ERR(read(fd, PAST_TOP, 64), EFAULT);
	/* The failures consumed nothing a later read could miss, or at least
	 * did not break the descriptor. */
	check(read(fd, buf, 10) >= 0, "read after EFAULTs: %s", strerror(errno));
	close(fd);
	/* A read of 0 bytes touches no memory (but a kernel address is still
	 * refused, as Linux's access_ok does). */
	fd = open("ut.br", O_RDONLY);
	check(read(fd, 0, 0) == 0, "read of 0 bytes to NULL: %s", strerror(errno));
	close(fd);
	unlink("ut.br");
}

static void badptr_write(void)
{
	int fd = make_file("ut.bw", 0, 0), p[2];

	for (int i = 0; i < NBAD; i++) {
		EXPECT_ERR(write(fd, (void *)bad_addrs[i], 10), EFAULT);
		EXPECT_ERR(write(1, (void *)bad_addrs[i], 10), EFAULT);
	}
	EXPECT_ERR(write(fd, (void *)hole_addr(), 10), EFAULT);
	EXPECT_ERR(write(fd, PAST_TOP, 64), EFAULT);
	check(file_size(fd) == 0, "EFAULT writes left %d bytes in the file", file_size(fd));
	EXPECT_OK(pipe(p));
	for (int i = 0; i < NBAD; i++)
		EXPECT_ERR(write(p[1], (void *)bad_addrs[i], 10), EFAULT);
	check(write(p[1], "ok", 2) == 2, "pipe write after EFAULTs");
	for (int i = 0; i < NBAD; i++)
		EXPECT_ERR(read(p[0], (void *)bad_addrs[i], 2), EFAULT);
	close(p[0]);
	close(p[1]);
	close(fd);
	unlink("ut.bw");
}

static void badptr_pipe(void)
{
	int before = lowest_free_fd();

	for (int i = 0; i < NBAD; i++)
		EXPECT_ERR(pipe((int *)bad_addrs[i]), EFAULT);
	EXPECT_ERR(pipe((int *)hole_addr()), EFAULT);
	EXPECT_ERR(pipe((int *)(USER_STACK_TOP - 4)), EFAULT);	/* the 2nd int is past the top */
	check(lowest_free_fd() == before,
	      "failed pipe() calls leaked descriptors (lowest free %d, was %d)",
	      lowest_free_fd(), before);
}

static void badptr_fstat(void)
{
	int fd = make_file("ut.bf", "x", 1);

	for (int i = 0; i < NBAD; i++)
		EXPECT_ERR(fstat(fd, (struct stat *)bad_addrs[i]), EFAULT);
	EXPECT_ERR(fstat(fd, (struct stat *)(USER_STACK_TOP - 8)), EFAULT);
	check(file_size(fd) == 1, "fstat after EFAULTs");
	close(fd);
	unlink("ut.bf");
}

/* A path string with no NUL before the end of user space. */
static char *unterminated_path(void)
{
	memset(PAST_TOP, 'a', 16);
	return PAST_TOP;
}

static void badptr_path(void)
{
	char *argv[] = { "usertests", 0 };

	for (int i = 0; i < NBAD; i++) {
		const char *p = (const char *)bad_addrs[i];

		EXPECT_ERR(open(p, O_RDONLY), EFAULT);
		EXPECT_ERR(open(p, O_CREATE | O_RDWR), EFAULT);
		EXPECT_ERR(mkdir(p), EFAULT);
		EXPECT_ERR(unlink(p), EFAULT);
		EXPECT_ERR(chdir(p), EFAULT);
		EXPECT_ERR(link(p, "ut.bp"), EFAULT);
		EXPECT_ERR(link("usertests", p), EFAULT);
		EXPECT_ERR(mknod(p, 1, 0), EFAULT);
		EXPECT_ERR(exec(p, argv), EFAULT);
	}
	EXPECT_ERR(open((char *)hole_addr(), O_RDONLY), EFAULT);
	/* Runs off the end of user space while looking for the NUL. */
	EXPECT_ERR2(open(unterminated_path(), O_RDONLY), EFAULT, ENAMETOOLONG);
	EXPECT_ERR2(mkdir(unterminated_path()), EFAULT, ENAMETOOLONG);
	EXPECT_ERR2(exec(unterminated_path(), argv), EFAULT, ENAMETOOLONG);
	EXPECT_ERR(open("ut.bp", O_RDONLY), ENOENT);	/* no link was made */
}

static void badptr_exec_argv(void)
{
	char *argv[4];

	/* Were one of these exec()s to succeed, usertests -argc would exit 1. */
	for (int i = 0; i < NBAD; i++) {
		if (bad_addrs[i] == 0)	/* argv == 0 and argv[2] == 0 are allowed */
			continue;
		EXPECT_ERR(exec("/usertests", (char **)bad_addrs[i]), EFAULT);
		argv[0] = "usertests";
		argv[1] = "-argc";
		argv[2] = (char *)bad_addrs[i];
		argv[3] = 0;
		EXPECT_ERR(exec("/usertests", argv), EFAULT);
	}
	/* An argv array running past the top, with no terminating 0. */
	memset(PAST_TOP, 0x11, 16);
	EXPECT_ERR(exec("/usertests", (char **)PAST_TOP), EFAULT);
	/* An array whose entries point at the unterminated string. */
	argv[0] = "usertests";
	argv[1] = "-argc";
	argv[2] = unterminated_path();
	argv[3] = 0;
	EXPECT_ERR2(exec("/usertests", argv), EFAULT, E2BIG);
}

static void badptr_wait(void)
{
	int status, left = 2;

	for (int i = 0; i < 2; i++)
		if (xfork() == 0)
			exit(7);
	sleep(5);		/* let them become zombies */
	EXPECT_ERR(wait((int *)KERNBASE), EFAULT);
	EXPECT_ERR(wait((int *)(USER_STACK_TOP - 2)), EFAULT);
	/* Linux reaps the child even when it cannot store the status; xv6
	 * leaves it. Either way, good waits then find what is left. */
	while (wait(&status) > 0) {
		check(status == 7, "exit status %d, expected 7", status);
		left--;
	}
	check(left >= 0, "more children reaped than there were");
	check(errno == ECHILD, "wait ended with %s", strerror(errno));
}

static void badptr_readonly(void)
{
	int fd, p[2];

	put_file("ut.ro", "0123456789", 10);
	fd = open("ut.ro", O_RDONLY);
	/* The program's text is mapped read-only: the kernel must not write it. */
	EXPECT_ERR(read(fd, (void *)badptr_readonly, 10), EFAULT);
	close(fd);
	EXPECT_OK(pipe(p));
	write(p[1], "xy", 2);
	EXPECT_ERR(read(p[0], (void *)badptr_readonly, 2), EFAULT);
	EXPECT_ERR(pipe((int *)badptr_readonly), EFAULT);
	EXPECT_ERR(fstat(0, (struct stat *)badptr_readonly), EFAULT);
	close(p[0]);
	close(p[1]);
	unlink("ut.ro");
}

static void hugelen(void)
{
	int fd, p[2], n;
	char small[64];

	put_file("ut.hl", "0123456789", 10);
	fd = open("ut.hl", O_RDWR);
	EXPECT_ERR2(read(fd, small, -1), EFAULT, EINVAL);
	EXPECT_ERR2(write(fd, small, -1), EFAULT, EINVAL);
	EXPECT_ERR2(read(fd, small, (int)0x80000000), EFAULT, EINVAL);
	/* A huge count with a small buffer: only the file's 10 bytes are
	 * copied (Linux returns them), or the whole range is refused. */
	n = read(fd, small, 0x7fffffff);
	check(n == 10 || (n == -1 && errno == EFAULT),
	      "read(10-byte file, 64-byte buffer, 0x7fffffff) returned %d (%s)", n,
	      n < 0 ? strerror(errno) : "");
	close(fd);
	/* Writing 2 GiB from a small buffer runs into unmapped memory: an
	 * error, or a short count that is what the file then holds. */
	fd = make_file("ut.hl", 0, 0);
	n = write(fd, small, 0x7fffffff);
	check(n == -1 ? errno == EFAULT : n < 0x7fffffff,
	      "write(2 GiB from a 64-byte buffer) returned %d", n);
	check(file_size(fd) == (n < 0 ? file_size(fd) : n),
	      "write returned %d but the file holds %d", n, file_size(fd));
	close(fd);
	unlink("ut.hl");
	EXPECT_OK(pipe(p));
	EXPECT_ERR2(write(p[1], small, -5), EFAULT, EINVAL);
	EXPECT_ERR2(read(p[0], small, -5), EFAULT, EINVAL);
	close(p[0]);
	close(p[1]);
}
