/*
 * usertests: Pagoda's system-call test suite, run from the shell.
 *
 *   usertests              every test, then the leak check
 *   usertests NAME...      only these tests (then the leak check)
 *   usertests -l           list the tests
 *
 * Every system call is tried with good and bad arguments (bad and kernel
 * pointers, huge lengths, bad descriptors and flags, broken ELF files),
 * and the kernel is pushed to its limits (out of memory, out of
 * processes, out of file descriptors, a full disk) to check it fails
 * cleanly and recovers. In the spirit of xv6's usertests, written afresh.
 *
 * Each test runs in a child process of its own, so a test that crashes
 * takes only itself down. It prints "test NAME: OK" or
 * "test NAME: FAILED why"; at the end "ALL TESTS PASSED" or the names of
 * those that failed. grading/grade_usertests.py reads the table at the
 * bottom (one `{ "name", function, seconds },` per line: the seconds are
 * the test's time limit under grading) and runs the tests in batches.
 *
 * The leak check reads MemFree from /proc/meminfo (plus the pages on the
 * per-CPU lists, from /proc/zoneinfo) before the first test and after the
 * last: docs/testing.md says why they may differ by up to LEAK_TOLERANCE_KB.
 *
 * Tests make files named ut.* in the current directory (run it from /)
 * and remove them.
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "user/user.h"
#include "user/errno.h"
#include "user/proc.h"

#define FAILED_STATUS 99	/* a test child that printed its own FAILED line */
#define KILLED_SETTLE 100	/* ticks a killed process gets to be gone */
#define PGSIZE 4096

/* Allowed drift of free memory over a run, kB: see docs/testing.md. */
#define LEAK_TOLERANCE_KB 512

static const char *current;	/* the test running in this process */
static char buf[16384];

/* ---- reporting ---- */

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

/* ---- bad pointers ---- */

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

/* ---- descriptors and flags ---- */

static void badfd(void)
{
	static const int fds[] = { -1, -1000, NOFILE, NOFILE + 1, 1000000, 0x7fffffff,
				   (int)0x80000000, 40 };
	struct stat st;
	char c;

	for (int i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		int fd = fds[i];

		EXPECT_ERR(read(fd, &c, 1), EBADF);
		EXPECT_ERR(write(fd, "x", 1), EBADF);
		EXPECT_ERR(close(fd), EBADF);
		EXPECT_ERR(fstat(fd, &st), EBADF);
		EXPECT_ERR(dup(fd), EBADF);
	}
	int fd = make_file("ut.fd", "x", 1);
	EXPECT_OK(close(fd));
	EXPECT_ERR(close(fd), EBADF);
	EXPECT_ERR(read(fd, &c, 1), EBADF);
	unlink("ut.fd");
}

static void openflags(void)
{
	int fd;
	char c[4];

	EXPECT_ERR(open("/", O_WRONLY), EISDIR);
	EXPECT_ERR(open("/", O_RDWR), EISDIR);
	EXPECT_ERR(open("/", O_CREATE | O_RDWR), EISDIR);
	fd = open("/", O_RDONLY);
	check(fd >= 0, "open / read-only: %s", strerror(errno));
	EXPECT_ERR(write(fd, "x", 1), EBADF);	/* not open for writing */
	close(fd);
	EXPECT_ERR(open("ut.none", O_RDONLY), ENOENT);
	EXPECT_ERR(open("", O_RDONLY), ENOENT);
	EXPECT_ERR(open("ut.nodir/f", O_CREATE | O_RDWR), ENOENT);

	put_file("ut.of", "abc", 3);
	EXPECT_ERR(open("ut.of/x", O_RDONLY), ENOTDIR);
	EXPECT_ERR(open("ut.of/x", O_CREATE | O_RDWR), ENOTDIR);
	fd = open("ut.of", O_RDONLY);
	EXPECT_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	fd = open("ut.of", O_WRONLY);
	EXPECT_ERR(read(fd, c, 1), EBADF);
	close(fd);
	/* O_CREATE on an existing file opens it as it is... */
	fd = open("ut.of", O_CREATE | O_RDWR);
	check(fd >= 0 && file_size(fd) == 3, "O_CREATE of an existing file changed it");
	close(fd);
	/* ...and O_TRUNC empties it. */
	fd = open("ut.of", O_RDWR | O_TRUNC);
	check(fd >= 0 && file_size(fd) == 0, "O_TRUNC left %d bytes", file_size(fd));
	close(fd);
	unlink("ut.of");
}

