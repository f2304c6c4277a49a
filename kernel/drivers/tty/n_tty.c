/*
 * The line discipline: canonical-mode input editing (Linux:
 * drivers/tty/n_tty.c; xv6: consoleintr and consoleread in console.c).
 * Linux's also does raw mode, signals (^C), flow control (^S/^Q), tab
 * and column tracking, and the rest of termios; Pagoda's is cooked only.
 */
#include "drivers/tty/tty.h"
#include "sched.h"
#include "errno.h"

void n_tty_init(struct tty_struct *tty, void (*echo)(struct tty_struct *, char))
{
	spin_lock_init(&tty->lock, "tty");
	tty->read_tail = tty->canon_head = tty->read_head = 0;
	tty->throttled = false;
	tty->echo = echo;
}

static bool is_ctrl(u8 c)
{
	return c < ' ' && c != '\n' && c != '\t';
}

/* Control characters echo as ^X (Linux: ECHOCTL), two columns wide. */
static void echo_char(struct tty_struct *tty, u8 c)
{
	if (!tty->echo)
		return;
	if (is_ctrl(c)) {
		tty->echo(tty, '^');
		tty->echo(tty, c + '@');
	} else {
		tty->echo(tty, c);
	}
}

/* Takes back the last character of the line being typed, on screen too. */
static void erase_char(struct tty_struct *tty)
{
	u8 c;

	if (tty->read_head == tty->canon_head)
		return;		/* finished lines cannot be edited */
	c = tty->buf[--tty->read_head % N_TTY_BUF_SIZE];
	if (!tty->echo)
		return;
	for (int cols = is_ctrl(c) ? 2 : 1; cols > 0; cols--) {
		tty->echo(tty, '\b');
		tty->echo(tty, ' ');
		tty->echo(tty, '\b');
	}
}

/* The line is finished: read() may have it. */
static void commit_line(struct tty_struct *tty)
{
	tty->canon_head = tty->read_head;
	wakeup(&tty->read_tail);
}

void n_tty_receive_char(struct tty_struct *tty, u8 c)
{
	unsigned long flags;

	if (c == TTY_STATUS) {
		show_state();
		return;
	}
	if (c == '\r')
		c = '\n';	/* ICRNL: Enter sends CR */
	spin_lock_irqsave(&tty->lock, flags);
	if (c == TTY_KILL) {
		while (tty->read_head != tty->canon_head)
			erase_char(tty);
	} else if (c == TTY_ERASE || c == '\b') {
		erase_char(tty);
	} else if (c && tty->read_head - tty->read_tail < N_TTY_BUF_SIZE) {
		tty->buf[tty->read_head++ % N_TTY_BUF_SIZE] = c;
		if (c != TTY_EOF)
			echo_char(tty, c);
		/* A full buffer ends the line too, or read() could never drain it. */
		if (c == '\n' || c == TTY_EOF || tty->read_head - tty->read_tail == N_TTY_BUF_SIZE)
			commit_line(tty);
	}
	spin_unlock_irqrestore(&tty->lock, flags);
}

unsigned int n_tty_room(struct tty_struct *tty)
{
	return N_TTY_BUF_SIZE - (READ_ONCE(tty->read_head) - READ_ONCE(tty->read_tail));
}

/* Copies out of [read_tail, canon_head), with the lock held; see tty.h. */
static ssize_t copy_line(struct tty_struct *tty, char *buf, size_t n)
{
	size_t copied = 0;

	while (copied < n && tty->read_tail != tty->canon_head) {
		char c = tty->buf[tty->read_tail % N_TTY_BUF_SIZE];

		if (c == TTY_EOF) {
			/* Alone, it is end of file; after text, it ends this read and waits. */
			if (copied == 0)
				tty->read_tail++;
			break;
		}
		buf[copied++] = c;
		tty->read_tail++;
		if (c == '\n')
			break;
	}
	return copied;
}

/* Drop the lock; if the driver had stopped taking input, there is room now. */
static void unlock_and_unthrottle(struct tty_struct *tty, unsigned long flags)
{
	bool was = tty->throttled;

	tty->throttled = false;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (was && tty->unthrottle)
		tty->unthrottle(tty);
}

ssize_t n_tty_read_line(struct tty_struct *tty, char *buf, size_t n)
{
	unsigned long flags;
	ssize_t ret = -EAGAIN;

	spin_lock_irqsave(&tty->lock, flags);
	if (tty->read_tail != tty->canon_head)
		ret = copy_line(tty, buf, n);
	unlock_and_unthrottle(tty, flags);
	return ret;
}

ssize_t n_tty_read(struct tty_struct *tty, char *buf, size_t n)
{
	unsigned long flags;
	ssize_t ret;

	spin_lock_irqsave(&tty->lock, flags);
	while (tty->read_tail == tty->canon_head) {
		if (fatal_signal_pending(current)) {
			spin_unlock_irqrestore(&tty->lock, flags);
			return -EINTR;
		}
		sleep(&tty->read_tail, &tty->lock);
	}
	ret = copy_line(tty, buf, n);
	unlock_and_unthrottle(tty, flags);
	return ret;
}
