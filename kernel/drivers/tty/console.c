/*
 * The console device, /dev/console (major CONSOLE_MAJOR): the UART as a
 * terminal (Linux: drivers/tty/tty_io.c tty_read/tty_write with the
 * console's tty; xv6: console.c consoleread/consolewrite).
 *
 * Input comes from the UART's interrupt into console_tty's line
 * discipline (n_tty.c); read() takes a finished line. Output goes to the
 * UART the way printk's does, so the two can interleave only between
 * characters; printk needs nothing from here and works in any context.
 */
#include "drivers/tty/tty.h"
#include "fs/vfs.h"
#include "init.h"
#include "printk.h"
#include "uaccess.h"
#include "errno.h"

static void console_echo(struct tty_struct *tty, char c)
{
	console_putc(c);
}

/* Ready before any initcall: the UART may deliver input as soon as it is set up. */
struct tty_struct console_tty = {
	.lock = __SPIN_LOCK_UNLOCKED(console_tty.lock),
	.echo = console_echo,
};
/* One writer at a time, so that two programs' chunks do not mix. */
static DEFINE_SPINLOCK(console_write_lock);

static ssize_t console_read(struct file *file, char __user *ubuf, size_t count, loff_t *pos)
{
	char buf[N_TTY_BUF_SIZE];
	ssize_t n;

	if (!count)
		return 0;
	n = n_tty_read(&console_tty, buf, min(count, sizeof(buf)));
	if (n > 0 && copy_to_user(ubuf, buf, n))
		return -EFAULT;
	return n;
}

#define WRITE_CHUNK 128

static ssize_t console_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *pos)
{
	char buf[WRITE_CHUNK];
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(buf));

		if (copy_from_user(buf, ubuf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		spin_lock(&console_write_lock);
		for (size_t i = 0; i < n; i++)
			console_putc(buf[i]);	/* \n becomes \r\n */
		spin_unlock(&console_write_lock);
		done += n;
	}
	return done;
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
};

static int console_init(void)
{
	int err = register_chrdev(CONSOLE_MAJOR, "console", &console_fops);

	return err < 0 ? err : 0;
}
device_initcall(console_init);
