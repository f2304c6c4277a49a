/*
 * Pagoda's string functions beyond xv6's ulib.c, and parse_int() for the
 * programs that take numbers (Linux's libc: string.h, strtol()).
 */
#include "kernel/types.h"
#include "user/user.h"
#include "user/errno.h"

int strncmp(const char *a, const char *b, uint n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (uchar)*a - (uchar)*b;
		if (*a == '\0')
			break;
	}
	return 0;
}

/* As C's: pads with NULs to n, and leaves dst unterminated if src is too long. */
char *strncpy(char *dst, const char *src, uint n)
{
	uint i = 0;

	for (; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = '\0';
	return dst;
}

char *strrchr(const char *s, int c)
{
	const char *last = 0;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

/*
 * The whole of s as a decimal int, with an optional '-': 0 and *out set,
 * or -1 with errno EINVAL (not a number) or ERANGE (does not fit). atoi()
 * cannot tell "0" from "zero"; kill and the tests need to.
 */
int parse_int(const char *s, int *out)
{
	long n = 0;
	int neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s == '\0')
		goto invalid;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			goto invalid;
		n = n * 10 + (*s - '0');
		if (n > 2147483648L) {
			errno = ERANGE;
			return -1;
		}
	}
	if (neg)
		n = -n;
	if (n > 2147483647L) {
		errno = ERANGE;
		return -1;
	}
	*out = (int)n;
	return 0;
invalid:
	errno = EINVAL;
	return -1;
}
