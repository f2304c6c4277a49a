/*
 * Reading /proc files from user space (Linux: procps's library, libproc2).
 * /proc files are small text files of "Name:  value" lines (status,
 * meminfo); these helpers read one whole and find a field in it.
 */
#ifndef _USER_PROC_H
#define _USER_PROC_H

/* Read all of path into buf (NUL-terminated, truncated to size-1 bytes): the length, or -1 and errno. */
int proc_read(const char *path, char *buf, int size);

/* The value of the line "name:" in text, spaces skipped, or 0 if no line has that name. */
const char *proc_field(const char *text, const char *name);

/* The value of the line "name value" in text (/proc/vmstat, /proc/stat), or 0. */
const char *proc_key(const char *text, const char *name);

/* The decimal number at the start of s (0 if none); *end, if given, is set past it. */
unsigned long proc_number(const char *s, const char **end);

/* Field n (1-based) of /proc/self/stat: 10 is minflt, 12 majflt (proc(5)). */
unsigned long proc_self_stat_field(int n);
#define PROC_STAT_MINFLT 10
#define PROC_STAT_MAJFLT 12

/* The kB value of line `name` in a /proc file such as /proc/meminfo or /proc/self/status. */
unsigned long proc_kb(const char *path, const char *name);

#endif
