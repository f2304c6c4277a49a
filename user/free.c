/*
 * free: how much memory is used and free, from /proc/meminfo
 * (Linux: procps-ng free, whose table and arithmetic this follows):
 *
 *                total        used        free      shared  buff/cache   available
 * Mem:        16303528     3452908     9528760      423440     3321860    12135436
 * Swap:        2097148           0     2097148
 *
 *   used       = MemTotal - MemAvailable (procps-ng 4; 3.3 used free + buff/cache)
 *   buff/cache = Buffers + Cached + SReclaimable
 *   available  = MemAvailable (MemFree if the kernel has no such line)
 *
 * Units: kibibytes by default; -b bytes, -k KiB, -m MiB, -g GiB, -h each
 * number in the largest unit that keeps it under 1024 (B, Ki, Mi, Gi, Ti).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/proc.h"

static char meminfo[4096];
static int shift = 10;		/* bytes >> shift: what is printed */
static bool human;

/* The field in kB, and whether the kernel has it. */
static unsigned long kb(const char *name, bool *found)
{
	const char *v = proc_field(meminfo, name);

	if (found)
		*found = v != 0;
	return v ? proc_number(v, 0) : 0;
}

/* One number, 11 wide, after a space unless it is the first. */
static void column(unsigned long kib, bool first)
{
	static const char *const units[] = { "B", "Ki", "Mi", "Gi", "Ti" };
	unsigned long long bytes = (unsigned long long)kib << 10, tenths;
	char text[24];
	int u = 0;

	if (!human) {
		printf(first ? "%11llu" : " %11llu", bytes >> shift);
		return;
	}
	/* Tenths of the unit, with integer arithmetic only: no floating point here. */
	while (u < 4 && bytes >= 1024ULL << (10 * u))
		u++;
	tenths = bytes * 10 >> (10 * u);

	if (tenths < 100 && u > 0)
		snprintf(text, sizeof(text), "%llu.%llu%s", tenths / 10, tenths % 10, units[u]);
	else
		snprintf(text, sizeof(text), "%llu%s", tenths / 10, units[u]);
	printf(first ? "%11s" : " %11s", text);
}

static int usage(void)
{
	fprintf(2, "usage: free [-b|-k|-m|-g|-h]\n");
	return 1;
}

int main(int argc, char *argv[])
{
	unsigned long total, freekb, shared, buffcache, avail, swap_total, swap_free;
	bool has_avail;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-b") == 0)
			shift = 0;
		else if (strcmp(argv[i], "-k") == 0)
			shift = 10;
		else if (strcmp(argv[i], "-m") == 0)
			shift = 20;
		else if (strcmp(argv[i], "-g") == 0)
			shift = 30;
		else if (strcmp(argv[i], "-h") == 0)
			human = true;
		else
			exit(usage());
	}
	if (proc_read("/proc/meminfo", meminfo, sizeof(meminfo)) < 0) {
		fprintf(2, "free: /proc/meminfo: %s\n", strerror(errno));
		exit(1);
	}
	total = kb("MemTotal", 0);
	freekb = kb("MemFree", 0);
	shared = kb("Shmem", 0);
	buffcache = kb("Buffers", 0) + kb("Cached", 0) + kb("SReclaimable", 0);
	avail = kb("MemAvailable", &has_avail);
	if (!has_avail)
		avail = freekb;
	if (avail > total)
		avail = total;
	swap_total = kb("SwapTotal", 0);
	swap_free = kb("SwapFree", 0);

	printf("               total        used        free      shared  buff/cache   available\n");
	printf("%-9s", "Mem:");
	column(total, true);
	column(total - avail, false);
	column(freekb, false);
	column(shared, false);
	column(buffcache, false);
	column(avail, false);
	printf("\n%-9s", "Swap:");
	column(swap_total, true);
	column(swap_total > swap_free ? swap_total - swap_free : 0, false);
	column(swap_free, false);
	printf("\n");
	exit(0);
}
