/*
 * swapbench: what swap writes and reads per second, next to what the
 * same disk does with large sequential requests, in one boot, round by
 * round (Linux: nothing in tree; people run fio on the swap partition
 * and time a memory hog with vmstat 1 beside it).
 *
 *   swapbench [-s SIZE] [-n ROUNDS]
 *
 * Each round has four steps; SIZE defaults to 3 x MemTotal.
 *
 *   raw   writes RAW_MS to /proc/bench_swapdisk: the kernel writes, then
 *         reads, 1 MiB synchronous requests for RAW_MS each on the swap
 *         disk's spare region, the bytes past its swap area
 *         (kernel/bench/bench_blk.c); the disk's raw throughput.
 *   out   SIZE of fresh anonymous memory is written a page at a time
 *         (one word each: what is measured is swap, not our stores). The
 *         clock starts when /proc/vmstat's pswpout first moves (memory
 *         is full: from here each new page costs one written out) and
 *         stops after the last page. Swap-out throughput: the pages
 *         written to swap meanwhile (pswpout, counted when each write is
 *         submitted) x 4096 bytes / those seconds of wall time.
 *   back  the first half of the pages read back in order, untimed for
 *         the ratio: the part of SIZE still in memory is dirty, and is
 *         written out as these come in (SIZE / 2 is more than RAM), so
 *         this pass does both.
 *   in    every page read in order. Now what is in memory is clean (read
 *         back and still in the swap cache with its slot), so making
 *         room costs no write: the pass is bound by swap-in, as its
 *         line shows (out 0 MB/s).
 *         Swap-in throughput: pswpin x 4096 / seconds of the pass.
 *         pswpin counts every page read, readahead's too.
 * A read checks that each page holds its own index.
 *
 * Swap-in keeps a page's slot only while swap is less than half full
 * (vm_swap_full(), as in Linux), so the swap area should be more than
 * twice SIZE - MemTotal: grading/bench.py gives it 2 GiB.
 *
 * Prints a line per round and step (with the CPU time /proc/stat counted
 * meanwhile, and reclaim's counters), then for grading/bench.py
 *   BENCH swap_raw_write|swap_raw_read|swap_out|swap_in median min max MB/s
 *   BENCH_RATIO swapout_vs_raw|swapin_vs_raw median min max >=0.5
 * MB/s are 10^6 bytes, as bench=swapdisk's. Exit status 0; 1 on a bad
 * argument, a failed step, or a page that lost its contents.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/proc.h"
#include "user/bench.h"

#define PAGE_SIZE 4096
#define RAW_FILE "/proc/bench_swapdisk"
#define RAW_MS "1000"
#define MAX_ROUNDS 15
#define POLL_PAGES 64		/* how often the fill looks at pswpout */
#define HZ 100

/* What /proc says at a moment: the vmstat counters we use and CPU ticks. */
enum { PSWPIN, PSWPOUT, PGMAJFAULT, PGSCAN_K, PGSCAN_D, PGSTEAL_K, PGSTEAL_D, ALLOCSTALL,
       NR_VM };
static const char *const vm_names[NR_VM] = {
	"pswpin", "pswpout", "pgmajfault", "pgscan_kswapd", "pgscan_direct",
	"pgsteal_kswapd", "pgsteal_direct", "allocstall",
};
enum { CPU_USER, CPU_NICE, CPU_SYSTEM, CPU_IDLE, CPU_IOWAIT, NR_CPU };

struct snap {
	int ticks;			/* uptime() */
	unsigned long vm[NR_VM];
	unsigned long cpu[NR_CPU];	/* /proc/stat "cpu" line, all harts */
};

/* kB/s (10^3 bytes) of each round; ratios in thousandths. */
struct results {
	unsigned long raw_w[MAX_ROUNDS], raw_r[MAX_ROUNDS], out[MAX_ROUNDS], in[MAX_ROUNDS];
	unsigned long out_ratio[MAX_ROUNDS], in_ratio[MAX_ROUNDS];
};

static char text[4096];
static int bad_pages;

