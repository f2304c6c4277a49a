/*
 * Memory and string functions (Linux: lib/string.c, arch/riscv/lib/memset.S).
 * memset and memcpy move eight bytes at a time when they can, because
 * zeroing and copying pages is most of what a memory manager does.
 */
#include "string.h"

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned long w = (unsigned char)c;

	w |= w << 8;
	w |= w << 16;
	w |= w << 32;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = c;
		n--;
	}
	for (; n >= 64; n -= 64, d += 64) {
		unsigned long *q = (unsigned long *)d;
		q[0] = w; q[1] = w; q[2] = w; q[3] = w;
		q[4] = w; q[5] = w; q[6] = w; q[7] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(unsigned long *)d = w;
	while (n--)
		*d++ = c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n && ((uintptr_t)d & 7)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			unsigned long *q = (unsigned long *)d;
			const unsigned long *p = (const unsigned long *)s;
			q[0] = p[0]; q[1] = p[1]; q[2] = p[2]; q[3] = p[3];
			q[4] = p[4]; q[5] = p[5]; q[6] = p[6]; q[7] = p[7];
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(unsigned long *)d = *(const unsigned long *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* First byte that is not c, or NULL: used to check poison patterns. */
void *memchr_inv(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	for (; n; n--, s++)
		if (*s != (unsigned char)c)
			return (void *)s;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* Shell-style pattern with '*' and '?' (Linux: lib/glob.c). */
bool glob_match(const char *pat, const char *str)
{
	if (*pat == '\0')
		return *str == '\0';
	if (*pat == '*')
		return glob_match(pat + 1, str) || (*str && glob_match(pat, str + 1));
	if (*str && (*pat == '?' || *pat == *str))
		return glob_match(pat + 1, str + 1);
	return false;
}

unsigned long simple_strtoul(const char *s, char **end, unsigned base)
{
	unsigned long v = 0;

	if (base == 0) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		}
	}
	for (;; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (end)
		*end = (char *)s;
	return v;
}

/* Whole-string conversion: 0 on success, -22 (-EINVAL) on junk. */
int kstrtoul(const char *s, unsigned base, unsigned long *res)
{
	char *end;

	if (!*s || *s == '-')
		return -22;
	*res = simple_strtoul(s, &end, base);
	if (end == s || (*end && !(*end == '\n' && !end[1])))
		return -22;
	return 0;
}

/* A number with an optional K, M or G suffix (Linux: lib/cmdline.c). */
unsigned long long memparse(const char *s, char **end)
{
	char *e;
	unsigned long long v = simple_strtoul(s, &e, 0);

	switch (*e) {
	case 'G': case 'g':
		v <<= 10;
		/* fall through */
	case 'M': case 'm':
		v <<= 10;
		/* fall through */
	case 'K': case 'k':
		v <<= 10;
		e++;
		break;
	default:
		break;
	}
	if (end)
		*end = e;
	return v;
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	do {
		if (*s == (char)c)
			last = s;
	} while (*s++);
	return (char *)last;
}
