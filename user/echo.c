/*
 * echo: print the arguments, separated by spaces, and a newline
 * (Linux: coreutils echo). -n leaves the newline out.
 */
#include "kernel/types.h"
#include "user/user.h"

int main(int argc, char *argv[])
{
	char buf[512];
	int i = 1, n = 0, len;
	bool newline = true;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		newline = false;
		i++;
	}
	for (; i < argc; i++) {
		len = strlen(argv[i]);
		/* Gather into one write when it fits, so the line reaches a pipe whole. */
		if (n + len + 2 > (int)sizeof(buf)) {
			if (n > 0 && write(1, buf, n) != n)
				goto fail;
			n = 0;
			if (len + 2 > (int)sizeof(buf)) {
				if (write(1, argv[i], len) != len)
					goto fail;
				len = 0;
			}
		}
		memmove(buf + n, argv[i], len);
		n += len;
		if (i + 1 < argc)
			buf[n++] = ' ';
	}
	if (newline)
		buf[n++] = '\n';
	if (n > 0 && write(1, buf, n) != n)
		goto fail;
	exit(0);
fail:
	fprintf(2, "echo: write error: %s\n", strerror(errno));
	exit(1);
}