static void dup_fds(void)
{
	int fd, fd2, fds[NOFILE], n = 0;

	fd = make_file("ut.dup", 0, 0);
	fd2 = dup(fd);
	check(fd2 >= 0 && fd2 != fd, "dup returned %d", fd2);
	/* The two descriptors share one offset. */
	write(fd, "ab", 2);
	write(fd2, "cd", 2);
	close(fd);
	check(file_size(fd2) == 4, "writes through dup'd descriptors overlapped");
	close(fd2);
	fd = open("ut.dup", O_RDONLY);
	check(read(fd, buf, 10) == 4 && memcmp(buf, "abcd", 4) == 0, "content after dup writes");
	close(fd);
	/* Until the table is full, then EMFILE; all usable again after. */
	while ((fd = dup(0)) >= 0)
		fds[n++] = fd;
	check(errno == EMFILE, "dup stopped with %s, expected EMFILE", strerror(errno));
	check(n >= NOFILE - 8, "only %d dups fit in a table of %d", n, NOFILE);
	int p[2];
	EXPECT_ERR(pipe(p), EMFILE);
	EXPECT_ERR(open("/", O_RDONLY), EMFILE);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	fd = open("/", O_RDONLY);
	check(fd >= 0, "open after closing the dups: %s", strerror(errno));
	close(fd);
	unlink("ut.dup");
}

/* ---- exec ---- */

