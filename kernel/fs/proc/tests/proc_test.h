/* Helpers shared by the procfs test suites: render a file, find its lines. */
#ifndef _FS_PROC_TESTS_PROC_TEST_H
#define _FS_PROC_TESTS_PROC_TEST_H

#include "fs/proc/internal.h"
#include "mm/slab.h"
#include "string.h"
#include "errno.h"

/* Renders /proc/<name> (a file directly in /proc) through its show(). */
static inline int proc_render(const char *name, struct seq_file *m)
{
	struct proc_dir_entry *de = pde_subdir_find(&proc_root, name, strlen(name));
	int err;

	*m = (struct seq_file){ 0 };
	if (!de)
		return -ENOENT;
	if (!de->single_show) {
		pde_put(de);
		return -EINVAL;
	}
	m->show = de->single_show;
	m->private = de->data;
	err = seq_render(m);
	pde_put(de);
	return err;
}

/* Renders a /proc/<pid> file's show() for pid. */
struct pid_show_arg {
	int (*show)(struct seq_file *m, int pid);
	int pid;
};

static inline int pid_show_trampoline(struct seq_file *m, void *v)
{
	struct pid_show_arg *a = v;

	return a->show(m, a->pid);
}

static inline int proc_render_pid(int (*show)(struct seq_file *, int), int pid,
				  struct seq_file *m, struct pid_show_arg *arg)
{
	*arg = (struct pid_show_arg){ show, pid };
	*m = (struct seq_file){ .show = pid_show_trampoline, .private = arg };
	return seq_render(m);
}

/* The first line that starts with prefix, or NULL; from is a line start or NULL. */
static inline const char *find_line_from(const struct seq_file *m, const char *from,
					 const char *prefix)
{
	const char *p = from ? from : m->buf, *end = m->buf + m->count;
	size_t n = strlen(prefix);

	while (p && p < end) {
		if ((size_t)(end - p) >= n && !memcmp(p, prefix, n))
			return p;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

static inline const char *find_line(const struct seq_file *m, const char *prefix)
{
	return find_line_from(m, NULL, prefix);
}

static inline const char *next_line(const struct seq_file *m, const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl && nl + 1 < m->buf + m->count ? nl + 1 : NULL;
}

/* The length of a line, without its newline. */
static inline size_t line_len(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? (size_t)(nl - line) : strlen(line);
}

static inline int count_lines(const struct seq_file *m, const char *prefix)
{
	size_t n = strlen(prefix);
	int count = 0;

	for (const char *l = m->buf; l; l = next_line(m, l))
		if (!strncmp(l, prefix, n))
			count++;
	return count;
}

/* The number after prefix (spaces and tabs skipped) on the first such line. */
static inline bool line_value(const struct seq_file *m, const char *prefix, unsigned long *v)
{
	const char *l = find_line(m, prefix);
	char *end;

	if (!l)
		return false;
	l += strlen(prefix);
	while (*l == ' ' || *l == '\t')
		l++;
	if (*l < '0' || *l > '9')
		return false;
	*v = simple_strtoul(l, &end, 10);
	return true;
}

/* Splits a line into white-space separated fields; returns how many (at most max). */
static inline int split_fields(const char *line, const char **fields, int max)
{
	int n = 0;

	while (*line && *line != '\n') {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '\n')
			break;
		if (n < max)
			fields[n] = line;
		n++;
		while (*line && *line != ' ' && *line != '\t' && *line != '\n')
			line++;
	}
	return n;
}

/* Whether needle occurs in s (the kernel has no strstr). */
static inline bool str_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s; s++)
		if (!strncmp(s, needle, n))
			return true;
	return false;
}

#endif
