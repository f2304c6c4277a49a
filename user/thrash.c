/*
 * thrash: a working set larger than RAM, used the way programs use
 * memory: mostly a hot part, now and then the rest (Linux: no tool of
 * its own; what tools/testing/selftests/mm and mmtests' workloads do).
 *
 *   thrash [-s SIZE] [-n PASSES] [-H HOT%]
 *
 * SIZE (64M, 1G, or MiB; default 1.5 x MemTotal) of anonymous memory is
 * written once, page by page. Then each pass makes as many accesses as
 * there are pages: four in five to a random page of the hot set (the
 * first HOT% of the pages, default 20), one in five to a random page of
 * the rest. Each access checks that the page still holds its own index
 * and counts the visit in it. If reclaim keeps the hot set in memory,
 * only the cold accesses fault; if it does not, nearly every access does.
 *
 *   thrash: 768 MiB, 196608 pages (hot 39321), RAM 502 MiB
 *   thrash: fill: 196608 pages in 9.31 s, 60112 major faults
 *   thrash: pass 1/3: 196608 pages touched in 14.20 s, 41730 major faults
 *   thrash: 3 passes, 786432 pages touched in 52.10 s, 185000 major faults
 *
 * Exit status 0; 1 on a bad argument or a page that lost its contents.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/proc.h"

#define PAGE_SIZE 4096
#define HOT_SHARE 5		/* HOT_SHARE - 1 accesses of HOT_SHARE go to the hot set */

struct page_words {
	uint64 index;		/* which page this is: checked at every access */
	uint64 visits;
};

static uint64 rng_state = 0x853c49e6748fea9bULL;
static unsigned long bad_pages;

static int usage(void)
{
	fprintf(2, "usage: thrash [-s SIZE] [-n PASSES] [-H HOT%%]\n"
		   "  SIZE: 64M, 1G, or MiB (default 1.5 x MemTotal); PASSES >= 1 (default 3);\n"
		   "  HOT%%: 1..100, the share of the pages most accesses go to (default 20)\n");
	return 1;
}

/* xorshift64*: fast, and the same sequence every run. */
static uint64 next_random(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void touch(char *mem, uint64 p)
{
	struct page_words *w = (struct page_words *)(mem + p * PAGE_SIZE);

	if (w->index != p && bad_pages++ < 10)
		printf("thrash: page %lu holds index %lu\n", p, w->index);
	w->visits++;
}

static void print_seconds(int ticks)
{
	printf("%d.%02d s", ticks / 100, ticks % 100);
}

/* Print the end of a phase's line: its time and major faults. */
static void phase_done(int t0, unsigned long maj0)
{
	printf(" in ");
	print_seconds(uptime() - t0);
	printf(", %lu major faults\n", proc_self_stat_field(PROC_STAT_MAJFLT) - maj0);
}

static void one_pass(char *mem, uint64 pages, uint64 hot)
{
	for (uint64 i = 0; i < pages; i++) {
		uint64 r = next_random();

		if (hot == pages || (r >> 32) % HOT_SHARE)
			touch(mem, r % hot);
		else
			touch(mem, hot + r % (pages - hot));
	}
}

static int parse_args(int argc, char *argv[], uint64 *size, int *passes, int *hot_pct)
{
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return -1;
		if (strcmp(argv[i], "-s") == 0) {
			if (parse_size(argv[i + 1], 20, size) < 0 || *size < 2 * PAGE_SIZE)
				return -1;
		} else if (strcmp(argv[i], "-n") == 0) {
			if (parse_int(argv[i + 1], passes) < 0 || *passes < 1)
				return -1;
		} else if (strcmp(argv[i], "-H") == 0) {
			if (parse_int(argv[i + 1], hot_pct) < 0 || *hot_pct < 1 || *hot_pct > 100)
				return -1;
		} else {
			return -1;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned long ram_kb = proc_kb("/proc/meminfo", "MemTotal"), maj0, maj_all;
	int passes = 3, hot_pct = 20, t0, t_all;
	uint64 size = (uint64)ram_kb * 1024 / 2 * 3, pages, hot;
	char *mem;

	if (parse_args(argc, argv, &size, &passes, &hot_pct) < 0)
		exit(usage());
	pages = size / PAGE_SIZE;
	hot = pages * hot_pct / 100 ?: 1;
	mem = mmap(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(2, "thrash: mmap of %lu MiB: %s\n", size >> 20, strerror(errno));
		exit(1);
	}
	printf("thrash: %lu MiB, %lu pages (hot %lu), RAM %lu MiB\n", (pages * PAGE_SIZE) >> 20,
	       pages, hot, ram_kb >> 10);
	proc_self_stat_field(PROC_STAT_MAJFLT);		/* fault in what reading /proc needs */
	maj_all = maj0 = proc_self_stat_field(PROC_STAT_MAJFLT);
	t_all = t0 = uptime();
	for (uint64 p = 0; p < pages; p++)
		((struct page_words *)(mem + p * PAGE_SIZE))->index = p;
	printf("thrash: fill: %lu pages", pages);
	phase_done(t0, maj0);
	for (int pass = 0; pass < passes; pass++) {
		maj0 = proc_self_stat_field(PROC_STAT_MAJFLT);
		t0 = uptime();
		one_pass(mem, pages, hot);
		printf("thrash: pass %d/%d: %lu pages touched", pass + 1, passes, pages);
		phase_done(t0, maj0);
	}
	printf("thrash: %d passes, %lu pages touched", passes, pages * passes);
	phase_done(t_all, maj_all);
	if (bad_pages)
		printf("thrash: %lu accesses found a page that lost its contents\n", bad_pages);
	exit(bad_pages ? 1 : 0);
}