struct elfhdr {
	uint magic;
	uchar elf[12];
	ushort type, machine;
	uint version;
	uint64 entry, phoff, shoff;
	uint flags;
	ushort ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct proghdr {
	uint32 type, flags;
	uint64 off, vaddr, paddr, filesz, memsz, align;
};

#define ELF_MAGIC 0x464C457FU
#define PT_LOAD 1
#define TINY_EXIT 42

/*
 * A tiny, valid ELF built here: one PT_LOAD segment at USER_TEXT_START
 * holding the headers and three instructions, exit(TINY_EXIT). The bad
 * variants below are this file with one field damaged.
 */
struct tiny_elf {
	struct elfhdr eh;
	struct proghdr ph;
	uint code[3];
};

static void tiny_elf(struct tiny_elf *t)
{
	memset(t, 0, sizeof(*t));
	t->eh.magic = ELF_MAGIC;
	t->eh.elf[0] = 2;		/* ELFCLASS64 */
	t->eh.elf[1] = 1;		/* little endian */
	t->eh.elf[2] = 1;		/* version */
	t->eh.type = 2;			/* ET_EXEC */
	t->eh.machine = 243;		/* EM_RISCV */
	t->eh.version = 1;
	t->eh.entry = USER_TEXT_START + sizeof(t->eh) + sizeof(t->ph);
	t->eh.phoff = sizeof(t->eh);
	t->eh.ehsize = sizeof(t->eh);
	t->eh.phentsize = sizeof(t->ph);
	t->eh.phnum = 1;
	t->ph.type = PT_LOAD;
	t->ph.flags = 5;		/* R + X */
	t->ph.off = 0;
	t->ph.vaddr = t->ph.paddr = USER_TEXT_START;
	t->ph.filesz = t->ph.memsz = sizeof(*t);
	t->ph.align = PGSIZE;
	t->code[0] = 0x00000513 | (TINY_EXIT << 20);	/* li a0, TINY_EXIT */
	t->code[1] = 0x00000893 | (SYS_exit << 20);	/* li a7, SYS_exit */
	t->code[2] = 0x00000073;			/* ecall */
}

/* exec `size` bytes of `data` as ut.elf: must be refused, and leave us be. */
static void exec_refused(int size, const void *data, const char *what)
{
	char *argv[] = { "ut.elf", 0 };
	int r;

	put_file("ut.elf", data, size);
	r = exec("ut.elf", argv);
	/* Still here: the old image is intact. */
	check(r == -1, "exec of %s returned %d", what, r);
	check(errno == ENOEXEC || errno == EINVAL || errno == EIO || errno == ENOMEM ||
	      errno == EFAULT || errno == E2BIG || errno == EACCES || errno == EPERM,
	      "exec of %s: errno %d (%s)", what, errno, strerror(errno));
	unlink("ut.elf");
}

/* A tiny ELF with one field damaged by `patch`, which must be refused. */
static void exec_patched(void (*patch)(struct tiny_elf *t), const char *what)
{
	struct tiny_elf t;

	tiny_elf(&t);
	patch(&t);
	exec_refused(sizeof(t), &t, what);
}

static void bad_magic(struct tiny_elf *t) { t->eh.magic = 0x464C4500; }
static void bad_class(struct tiny_elf *t) { t->eh.elf[0] = 1; /* 32-bit */ }
static void bad_machine(struct tiny_elf *t) { t->eh.machine = 62; /* x86-64 */ }
static void bad_phentsize(struct tiny_elf *t) { t->eh.phentsize = 12; }
static void bad_phoff(struct tiny_elf *t) { t->eh.phoff = 4096; }
static void huge_phoff(struct tiny_elf *t) { t->eh.phoff = ~0UL - 8; }
static void many_ph(struct tiny_elf *t) { t->eh.phnum = 0xffff; }
static void filesz_gt_memsz(struct tiny_elf *t) { t->ph.memsz = 16; }
static void kernel_vaddr(struct tiny_elf *t) { t->ph.vaddr = KERNBASE; }
static void trampoline_vaddr(struct tiny_elf *t) { t->ph.vaddr = TRAMPOLINE; }
static void top_vaddr(struct tiny_elf *t) { t->ph.vaddr = USER_STACK_TOP - PGSIZE; t->ph.memsz = 2 * PGSIZE; }
static void wrapping_vaddr(struct tiny_elf *t) { t->ph.vaddr = ~0UL - 4095; t->ph.memsz = 8192; }
static void page0_vaddr(struct tiny_elf *t) { t->ph.vaddr = 0; }
static void huge_memsz(struct tiny_elf *t) { t->ph.memsz = 1UL << 46; }
static void offset_past_end(struct tiny_elf *t) { t->ph.off = 65536; }
static void filesz_past_end(struct tiny_elf *t) { t->ph.filesz = t->ph.memsz = 65536; }
static void unaligned(struct tiny_elf *t) { t->ph.vaddr += 12; }

static void exec_badelf(void)
{
	static const char script[] = "#!/bin/sh\necho not an ELF\n";
	struct tiny_elf t;
	int marker = 12345, pid;

	/* The tiny ELF itself is good: it runs and exits TINY_EXIT. */
	tiny_elf(&t);
	put_file("ut.elf", (char *)&t, sizeof(t));
	pid = xfork();
	if (pid == 0) {
		exec("ut.elf", (char *[]){ "ut.elf", 0 });
		fail("exec of the good tiny ELF: %s", strerror(errno));
	}
	check(wait_for(pid) == TINY_EXIT, "the tiny ELF did not exit %d", TINY_EXIT);
	unlink("ut.elf");

	exec_refused(sizeof(script) - 1, script, "a shell script");
	exec_refused(0, "", "an empty file");
	exec_refused(3, "\177EL", "3 bytes of ELF magic");
	exec_refused(40, &t, "the first 40 bytes of an ELF header");
	exec_refused(sizeof(t.eh) + 20, &t, "an ELF cut inside its program header");
	exec_patched(bad_magic, "bad magic");
	exec_patched(bad_class, "a 32-bit ELF");
	exec_patched(bad_machine, "an x86-64 ELF");
	exec_patched(bad_phentsize, "phentsize 12");
	exec_patched(bad_phoff, "program headers past the end");
	exec_patched(huge_phoff, "phoff near 2^64");
	exec_patched(many_ph, "65535 program headers");
	exec_patched(filesz_gt_memsz, "filesz > memsz");
	exec_patched(kernel_vaddr, "a segment at KERNBASE");
	exec_patched(trampoline_vaddr, "a segment at TRAMPOLINE");
	exec_patched(top_vaddr, "a segment past the top of user space");
	exec_patched(wrapping_vaddr, "a segment wrapping past 2^64");
	exec_patched(page0_vaddr, "a segment at address 0");
	exec_patched(huge_memsz, "a 64 TiB segment");
	exec_patched(offset_past_end, "segment data past the end");
	exec_patched(filesz_past_end, "filesz past the end");
	exec_patched(unaligned, "a vaddr not congruent to its offset");
	EXPECT_ERR(exec("/", (char *[]){ "/", 0 }), EACCES);
	EXPECT_ERR(exec("ut.none", (char *[]){ "ut.none", 0 }), ENOENT);
	check(marker == 12345, "a failed exec changed this process's memory");
}

static void exec_args(void)
{
	char *argv[MAXARG + 2];
	char *big;
	int pid;

	/* The new image gets exactly the arguments: usertests -argc checks. */
	pid = xfork();
	if (pid == 0) {
		char *args[] = { "usertests", "-argc", "a", "bb", "", "dddd", 0 };
		exec("/usertests", args);
		fail("exec /usertests: %s", strerror(errno));
	}
	check(wait_for(pid) == 0, "the exec'd program saw the wrong arguments");
	/* MAXARG arguments and more: E2BIG. */
	for (int i = 0; i < MAXARG + 1; i++)
		argv[i] = "x";
	argv[MAXARG + 1] = 0;
	EXPECT_ERR(exec("/usertests", argv), E2BIG);
	/* One argument bigger than the stack (and than Linux's 128 KiB). */
	big = sbrk(200 * 1024);
	check(big != SBRK_ERROR, "sbrk");
	memset(big, 'z', 200 * 1024 - 1);
	big[200 * 1024 - 1] = 0;
	argv[0] = "usertests";
	argv[1] = big;
	argv[2] = 0;
	EXPECT_ERR2(exec("/usertests", argv), E2BIG, ENOMEM);
}

/* The exec'd half of exec_args: exit 0 iff the arguments arrived intact. */
static int check_argc(int argc, char **argv)
{
	static const char *want[] = { "usertests", "-argc", "a", "bb", "", "dddd" };

	if (argc != 6 || argv[argc] != 0)
		return 1;
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], want[i]) != 0)
			return 2;
	return 0;
}

