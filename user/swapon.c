/*
 * swapon: turn on swapping to a disk, or list the swap areas in use
 * (Linux: util-linux sys-utils/swapon.c).
 *
 *   swapon [-p PRIO] DEVICE...   swapon(2) each: "/dev/vdb"
 *   swapon -s, swapon            print /proc/swaps
 *
 * Pages go to the area of the highest priority first, and round-robin
 * among areas of equal priority. -p gives a priority from 0 to 32767;
 * without it the kernel gives each new area one below the last (-1,
 * -2, ...), so areas are used in the order they were turned on.
 * util-linux's swapon also reads /etc/fstab (-a) and swaps to files;
 * Pagoda swaps only to whole disks that mkswap made swap areas.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/errno.h"
#include "user/proc.h"

static int usage(void)
{
	fprintf(2, "usage: swapon [-p PRIO] DEVICE...   turn on swap (PRIO 0..%d)\n"
		   "       swapon [-s]                  list the swap areas (/proc/swaps)\n",
		SWAP_FLAG_PRIO_MASK);
	return 1;
}

static int show_swaps(void)
{
	static char text[4096];

	if (proc_read("/proc/swaps", text, sizeof(text)) < 0) {
		fprintf(2, "swapon: /proc/swaps: %s\n", strerror(errno));
		return 1;
	}
	printf("%s", text);
	return 0;
}

/* What an error most likely means here, after strerror's words. */
static const char *hint(int err)
{
	switch (err) {
	case EINVAL:
		return " (not a swap area? mkswap writes one: see mkfs/README.md)";
	case EBUSY:
		return " (already swapping to it)";
	case ENOENT:
		return " (no such disk)";
	default:
		return "";
	}
}

int main(int argc, char *argv[])
{
	int flags = 0, status = 0, prio, i = 1;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-s") == 0))
		exit(show_swaps());
	if (strcmp(argv[1], "-p") == 0) {
		if (argc < 3 || parse_int(argv[2], &prio) < 0 || prio < 0 ||
		    prio > SWAP_FLAG_PRIO_MASK) {
			fprintf(2, "swapon: bad priority '%s'\n", argc < 3 ? "" : argv[2]);
			exit(usage());
		}
		flags = SWAP_FLAG_PREFER | prio;
		i = 3;
	}
	if (i >= argc)
		exit(usage());
	for (; i < argc; i++) {
		if (argv[i][0] == '-') {
			fprintf(2, "swapon: unknown option '%s'\n", argv[i]);
			exit(usage());
		}
		if (swapon(argv[i], flags) < 0) {
			fprintf(2, "swapon: %s: swapon failed: %s%s\n", argv[i], strerror(errno),
				hint(errno));
			status = 1;
		}
	}
	exit(status);
}