static int usage(void)
{
	fprintf(2, "usage: swapbench [-s SIZE] [-n ROUNDS]\n"
		   "  SIZE: 768M, 1G, or MiB (default 3 x MemTotal); ROUNDS 1..%d (default 5)\n",
		MAX_ROUNDS);
	return 1;
}

static void take(struct snap *s)
{
	const char *v;

	s->ticks = uptime();
	if (proc_read("/proc/vmstat", text, sizeof(text)) < 0)
		text[0] = '\0';
	for (int i = 0; i < NR_VM; i++)
		s->vm[i] = (v = proc_key(text, vm_names[i])) ? proc_number(v, 0) : 0;
	if (proc_read("/proc/stat", text, sizeof(text)) < 0)
		text[0] = '\0';
	v = proc_key(text, "cpu");
	for (int i = 0; i < NR_CPU; i++)
		s->cpu[i] = v ? proc_number(v, &v) : 0;
}

static unsigned long vmstat_now(int i)
{
	const char *v;

	if (proc_read("/proc/vmstat", text, sizeof(text)) < 0)
		return 0;
	v = proc_key(text, vm_names[i]);
	return v ? proc_number(v, 0) : 0;
}

/* kB/s: pages x 4096 bytes over clock ticks. */
static unsigned long kbps(unsigned long pages, int ticks)
{
	return ticks > 0 ? pages * PAGE_SIZE / 1000 * HZ / ticks : 0;
}

/* "12.345" from thousandths. */
/* One step's line: time, MB/s each way, CPU use, reclaim's work. */
static void print_step(const char *what, const struct snap *a, const struct snap *b)
{
	unsigned long d[NR_CPU], all = 0, in = b->vm[PSWPIN] - a->vm[PSWPIN];
	unsigned long out = b->vm[PSWPOUT] - a->vm[PSWPOUT];
	int t = b->ticks - a->ticks;

	for (int i = 0; i < NR_CPU; i++)
		all += d[i] = b->cpu[i] - a->cpu[i];
	all = all ?: 1;
	printf("  %-5s %3d.%02d s  out ", what, t / 100, t % 100);
	bench_print_milli(kbps(out, t));
	printf(" MB/s  in ");
	bench_print_milli(kbps(in, t));
	printf(" MB/s  cpu: sys %lu%% user %lu%% iowait %lu%% idle %lu%%", d[CPU_SYSTEM] * 100 / all,
	       (d[CPU_USER] + d[CPU_NICE]) * 100 / all, d[CPU_IOWAIT] * 100 / all,
	       d[CPU_IDLE] * 100 / all);
	printf("  scanned %lu stolen %lu allocstall %lu majflt %lu\n",
	       b->vm[PGSCAN_K] + b->vm[PGSCAN_D] - a->vm[PGSCAN_K] - a->vm[PGSCAN_D],
	       b->vm[PGSTEAL_K] + b->vm[PGSTEAL_D] - a->vm[PGSTEAL_K] - a->vm[PGSTEAL_D],
	       b->vm[ALLOCSTALL] - a->vm[ALLOCSTALL], b->vm[PGMAJFAULT] - a->vm[PGMAJFAULT]);
}