/* ---- memory ---- */

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

/* ---- processes ---- */

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

/* ---- pipes ---- */

static void manypipes(void)
{
	int fds[NOFILE + 2][2], n = 0, again = 0;

	while (pipe(fds[n]) == 0)
		n++;
	check(errno == EMFILE, "pipe failed with %s, expected EMFILE", strerror(errno));
	check(n >= (NOFILE - 8) / 2, "only %d pipes fit", n);
	for (int i = 0; i < n; i++) {
		write(fds[i][1], &i, sizeof(i));
		int got = -1;
		check(read(fds[i][0], &got, sizeof(got)) == sizeof(got) && got == i, "pipe %d", i);
	}
	for (int i = 0; i < n; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	while (pipe(fds[again]) == 0)
		again++;
	check(again == n, "%d pipes fit the second time, %d the first", again, n);
	for (int i = 0; i < again; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
}

static void pipe_data(void)
{
	static const int sizes[] = { 1, 7, 512, 4096, 5000, 16384 };
	int p[2], pid, total = 0, n;
	uint sum = 0, want = 0;
	char c;

	EXPECT_OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		close(p[0]);
		for (int round = 0, k = 0; round < 20; round++)
			for (int s = 0; s < 6; s++) {
				for (int i = 0; i < sizes[s]; i++)
					buf[i] = (char)(k++ * 13);
				if (write(p[1], buf, sizes[s]) != sizes[s])
					exit(1);
			}
		exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, 3000)) > 0) {
		for (int i = 0; i < n; i++)
			sum = sum * 31 + (uchar)buf[i];
		total += n;
	}
	check(n == 0, "pipe read at the end: %d (%s)", n, strerror(errno));
	for (int k = 0; k < total; k++)
		want = want * 31 + (uchar)(char)(k * 13);
	check(wait_for(pid) == 0, "the writer failed");
	check(total == 20 * (1 + 7 + 512 + 4096 + 5000 + 16384), "%d bytes came through", total);
	check(sum == want, "the bytes came through changed");
	check(read(p[0], &c, 1) == 0, "read after EOF");
	close(p[0]);
	/* No reader left: the writer gets EPIPE (xv6: -1; no SIGPIPE here). */
	EXPECT_OK(pipe(p));
	close(p[0]);
	EXPECT_ERR(write(p[1], "x", 1), EPIPE);
	EXPECT_ERR(read(p[1], &c, 1), EBADF);
	close(p[1]);
	EXPECT_OK(pipe(p));
	EXPECT_ERR(write(p[0], "x", 1), EBADF);
	close(p[0]);
	close(p[1]);
}

/* ---- files and directories ---- */

static void linkunlink(void)
{
	struct stat st;
	int fd;

	put_file("ut.l1", "hello", 5);
	EXPECT_OK(link("ut.l1", "ut.l2"));
	fd = open("ut.l2", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 2 && st.type == T_FILE, "nlink %d type %d after link", st.nlink, st.type);
	check(read(fd, buf, 10) == 5 && memcmp(buf, "hello", 5) == 0, "read through the link");
	close(fd);
	EXPECT_ERR(link("ut.l1", "ut.l2"), EEXIST);
	EXPECT_ERR(link("ut.none", "ut.l3"), ENOENT);
	EXPECT_ERR(link("ut.l1", "ut.nodir/x"), ENOENT);
	EXPECT_ERR(link("ut.l1", "ut.l2/x"), ENOTDIR);
	EXPECT_ERR(link("/", "ut.ld"), EPERM);		/* no hard links to directories */
	EXPECT_OK(unlink("ut.l1"));
	EXPECT_ERR(unlink("ut.l1"), ENOENT);
	EXPECT_ERR(open("ut.l1", O_RDONLY), ENOENT);
	fd = open("ut.l2", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 1, "nlink %d after unlinking one name", st.nlink);
	close(fd);
	EXPECT_OK(unlink("ut.l2"));
	EXPECT_ERR(unlink(""), ENOENT);
}

