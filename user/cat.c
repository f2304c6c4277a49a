/*
 * cat: copy each file named, or standard input if none (or "-"), to
 * standard output (Linux: coreutils cat). A file that cannot be read is
 * reported and skipped; the exit status says whether any failed.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char buf[4096];

/* 0, or -1 after saying what went wrong. */
static int cat(int fd, const char *name)
{
	int n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (write(1, buf, n) != n) {
			fprintf(2, "cat: write error: %s\n", strerror(errno));
			exit(1);	/* the reader has gone: no point going on */
		}
	}
	if (n < 0) {
		fprintf(2, "cat: %s: %s\n", name, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	int status = 0, fd;

	if (argc < 2)
		exit(cat(0, "standard input") < 0);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= cat(0, "standard input");
			continue;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "cat: %s: %s\n", argv[i], strerror(errno));
			status = -1;
			continue;
		}
		status |= cat(fd, argv[i]);
		close(fd);
	}
	exit(status < 0);
}