/* One raw sample: *w and *r in kB/s, or -1. */
static int raw_sample(unsigned long *w, unsigned long *r)
{
	int fd = open(RAW_FILE, O_WRONLY);
	const char *v;

	if (fd < 0 || write(fd, RAW_MS, strlen(RAW_MS)) != (int)strlen(RAW_MS)) {
		fprintf(2, "swapbench: %s: %s\n", RAW_FILE, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	if (proc_read(RAW_FILE, text, sizeof(text)) < 0)
		return -1;
	*w = (v = proc_key(text, "seq_write_kBps")) ? proc_number(v, 0) : 0;
	*r = (v = proc_key(text, "seq_read_kBps")) ? proc_number(v, 0) : 0;
	return *w && *r ? 0 : -1;
}

/* Write every page; *a is taken when swap-out begins, *b at the end. -1 if it never did. */
static int swap_out(char *mem, uint64 pages, struct snap *a, struct snap *b)
{
	unsigned long out0 = vmstat_now(PSWPOUT);
	bool started = false;

	for (uint64 p = 0; p < pages; p++) {
		if (!started && p % POLL_PAGES == 0 && vmstat_now(PSWPOUT) != out0) {
			take(a);
			started = true;
		}
		*(uint64 *)(mem + p * PAGE_SIZE) = p;
	}
	take(b);
	return started ? 0 : -1;
}

static void read_back(char *mem, uint64 pages)
{
	for (uint64 p = 0; p < pages; p++) {
		uint64 v = *(volatile uint64 *)(mem + p * PAGE_SIZE);

		if (v != p && bad_pages++ < 10)
			printf("swapbench: page %lu holds %lu\n", p, v);
	}
}

/* One round into slot r of res; -1 on a failed step. */
static int one_round(struct results *res, int r, uint64 pages)
{
	struct snap a, b, c, d;
	char *mem;

	if (raw_sample(&res->raw_w[r], &res->raw_r[r]) < 0)
		return -1;
	printf("round %d: raw write ", r + 1);
	bench_print_milli(res->raw_w[r]);
	printf(" MB/s, read ");
	bench_print_milli(res->raw_r[r]);
	printf(" MB/s\n");
	mem = mmap(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(2, "swapbench: mmap of %lu MiB: %s\n", (pages * PAGE_SIZE) >> 20,
			strerror(errno));
		return -1;
	}
	if (swap_out(mem, pages, &a, &b) < 0) {
		fprintf(2, "swapbench: nothing went to swap: is SIZE more than RAM, is swap on?\n");
		munmap(mem, pages * PAGE_SIZE);
		return -1;
	}
	print_step("out", &a, &b);
	read_back(mem, pages / 2);
	take(&c);
	print_step("back", &b, &c);
	read_back(mem, pages);
	take(&d);
	print_step("in", &c, &d);
	munmap(mem, pages * PAGE_SIZE);
	res->out[r] = kbps(b.vm[PSWPOUT] - a.vm[PSWPOUT], b.ticks - a.ticks);
	res->in[r] = kbps(d.vm[PSWPIN] - c.vm[PSWPIN], d.ticks - c.ticks);
	res->out_ratio[r] = res->out[r] * 1000 / res->raw_w[r];
	res->in_ratio[r] = res->in[r] * 1000 / res->raw_r[r];
	return 0;
}

static int parse_args(int argc, char *argv[], uint64 *size, int *rounds)
{
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return -1;
		if (strcmp(argv[i], "-s") == 0) {
			if (parse_size(argv[i + 1], 20, size) < 0 || *size < PAGE_SIZE)
				return -1;
		} else if (strcmp(argv[i], "-n") == 0) {
			if (parse_int(argv[i + 1], rounds) < 0 || *rounds < 1 || *rounds > MAX_ROUNDS)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static struct results res;
	unsigned long ram_kb = proc_kb("/proc/meminfo", "MemTotal"), unused;
	uint64 size = (uint64)ram_kb * 1024 * 3;
	int rounds = 5;

	if (parse_args(argc, argv, &size, &rounds) < 0)
		exit(usage());
	printf("swapbench: %lu MiB of anonymous memory, RAM %lu MiB, %d rounds\n", size >> 20,
	       ram_kb >> 10, rounds);
	/* The first writes to a sparse disk image make the host allocate: not measured. */
	if (raw_sample(&unused, &unused) < 0)
		exit(1);
	for (int r = 0; r < rounds; r++)
		if (one_round(&res, r, size / PAGE_SIZE) < 0)
			exit(1);
	bench_report_milli("BENCH", "swap_raw_write", res.raw_w, rounds, "MB/s");
	bench_report_milli("BENCH", "swap_raw_read", res.raw_r, rounds, "MB/s");
	bench_report_milli("BENCH", "swap_out", res.out, rounds, "MB/s");
	bench_report_milli("BENCH", "swap_in", res.in, rounds, "MB/s");
	bench_report_milli("BENCH_RATIO", "swapout_vs_raw", res.out_ratio, rounds, ">=0.5");
	bench_report_milli("BENCH_RATIO", "swapin_vs_raw", res.in_ratio, rounds, ">=0.5");
	if (bad_pages)
		printf("swapbench: %d pages read back wrong\n", bad_pages);
	printf("swapbench: done\n");
	exit(bad_pages ? 1 : 0);
}