static void unlink_open(void)
{
	struct stat st;
	int fd;

	put_file("ut.uo", "still here", 10);
	fd = open("ut.uo", O_RDWR);
	EXPECT_OK(unlink("ut.uo"));
	EXPECT_ERR(open("ut.uo", O_RDONLY), ENOENT);
	check(read(fd, buf, 20) == 10 && memcmp(buf, "still here", 10) == 0,
	      "an unlinked open file lost its data");
	check(write(fd, "more", 4) == 4, "write to an unlinked open file");
	EXPECT_OK(fstat(fd, &st));
	check(st.nlink == 0 && st.size == 14, "nlink %d size %d", st.nlink, (int)st.size);
	close(fd);
	/* A new file of the same name is a new file. */
	put_file("ut.uo", "new", 3);
	fd = open("ut.uo", O_RDONLY);
	check(file_size(fd) == 3, "the new ut.uo");
	close(fd);
	unlink("ut.uo");
}

static void dirs(void)
{
	struct stat st;
	int fd;

	EXPECT_OK(mkdir("ut.d"));
	EXPECT_ERR(mkdir("ut.d"), EEXIST);
	EXPECT_ERR(mkdir("ut.nodir/x"), ENOENT);
	EXPECT_ERR(mkdir(""), ENOENT);
	put_file("ut.d/f", "x", 1);
	EXPECT_ERR(mkdir("ut.d/f"), EEXIST);
	EXPECT_ERR(mkdir("ut.d/f/x"), ENOTDIR);
	EXPECT_ERR(chdir("ut.d/f"), ENOTDIR);
	EXPECT_ERR(chdir("ut.none"), ENOENT);
	EXPECT_ERR2(unlink("ut.d"), ENOTEMPTY, EEXIST);
	check(unlink("ut.d/.") == -1, "unlink of . succeeded");
	check(unlink("ut.d/..") == -1, "unlink of .. succeeded");
	check(unlink("/") == -1, "unlink of / succeeded");
	fd = open("ut.d", O_RDONLY);
	EXPECT_OK(fstat(fd, &st));
	check(st.type == T_DIR, "a directory's type is %d", st.type);
	close(fd);
	EXPECT_OK(fstat(1, &st));
	check(st.type == T_DEVICE || st.type == T_FILE, "stdout's type is %d", st.type);
	/* chdir and relative paths. */
	EXPECT_OK(chdir("ut.d"));
	fd = open("f", O_RDONLY);
	check(fd >= 0, "open f inside ut.d: %s", strerror(errno));
	close(fd);
	fd = open("../ut.d/./f", O_RDONLY);
	check(fd >= 0, "open ../ut.d/./f: %s", strerror(errno));
	close(fd);
	EXPECT_OK(chdir(".."));
	EXPECT_OK(unlink("ut.d/f"));
	EXPECT_OK(unlink("ut.d"));		/* xv6: unlink removes an empty directory */
	EXPECT_ERR(open("ut.d", O_RDONLY), ENOENT);
	/* "/.." is "/". */
	EXPECT_OK(chdir("/.."));
	fd = open("usertests", O_RDONLY);
	check(fd >= 0, "after chdir /.., usertests is not in the current directory");
	close(fd);
}

#define DEPTH 40

static void deepdir(void)
{
	char path[3 * DEPTH + 16];
	int fd, n = 0;

	EXPECT_OK(mkdir("ut.deep"));
	EXPECT_OK(chdir("ut.deep"));
	for (int i = 0; i < DEPTH; i++) {
		EXPECT_OK(mkdir("d"));
		EXPECT_OK(chdir("d"));
	}
	put_file("f", "deep", 4);
	for (int i = 0; i < DEPTH; i++)
		EXPECT_OK(chdir(".."));
	EXPECT_OK(chdir(".."));
	n = snprintf(path, sizeof(path), "ut.deep");
	for (int i = 0; i < DEPTH; i++)
		n += snprintf(path + n, sizeof(path) - n, "/d");
	snprintf(path + n, sizeof(path) - n, "/f");
	fd = open(path, O_RDONLY);
	check(fd >= 0, "open %s: %s", path, strerror(errno));
	check(read(fd, buf, 10) == 4 && memcmp(buf, "deep", 4) == 0, "the deep file's data");
	close(fd);
	/* A path longer than MAXPATH is refused as such. */
	memset(buf, 'a', 300);
	buf[300] = 0;
	for (int i = 1; i < 300; i += 2)
		buf[i] = '/';
	EXPECT_ERR(open(buf, O_RDONLY), ENAMETOOLONG);
	/* Take it down from the bottom. */
	EXPECT_OK(unlink(path));
	for (int i = DEPTH; i > 0; i--) {
		path[7 + 2 * i] = 0;
		EXPECT_OK(unlink(path));
	}
	EXPECT_OK(unlink("ut.deep"));
}

