/*
 * swapoff: stop swapping to a disk (Linux: util-linux sys-utils/swapoff.c).
 *
 *   swapoff DEVICE...   swapoff(2) each: "/dev/vdb"
 *   swapoff -a          every area /proc/swaps lists
 *
 * The kernel first reads back every page the area holds (try_to_unuse),
 * so swapoff can take a while, and fails with ENOMEM when those pages
 * do not fit in free memory; the area then stays on.
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/errno.h"
#include "user/proc.h"

#define MAX_AREAS 32		/* kernel/mm/swapops.h MAX_SWAPFILES */

static int usage(void)
{
	fprintf(2, "usage: swapoff DEVICE...   turn off swap on DEVICE, e.g. /dev/vdb\n"
		   "       swapoff -a          turn off every swap area\n");
	return 1;
}

static const char *hint(int err)
{
	if (err == EINVAL)
		return " (not a swap area in use: see swapon -s)";
	if (err == ENOMEM)
		return " (its pages do not fit in free memory)";
	return "";
}

static int do_swapoff(const char *path)
{
	if (swapoff(path) == 0)
		return 0;
	fprintf(2, "swapoff: %s: swapoff failed: %s%s\n", path, strerror(errno), hint(errno));
	return 1;
}

/* The first column of every line of /proc/swaps but the header. */
static int swapoff_all(void)
{
	static char text[4096];
	char name[MAX_AREAS][64];
	int n = 0, status = 0;
	char *line;

	if (proc_read("/proc/swaps", text, sizeof(text)) < 0) {
		fprintf(2, "swapoff: /proc/swaps: %s\n", strerror(errno));
		return 1;
	}
	line = strchr(text, '\n');
	while (line && line[1] && n < MAX_AREAS) {
		int len = 0;

		line++;
		while (line[len] && line[len] != ' ' && line[len] != '\t' && line[len] != '\n' &&
		       len < 63)
			len++;
		memmove(name[n], line, len);
		name[n++][len] = '\0';
		line = strchr(line, '\n');
	}
	/* Named first, turned off after: each swapoff changes /proc/swaps. */
	for (int i = 0; i < n; i++)
		status |= do_swapoff(name[i]);
	return status;
}

int main(int argc, char *argv[])
{
	int status = 0;

	if (argc < 2)
		exit(usage());
	if (strcmp(argv[1], "-a") == 0) {
		if (argc != 2)
			exit(usage());
		exit(swapoff_all());
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-') {
			fprintf(2, "swapoff: unknown option '%s'\n", argv[i]);
			exit(usage());
		}
		status |= do_swapoff(argv[i]);
	}
	exit(status);
}
