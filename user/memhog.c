/*
 * memhog: take SIZE bytes of anonymous memory and write every page of
 * it, PASSES times; with -v, check each page before it is written again
 * (Linux: tools/testing/selftests/mm's memory hogs, and the memhog of
 * numactl; our own, with a check that what went to swap came back).
 *
 *   memhog [-v] [-p PASSES] SIZE      SIZE: 64M, 512K, 1G, or MiB
 *
 * Each page is filled with words made from its index and the pass, so
 * a page that comes back from swap with another page's data, or an older
 * pass's, or zeros, is caught. With more than RAM, pages go to swap and
 * come back as major faults; try `memhog 600M &` then `vmstat 1`.
 *
 *   memhog: pass 1/2: wrote 600 MiB in 8.52 s, 12034 major faults
 *   memhog: 600 MiB x 2 passes: 1200 MiB touched in 17.10 s, 24112 major faults, verify OK
 *
 * Exit status: 0; 1 on a bad argument, no memory, or any page that
 * did not hold what was written (each of those is named, up to ten).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/proc.h"

#define PAGE_SIZE 4096
#define WORDS (PAGE_SIZE / sizeof(uint64))
#define PROGRESS_BYTES (256UL << 20)	/* a progress line each 256 MiB */
#define MAX_REPORTS 10

static unsigned long bad_pages;

static int usage(void)
{
	fprintf(2, "usage: memhog [-v] [-p PASSES] SIZE\n"
		   "  SIZE: 64M, 512K, 1G, or a number of MiB; -v checks every page; PASSES >= 1\n");
	return 1;
}

/* Word w of page p in pass `pass`: differs between pages, passes and words. */
static inline uint64 pattern(uint64 p, int pass, uint64 w)
{
	uint64 x = (p << 16) ^ ((uint64)pass << 56) ^ 0x5a5a0000a5a50000ULL;

	return x ^ (w * 0x9e3779b97f4a7c15ULL);
}

static void fill_page(uint64 *page, uint64 p, int pass)
{
	for (uint64 w = 0; w < WORDS; w++)
		page[w] = pattern(p, pass, w);
}

static void check_page(const uint64 *page, uint64 p, int pass)
{
	for (uint64 w = 0; w < WORDS; w++) {
		if (page[w] == pattern(p, pass, w))
			continue;
		if (bad_pages++ < MAX_REPORTS)
			printf("memhog: page %lu (pass %d): word %lu is %lx, expected %lx\n",
			       p, pass + 1, w, page[w], pattern(p, pass, w));
		return;
	}
}

/* "12.34": seconds from clock ticks of 10 ms. */
static void print_seconds(int ticks)
{
	printf("%d.%02d s", ticks / 100, ticks % 100);
}

/*
 * One pass: check what pass-1 wrote (if checking and there was one),
 * then write this pass's pattern. Pass `passes` only checks.
 */
static void one_pass(char *mem, uint64 pages, int pass, int passes, bool verify)
{
	int t0 = uptime();
	unsigned long maj0 = proc_self_stat_field(PROC_STAT_MAJFLT);

	for (uint64 p = 0; p < pages; p++) {
		uint64 *page = (uint64 *)(mem + p * PAGE_SIZE);

		if (verify && pass > 0)
			check_page(page, p, pass - 1);
		if (pass < passes)
			fill_page(page, p, pass);
		if (p && (p * PAGE_SIZE) % PROGRESS_BYTES == 0)
			printf("memhog: pass %d: %lu MiB\n", pass + 1, (p * PAGE_SIZE) >> 20);
	}
	if (pass == passes)
		printf("memhog: checked %lu MiB in ", (pages * PAGE_SIZE) >> 20);
	else
		printf("memhog: pass %d/%d: wrote %lu MiB in ", pass + 1, passes,
		       (pages * PAGE_SIZE) >> 20);
	print_seconds(uptime() - t0);
	printf(", %lu major faults\n", proc_self_stat_field(PROC_STAT_MAJFLT) - maj0);
}

int main(int argc, char *argv[])
{
	int passes = 1, i = 1, t0;
	bool verify = false;
	uint64 size, pages;
	unsigned long maj0;
	char *mem;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verify = true;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc &&
			 parse_int(argv[i + 1], &passes) == 0 && passes >= 1)
			i++;
		else
			exit(usage());
	}
	if (i != argc - 1 || parse_size(argv[i], 20, &size) < 0 || size < PAGE_SIZE) {
		if (i == argc - 1)
			fprintf(2, "memhog: bad size '%s'\n", argv[i]);
		exit(usage());
	}
	pages = size / PAGE_SIZE;
	mem = mmap(0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(2, "memhog: mmap of %lu MiB: %s\n", size >> 20, strerror(errno));
		exit(1);
	}
	proc_self_stat_field(PROC_STAT_MAJFLT);		/* fault in what reading /proc needs */
	maj0 = proc_self_stat_field(PROC_STAT_MAJFLT);
	t0 = uptime();
	for (int pass = 0; pass < passes + verify; pass++)
		one_pass(mem, pages, pass, passes, verify);
	printf("memhog: %lu MiB x %d pass%s: %lu MiB touched in ", (pages * PAGE_SIZE) >> 20,
	       passes, passes == 1 ? "" : "es", ((pages * PAGE_SIZE) >> 20) * (passes + verify));
	print_seconds(uptime() - t0);
	printf(", %lu major faults", proc_self_stat_field(PROC_STAT_MAJFLT) - maj0);
	if (verify && bad_pages)
		printf(", verify FAILED: %lu bad pages\n", bad_pages);
	else
		printf(verify ? ", verify OK\n" : "\n");
	exit(bad_pages ? 1 : 0);
}