static void longnames(void)
{
	char name[DIRSIZ + 8];
	int fd;

	memset(name, 'n', DIRSIZ);
	memmove(name, "ut.", 3);
	name[DIRSIZ] = 0;		/* exactly DIRSIZ characters: fits */
	put_file(name, "x", 1);
	fd = open(name, O_RDONLY);
	check(fd >= 0, "open a %d-character name: %s", DIRSIZ, strerror(errno));
	close(fd);
	name[DIRSIZ] = 'n';		/* one more: too long, not truncated */
	name[DIRSIZ + 1] = 0;
	EXPECT_ERR(open(name, O_CREATE | O_RDWR), ENAMETOOLONG);
	EXPECT_ERR(open(name, O_RDONLY), ENAMETOOLONG);
	EXPECT_ERR(mkdir(name), ENAMETOOLONG);
	name[DIRSIZ] = 0;
	EXPECT_OK(unlink(name));
}

static void mknod_dev(void)
{
	int fd, r;

	EXPECT_ERR(mknod("usertests", 1, 0), EEXIST);
	EXPECT_ERR(mknod("ut.nodir/x", 1, 0), ENOENT);
	/* A major no driver has: mknod may refuse it; open must. */
	r = mknod("ut.dev", 1000, 0);
	if (r == 0) {
		fd = open("ut.dev", O_RDWR);
		check(fd < 0 && (errno == ENXIO || errno == ENODEV),
		      "open of a device without a driver: %d (%s)", fd, strerror(errno));
		EXPECT_OK(unlink("ut.dev"));
	} else
		check(errno == EINVAL || errno == ENXIO || errno == ENODEV,
		      "mknod major 1000: %s", strerror(errno));
}

static void bigfile(void)
{
	/* Just past the direct and singly indirect blocks (11 + 256 KiB). */
	const int blocks = 272;
	int fd = make_file("ut.big", 0, 0), n;

	for (int b = 0; b < blocks; b += 4) {
		for (int i = 0; i < 4; i++)
			memset(buf + i * BSIZE, b + i, BSIZE);
		n = write(fd, buf, 4 * BSIZE);
		check(n == 4 * BSIZE, "write block %d: %d (%s)", b, n, strerror(errno));
	}
	check(file_size(fd) == blocks * BSIZE, "size %d", file_size(fd));
	close(fd);
	fd = open("ut.big", O_RDONLY);
	for (int b = 0; b < blocks; b++) {
		n = read(fd, buf, BSIZE);
		check(n == BSIZE, "read block %d: %d", b, n);
		for (int i = 0; i < BSIZE; i++)
			check(buf[i] == (char)b, "block %d byte %d is %d", b, i, buf[i]);
	}
	check(read(fd, buf, 1) == 0, "read past the end");
	close(fd);
	EXPECT_OK(unlink("ut.big"));
}

#define NCREATORS 8
#define NFILES 8

/* Several processes (more than harts) make, check and remove files at
 * once, some with names of their own, some with names they all use. */
