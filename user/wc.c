/*
 * wc: count lines, words and bytes (Linux: coreutils wc), printed as xv6's
 * wc prints them: "lines words bytes name", the name empty for standard input.
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

static char buf[4096];

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int wc(int fd, const char *name)
{
	unsigned long lines = 0, words = 0, bytes = 0;
	bool in_word = false;
	int n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		bytes += n;
		for (int i = 0; i < n; i++) {
			if (buf[i] == '\n')
				lines++;
			if (is_space(buf[i])) {
				in_word = false;
			} else if (!in_word) {
				in_word = true;
				words++;
			}
		}
	}
	if (n < 0) {
		fprintf(2, "wc: %s: %s\n", *name ? name : "standard input", strerror(errno));
		return -1;
	}
	printf("%lu %lu %lu %s\n", lines, words, bytes, name);
	return 0;
}

int main(int argc, char *argv[])
{
	int status = 0, fd;

	if (argc < 2)
		exit(wc(0, "") < 0);
	for (int i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(2, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (wc(fd, argv[i]) < 0)
			status = 1;
		close(fd);
	}
	exit(status);
}
