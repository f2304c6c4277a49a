/*
 * swapstress: write more data than RAM holds, make the kernel swap it
 * out, and check that every byte comes back (issue 5's integrity tests).
 *
 *   swapstress anon SIZE [NPROC]   NPROC processes (on every hart) each
 *                                  fill SIZE/NPROC of anonymous memory,
 *                                  then verify and rewrite it twice
 *   swapstress fork SIZE [NCHILD]  the parent fills SIZE; children check
 *                                  it (COW-shared pages, swapped), write
 *                                  half of it and check again; the
 *                                  parent's copy must be untouched
 *   swapstress shared SIZE         a MAP_SHARED file mapping written
 *                                  while another process hogs memory,
 *                                  then read back with read()
 *   swapstress hold SIZE SECONDS   fill SIZE, print "filled", sleep (so
 *                                  others can push it out, or swapoff
 *                                  bring it back), then verify it
 *   swapstress stream SIZE         write a file of SIZE, then read it
 *                                  twice; the second pass reports the
 *                                  lowest MemFree seen against the min
 *                                  watermarks, and the reclaim counters
 *
 * SIZE is MiB, or NNN% of MemTotal. Every page holds words derived from
 * (seed, page number, word number), so a page swapped to the wrong slot,
 * or lost, or half-written shows. Prints "swapstress: ok" or the first
 * mismatches and exits 1.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define PGSIZE 4096
#define WORDS (PGSIZE / 8)

static int failures;

static uint64 pattern(uint64 seed, uint64 page, uint64 word)
{
	uint64 x = seed * 0x9E3779B97F4A7C15ULL ^ (page << 20) ^ word;

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	return x ^ (x >> 29);
}

static void fill_page(uint64 *p, uint64 seed, uint64 page)
{
	for (int w = 0; w < WORDS; w++)
		p[w] = pattern(seed, page, w);
}

static int check_page(const uint64 *p, uint64 seed, uint64 page, const char *what)
{
	for (int w = 0; w < WORDS; w++) {
		if (p[w] != pattern(seed, page, w)) {
			if (failures++ < 5)
				printf("swapstress: %s: pid %d page %lu word %d: %lx, expected %lx\n",
				       what, getpid(), page, w, p[w], pattern(seed, page, w));
			return -1;
		}
	}
	return 0;
}

/* MemTotal from /proc/meminfo (its first line), in KiB, or 0. */
static uint64 mem_total_kb(void)
{
	char buf[128], *s;
	int fd = open("/proc/meminfo", O_RDONLY), n;
	uint64 kb = 0;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (s = buf; *s && (*s < '0' || *s > '9'); s++)
		;
	for (; *s >= '0' && *s <= '9'; s++)
		kb = kb * 10 + (*s - '0');
	return kb;
}

/* SIZE in pages: "64" MiB or "300%" of MemTotal. */
static uint64 parse_pages(const char *s)
{
	int v;
	uint len = strlen(s);
	char num[16];

	if (len == 0 || len >= sizeof(num))
		return 0;
	strcpy(num, s);
	if (num[len - 1] == '%') {
		num[len - 1] = 0;
		if (parse_int(num, &v) || v <= 0)
			return 0;
		return mem_total_kb() * v / 100 / 4;
	}
	if (parse_int(num, &v) || v <= 0)
		return 0;
	return (uint64)v * 256;
}

static uint64 *grab(uint64 pages)
{
	char *p = mmap(0, pages * PGSIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("swapstress: mmap of %lu pages: %s\n", pages, strerror(errno));
		exit(1);
	}
	return (uint64 *)p;
}

/* One worker of "anon": fill, then twice verify everything and rewrite every other page. */
static int anon_worker(uint64 pages, uint64 seed)
{
	uint64 *mem = grab(pages);

	for (uint64 i = 0; i < pages; i++)
		fill_page(mem + i * WORDS, seed, i);
	for (int pass = 1; pass <= 2; pass++) {
		for (uint64 i = 0; i < pages; i++) {
			uint64 s = (i % 2 && pass > 1) ? seed + 1 : seed;

			check_page(mem + i * WORDS, s, i, "anon");
			if (i % 2)
				fill_page(mem + i * WORDS, seed + 1, i);
		}
	}
	return failures ? 1 : 0;
}

static int wait_all(int n)
{
	int bad = 0, status;

	for (int i = 0; i < n; i++) {
		if (wait(&status) < 0) {
			printf("swapstress: wait: %s\n", strerror(errno));
			return 1;
		}
		if (status != 0)
			bad++;
	}
	return bad;
}

