/*
 * ubench: user-space benchmarks of the system calls, for `make bench`.
 *
 *   ubench [NAME...]     fork, exec, pipe, write, read (default: all)
 *
 * Each benchmark runs ROUNDS rounds of about ROUND_TICKS clock ticks
 * (10 ms each; uptime() is the only clock user space has) after sizing
 * its work on a first, untimed run. It prints a line for people and one
 * for grading/bench.py:
 *
 *   BENCH user_fork 1234.5 1200.0 1250.3 ops/s     (median min max unit)
 *
 *   fork    fork + exit + wait, per second
 *   exec    exec of a tiny program (ubench -exit), per second, in a chain
 *           of execs within one process (no fork in the loop)
 *   pipe    bytes through a pipe between two processes, MB/s (10^6 bytes)
 *   write   writing a file in 16 KiB write()s, MB/s
 *   read    reading that file back, MB/s
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/errno.h"

#define ROUNDS 5
#define ROUND_TICKS 25
#define HZ 100
#define CHUNK 16384
#define MAX_FILE (16 << 20)
#define FILE_NAME "ubench.tmp"

static char buf[CHUNK];

static void die(const char *what)
{
	fprintf(2, "ubench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- the work, n units at a time ---- */

static void do_fork(long n)
{
	for (long i = 0; i < n; i++) {
		int pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0)
			exit(0);
		if (wait(0) != pid)
			die("wait");
	}
}

/* One child execs itself n times: "ubench -chain K" execs "-chain K-1". */
static void do_exec(long n)
{
	char count[24];
	char *argv[] = { "ubench", "-chain", count, 0 };
	int pid, status;

	snprintf(count, sizeof(count), "%ld", n);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		exec("/ubench", argv);
		die("exec /ubench");
	}
	if (wait(&status) != pid || status != 0)
		die("the exec chain");
}

static void chain(const char *count)
{
	char next[24];
	char *argv[] = { "ubench", "-chain", next, 0 };
	long n = atoi(count);

	if (n <= 1)
		exit(0);
	snprintf(next, sizeof(next), "%ld", n - 1);
	exec("/ubench", argv);
	die("exec /ubench");
}

/* n chunks of CHUNK bytes through a pipe. */
static void do_pipe(long n)
{
	int p[2], pid;

	if (pipe(p) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[0]);
		for (long i = 0; i < n; i++)
			if (write(p[1], buf, CHUNK) != CHUNK)
				die("pipe write");
		exit(0);
	}
	close(p[1]);
	for (long got = 0, r; got < n * CHUNK; got += r)
		if ((r = read(p[0], buf, CHUNK)) <= 0)
			die("pipe read");
	close(p[0]);
	wait(0);
}

static void do_write(long n)
{
	int fd = open(FILE_NAME, O_CREATE | O_WRONLY | O_TRUNC);

	if (fd < 0)
		die("create " FILE_NAME);
	for (long i = 0; i < n; i++)
		if (write(fd, buf, CHUNK) != CHUNK)
			die("write " FILE_NAME);
	close(fd);
}

static void do_read(long n)
{
	int fd = open(FILE_NAME, O_RDONLY);

	if (fd < 0)
		die("open " FILE_NAME);
	for (long i = 0; i < n; i++)
		if (read(fd, buf, CHUNK) != CHUNK)
			die("read " FILE_NAME);
	close(fd);
}

/* ---- timing ---- */

struct bench {
	const char *name;
	void (*run)(long n);
	long unit_bytes;	/* 0: report operations per second */
	long max_n;		/* the most units one round may do */
	void (*setup)(long n);	/* before each round, untimed */
};

static void setup_read(long n)
{
	do_write(n);
}

static struct bench benches[] = {
	{ "fork", do_fork, 0, 100000, 0 },
	{ "exec", do_exec, 0, 100000, 0 },
	{ "pipe", do_pipe, CHUNK, 1 << 20, 0 },
	{ "write", do_write, CHUNK, MAX_FILE / CHUNK, 0 },
	{ "read", do_read, CHUNK, MAX_FILE / CHUNK, setup_read },
	{ 0 },
};

static int timed(struct bench *b, long n)
{
	int t0;

	if (b->setup)
		b->setup(n);
	t0 = uptime();
	b->run(n);
	return uptime() - t0;
}

/* Rate in tenths of a unit per second: ops/s, or MB/s (10^6 bytes). */
static long rate10(struct bench *b, long n, int ticks)
{
	if (ticks < 1)
		ticks = 1;
	if (b->unit_bytes)
		return n * b->unit_bytes * 10 * HZ / ticks / 1000000;
	return n * 10 * HZ / ticks;
}

static void sort(long *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			long t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void run_bench(struct bench *b)
{
	long n = 1, rates[ROUNDS];
	int ticks;

	/* Size the work: double it until a run lasts half a round. */
	while ((ticks = timed(b, n)) < ROUND_TICKS / 2 && n * 2 <= b->max_n)
		n *= 2;
	if (ticks < 1)
		ticks = 1;
	n = n * ROUND_TICKS / ticks;
	if (n > b->max_n)
		n = b->max_n;
	if (n < 1)
		n = 1;
	for (int r = 0; r < ROUNDS; r++)
		rates[r] = rate10(b, n, timed(b, n));
	sort(rates, ROUNDS);
	const char *unit = b->unit_bytes ? "MB/s" : "ops/s";
	printf("%-8s %8ld.%ld %s  [%ld.%ld .. %ld.%ld]  (%d rounds of %ld)\n", b->name,
	       rates[ROUNDS / 2] / 10, rates[ROUNDS / 2] % 10, unit,
	       rates[0] / 10, rates[0] % 10, rates[ROUNDS - 1] / 10,
	       rates[ROUNDS - 1] % 10, ROUNDS, n);
	printf("BENCH user_%s %ld.%ld %ld.%ld %ld.%ld %s\n", b->name,
	       rates[ROUNDS / 2] / 10, rates[ROUNDS / 2] % 10, rates[0] / 10,
	       rates[0] % 10, rates[ROUNDS - 1] / 10, rates[ROUNDS - 1] % 10, unit);
}

int main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "-chain") == 0)
		chain(argv[2]);
	for (int i = 1; i < argc; i++) {
		struct bench *b;
		for (b = benches; b->name && strcmp(b->name, argv[i]) != 0; b++)
			;
		if (!b->name) {
			fprintf(2, "usage: ubench [fork|exec|pipe|write|read]...\n");
			exit(1);
		}
	}
	memset(buf, 'b', sizeof(buf));
	for (struct bench *b = benches; b->name; b++) {
		int chosen = argc == 1;
		for (int i = 1; i < argc; i++)
			chosen |= strcmp(argv[i], b->name) == 0;
		if (chosen)
			run_bench(b);
	}
	unlink(FILE_NAME);
	printf("ubench: done\n");
	exit(0);
}
