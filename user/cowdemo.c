/*
 * cowdemo: fork copies page tables, not pages. A parent with a big heap
 * forks: free memory hardly moves (only the child's page tables are
 * new), and the child's VmRSS counts the pages it shares. Then the child
 * writes some of the pages: each write is one copy-on-write fault that
 * copies one page (do_wp_page -> wp_page_copy), and free memory drops by
 * just those pages.
 *
 *   cowdemo [MiB] [pages]     defaults: a 32 MiB heap, 64 pages written
 *
 * Last line, for grading/bench.py:  DEMO cowdemo faults=N expected=N
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/proc.h"

#define PAGE 4096

static unsigned long memfree_kb(void)
{
	return proc_kb("/proc/meminfo", "MemFree");
}

static void child(char *heap, int npages, int pages, unsigned long free_before_fork)
{
	unsigned long free1 = memfree_kb(), free2, flt1, flt2, rss;
	int step = npages / pages;

	rss = proc_kb("/proc/self/status", "VmRSS");
	/*
	 * Reading /proc writes into our own (copy-on-write) stack and data:
	 * one read first, so those faults are not counted with the heap's.
	 */
	proc_self_stat_field(PROC_STAT_MINFLT);
	printf("cowdemo: after fork: MemFree %lu -> %lu kB (-%ld kB: page tables, not %d kB "
	       "of heap); the child's VmRSS is %lu kB, shared with its parent\n",
	       free_before_fork, free1, (long)(free_before_fork - free1), npages * 4, rss);
	flt1 = proc_self_stat_field(PROC_STAT_MINFLT);
	for (int i = 0; i < pages; i++)
		heap[(long)i * step * PAGE] ^= 0xff;
	flt2 = proc_self_stat_field(PROC_STAT_MINFLT);
	free2 = memfree_kb();
	printf("cowdemo: the child wrote %d pages: %lu copy-on-write faults (expected %d), "
	       "MemFree -%ld kB (expected about %d kB)\n", pages, flt2 - flt1, pages,
	       (long)(free1 - free2), pages * 4);
	printf("DEMO cowdemo faults=%lu expected=%d\n", flt2 - flt1, pages);
	exit(0);
}

int main(int argc, char *argv[])
{
	int mib = argc > 1 ? atoi(argv[1]) : 32, pages = argc > 2 ? atoi(argv[2]) : 64;
	int npages = (mib << 20) / PAGE, pid, status;
	unsigned long before;
	char *heap;

	if (mib <= 0 || pages <= 0 || pages > npages) {
		fprintf(2, "usage: cowdemo [MiB] [pages], pages at most MiB * 256\n");
		exit(1);
	}
	heap = sbrk(mib << 20);
	if (heap == SBRK_ERROR) {
		fprintf(2, "cowdemo: sbrk: %s\n", strerror(errno));
		exit(1);
	}
	for (int i = 0; i < npages; i++)
		heap[(long)i * PAGE] = (char)i;	/* every page the parent's own */
	printf("cowdemo: the parent filled %d MiB (%d pages); VmRSS %lu kB\n", mib, npages,
	       proc_kb("/proc/self/status", "VmRSS"));
	before = memfree_kb();
	pid = fork();
	if (pid < 0) {
		fprintf(2, "cowdemo: fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0)
		child(heap, npages, pages, before);
	wait(&status);
	for (int i = 0; i < npages; i++)
		if (heap[(long)i * PAGE] != (char)i) {
			printf("cowdemo: the parent's page %d changed: copy-on-write is broken\n", i);
			exit(1);
		}
	printf("cowdemo: the parent's %d pages are unchanged\n", npages);
	exit(status);
}