static void concreate(void)
{
	int pids[NCREATORS];
	char name[32];

	for (int c = 0; c < NCREATORS; c++) {
		pids[c] = xfork();
		if (pids[c])
			continue;
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < NFILES; i++) {
				snprintf(name, sizeof(name), "ut.cc%d.%d", c, i);
				int fd = open(name, O_CREATE | O_RDWR | O_TRUNC);
				if (fd < 0 || write(fd, name, 32) != 32)
					exit(1);
				close(fd);
				snprintf(name, sizeof(name), "ut.cs%d", i);
				fd = open(name, O_CREATE | O_RDWR);
				if (fd < 0)
					exit(2);
				close(fd);
			}
			for (int i = 0; i < NFILES; i++) {
				char got[32];
				snprintf(name, sizeof(name), "ut.cc%d.%d", c, i);
				int fd = open(name, O_RDONLY);
				if (fd < 0 || read(fd, got, 32) != 32 || strcmp(got, name) != 0)
					exit(3);
				close(fd);
				if (unlink(name) < 0)
					exit(4);
				snprintf(name, sizeof(name), "ut.cs%d", i);
				unlink(name);	/* a sibling may have beaten us to it */
			}
		}
		exit(0);
	}
	for (int c = 0; c < NCREATORS; c++) {
		int status;
		check(wait(&status) > 0, "wait");
		check(status == 0, "a creator failed at step %d", status);
	}
	/* Nothing left behind, and no name twice. */
	struct dirent de;
	int fd = open(".", O_RDONLY), left = 0;
	while (read(fd, &de, sizeof(de)) == sizeof(de))
		if (de.inum && strncmp(de.name, "ut.c", 4) == 0)
			left++;
	close(fd);
	check(left == 0, "%d ut.c* files left behind", left);
}

/* Write until the disk is full, free it, and check the space came back. */
static int fill_disk(const char *name)
{
	int fd = make_file(name, 0, 0), n, total = 0;

	memset(buf, 'F', sizeof(buf));
	for (;;) {
		n = write(fd, buf, 8192);
		if (n < 0)
			break;
		total += n;
		if (n < 8192) {
			n = write(fd, buf, 8192);	/* short: the next one fails */
			check(n < 0, "a write after a short write returned %d", n);
			break;
		}
	}
	check(errno == ENOSPC || errno == EFBIG, "writing stopped with %s, expected ENOSPC",
	      strerror(errno));
	check(file_size(fd) == total, "the file holds %d of the %d bytes written",
	      file_size(fd), total);
	close(fd);
	return total;
}

static void fulldisk(void)
{
	int first, second, fd;

	first = fill_disk("ut.full1");
	check(first > 1024 * 1024, "the disk was full after %d bytes", first);
	/* While full: creating a file may work (a free inode), writing not. */
	fd = open("ut.full2", O_CREATE | O_RDWR);
	if (fd >= 0) {
		EXPECT_ERR2(write(fd, buf, 4096), ENOSPC, EFBIG);
		close(fd);
		unlink("ut.full2");
	}
	EXPECT_OK(unlink("ut.full1"));
	second = fill_disk("ut.full1");
	check(second >= first - 16 * BSIZE, "only %d bytes fit after freeing %d", second, first);
	EXPECT_OK(unlink("ut.full1"));
}

/* ---- the runner ---- */

struct test {
	const char *name;
	void (*fn)(void);
	int limit;		/* seconds, for grading/grade_usertests.py */
};

static struct test tests[] = {
	{ "badptr_read", badptr_read, 5 },
	{ "badptr_write", badptr_write, 5 },
	{ "badptr_pipe", badptr_pipe, 5 },
	{ "badptr_fstat", badptr_fstat, 5 },
	{ "badptr_path", badptr_path, 5 },
	{ "badptr_exec_argv", badptr_exec_argv, 5 },
	{ "badptr_wait", badptr_wait, 5 },
	{ "badptr_readonly", badptr_readonly, 5 },
	{ "hugelen", hugelen, 5 },
	{ "badfd", badfd, 5 },
	{ "openflags", openflags, 5 },
	{ "dup_fds", dup_fds, 5 },
	{ "exec_badelf", exec_badelf, 10 },
	{ "exec_args", exec_args, 10 },
	{ "sbrk_basic", sbrk_basic, 5 },
	{ "sbrk_huge", sbrk_huge, 30 },
	{ "sbrk_shrink", sbrk_shrink, 5 },
	{ "fork_memory", fork_memory, 5 },
	{ "wait_semantics", wait_semantics, 5 },
	{ "orphans", orphans, 10 },
	{ "kill_sleeping", kill_sleeping, 10 },
	{ "kill_running", kill_running, 5 },
	{ "wild_store", wild_store, 10 },
	{ "sleep_uptime", sleep_uptime, 5 },
	{ "manypipes", manypipes, 5 },
	{ "pipe_data", pipe_data, 10 },
	{ "linkunlink", linkunlink, 5 },
	{ "unlink_open", unlink_open, 5 },
	{ "dirs", dirs, 5 },
	{ "deepdir", deepdir, 10 },
	{ "longnames", longnames, 5 },
	{ "mknod_dev", mknod_dev, 5 },
	{ "bigfile", bigfile, 10 },
	{ "concreate", concreate, 10 },
	{ "fork_bomb", fork_bomb, 40 },
	{ "sbrk_oom", sbrk_oom, 30 },
	{ "oom_fork_exec", oom_fork_exec, 30 },
	{ "fulldisk", fulldisk, 90 },
	{ 0, 0, 0 },
};

