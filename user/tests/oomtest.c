/*
 * oomtest: run the machine out of memory and swap, and check whom the
 * OOM killer picks (issue 5: "swap full: the OOM killer kills the
 * biggest (per oom_score_adj) and not init; the system goes on").
 *
 *   oomtest biggest   a small process and a hog that grows until killed:
 *                     the hog must be the one that dies
 *   oomtest adj       the same, but the small one has oom_score_adj 1000:
 *                     it must die first, then the hog
 *
 * oomtest itself sets its oom_score_adj to -1000, so it is never chosen
 * and can report. Prints "oomtest: ok" and exits 0 when the victims are
 * the expected ones, in the expected order.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

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

int main(int argc, char *argv[])
{
	int fds[2], small, hog, adj;
	char c;

	if (argc != 2 || (strcmp(argv[1], "biggest") && strcmp(argv[1], "adj"))) {
		fprintf(2, "usage: oomtest biggest|adj\n");
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
