/*
 * vmstat: processes, memory, swapping, block I/O, interrupts and CPU
 * time, one line every DELAY seconds (Linux: procps-ng vmstat, whose
 * default output this follows column for column).
 *
 *   vmstat [DELAY [COUNT]]
 *
 * procs -----------memory---------- ---swap-- -----io---- -system-- -------cpu-------
 *  r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st
 *  1  0      0 498112     72   3580    0    0    12     0  412   96  1  2 97  0  0
 *
 *   r, b    tasks running or ready to run (vmstat itself among them), and
 *           tasks waiting for the disk: /proc/stat procs_running, procs_blocked
 *   swpd    swap in use, kB: SwapTotal - SwapFree (/proc/meminfo)
 *   free    MemFree; buff: Buffers; cache: Cached + SReclaimable (kB)
 *   si, so  kB/s read from and written to swap: pswpin, pswpout (pages, /proc/vmstat)
 *   bi, bo  kB/s read from and written to disks: pgpgin, pgpgout (/proc/vmstat)
 *   in, cs  interrupts and context switches per second (/proc/stat intr, ctxt)
 *   us ...  % of CPU time: user (+nice), system (+irq, softirq), idle,
 *           waiting for I/O, stolen by the hypervisor (/proc/stat cpu)
 *
 * The first line is the average since boot, the others over the last
 * DELAY seconds. Without DELAY there is one line; without COUNT lines
 * come until vmstat is killed. procps-ng has many more options (-a, -s,
 * -d, -w ...) and repeats the header each screenful; this one does not.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/proc.h"

#define HZ 100			/* uptime()'s ticks per second */
#define PAGE_KB 4
#define CPU_COLS 10		/* user nice system idle iowait irq softirq steal guest guest_nice */

enum { USER, NICE, SYSTEM, IDLE, IOWAIT, IRQ, SOFTIRQ, STEAL };

struct snapshot {
	int ticks;				/* uptime() when taken */
	unsigned long cpu[CPU_COLS];		/* ticks, all CPUs */
	unsigned long intr, ctxt, running, blocked;
	unsigned long pgpgin, pgpgout, pswpin, pswpout;
	unsigned long swpd, free, buff, cache;	/* kB */
};

static char text[8192];

static int usage(void)
{
	fprintf(2, "usage: vmstat [DELAY [COUNT]]   DELAY seconds between lines, COUNT lines\n");
	return 1;
}

static void read_or_die(const char *path)
{
	if (proc_read(path, text, sizeof(text)) < 0) {
		fprintf(2, "vmstat: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static unsigned long key(const char *name)
{
	const char *v = proc_key(text, name);

	return v ? proc_number(v, 0) : 0;
}

static unsigned long kb(const char *name)
{
	const char *v = proc_field(text, name);

	return v ? proc_number(v, 0) : 0;
}

static void take_snapshot(struct snapshot *s)
{
	const char *v;

	read_or_die("/proc/stat");
	v = proc_key(text, "cpu ");
	for (int i = 0; i < CPU_COLS; i++)
		s->cpu[i] = v ? proc_number(v, &v) : 0;
	s->intr = key("intr");
	s->ctxt = key("ctxt");
	s->running = key("procs_running");
	s->blocked = key("procs_blocked");
	read_or_die("/proc/vmstat");
	s->pgpgin = key("pgpgin");
	s->pgpgout = key("pgpgout");
	s->pswpin = key("pswpin");
	s->pswpout = key("pswpout");
	read_or_die("/proc/meminfo");
	s->swpd = kb("SwapTotal");
	s->swpd -= s->swpd > kb("SwapFree") ? kb("SwapFree") : s->swpd;
	s->free = kb("MemFree");
	s->buff = kb("Buffers");
	s->cache = kb("Cached") + kb("SReclaimable");
	s->ticks = uptime();
}

/* A count's growth per second over `ticks`, rounded. */
static unsigned long rate(unsigned long now, unsigned long then, int ticks)
{
	return ((now - then) * HZ + ticks / 2) / ticks;
}

/* Percent of `total`, rounded, as procps rounds it. */
static unsigned long percent(unsigned long part, unsigned long total)
{
	return (100 * part + total / 2) / total;
}

/* One line: now's gauges, and rates from `then` (all zeros: since boot). */
static void print_line(const struct snapshot *now, const struct snapshot *then)
{
	unsigned long d[CPU_COLS], total = 0;
	int ticks = now->ticks - then->ticks;
	char line[200];

	if (ticks < 1)
		ticks = 1;
	for (int i = 0; i < CPU_COLS; i++) {
		d[i] = now->cpu[i] - then->cpu[i];
		total += d[i];
	}
	if (!total) {
		total = 1;
		d[IDLE] = 1;		/* no tick yet: call it idle */
	}
	snprintf(line, sizeof(line),
		 "%2lu %2lu %6lu %6lu %6lu %6lu %4lu %4lu %5lu %5lu %4lu %4lu %2lu %2lu %2lu %2lu %2lu\n",
		 now->running, now->blocked, now->swpd, now->free, now->buff, now->cache,
		 rate(now->pswpin, then->pswpin, ticks) * PAGE_KB,
		 rate(now->pswpout, then->pswpout, ticks) * PAGE_KB,
		 rate(now->pgpgin, then->pgpgin, ticks), rate(now->pgpgout, then->pgpgout, ticks),
		 rate(now->intr, then->intr, ticks), rate(now->ctxt, then->ctxt, ticks),
		 percent(d[USER] + d[NICE], total), percent(d[SYSTEM] + d[IRQ] + d[SOFTIRQ], total),
		 percent(d[IDLE], total), percent(d[IOWAIT], total), percent(d[STEAL], total));
	printf("%s", line);
}

int main(int argc, char *argv[])
{
	static struct snapshot boot, snap[2];
	int delay = 0, count = 1;

	if (argc > 3 || (argc > 1 && (parse_int(argv[1], &delay) < 0 || delay < 1)) ||
	    (argc > 2 && (parse_int(argv[2], &count) < 0 || count < 1)))
		exit(usage());
	if (argc == 2)
		count = -1;		/* forever, as procps does with a delay alone */
	printf("procs -----------memory---------- ---swap-- -----io---- -system-- -------cpu-------\n");
	printf(" r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st\n");
	take_snapshot(&snap[0]);
	print_line(&snap[0], &boot);
	for (int n = 1; count < 0 || n < count; n++) {
		sleep(delay * HZ);
		take_snapshot(&snap[n & 1]);
		print_line(&snap[n & 1], &snap[(n - 1) & 1]);
	}
	exit(0);
}
