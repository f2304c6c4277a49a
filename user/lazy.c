/*
 * lazy: demand paging, in numbers. sbrk() a big heap, then touch a few of
 * its pages: the break moves at once, but memory (VmRSS) and page faults
 * grow only with the pages touched, one minor fault each (the kernel
 * maps a zeroed page at the first write: do_anonymous_page).
 *
 *   lazy [MiB] [pages]     defaults: a 64 MiB heap, 16 pages touched
 *
 * The last line is for grading/bench.py:
 *   DEMO lazy faults=16 expected=16
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/proc.h"

#define PAGE 4096

static unsigned long rss_kb(void)
{
	return proc_kb("/proc/self/status", "VmRSS");
}

int main(int argc, char *argv[])
{
	int mib = argc > 1 ? atoi(argv[1]) : 64, pages = argc > 2 ? atoi(argv[2]) : 16;
	unsigned long rss0, rss1, rss2, flt0, flt1, flt2;
	char *heap;
	int step;

	proc_self_stat_field(PROC_STAT_MINFLT);	/* fault in what reading /proc touches */
	if (mib <= 0 || pages <= 0 || (long)pages * PAGE > (long)mib << 20) {
		fprintf(2, "usage: lazy [MiB] [pages], pages at most MiB * 256\n");
		exit(1);
	}
	rss0 = rss_kb();
	flt0 = proc_self_stat_field(PROC_STAT_MINFLT);
	heap = sbrk(mib << 20);
	if (heap == SBRK_ERROR) {
		fprintf(2, "lazy: sbrk(%d MiB): %s\n", mib, strerror(errno));
		exit(1);
	}
	rss1 = rss_kb();
	flt1 = proc_self_stat_field(PROC_STAT_MINFLT);
	printf("lazy: sbrk(%d MiB) at %p: VmRSS %lu -> %lu kB, minor faults +%lu\n",
	       mib, heap, rss0, rss1, flt1 - flt0);
	/* Spread the pages over the heap, one write each. */
	step = ((mib << 20) / PAGE) / pages;
	flt1 = proc_self_stat_field(PROC_STAT_MINFLT);
	for (int i = 0; i < pages; i++)
		heap[(long)i * step * PAGE] = 1;
	flt2 = proc_self_stat_field(PROC_STAT_MINFLT);
	rss2 = rss_kb();
	printf("lazy: touched %d of %d pages: VmRSS +%lu kB (%lu pages), minor faults +%lu "
	       "(expected %d)\n", pages, (mib << 20) / PAGE, rss2 - rss1, (rss2 - rss1) / 4,
	       flt2 - flt1, pages);
	printf("DEMO lazy faults=%lu expected=%d\n", flt2 - flt1, pages);
	exit(0);
}
