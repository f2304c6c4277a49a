/*
 * Helpers for /proc's "Name:  value" and "name value" text files
 * (user/proc.h), shared by free, ps, vmstat and the demos (Linux:
 * procps's library/meminfo.c, readproc.c and vmstat.c).
 */
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"
#include "user/proc.h"

int proc_read(const char *path, char *buf, int size)
{
	int fd, n = 0, len = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	/* /proc files are generated on each read; keep reading until end of file. */
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	if (n < 0 && len == 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return len;
}

const char *proc_field(const char *text, const char *name)
{
	uint len = strlen(name);
	const char *line = text;

	while (*line) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			const char *v = line + len + 1;

			while (*v == ' ' || *v == '\t')
				v++;
			return v;
		}
		line = strchr(line, '\n');
		if (!line)
			break;
		line++;
	}
	return 0;
}

/* /proc/vmstat's and /proc/stat's lines have no colon: "pgfault 1234". */
const char *proc_key(const char *text, const char *name)
{
	uint len = strlen(name);
	const char *line = text;

	while (line && *line) {
		if (strncmp(line, name, len) == 0 && line[len] == ' ')
			return line + len + 1;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return 0;
}

unsigned long proc_number(const char *s, const char **end)
{
	unsigned long n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	if (end)
		*end = s;
	return n;
}

/* Field n (1-based) of /proc/self/stat, as a number: 10 is minflt, 12 majflt. */
unsigned long proc_self_stat_field(int n)
{
	char text[512];
	const char *p;

	if (proc_read("/proc/self/stat", text, sizeof(text)) < 0)
		return 0;
	/* The name in field 2 may hold spaces: count from its closing parenthesis. */
	p = strrchr(text, ')');
	if (!p || n < 3)
		return 0;
	for (int field = 2; field < n; field++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return 0;
	}
	return proc_number(p + 1, 0);
}

/* A "Name:  123 kB" line of a /proc file, in kB (0 if missing). */
unsigned long proc_kb(const char *path, const char *name)
{
	static char text[4096];
	const char *v;

	if (proc_read(path, text, sizeof(text)) < 0)
		return 0;
	v = proc_field(text, name);
	return v ? proc_number(v, 0) : 0;
}
