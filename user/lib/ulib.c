/*
 * xv6's user library: the string and memory functions C programs expect,
 * stat(), gets() and atoi(), with xv6's signatures (uint lengths) so xv6
 * programs link unchanged. Linux's libc has the same functions with
 * size_t lengths in string.h, stdlib.h and sys/stat.h.
 *
 * Built with -fno-tree-loop-distribute-patterns (user/Makefrag): otherwise
 * GCC may turn the loop in memset() into a call to memset().
 */
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++) != '\0')
		;
	return dst;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uchar)*a - (uchar)*b;
}

uint strlen(const char *s)
{
	uint n = 0;

	while (s[n])
		n++;
	return n;
}

/* The first c in s; the terminating NUL counts, as in C. */
char *strchr(const char *s, char c)
{
	for (;; s++) {
		if (*s == c)
			return (char *)s;
		if (*s == '\0')
			return 0;
	}
}

void *memset(void *dst, int c, uint n)
{
	uchar *d = dst;

	while (n-- > 0)
		*d++ = (uchar)c;
	return dst;
}

int memcmp(const void *a, const void *b, uint n)
{
	const uchar *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* Copies correctly when the two areas overlap: backwards if dst is above src. */
void *memmove(void *dst, const void *src, int n)
{
	char *d = dst;
	const char *s = src;

	if (n <= 0)
		return dst;
	if (d > s && d < s + n) {
		while (n-- > 0)
			d[n] = s[n];
	} else {
		while (n-- > 0)
			*d++ = *s++;
	}
	return dst;
}

/* GCC emits calls to memcpy for structure copies, so it must exist. */
void *memcpy(void *dst, const void *src, uint n)
{
	return memmove(dst, src, n);
}

/*
 * Read a line of at most max-1 characters, keeping the '\n', one byte per
 * read() so that what follows the line stays unread for the next reader
 * (the shell's children share its standard input). Empty at end of file.
 */
char *gets(char *buf, int max)
{
	int i = 0;
	char c;

	while (i + 1 < max) {
		if (read(0, &c, 1) < 1)
			break;
		buf[i++] = c;
		if (c == '\n' || c == '\r')
			break;
	}
	buf[i] = '\0';
	return buf;
}

int stat(const char *path, struct stat *st)
{
	int fd, ret;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ret = fstat(fd, st);
	close(fd);
	return ret;
}

/* Leading decimal digits of s, as xv6 reads them (no sign, no spaces). */
int atoi(const char *s)
{
	int n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (*s++ - '0');
	return n;
}