static int do_anon(uint64 pages, int nproc)
{
	for (int i = 0; i < nproc; i++) {
		int pid = fork();

		if (pid < 0) {
			printf("swapstress: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid == 0)
			exit(anon_worker(pages / nproc, 1000 + i));
	}
	return wait_all(nproc);
}

static int do_fork(uint64 pages, int nchild)
{
	uint64 *mem = grab(pages);

	for (uint64 i = 0; i < pages; i++)
		fill_page(mem + i * WORDS, 7, i);
	for (int c = 0; c < nchild; c++) {
		int pid = fork();

		if (pid < 0) {
			printf("swapstress: fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid)
			continue;
		/* Read the shared pages, then take private copies of every other one. */
		for (uint64 i = 0; i < pages; i++)
			check_page(mem + i * WORDS, 7, i, "child reads parent's");
		for (uint64 i = c % 2; i < pages; i += 2)
			fill_page(mem + i * WORDS, 100 + c, i);
		for (uint64 i = 0; i < pages; i++)
			check_page(mem + i * WORDS, (i % 2 == (uint64)c % 2) ? 100 + c : 7, i,
				   "child's own");
		exit(failures ? 1 : 0);
	}
	if (wait_all(nchild))
		failures++;
	for (uint64 i = 0; i < pages; i++)
		check_page(mem + i * WORDS, 7, i, "parent after children");
	return failures ? 1 : 0;
}

/*
 * A child that keeps touching `pages` of anonymous memory until killed.
 * Returns once the child has touched them all, so that the caller's own
 * work really meets the pressure (and not a hog still starting up).
 */
static int start_hog(uint64 pages)
{
	int fds[2], pid;
	char c;

	if (pipe(fds) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		uint64 *mem = grab(pages);

		close(fds[0]);
		for (int round = 0; ; round++) {
			for (uint64 i = 0; i < pages; i++)
				mem[i * WORDS] = i;
			if (round == 0)
				close(fds[1]);	/* the caller's read() returns */
		}
	}
	close(fds[1]);
	if (pid > 0)
		read(fds[0], &c, 1);
	close(fds[0]);
	return pid;
}

static int do_shared(uint64 pages)
{
	const char *path = "swapstress.dat";
	uint64 buf[WORDS];
	int fd = open(path, O_CREATE | O_TRUNC | O_RDWR), hog;
	uint64 *map;

	if (fd < 0) {
		printf("swapstress: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (uint64 i = 0; i < pages; i++) {
		fill_page(buf, 1, i);
		if (write(fd, buf, PGSIZE) != PGSIZE) {
			printf("swapstress: write: %s\n", strerror(errno));
			return 1;
		}
	}
	map = mmap(0, pages * PGSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		printf("swapstress: mmap: %s\n", strerror(errno));
		return 1;
	}
	hog = start_hog(mem_total_kb() / 4 * 3 / 4);
	for (int pass = 0; pass < 2; pass++)
		for (uint64 i = 0; i < pages; i++) {
			if (pass)
				check_page(map + i * WORDS, 2, i, "mapping");
			else
				fill_page(map + i * WORDS, 2, i);
		}
	munmap(map, pages * PGSIZE);
	if (hog > 0) {
		kill(hog);
		wait(0);
	}
	close(fd);
	fd = open(path, O_RDONLY);
	for (uint64 i = 0; i < pages; i++) {
		if (read(fd, buf, PGSIZE) != PGSIZE) {
			printf("swapstress: read page %lu: %s\n", i, strerror(errno));
			failures++;
			break;
		}
		check_page(buf, 2, i, "read() after the mapping");
	}
	close(fd);
	unlink(path);
	return failures ? 1 : 0;
}

static int do_hold(uint64 pages, int seconds)
{
	uint64 *mem = grab(pages);

	for (uint64 i = 0; i < pages; i++)
		fill_page(mem + i * WORDS, 11, i);
	printf("swapstress: filled %lu pages\n", pages);
	sleep(seconds * 100);
	for (uint64 i = 0; i < pages; i++)
		check_page(mem + i * WORDS, 11, i, "held");
	return failures ? 1 : 0;
}

/* One number after `key` in a /proc file (its first occurrence, or summed over all if sum). */
static uint64 proc_number(const char *path, const char *key, int sum)
{
	static char buf[32768];
	int fd = open(path, O_RDONLY), n = 0, r, len = strlen(key);
	uint64 total = 0;

	if (fd < 0)
		return 0;
	while (n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (char *s = buf; (s = strchr(s, key[0])) != 0; s++) {
		uint64 v = 0;
		char *q;

		if (strncmp(s, key, len) || (s > buf && s[-1] != '\n' && s[-1] != ' '))
			continue;
		for (q = s + len; *q == ' ' || *q == ':' || *q == '\t'; q++)
			;
		if (*q < '0' || *q > '9')
			continue;
		for (; *q >= '0' && *q <= '9'; q++)
			v = v * 10 + (*q - '0');
		total += v;
		if (!sum)
			break;
	}
	return total;
}

static int read_file(const char *path, uint64 pages, uint64 *min_free_kb)
{
	static uint64 buf[WORDS * 16];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	for (uint64 i = 0; i < pages; i += 16) {
		if (read(fd, buf, sizeof(buf)) != sizeof(buf)) {
			printf("swapstress: short read at page %lu\n", i);
			close(fd);
			return -1;
		}
		for (int k = 0; k < 16; k++)
			check_page(buf + k * WORDS, 5, i + k, "streamed");
		if (min_free_kb && i % 256 == 0) {
			uint64 f = proc_number("/proc/meminfo", "MemFree", 0);

			if (f < *min_free_kb)
				*min_free_kb = f;
		}
	}
	close(fd);
	return 0;
}

/*
 * A file larger than RAM read sequentially: the page cache must keep
 * turning over by kswapd alone, free memory never reaching the min
 * watermark, and no reader stalling in direct reclaim.
 */
static int do_stream(uint64 pages)
{
	const char *path = "stream.dat";
	static uint64 buf[WORDS * 16];
	uint64 min_free = ~0ULL, stall, scan_d, scan_k, wmark_min, runs;
	int fd = open(path, O_CREATE | O_TRUNC | O_WRONLY);

	pages &= ~15ULL;
	if (fd < 0) {
		printf("swapstress: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (uint64 i = 0; i < pages; i += 16) {
		for (int k = 0; k < 16; k++)
			fill_page(buf + k * WORDS, 5, i + k);
		if (write(fd, buf, sizeof(buf)) != sizeof(buf)) {
			printf("swapstress: write: %s\n", strerror(errno));
			close(fd);
			unlink(path);
			return 1;
		}
	}
	close(fd);
	sync();
	if (read_file(path, pages, 0) < 0)
		failures++;
	stall = proc_number("/proc/vmstat", "allocstall", 0);
	scan_d = proc_number("/proc/vmstat", "pgscan_direct", 0);
	scan_k = proc_number("/proc/vmstat", "pgscan_kswapd", 0);
	runs = proc_number("/proc/vmstat", "pageoutrun", 0);
	if (read_file(path, pages, &min_free) < 0)
		failures++;
	stall = proc_number("/proc/vmstat", "allocstall", 0) - stall;
	scan_d = proc_number("/proc/vmstat", "pgscan_direct", 0) - scan_d;
	scan_k = proc_number("/proc/vmstat", "pgscan_kswapd", 0) - scan_k;
	runs = proc_number("/proc/vmstat", "pageoutrun", 0) - runs;
	/* zoneinfo's "min" lines, in pages: the sum over every zone. */
	wmark_min = proc_number("/proc/zoneinfo", "min", 1) * 4;
	printf("swapstress: stream: min MemFree %lu kB, min watermarks %lu kB, "
	       "allocstall %lu, pgscan_direct %lu, pgscan_kswapd %lu, kswapd runs %lu\n",
	       min_free, wmark_min, stall, scan_d, scan_k, runs);
	unlink(path);
	return failures ? 1 : 0;
}

int main(int argc, char *argv[])
{
	uint64 pages = argc > 2 ? parse_pages(argv[2]) : 0;
	int n = 4, bad;

	if (argc > 3 && (parse_int(argv[3], &n) || n < 1 || n > 10000))
		pages = 0;
	if (argc < 3 || !pages) {
		fprintf(2, "usage: swapstress anon|fork|shared|hold|stream SIZE[%%] [NPROC|SECONDS]\n");
		exit(1);
	}
	if (!strcmp(argv[1], "anon"))
		bad = do_anon(pages, n);
	else if (!strcmp(argv[1], "fork"))
		bad = do_fork(pages, n);
	else if (!strcmp(argv[1], "shared"))
		bad = do_shared(pages);
	else if (!strcmp(argv[1], "hold") && argc > 3)
		bad = do_hold(pages, n);
	else if (!strcmp(argv[1], "stream"))
		bad = do_stream(pages);
	else
		bad = -1;
	if (bad < 0) {
		fprintf(2, "usage: swapstress anon|fork|shared|hold|stream SIZE[%%] [NPROC|SECONDS]\n");
		exit(1);
	}
	printf("swapstress: %s %lu pages: %s\n", argv[1], pages, bad ? "FAILED" : "ok");
	exit(bad ? 1 : 0);
}
