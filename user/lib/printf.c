/*
 * printf and friends for user programs (Linux's libc: stdio's vfprintf.c).
 *
 * One formatter, format(), writes characters to a `struct out`: either a
 * caller's string (snprintf) or a small buffer that is written to a file
 * descriptor when it fills and when the call ends (fprintf). So one
 * printf() is one write() for lines up to OUTBUF bytes, and the output of
 * processes sharing the console interleaves line by line, not character
 * by character as in xv6. stdio's FILE buffering across calls is left out.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, a
 * width and a .precision (either may be *), sizes hh h l ll z t. No
 * floating point: user programs must not use the FP registers (docs/user.md).
 */
#include "kernel/types.h"
#include "user/user.h"

#define OUTBUF 256

struct out {
	char *buf;
	unsigned long size;	/* capacity of buf */
	unsigned long len;	/* characters now in buf */
	unsigned long total;	/* characters produced so far (snprintf's result) */
	int fd;			/* -1: buf is the caller's string */
};

/* One conversion's flags, width and precision. */
struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int prec;		/* -1: none given */
	int size;		/* -2 hh, -1 h, 0 int, 1 long, 2 long long */
};

static void flush(struct out *o)
{
	if (o->fd >= 0 && o->len > 0)
		write(o->fd, o->buf, (int)o->len);
	o->len = 0;
}

static void put(struct out *o, char c)
{
	o->total++;
	if (o->fd >= 0) {
		if (o->len == o->size)
			flush(o);
		o->buf[o->len++] = c;
	} else if (o->len + 1 < o->size) {
		o->buf[o->len++] = c;	/* keep room for the NUL */
	}
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* v in base, with a sign or 0x prefix, zeros for the precision, padded to the width. */
static void put_number(struct out *o, const struct spec *s, unsigned long long v,
		       bool negative, int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24], prefix[3];
	int n = 0, np = 0, zeros, pad;

	if (!(v == 0 && s->prec == 0))	/* C: "%.0d" of 0 is empty */
		do {
			digits[n++] = set[v % base];
			v /= base;
		} while (v);
	if (negative)
		prefix[np++] = '-';
	else if (s->plus)
		prefix[np++] = '+';
	else if (s->space)
		prefix[np++] = ' ';
	if (s->alt && base == 16) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	} else if (s->alt && base == 8) {
		prefix[np++] = '0';
	}
	zeros = s->prec > n ? s->prec - n : 0;
	if (s->zero && !s->left && s->prec < 0 && s->width > np + n)
		zeros = s->width - np - n;
	pad = s->width - np - zeros - n;
	if (!s->left)
		put_repeat(o, ' ', pad);
	for (int i = 0; i < np; i++)
		put(o, prefix[i]);
	put_repeat(o, '0', zeros);
	while (n > 0)
		put(o, digits[--n]);
	if (s->left)
		put_repeat(o, ' ', pad);
}

static void put_string(struct out *o, const struct spec *s, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (s->prec < 0 || n < s->prec))
		n++;
	if (!s->left)
		put_repeat(o, ' ', s->width - n);
	for (int i = 0; i < n; i++)
		put(o, str[i]);
	if (s->left)
		put_repeat(o, ' ', s->width - n);
}

/* Parse flags, width, precision and size after a '%'; returns the conversion character's address. */
static const char *parse_spec(const char *f, struct spec *s, __builtin_va_list *ap)
{
	*s = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else if (*f == '+')
			s->plus = true;
		else if (*f == ' ')
			s->space = true;
		else if (*f == '#')
			s->alt = true;
		else
			break;
	}
	if (*f == '*') {
		s->width = __builtin_va_arg(*ap, int);
		if (s->width < 0) {
			s->left = true;
			s->width = -s->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		s->width = s->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		s->prec = 0;
		if (*f == '*') {
			s->prec = __builtin_va_arg(*ap, int);
			if (s->prec < 0)
				s->prec = -1;
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			s->prec = s->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'h')
			s->size--;
		else if (*f == 'l')
			s->size++;
		else if (*f == 'z' || *f == 't')
			s->size = 1;
		else
			break;
	}
	return f;
}

