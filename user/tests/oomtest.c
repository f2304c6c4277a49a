/*
 * oomtest: run the machine out of memory and swap, and check whom the
 * OOM killer picks (issue 5: "swap full: the OOM killer kills the
 * biggest (per oom_score_adj) and not init; the system goes on").
 *
 *   oomtest biggest   a small process and a hog that grows until killed:
 *                     the hog must be the one that dies
 *   oomtest adj       the same, but the small one has oom_score_adj 1000:
 *                     it must die first, then the hog
 *   oomtest proc      /proc/PID/oom_score_adj and oom_score: the values
 *                     taken and refused, inheritance by fork, and that a
 *                     bigger process or a higher adj scores higher
 *
 * oomtest itself sets its oom_score_adj to -1000, so it is never chosen
 * and can report. Prints "oomtest: ok" and exits 0 when the victims are
 * the expected ones, in the expected order.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/errno.h"

#define PGSIZE 4096
#define SMALL_MB 8

static int set_oom_score_adj(const char *value)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	int n = strlen(value);

	if (fd < 0 || write(fd, value, n) != n) {
		printf("oomtest: oom_score_adj %s: %s\n", value, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Touch `mb` MiB of fresh anonymous memory; NULL if mmap refuses it. */
static char *touch(int mb)
{
	char *p = mmap(0, (uint64)mb << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		return 0;
	for (uint64 off = 0; off < ((uint64)mb << 20); off += PGSIZE)
		p[off] = 1;
	return p;
}

/* A child holding SMALL_MB MiB; says so on the pipe, then waits to be killed. */
static int start_small(int ready_fd, const char *adj)
{
	int pid = fork();

	if (pid != 0)
		return pid;
	if (set_oom_score_adj(adj) || !touch(SMALL_MB))
		exit(2);
	write(ready_fd, "s", 1);
	for (;;)
		sleep(100);
}

/* A child that grows by 1 MiB at a time, for ever, until the OOM killer stops it. */
static int start_hog(void)
{
	int pid = fork();

	if (pid != 0)
		return pid;
	if (set_oom_score_adj("0"))
		exit(2);
	for (;;)
		if (!touch(1))
			sleep(1);	/* refused by the overcommit check: try again */
}

/* Reap one child: its pid (a killed child's status is -1). */
static int reap(const char *expect, int expect_pid)
{
	int status, pid = wait(&status);

	if (pid != expect_pid) {
		printf("oomtest: expected the %s (pid %d) to die, but pid %d went (status %d)\n",
		       expect, expect_pid, pid, status);
		return -1;
	}
	printf("oomtest: the %s (pid %d) was killed, status %d\n", expect, pid, status);
	return 0;
}

static int failed;

static void expect(int ok, const char *what)
{
	if (!ok) {
		printf("oomtest: FAIL: %s\n", what);
		failed = 1;
	}
}

/* A /proc/PID file's number, or -99999. */
static int read_number(int pid, const char *file)
{
	char path[48], buf[16];
	int fd, n, v;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -99999;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -99999;
	buf[n] = 0;
	if (buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return parse_int(buf, &v) ? -99999 : v;
}

/* Write `value` to /proc/self/oom_score_adj: 0, or the errno. */
static int write_adj(const char *value)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY), n = strlen(value), r;

	if (fd < 0)
		return errno;
	r = write(fd, value, n);
	close(fd);
	return r == n ? 0 : errno;
}

static int do_proc(void)
{
	static const char *bad[] = { "1001", "-1001", "abc", "12x", "-", "99999999999" };
	int me = getpid(), pid, fds[2];
	char c;

	expect(read_number(me, "oom_score_adj") == 0, "oom_score_adj starts at 0");
	expect(write_adj("-1000") == 0 && read_number(me, "oom_score_adj") == -1000, "-1000 taken");
	expect(read_number(me, "oom_score") == 0, "oom_score is 0 at adj -1000");
	expect(write_adj("1000\n") == 0 && read_number(me, "oom_score_adj") == 1000, "1000 taken");
	expect(read_number(me, "oom_score") >= 1000 * 2 - 1, "adj 1000 scores about 2000");
	expect(write_adj("-17") == 0 && read_number(me, "oom_score_adj") == -17, "-17 taken");
	for (int i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
		expect(write_adj(bad[i]) == EINVAL && read_number(me, "oom_score_adj") == -17,
		       "a bad value is refused with EINVAL and changes nothing");
	expect(write_adj("0") == 0, "0 taken");
	/* A child inherits adj; with 16 MiB more than us it scores higher. */
	write_adj("300");
	if (pipe(fds) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		touch(16);
		write(fds[1], "r", 1);
		sleep(1000);
		exit(0);
	}
	read(fds[0], &c, 1);
	expect(read_number(pid, "oom_score_adj") == 300, "fork inherits oom_score_adj");
	expect(read_number(pid, "oom_score") > read_number(me, "oom_score"),
	       "the bigger process has the higher oom_score");
	kill(pid);
	wait(0);
	expect(read_number(1, "oom_score") == 0, "init's oom_score is 0: never chosen");
	write_adj("0");
	printf("oomtest: %s\n", failed ? "FAILED" : "ok");
	return failed;
}

int main(int argc, char *argv[])
{
	int fds[2], small, hog, adj;
	char c;

	if (argc == 2 && !strcmp(argv[1], "proc"))
		exit(do_proc());
	if (argc != 2 || (strcmp(argv[1], "biggest") && strcmp(argv[1], "adj"))) {
		fprintf(2, "usage: oomtest biggest|adj|proc\n");
		exit(1);
	}
	adj = !strcmp(argv[1], "adj");
	if (set_oom_score_adj("-1000") || pipe(fds) < 0)
		exit(1);
	small = start_small(fds[1], adj ? "1000" : "0");
	if (small < 0 || read(fds[0], &c, 1) != 1) {
		printf("oomtest: the small process did not start\n");
		exit(1);
	}
	hog = start_hog();
	if (hog < 0) {
		printf("oomtest: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (adj) {
		if (reap("small process with oom_score_adj 1000", small) ||
		    reap("hog", hog))
			exit(1);
	} else {
		if (reap("hog", hog))
			exit(1);
		if (kill(small) < 0) {
			printf("oomtest: the small process is gone too\n");
			exit(1);
		}
		wait(0);
	}
	printf("oomtest: ok\n");
	exit(0);
}
