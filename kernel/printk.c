/*
 * printk and a small vsnprintf (Linux: kernel/printk/printk.c and
 * lib/vsprintf.c). Supports %d %i %u %x %X %o %p %s %c %% with l/ll/z
 * length, width, '0' and '-' flags, precision for strings, and %pS to
 * print a code address as function+offset.
 */
#include "printk.h"
#include "spinlock.h"
#include "string.h"
#include "kallsyms.h"
#include "riscv.h"
#include "sbi.h"

int console_loglevel = 7;	/* print levels below this (Linux's default) */
unsigned long riscv_timebase = 10000000;	/* replaced from the DT */
static DEFINE_SPINLOCK(printk_lock);
static bool locks_busted;

static void sbi_putc(int c)
{
	sbi_console_putchar(c);
}

static void (*console_putc_fn)(int c) = sbi_putc;

void console_set_putc(void (*putc)(int c))
{
	console_putc_fn = putc;
}

void console_putc(int c)
{
	if (c == '\n')
		console_putc_fn('\r');
	console_putc_fn(c);
}

void printk_bust_locks(void)
{
	locks_busted = true;
}

void time_since_boot(unsigned long *sec, unsigned long *usec)
{
	unsigned long t = get_cycles();

	*sec = t / riscv_timebase;
	*usec = (t % riscv_timebase) * 1000000 / riscv_timebase;
}

struct outbuf {
	char *buf;
	size_t size, len;
};

static void out(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct outbuf *o, unsigned long v, int base, bool neg,
		    int width, bool zero, bool left, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (neg && zero)
		out(o, '-');
	if (!left)
		for (; width > len; width--)
			out(o, zero ? '0' : ' ');
	if (neg && !zero)
		out(o, '-');
	while (n)
		out(o, tmp[--n]);
	for (; left && width > len; width--)
		out(o, ' ');
}

static void out_str(struct outbuf *o, const char *s, int width, int prec, bool left)
{
	int len;

	if (!s)
		s = "(null)";
	len = strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
	for (; !left && width > len; width--)
		out(o, ' ');
	for (int i = 0; i < len; i++)
		out(o, s[i]);
	for (; left && width > len; width--)
		out(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, __builtin_va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int width = 0, prec = -1, lng = 0;
		bool zero = false, left = false, alt = false;
		unsigned long v;
		char sym[96];

		if (*fmt != '%') {
			out(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		if (*fmt == '*') {
			width = __builtin_va_arg(ap, int);
			if (width < 0) {	/* as in C: a negative width left-justifies */
				left = true;
				width = -width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = __builtin_va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		while (*fmt == 'h')	/* short and char arguments arrive as int */
			fmt++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long s = lng ? __builtin_va_arg(ap, long) : __builtin_va_arg(ap, int);
			out_num(&o, s < 0 ? -(unsigned long)s : (unsigned long)s, 10,
				s < 0, width, zero, left, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			v = lng ? __builtin_va_arg(ap, unsigned long) : __builtin_va_arg(ap, unsigned int);
			if (alt && (*fmt == 'x' || *fmt == 'X')) {
				out(&o, '0');
				out(&o, 'x');
				width -= 2;
			}
			out_num(&o, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, false,
				width, zero, left, *fmt == 'X');
			break;
		case 'p':
			v = (unsigned long)__builtin_va_arg(ap, void *);
			if (fmt[1] == 'S') {
				fmt++;
				sprint_symbol(sym, sizeof(sym), v);
				out_str(&o, sym, width, -1, left);
			} else {
				out(&o, '0');
				out(&o, 'x');
				out_num(&o, v, 16, false, 16, true, false, false);
			}
			break;
		case 's':
			out_str(&o, __builtin_va_arg(ap, const char *), width, prec, left);
			break;
		case 'c':
			out(&o, (char)__builtin_va_arg(ap, int));
			break;
		case '%':
			out(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out(&o, '%');
			out(&o, *fmt);
		}
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	__builtin_va_end(ap);
	return n;
}

/* Lines are formatted into a buffer first so that harts do not interleave. */
int vprintk_level(int level, const char *fmt, __builtin_va_list ap)
{
	static bool at_line_start = true;
	char line[512];
	unsigned long flags, sec, usec;
	int n;

	if (level != LOGLEVEL_RAW && level >= console_loglevel)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	local_irq_save(flags);
	if (!locks_busted)
		spin_lock(&printk_lock);
	if (level != LOGLEVEL_RAW && at_line_start) {
		char stamp[32];

		time_since_boot(&sec, &usec);
		snprintf(stamp, sizeof(stamp), "[%5lu.%06lu] ", sec, usec);
		for (char *p = stamp; *p; p++)
			console_putc(*p);
	}
	for (char *p = line; *p; p++)
		console_putc(*p);
	if (line[0])
		at_line_start = line[strlen(line) - 1] == '\n';
	if (!locks_busted)
		spin_unlock(&printk_lock);
	local_irq_restore(flags);
	return n;
}

int printk_level(int level, const char *fmt, ...)
{
	__builtin_va_list ap;
	int n;

	__builtin_va_start(ap, fmt);
	n = vprintk_level(level, fmt, ap);
	__builtin_va_end(ap);
	return n;
}