static int run(struct test *t)
{
	int pid, status;

	current = t->name;
	pid = fork();
	if (pid < 0) {
		printf("test %s: FAILED fork: %s\n", t->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		t->fn();
		exit(0);
	}
	if (wait(&status) != pid) {
		printf("test %s: FAILED wait: %s\n", t->name, strerror(errno));
		return 0;
	}
	if (status == 0)
		printf("test %s: OK\n", t->name);
	else if (status != FAILED_STATUS)
		printf("test %s: FAILED the test process died (exit status %d)\n",
		       t->name, status);
	return status == 0;
}

static int strspn_blank(const char *s)
{
	int n = 0;

	while (s[n] == ' ' || s[n] == '\t')
		n++;
	return n;
}

/* MemFree from /proc/meminfo, kB; -1 if it cannot be read. */
static long memfree_kb(void)
{
	static char text[4096];
	const char *v;

	if (proc_read("/proc/meminfo", text, sizeof(text)) < 0)
		return -1;
	v = proc_field(text, "MemFree");
	return v ? (long)proc_number(v, 0) : -1;
}

/* Pages on the per-CPU free lists: the "count:" lines under "pagesets"
 * in /proc/zoneinfo, summed over CPUs and zones; 0 if unreadable. */
static long pcp_pages(void)
{
	static char text[32768];
	long pages = 0;

	if (proc_read("/proc/zoneinfo", text, sizeof(text)) < 0)
		return 0;
	for (char *p = text; (p = strchr(p, 'c')) != 0; p++)
		if (strncmp(p, "count:", 6) == 0)
			pages += proc_number(p + 6 + strspn_blank(p + 6), 0);
	return pages;
}

/*
 * Free memory, kB: MemFree (the buddy lists only, as in Linux) plus the
 * pages resting on the per-CPU lists, which come and go by the hundred
 * with no leak at all. See docs/testing.md for what the tolerance covers.
 */
static long free_kb(void)
{
	long kb = memfree_kb();

	return kb < 0 ? kb : kb + pcp_pages() * (PGSIZE / 1024);
}

/* Orphans of the tests may still be exiting and being reaped by init:
 * give free memory three seconds to come back before calling it a leak. */
static int leak_check(long before)
{
	long after = free_kb();

	for (int i = 0; i < 30 && before - after > LEAK_TOLERANCE_KB; i++) {
		sleep(10);
		after = free_kb();
	}
	if (before < 0 || after < 0) {
		printf("memfree: cannot read /proc/meminfo: FAILED\n");
		return 0;
	}
	int ok = before - after <= LEAK_TOLERANCE_KB;
	printf("memfree: before %ld kB, after %ld kB (MemFree + per-CPU lists), "
	       "tolerance %d kB: %s\n", before, after, LEAK_TOLERANCE_KB, ok ? "OK" : "FAILED");
	return ok;
}

int main(int argc, char *argv[])
{
	static char failed[1024];
	int nfailed = 0, n = 0, leaks_ok;
	long before;

	if (argc >= 2 && strcmp(argv[1], "-argc") == 0)
		exit(check_argc(argc, argv));
	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		for (struct test *t = tests; t->name; t++)
			printf("%s\n", t->name);
		exit(0);
	}
	for (int i = 1; i < argc; i++) {
		struct test *t;
		for (t = tests; t->name && strcmp(t->name, argv[i]) != 0; t++)
			;
		if (!t->name) {
			fprintf(2, "usertests: no test named %s (usertests -l lists them)\n", argv[i]);
			exit(1);
		}
	}
	before = free_kb();
	for (struct test *t = tests; t->name; t++) {
		int chosen = argc == 1;
		for (int i = 1; i < argc; i++)
			chosen |= strcmp(t->name, argv[i]) == 0;
		if (!chosen)
			continue;
		n++;
		if (!run(t)) {
			nfailed++;
			if (strlen(failed) + strlen(t->name) + 2 < sizeof(failed)) {
				strcat(failed, " ");
				strcat(failed, t->name);
			}
		}
	}
	leaks_ok = leak_check(before);
	if (nfailed == 0 && leaks_ok)
		printf("ALL TESTS PASSED\n");
	else
		printf("SOME TESTS FAILED:%s%s\n", failed, leaks_ok ? "" : " (memory leak)");
	exit(nfailed || !leaks_ok);
}
