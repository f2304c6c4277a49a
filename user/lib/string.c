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

/*
 * A size: a whole decimal number with an optional K, M or G suffix
 * (powers of 1024; "KiB", "MB" and the like too), or with none, in units
 * of 1 << unit_shift bytes (memhog and thrash: 20, MiB). 0 and *out set,
 * or -1 with errno EINVAL or ERANGE (past 2^48 bytes). Linux's tools
 * parse sizes each their own way (util-linux: strtosize()).
 */
int parse_size(const char *s, int unit_shift, uint64 *out)
{
	uint64 n = 0;
	int shift = unit_shift;

	if (*s < '0' || *s > '9')
		goto invalid;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > (1ULL << 48))
			goto range;
	}
	if (*s == 'K' || *s == 'k')
		shift = 10;
	else if (*s == 'M' || *s == 'm')
		shift = 20;
	else if (*s == 'G' || *s == 'g')
		shift = 30;
	if (*s && strchr("KkMmGg", *s)) {
		s++;
		if (strcmp(s, "iB") == 0 || strcmp(s, "B") == 0)
			s += strlen(s);
	}
	if (*s)
		goto invalid;
	if (n > (1ULL << 48) >> shift)
		goto range;
	*out = n << shift;
	return 0;
invalid:
	errno = EINVAL;
	return -1;
range:
	errno = ERANGE;
	return -1;
}
