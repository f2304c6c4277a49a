/*
 * Terminals (Linux: include/linux/tty.h, drivers/tty/n_tty.c).
 *
 * A tty holds what was typed until a program reads it. In canonical
 * ("cooked") mode, the only one Pagoda has, input is edited a line at a
 * time: characters are echoed, backspace and ^U edit the line being
 * typed, and read() sees a line only once Enter (or ^D) finishes it.
 *
 * The input buffer is a ring, indexed by three free-running counters
 * (xv6's r, w, e):
 *     read_tail <= canon_head <= read_head
 *     [read_tail, canon_head)   finished lines, for read()
 *     [canon_head, read_head)   the line being typed, still editable
 * `lock` protects them; the receive side runs in the UART's interrupt.
 */
#ifndef _DRIVERS_TTY_TTY_H
#define _DRIVERS_TTY_TTY_H

#include "types.h"
#include "spinlock.h"

#define N_TTY_BUF_SIZE 4096	/* Linux's size (xv6's INPUT_BUF is 128) */

/* Control characters of the default termios (c_cc), as typed: ^X is X - '@'. */
#define CTRL(c)		((c) - '@')
#define TTY_EOF		CTRL('D')
#define TTY_KILL	CTRL('U')
#define TTY_ERASE	0x7f		/* DEL; backspace (^H) erases too */
#define TTY_STATUS	CTRL('P')	/* xv6's procdump; Linux: sysrq-t */

struct tty_struct {
	spinlock_t lock;
	char buf[N_TTY_BUF_SIZE];
	unsigned int read_tail;		/* next character read() takes */
	unsigned int canon_head;	/* end of the last finished line */
	unsigned int read_head;		/* where the next typed character goes */
	void (*echo)(struct tty_struct *tty, char c);	/* the terminal's output */
	/*
	 * Flow control (Linux: tty_throttle/tty_unthrottle): when the buffer
	 * is full the driver stops taking characters, leaving them in the
	 * device, and read() calls unthrottle once there is room again.
	 */
	bool throttled;
	void (*unthrottle)(struct tty_struct *tty);
	void *driver_data;
};

/* Room for this many more typed characters. */
unsigned int n_tty_room(struct tty_struct *tty);

void n_tty_init(struct tty_struct *tty, void (*echo)(struct tty_struct *, char));
/* One typed character (from the driver's interrupt handler). */
void n_tty_receive_char(struct tty_struct *tty, u8 c);
/*
 * Up to n bytes of the next finished line, without waiting: the count,
 * 0 at end of file (^D at the start of a line), -EAGAIN if no line is
 * finished.
 */
ssize_t n_tty_read_line(struct tty_struct *tty, char *buf, size_t n);
/* The same, sleeping until a line is finished; -EINTR if killed. */
ssize_t n_tty_read(struct tty_struct *tty, char *buf, size_t n);

/* The console (console.c): the UART's input goes here. */
extern struct tty_struct console_tty;

#endif