static long long signed_arg(int size, __builtin_va_list *ap)
{
	if (size >= 2)
		return __builtin_va_arg(*ap, long long);
	if (size == 1)
		return __builtin_va_arg(*ap, long);
	if (size == -1)
		return (short)__builtin_va_arg(*ap, int);
	if (size <= -2)
		return (signed char)__builtin_va_arg(*ap, int);
	return __builtin_va_arg(*ap, int);
}

static unsigned long long unsigned_arg(int size, __builtin_va_list *ap)
{
	if (size >= 2)
		return __builtin_va_arg(*ap, unsigned long long);
	if (size == 1)
		return __builtin_va_arg(*ap, unsigned long);
	if (size == -1)
		return (unsigned short)__builtin_va_arg(*ap, unsigned int);
	if (size <= -2)
		return (unsigned char)__builtin_va_arg(*ap, unsigned int);
	return __builtin_va_arg(*ap, unsigned int);
}

static void format(struct out *o, const char *f, __builtin_va_list va)
{
	__builtin_va_list args;	/* a copy we can point at: va_list is an array type on some hosts */
	__builtin_va_list *ap = &args;
	struct spec s;
	long long v;

	__builtin_va_copy(args, va);

	for (; *f; f++) {
		if (*f != '%') {
			put(o, *f);
			continue;
		}
		f = parse_spec(f + 1, &s, ap);
		switch (*f) {
		case 'd':
		case 'i':
			v = signed_arg(s.size, ap);
			put_number(o, &s, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
				   v < 0, 10, false);
			break;
		case 'u':
			put_number(o, &s, unsigned_arg(s.size, ap), false, 10, false);
			break;
		case 'x':
		case 'X':
			put_number(o, &s, unsigned_arg(s.size, ap), false, 16, *f == 'X');
			break;
		case 'o':
			put_number(o, &s, unsigned_arg(s.size, ap), false, 8, false);
			break;
		case 'p':	/* as xv6: 0x and all 16 digits */
			s.alt = true;
			s.prec = 16;
			put_number(o, &s, (unsigned long)__builtin_va_arg(*ap, void *), false, 16, false);
			break;
		case 'c':	/* even '\0', which put_string() would drop */
			if (!s.left)
				put_repeat(o, ' ', s.width - 1);
			put(o, (char)__builtin_va_arg(*ap, int));
			if (s.left)
				put_repeat(o, ' ', s.width - 1);
			break;
		case 's':
			put_string(o, &s, __builtin_va_arg(*ap, const char *));
			break;
		case '%':
			put(o, '%');
			break;
		case '\0':	/* a lone '%' at the end */
			put(o, '%');
			f--;
			break;
		default:	/* unknown: print it as written, as xv6 does */
			put(o, '%');
			put(o, *f);
			break;
		}
	}
	__builtin_va_end(args);
}

int vsnprintf(char *buf, unsigned long size, const char *fmt, __builtin_va_list ap)
{
	struct out o = { .buf = buf, .size = size, .fd = -1 };

	format(&o, fmt, ap);
	if (size > 0)
		buf[o.len] = '\0';
	return (int)o.total;
}

int snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	__builtin_va_end(ap);
	return n;
}

void vfprintf(int fd, const char *fmt, __builtin_va_list ap)
{
	char buf[OUTBUF];
	struct out o = { .buf = buf, .size = sizeof(buf), .fd = fd };

	format(&o, fmt, ap);
	flush(&o);
}

void fprintf(int fd, const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vfprintf(fd, fmt, ap);
	__builtin_va_end(ap);
}

void printf(const char *fmt, ...)
{
	__builtin_va_list ap;

	__builtin_va_start(ap, fmt);
	vfprintf(1, fmt, ap);
	__builtin_va_end(ap);
}
