/*
 * usertests: reporting a failure, checking an errno, and the helpers every test uses.
 *
 * Part of usertests.c, which #includes every file of this directory
 * into one program (one translation unit, so the helpers in common.c
 * stay static); nothing here is built on its own. Linux's
 * kselftest keeps the like in tools/testing/selftests/kselftest.h.
 */

#define FAILED_STATUS 99	/* a test child that printed its own FAILED line */
#define KILLED_SETTLE 100	/* ticks a killed process gets to be gone */
#define PGSIZE 4096

/* Allowed drift of free memory over a run, kB: see docs/testing.md. */
#define LEAK_TOLERANCE_KB 512
/* Page tables of the usertests process itself may grow with its heap. */
#define PAGETABLE_TOLERANCE_KB 16

static const char *current;	/* the test running in this process */
static char buf[16384];

static void __attribute__((noreturn, format(printf, 2, 3)))
fail_at(int line, const char *fmt, ...)
{
	char msg[256];
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	__builtin_va_end(ap);
	printf("test %s: FAILED line %d: %s\n", current, line, msg);
	exit(FAILED_STATUS);
}
#define fail(...) fail_at(__LINE__, __VA_ARGS__)
#define check(cond, ...) do { if (!(cond)) fail_at(__LINE__, __VA_ARGS__); } while (0)

/* `ret` must be -1 with errno `err` (or `err2`, when nonzero). */
static void expect_error(int line, const char *what, long ret, int err, int err2)
{
	if (ret == -1 && (errno == err || (err2 && errno == err2)))
		return;
	if (ret != -1)
		fail_at(line, "%s returned %ld, expected -1 (%s)", what, ret, strerror(err));
	fail_at(line, "%s: errno %d (%s), expected %d (%s)", what, errno,
		strerror(errno), err, strerror(err));
}
#define EXPECT_ERR(call, err) expect_error(__LINE__, #call, (long)(call), err, 0)
#define EXPECT_ERR2(call, e1, e2) expect_error(__LINE__, #call, (long)(call), e1, e2)
#define EXPECT_OK(call) do { long r_ = (long)(call); \
	if (r_ < 0) fail_at(__LINE__, "%s: %s", #call, strerror(errno)); } while (0)

/* A system call with any arguments, bypassing the library's types. Returns
 * what the kernel returned: a value >= 0, or a negative errno. */
static long raw_syscall(long n, long a, long b, long c)
{
	register long a0 asm("a0") = a;
	register long a1 asm("a1") = b;
	register long a2 asm("a2") = c;
	register long a7 asm("a7") = n;

	asm volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

static int xfork(void)
{
	int pid = fork();

	if (pid < 0)
		fail("fork: %s", strerror(errno));
	return pid;
}

/* Wait for `pid` and return its exit status. */
static int wait_for(int pid)
{
	int status, got = wait(&status);

	if (got != pid)
		fail("wait returned %d (%s), expected child %d", got,
		     got < 0 ? strerror(errno) : "another child", pid);
	return status;
}

/* Wait for a child that must have been killed (exit status not 0). */
static void expect_killed(int pid, const char *what)
{
	int status = wait_for(pid);

	if (status == 0)
		fail("%s: the child survived (exit status 0)", what);
}

static int make_file(const char *name, const char *data, int n)
{
	int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);

	if (fd < 0)
		fail("create %s: %s", name, strerror(errno));
	if (n && write(fd, data, n) != n)
		fail("write %s: %s", name, strerror(errno));
	return fd;
}

static void put_file(const char *name, const char *data, int n)
{
	close(make_file(name, data, n));
}

static int file_size(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		fail("fstat %d: %s", fd, strerror(errno));
	return (int)st.size;
}

/* The lowest free descriptor: what the next open() would return. */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	if (fd < 0)
		fail("dup(0): %s", strerror(errno));
	close(fd);
	return fd;
}

/*
 * Write `how` to /proc/sys/vm/drop_caches: "1" the clean page cache, so
 * the next read comes from the disk; "3" unused inodes too. 0 or -1.
 */
static int drop_caches(const char *how)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY), n;

	if (fd < 0)
		return -1;
	n = write(fd, how, strlen(how));
	close(fd);
	return n == (int)strlen(how) ? 0 : -1;
}
